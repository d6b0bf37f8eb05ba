"""Checking structured claims: verdicts, reasons, candidates, figure comparison, JSON."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest

from nsdocket.claims import (
    Claim,
    FigureRef,
    Verdict,
    check_claim,
    check_restatement,
)

PRESS = Claim(
    "84.6% of the 189 people convicted involved legitimate expression",
    denominator=189,
    percent="84.6",
    scope="all national-security laws (government convictions)",
    date=datetime.date(2025, 6, 30),
)


def test_press_pairing_is_inconsistent_with_a_readable_reason() -> None:
    result = check_claim(PRESS)
    assert result.verdict is Verdict.INCONSISTENT
    assert result.reason == (
        "84.6% cannot be a share of 189: the nearest possible values are "
        "84.1% (159/189) and 84.7% (160/189)."
    )
    assert result.feasible_numerators == ()
    assert result.arithmetic.implied_numerator == Decimal("159.894")
    assert result.notes == (
        "It would fit if 160/189 = 84.656% had been truncated instead of rounded.",
    )


def test_amnesty_ratio_is_consistent() -> None:
    result = check_claim(
        Claim("at least 66 of 78 (84.6%)", numerator=66, denominator=78, percent="84.6%")
    )
    assert result.verdict is Verdict.CONSISTENT
    assert result.reason == "66/78 is 84.615%, which rounds to 84.6%."
    assert result.feasible_numerators == (66,)
    assert result.arithmetic.share == Decimal("84.615")


def test_wrong_numerator_is_inconsistent() -> None:
    result = check_claim(Claim("66 of 79 (84.6%)", numerator=66, denominator=79, percent="84.6"))
    assert result.verdict is Verdict.INCONSISTENT
    assert result.reason == "66/79 is 83.544%, which does not round to 84.6%."


def test_qualified_share_of_a_denominator() -> None:
    result = check_claim(Claim("over 80% of 189", denominator=189, percent="80", qualifier="over"))
    assert result.verdict is Verdict.CONSISTENT
    assert result.reason == "Over 80% of 189 is possible: any of 152 to 189 out of 189 fits."
    assert result.feasible_numerators[0] == 152  # 151/189 = 79.9%
    assert result.feasible_numerators[-1] == 189


def test_numerator_larger_than_the_whole() -> None:
    result = check_claim(Claim("80 of 78", numerator=80, denominator=78))
    assert result.verdict is Verdict.INCONSISTENT
    assert "larger" in result.reason


def test_ratio_without_percent_is_not_checkable_but_does_the_sum() -> None:
    result = check_claim(Claim("66 of 78", numerator=66, denominator=78))
    assert result.verdict is Verdict.NOT_CHECKABLE
    assert result.reason == "66 of 78 is 84.6%; there is no stated percent to test it against."


def test_percent_without_denominator_uses_candidates() -> None:
    result = check_claim(
        Claim("84.6% involved legitimate expression", percent="84.6"),
        candidate_denominators=[189, 78, 332, 189],
    )
    assert result.verdict is Verdict.NOT_CHECKABLE
    # 66/78 and 281/332 round to 84.6%; nothing of 189 does.
    assert result.fitting_denominators == (78, 332)
    assert result.reason == (
        "84.6% has no stated denominator; of the numbers given, it fits 78 (66/78) and 332 "
        "but not 189."
    )
    assert result.smallest_denominators == (13, 26, 39, 52, 65)


def test_percent_alone_reports_the_smallest_groups() -> None:
    result = check_claim(Claim("84.6%", percent="84.6"))
    assert result.reason == (
        "84.6% has no stated denominator; the smallest groups it can describe are "
        "13, 26, 39, 52 and 65."
    )


def test_part_and_percent_imply_a_total() -> None:
    result = check_claim(Claim("at least 66 (84.6%)", numerator=66, percent="84.6"))
    assert result.verdict is Verdict.NOT_CHECKABLE
    assert result.fitting_denominators == (78,)
    impossible = check_claim(Claim("1 person (84.6%)", numerator=1, percent="84.6"))
    assert impossible.verdict is Verdict.INCONSISTENT


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        (Claim("nothing"), Verdict.NOT_CHECKABLE),
        (Claim("n/a", percent="eighty"), Verdict.NOT_CHECKABLE),
        (Claim("150% of 10", percent="150", denominator=10), Verdict.INCONSISTENT),
        (Claim("150%", percent="150"), Verdict.NOT_CHECKABLE),
        (Claim("0 of 0", numerator=0, denominator=0), Verdict.NOT_CHECKABLE),
        (
            Claim("almost 90% of 10", percent="90", denominator=10, qualifier="almost"),
            Verdict.INCONSISTENT,
        ),
        (
            Claim("almost 90% of 20", percent="90", denominator=20, qualifier="almost"),
            Verdict.CONSISTENT,
        ),
    ],
)
def test_edge_verdicts(claim: Claim, verdict: Verdict) -> None:
    assert check_claim(claim).verdict is verdict


def test_figure_lookup_reports_distance_and_interval() -> None:
    seen: list[Claim] = []

    def lookup(claim: Claim) -> FigureRef | None:
        seen.append(claim)
        return FigureRef(
            "coded NSL cases, legitimate expression",
            Decimal("72.3"),
            numerator=47,
            denominator=65,
            low=Decimal("60.4"),
            high=Decimal("81.7"),
        )

    result = check_claim(PRESS, figure_lookup=lookup)
    assert seen == [PRESS]
    assert result.verdict is Verdict.INCONSISTENT  # the figure does not change the verdict
    figure = result.figure
    assert figure is not None
    assert figure.difference == Decimal("12.3")
    assert figure.within_interval is False
    assert figure.same_denominator is False
    assert figure.claim_allows_figure is False
    assert figure.summary == (
        "84.6% is 12.3 points above coded NSL cases, legitimate expression, 72.3% "
        "(interval 60.4% to 81.7%), outside its interval."
    )


def test_figure_lookup_finding_nothing() -> None:
    assert check_claim(PRESS, figure_lookup=lambda claim: None).figure is None


def test_everything_is_json() -> None:
    def lookup(claim: Claim) -> FigureRef:
        return FigureRef("x", Decimal("84.6"), low=Decimal("80"), high=Decimal("90"))

    for claim in [
        PRESS,
        Claim("66 of 78", numerator=66, denominator=78),
        Claim("84.6%", percent="84.6"),
    ]:
        data = check_claim(claim, candidate_denominators=[78], figure_lookup=lookup).to_json()
        assert json.loads(json.dumps(data)) == data
    data = check_claim(PRESS).to_json()
    assert data["verdict"] == "inconsistent"
    assert data["claim"]["date"] == "2025-06-30"
    assert data["nearest_below"] == {"numerator": 159, "denominator": 189, "percent": "84.1"}


@pytest.mark.parametrize(
    ("first", "second", "verdict"),
    [
        (("80", "over"), ("84.6", None), Verdict.CONSISTENT),
        (("90", "over"), ("84.6", None), Verdict.INCONSISTENT),
        (("90", "almost"), ("89.4", None), Verdict.CONSISTENT),
        (("85", None), ("84.6", None), Verdict.CONSISTENT),
        (("84", None), ("84.6", None), Verdict.INCONSISTENT),
        (("50", "more than"), ("84.6", None), Verdict.CONSISTENT),
    ],
)
def test_restatements(
    first: tuple[str, str | None], second: tuple[str, str | None], verdict: Verdict
) -> None:
    a = Claim("a", percent=first[0], qualifier=first[1])
    b = Claim("b", percent=second[0], qualifier=second[1])
    assert check_restatement(a, b).verdict is verdict


def test_restatement_reason() -> None:
    result = check_restatement(
        Claim("Over 80%", percent="80", qualifier="over"), Claim("84.6%", percent="84.6")
    )
    assert result.reason == "Over 80% agrees with 84.6%: both can describe the same share."
