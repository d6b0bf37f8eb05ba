"""Acceptance: the 2025 article that attached Amnesty's 84.6% to the government's 189."""

from __future__ import annotations

from pathlib import Path

import pytest

from nsdocket.claims import Kind, NumericClaim, Verdict, check_text, extract_claims

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
ARTICLE = FIXTURES / "article_amnesty_2025_nsl.txt"

pytestmark = pytest.mark.skipif(not ARTICLE.exists(), reason=f"fixture absent: {ARTICLE}")


@pytest.fixture(scope="module")
def text() -> str:
    return ARTICLE.read_text(encoding="utf-8")


def one(claims: list[NumericClaim], text: str) -> NumericClaim:
    matches = [c for c in claims if c.text == text]
    assert len(matches) == 1, [c.text for c in claims]
    return matches[0]


def test_extracts_the_four_figures(text: str) -> None:
    claims = extract_claims(text)
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
    precise = one(claims, "84.6%")
    assert (precise.kind, str(precise.value)) == (Kind.PERCENT, "84.6")
    headline = one(claims, "Over 80%")
    assert (headline.kind, headline.value, headline.qualifier.value) == (
        Kind.PERCENT,
        80,
        "more than",
    )
    arrests = one(claims, "332")
    assert (arrests.kind, arrests.noun) == (Kind.COUNT, "arrests")
    convictions = one(claims, "189")
    assert (convictions.kind, convictions.noun) == (Kind.COUNT, "convictions")
    # The years (2020, 1997, 2025) and the date are not figures.
    assert not [c for c in claims if c.text in {"2020", "1997", "2025", "30"}]


def test_links_84_6_to_the_189_convictions_as_the_article_does(text: str) -> None:
    precise = one(extract_claims(text), "84.6%")
    assert precise.attached is not None
    assert (precise.attached.text, precise.attached.denominator) == ("189", 189)
    assert {c.denominator for c in precise.candidates} == {189, 332}


def test_the_pairing_is_inconsistent_and_the_headline_agrees(text: str) -> None:
    checks = check_text(text)
    share = [t for t in checks if t.kind == "share" and t.claim.text == "84.6%"]
    assert len(share) == 1
    assert share[0].check.verdict is Verdict.INCONSISTENT
    assert share[0].check.reason == (
        "84.6% cannot be a share of 189: the nearest possible values are "
        "84.1% (159/189) and 84.7% (160/189)."
    )
    headline = [
        t
        for t in checks
        if t.kind == "restatement"
        and t.claim.text == "Over 80%"
        and t.compared_with is not None
        and t.compared_with.text == "84.6%"
    ]
    assert len(headline) == 1
    assert headline[0].check.verdict is Verdict.CONSISTENT
    assert headline[0].check.reason == (
        "More than 80% agrees with 84.6%: both can describe the same share."
    )
    for check in checks:
        check.to_json()
