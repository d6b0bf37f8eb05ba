"""Counts against the record: official figures nearest their date, the database's own
figure, and the other numbers of the same text. Claims are built by hand here (what the
extractor reads is tested on published sentences elsewhere)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import Engine

from nsdocket.claims.model import Kind, NumericClaim
from nsdocket.claims.qualifiers import Qualifier
from nsdocket.claims.record import (
    OfficialFigure,
    check_against_record,
    official_figures,
    scope_laws,
)
from nsdocket.claims.record_model import RecordVerdict


def count(text: str, value: int, stage: str | None, *, law: str | None = None,
          unit: str | None = "people", period: str | None = None,
          qualifier: Qualifier = Qualifier.NONE) -> NumericClaim:  # fmt: skip
    return NumericClaim(
        text, 0, len(text), Kind.COUNT, value, qualifier, unit=unit, stage=stage, law=law,
        period=period,
    )  # fmt: skip


ALL = frozenset({"all"})
AEN = "acts endangering national security (all laws)"
FIGURES = [
    OfficialFigure("Security Bureau", "official", dt.date(2024, 3, 8), AEN, ALL,
                   {"arrested": 291, "charged": 170, "convicted": 112}, None),
    OfficialFigure("Chief Executive", "official", dt.date(2025, 6, 17), "all laws", ALL,
                   {"arrested": 332}, None),
    OfficialFigure("HK government", "official", dt.date(2025, 6, 30), "all national-security laws",
                   ALL, {"arrested": 332, "convicted": 189}, None),
    OfficialFigure("Security Bureau", "official", dt.date(2022, 3, 31), AEN, ALL,
                   {"arrested": 175, "charged": 112, "convicted": 8, "remanded": 78,
                    "on_bail": 59}, None),
]  # fmt: skip
FIGURES.sort(key=lambda f: f.as_of)


def _official(claim: NumericClaim, published: dt.date | None) -> object:
    checks = check_against_record([claim], figures=FIGURES, published=published)
    return next(c for c in checks if c.against == "official")


def test_a_count_matches_the_official_figure_of_its_date() -> None:
    check = _official(count("332", 332, "arrested"), dt.date(2025, 6, 30))
    assert check.verdict is RecordVerdict.MATCHES  # type: ignore[attr-defined]
    assert "HK government's 332 arrested as of 2025-06-30" in check.reason  # type: ignore[attr-defined]


def test_an_older_figure_given_as_current_differs_and_says_the_latest() -> None:
    check = _official(count("291", 291, "arrested"), dt.date(2025, 6, 30))
    assert check.verdict is RecordVerdict.DIFFERS  # type: ignore[attr-defined]
    reason = check.reason  # type: ignore[attr-defined]
    assert "matches Security Bureau's 291 arrested as of 2024-03-08" in reason
    assert "the latest all national-security laws figure before 2025-06-30 is" in reason


def test_a_number_no_figure_has_differs_from_the_latest_one() -> None:
    check = _official(count("300", 300, "arrested"), dt.date(2025, 1, 1))
    assert check.verdict is RecordVerdict.DIFFERS  # type: ignore[attr-defined]
    assert "the latest official figure before 2025-01-01 is Security Bureau's 291" in check.reason  # type: ignore[attr-defined]


def test_a_dated_number_against_a_figure_of_that_very_day_contradicts() -> None:
    claim = count("180", 180, "arrested", period="as of 31 March 2022")
    check = _official(claim, dt.date(2022, 4, 28))
    assert check.verdict is RecordVerdict.CONTRADICTS  # type: ignore[attr-defined]
    assert "175 arrested as of 2022-03-31" in check.reason  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("value", "qualifier", "verdict"),
    [
        (300, Qualifier.MORE_THAN, RecordVerdict.MATCHES),
        (340, Qualifier.ALMOST, RecordVerdict.MATCHES),
        (330, Qualifier.ABOUT, RecordVerdict.MATCHES),
        (400, Qualifier.MORE_THAN, RecordVerdict.DIFFERS),
    ],
)
def test_bounds_and_approximations(
    value: int, qualifier: Qualifier, verdict: RecordVerdict
) -> None:
    check = _official(
        count(str(value), value, "arrested", qualifier=qualifier), dt.date(2025, 6, 30)
    )
    assert check.verdict is verdict  # type: ignore[attr-defined]


def test_stages_the_official_figures_do_not_give_apart_are_not_checkable() -> None:
    companies = count("5", 5, "prosecuted", unit="companies")
    (check,) = check_against_record([companies], figures=FIGURES, published=dt.date(2022, 4, 1))
    assert check.verdict is RecordVerdict.NOT_CHECKABLE
    assert "companies" in check.reason
    protesters = count("hundreds", 100, None, unit="people")
    (check,) = check_against_record([protesters], figures=FIGURES)
    assert check.verdict is RecordVerdict.NOT_CHECKABLE and "step of a prosecution" in check.reason


def test_later_stages_cannot_exceed_earlier_ones_in_one_text() -> None:
    arrested = count("332", 332, "arrested")
    convicted = count("189", 189, "convicted")
    too_many = count("400", 400, "convicted")
    checks = check_against_record([arrested, convicted, too_many])
    order = [c for c in checks if c.against == "order"]
    verdicts = {(c.claim.text, c.other[0].text): c.verdict for c in order}
    assert verdicts[("189", "332")] is RecordVerdict.CONSISTENT
    assert verdicts[("400", "332")] is RecordVerdict.CONTRADICTS
    # a different law or period is not the same people
    nsl = dataclasses.replace(too_many, law="NSL")
    assert not [c for c in check_against_record([arrested, nsl]) if c.against == "order"]


def test_parts_must_sum_to_the_stated_total() -> None:
    people = count("112", 112, "prosecuted")
    companies = count("5", 5, "prosecuted", unit="companies")
    right = count("117", 117, "prosecuted", unit="defendants")
    wrong = count("120", 120, "prosecuted", unit="defendants")
    ok = [c for c in check_against_record([people, companies, right]) if c.against == "sum"]
    bad = [c for c in check_against_record([people, companies, wrong]) if c.against == "sum"]
    assert [c.verdict for c in ok] == [RecordVerdict.CONSISTENT]
    assert [c.verdict for c in bad] == [RecordVerdict.CONTRADICTS]
    assert "112 people + 5 companies = 117" in bad[0].reason


def test_every_number_gets_a_line() -> None:
    claims = [count("47", 47, None, unit="people"), count("3", 3, "sentenced", unit="other")]
    checks = check_against_record(claims, figures=FIGURES)
    assert {id(c.claim) for c in checks} == {id(c) for c in claims}
    assert all(c.reason for c in checks)


def test_scope_words_of_official_figures() -> None:
    assert scope_laws("NSL (arrests by the NSD)") == {"NSL"}
    assert scope_laws("NSL+sedition (+NSD arrests)") == {"NSL", "sedition"}
    assert scope_laws("acts endangering national security (all laws)") == {"all"}
    assert scope_laws("維護國家安全條例") == {"SNSO"}


def test_against_the_bundled_record(loaded: Engine) -> None:
    figures = official_figures(loaded)
    assert len(figures) >= 40
    convicted = count("189", 189, "convicted", law="national security laws")
    checks = check_against_record([convicted], engine=loaded, published=dt.date(2025, 6, 30))
    official = next(c for c in checks if c.against == "official")
    database = next(c for c in checks if c.against == "database")
    assert official.verdict is RecordVerdict.MATCHES and "189 convicted" in official.reason
    assert database.verdict is RecordVerdict.CONSISTENT and database.rows
    assert "a compiled set" in database.reason
    # Fewer than the database holds of named, sourced people contradicts the record.
    few = count("20", 20, "convicted", law="NSL", period="as of 30 June 2025")
    checks = check_against_record([few], engine=loaded, published=dt.date(2025, 7, 1))
    database = next(c for c in checks if c.against == "database")
    assert database.verdict is RecordVerdict.CONTRADICTS
    assert "more than the 20 the text says" in database.reason
