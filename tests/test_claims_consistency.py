"""Arithmetic of percents: GRIM feasibility, rounding, qualifiers, against integer sums."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nsdocket.claims import (
    Qualifier,
    feasible_numerators,
    nearest_values,
    parse_qualifier,
    percent_range,
    rounds_to,
    smallest_denominators,
)


def units(percent: str) -> tuple[int, int]:
    """'84.6' -> (846, 1): the percent in units of its last written decimal."""
    whole, _, frac = percent.partition(".")
    return int(whole + frac), len(frac)


def fits_by_integers(n: int, d: int, percent: str) -> bool:
    """|100 n / d - U / 10^k| <= 1 / (2 10^k), i.e. (2U - 1) d <= 200 10^k n <= (2U + 1) d."""
    u, k = units(percent)
    scale: int = 10**k
    return (2 * u - 1) * d <= 200 * scale * n <= (2 * u + 1) * d


def half_up(n: int, d: int, k: int) -> Decimal:
    """100 n / d rounded half up to k decimals, by integer arithmetic."""
    u = (2 * 100 * 10**k * n + d) // (2 * d)
    return Decimal(u).scaleb(-k)


GRIM_CASES = [
    ("84.6", 189),  # the press mismatch: no whole number of the 189 gives 84.6%
    ("84.6", 78),  # Amnesty's 66/78
    ("85", 127),  # Amnesty's 108/127
    ("84.6", 13),
    ("50", 3),
    ("33.3", 3),
    ("33.33", 3),
    ("66.7", 3),
    ("12.5", 8),
    ("12.5", 7),
    ("0", 11),
    ("100", 11),
    ("99.9", 1000),
    ("0.1", 999),
    ("42", 1),
    ("57.1", 7),
]


@pytest.mark.parametrize(("percent", "denominator"), GRIM_CASES)
def test_feasible_numerators_match_integer_arithmetic(percent: str, denominator: int) -> None:
    expected = [n for n in range(denominator + 1) if fits_by_integers(n, denominator, percent)]
    assert feasible_numerators(Decimal(percent), denominator) == expected
    for n in range(denominator + 1):
        assert rounds_to(n, denominator, Decimal(percent)) == (n in expected)


@pytest.mark.parametrize(
    ("percent", "denominator", "qualifier", "zero_fits"),
    [
        ("0.0016", 117, "about", False),  # a positive share says some
        ("2", 117, "almost", False),
        ("1", 117, None, False),
        ("5", 20, "fewer than", True),  # fewer than 5% may be none
        ("5", 20, "at most", True),
        ("0", 20, None, True),
    ],
)
def test_a_positive_share_never_fits_zero_people(
    percent: str, denominator: int, qualifier: str | None, zero_fits: bool
) -> None:
    fits = feasible_numerators(Decimal(percent), denominator, qualifier=qualifier)
    assert (0 in fits) == zero_fits


def test_the_seed_analysis_figures() -> None:
    assert feasible_numerators(Decimal("84.6"), 189) == []
    assert feasible_numerators(Decimal("84.6"), 78) == [66]
    assert 108 in feasible_numerators(Decimal("85"), 127)
    near = nearest_values(Decimal("84.6"), 189)
    assert near.below is not None and near.above is not None
    assert (near.below.numerator, str(near.below.percent)) == (159, "84.1")
    assert (near.above.numerator, str(near.above.percent)) == (160, "84.7")
    assert str(near.below) == "84.1% (159/189)"


@pytest.mark.parametrize(
    ("percent", "denominator"), [("84.6", 189), ("84.6", 78), ("33.3", 7), ("1.5", 10)]
)
def test_nearest_values_are_the_adjacent_misses(percent: str, denominator: int) -> None:
    fits = [n for n in range(denominator + 1) if fits_by_integers(n, denominator, percent)]
    u, k = units(percent)
    below = [n for n in range(denominator + 1) if 200 * 10**k * n < (2 * u - 1) * denominator]
    above = [n for n in range(denominator + 1) if 200 * 10**k * n > (2 * u + 1) * denominator]
    near = nearest_values(Decimal(percent), denominator)
    assert (near.below.numerator if near.below else None) == (max(below) if below else None)
    assert (near.above.numerator if near.above else None) == (min(above) if above else None)
    assert not set(fits) & {max(below, default=-1), min(above, default=-1)}


def test_precision_is_the_decimals_written() -> None:
    # 108/127 = 85.039%: it is 85 and 85.0, but not 85.00 (two decimals written).
    assert rounds_to(108, 127, Decimal("85"))
    assert rounds_to(108, 127, Decimal("85.0"))
    assert not rounds_to(108, 127, Decimal("85.00"))
    assert rounds_to(108, 127, Decimal("85.00"), decimals=0)


def test_rounding_conventions() -> None:
    # 1/8 = 12.5% exactly: a tie at whole percents, 12 or 13 by convention.
    assert rounds_to(1, 8, Decimal("13")) and rounds_to(1, 8, Decimal("12"))
    assert rounds_to(1, 8, Decimal("13"), rounding="half_up")
    assert not rounds_to(1, 8, Decimal("12"), rounding="half_up")
    # Truncation is not accepted unless asked for: 160/189 = 84.656% truncates to 84.6.
    assert not rounds_to(160, 189, Decimal("84.6"))
    assert rounds_to(160, 189, Decimal("84.6"), rounding="truncate")
    assert not rounds_to(160, 189, Decimal("84.7"), rounding="truncate")


# (numerator, denominator, percent, qualifier, expected); value = 100 n / d.
QUALIFIER_CASES = [
    (161, 189, "80", "over", True),  # 85.2% > 80%
    (151, 189, "80", "over", False),  # 79.9%
    (4, 5, "80", "over", False),  # exactly 80% is not over 80%
    (4, 5, "80", "more than", False),
    (81, 100, "80", "more than", True),
    (4, 5, "80", "at least", True),
    (799, 1000, "80", "at least", True),  # 79.9% rounds to 80
    (794, 1000, "80", "at least", False),  # 79.4% does not
    (89, 100, "90", "almost", True),
    (85, 100, "90", "almost", True),  # the edge of the 5-point tolerance
    (84, 100, "90", "nearly", False),
    (9, 10, "90", "almost", False),  # 90% is not almost 90%
    (91, 100, "90", "nearly", False),
    (87, 100, "85", "about", True),
    (175, 200, "85", "around", True),  # 87.5: the edge of 2.5 points
    (88, 100, "85", "about", False),
    (82, 100, "85", "about", False),
    (19, 100, "20", "fewer than", True),
    (1, 5, "20", "less than", False),
    (1, 5, "20", "under", False),
    (1, 5, "20", "up to", True),
    (201, 1000, "20", "up to", True),  # 20.1% rounds to 20
    (21, 100, "20", "up to", False),
    (66, 78, "84.6", None, True),
]


@pytest.mark.parametrize(("n", "d", "percent", "qualifier", "expected"), QUALIFIER_CASES)
def test_qualifiers(n: int, d: int, percent: str, qualifier: str | None, expected: bool) -> None:
    assert rounds_to(n, d, Decimal(percent), qualifier) is expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Over", Qualifier.OVER),
        ("more  than", Qualifier.MORE_THAN),
        ("above", Qualifier.OVER),
        ("approximately", Qualifier.ABOUT),
        ("逾", Qualifier.OVER),
        ("超過", Qualifier.MORE_THAN),
        ("至少", Qualifier.AT_LEAST),
        ("近", Qualifier.NEARLY),
        ("以上", Qualifier.AT_LEAST),
        ("", Qualifier.NONE),
        (None, Qualifier.NONE),
    ],
)
def test_parse_qualifier(written: str | None, expected: Qualifier) -> None:
    assert parse_qualifier(written) is expected


def test_unknown_qualifier_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown qualifier"):
        parse_qualifier("give or take")


def test_percent_range_in_words() -> None:
    assert percent_range(Decimal("90"), "almost").describe() == "[85%, 90%)"
    assert percent_range(Decimal("80"), "over").describe() == "> 80%"
    assert percent_range(Decimal("84.6")).describe() == "[84.55%, 84.65%]"


def test_smallest_denominators() -> None:
    expected = [
        d for d in range(1, 200) if any(fits_by_integers(n, d, "84.6") for n in range(d + 1))
    ][:5]
    assert smallest_denominators(Decimal("84.6")) == expected == [13, 26, 39, 52, 65]
    assert smallest_denominators(Decimal("50"), limit=3) == [2, 4, 6]


def test_bad_shares_are_errors() -> None:
    with pytest.raises(ValueError, match="denominator"):
        rounds_to(1, 0, Decimal("50"))
    with pytest.raises(ValueError, match="numerator"):
        rounds_to(-1, 5, Decimal("50"))


shares = st.integers(min_value=1, max_value=5000).flatmap(
    lambda d: st.tuples(st.integers(min_value=0, max_value=d), st.just(d))
)


@given(shares, st.integers(min_value=0, max_value=3))
def test_any_share_rounded_half_up_is_consistent(share: tuple[int, int], decimals: int) -> None:
    n, d = share
    percent = half_up(n, d, decimals)
    assert rounds_to(n, d, percent)
    assert n in feasible_numerators(percent, d)


@given(shares)
def test_nearest_values_lie_outside(share: tuple[int, int]) -> None:
    n, d = share
    percent = half_up(n, d, 1)
    near = nearest_values(percent, d)
    fits = feasible_numerators(percent, d)
    if near.below is not None:
        assert near.below.numerator == fits[0] - 1
    if near.above is not None:
        assert near.above.numerator == fits[-1] + 1
