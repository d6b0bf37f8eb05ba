"""check_text: the numbers of one text checked against each other."""

from __future__ import annotations

import json
from decimal import Decimal

from nsdocket.claims import Claim, FigureRef, Verdict, check_text


def summary(text: str) -> list[tuple[str, str, str]]:
    return [(t.kind, t.claim.text, t.check.verdict.value) for t in check_text(text)]


def test_ratio_is_checked_against_its_percent() -> None:
    assert summary("In 66 of 78 cases (84.6%) there was no violence.") == [
        ("ratio", "66 of 78", "consistent"),
        ("share", "84.6%", "consistent"),
    ]
    assert summary("In 66 of 78 cases (86%) there was no violence.") == [
        ("ratio", "66 of 78", "inconsistent"),
        ("share", "86%", "inconsistent"),
    ]


def test_ratio_on_its_own() -> None:
    (only,) = check_text("Police said 80 of 78 defendants were refused bail.")
    assert (only.kind, only.check.verdict) == ("ratio", Verdict.INCONSISTENT)


def test_chinese_share_of_a_stated_total() -> None:
    (check,) = check_text("在189宗定罪個案中，84.6%涉及言論。")
    assert check.check.verdict is Verdict.INCONSISTENT
    assert check.link is not None and check.link.denominator == 189


def test_share_in_words_is_read_as_about() -> None:
    (check,) = [
        t for t in check_text("Two-thirds of the 47 democrats were convicted.") if t.kind == "share"
    ]
    assert check.check.claim.qualifier == "about"
    assert check.check.verdict is Verdict.CONSISTENT  # 31/47 = 66.0%


def test_restatements_need_a_plain_figure() -> None:
    text = "Over 80% of the 189 convictions, a majority of the 189 convictions, were unjust."
    assert [t for t in check_text(text) if t.kind == "restatement"] == []
    text = "Over 90% of the 189 convictions were unjust; 84.6% of the 189 convictions were."
    (restatement,) = [t for t in check_text(text) if t.kind == "restatement"]
    assert restatement.check.verdict is Verdict.INCONSISTENT


def test_figure_lookup_reaches_every_check_and_json() -> None:
    seen: list[str] = []

    def lookup(claim: Claim) -> FigureRef:
        seen.append(claim.text)
        return FigureRef("coded cases", Decimal("84.6"), 66, 78, Decimal("74.9"), Decimal("91.0"))

    checks = check_text(
        "Amnesty said 84.6% of the 189 convictions were unjust.", figure_lookup=lookup
    )
    assert seen == ["84.6%"]
    figure = checks[0].check.figure
    assert figure is not None and figure.within_interval is True and figure.difference == 0
    data = [t.to_json() for t in checks]
    assert json.loads(json.dumps(data)) == data


def test_levels_and_changes_are_not_shares_of_nearby_counts() -> None:
    text = (
        "In 2023, 45 people were arrested and support for the law fell to 30%. "
        "The watchdog counted 12 unions and recorded a 35% fall."
    )
    checks = check_text(text)
    assert [(t.claim.text, t.link, t.check.verdict.value) for t in checks] == [
        ("30%", None, "not_checkable"),
        ("35%", None, "not_checkable"),
    ]
