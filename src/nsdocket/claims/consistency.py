"""Arithmetic on published percentages: can this percent be a share of that many people?

Everything is exact: percents are :class:`~decimal.Decimal` as written, shares are
:class:`~fractions.Fraction`, and no float is involved.

The rounding convention, the reading of qualifiers and of ranges are decided in
:mod:`nsdocket.claims.ranges`, whose names are importable from here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from nsdocket.claims.qualifiers import Qualifier, Relation, relation_of
from nsdocket.claims.ranges import (
    _HUNDRED,
    JUST_BELOW_TOLERANCE,
    NEAR_TOLERANCE,
    PercentRange,
    Rounding,
    decimals_of,
    percent_range,
    round_half_up,
)

__all__ = [
    "JUST_BELOW_TOLERANCE",
    "NEAR_TOLERANCE",
    "Achievable",
    "NearestValues",
    "PercentRange",
    "Rounding",
    "decimals_of",
    "feasible_numerators",
    "nearest_values",
    "percent_range",
    "round_half_up",
    "rounds_to",
    "smallest_denominators",
]


def _check_share(numerator: int, denominator: int) -> None:
    if denominator <= 0:
        raise ValueError(f"denominator must be positive, got {denominator}")
    if numerator < 0:
        raise ValueError(f"numerator must not be negative, got {numerator}")


def rounds_to(
    numerator: int,
    denominator: int,
    percent: Decimal,
    qualifier: Qualifier | str | None = None,
    *,
    decimals: int | None = None,
    rounding: Rounding = "nearest",
    upper: Decimal | None = None,
) -> bool:
    """Whether ``numerator/denominator`` is consistent with a written percent and qualifier.

    Args:
        numerator: Count of the group with the property, >= 0.
        denominator: Size of the group, > 0.
        percent: The percent as written (its decimals set the precision).
        qualifier: "over", "almost", ...; None for a bare percent.
        decimals: Override the precision read from ``percent``.
        rounding: "nearest" (default), "half_up" or "truncate".
        upper: For a range, its upper end (``percent`` is then the lower end).

    Returns:
        True when the exact share lies in :func:`percent_range`.

    Raises:
        ValueError: The denominator is not positive or the numerator is negative.

    Example:
        >>> rounds_to(66, 78, Decimal("84.6"))
        True
        >>> rounds_to(160, 189, Decimal("84.6"))
        False
    """
    _check_share(numerator, denominator)
    allowed = percent_range(percent, qualifier, decimals=decimals, rounding=rounding, upper=upper)
    return allowed.contains(_HUNDRED * numerator / denominator)


def _numerator_bounds(allowed: PercentRange, denominator: int) -> tuple[int, int]:
    """Smallest and largest whole numerator in the range (first > last when none).

    Integer arithmetic only: with low = a/b percent, the smallest n with 100 n / d >= a/b is
    ceil(a d / 100 b).
    """
    if allowed.low is None:
        first = 0
    else:
        top, bottom = allowed.low.numerator * denominator, allowed.low.denominator * 100
        first = -(-top // bottom) if allowed.low_closed else top // bottom + 1
    if allowed.high is None:
        last = denominator
    else:
        top, bottom = allowed.high.numerator * denominator, allowed.high.denominator * 100
        last = top // bottom if allowed.high_closed else -(-top // bottom) - 1
    return max(first, 0), min(last, denominator)


def feasible_numerators(
    percent: Decimal,
    denominator: int,
    decimals: int | None = None,
    qualifier: Qualifier | str | None = None,
    *,
    rounding: Rounding = "nearest",
    upper: Decimal | None = None,
) -> list[int]:
    """Every whole numerator ``n`` (0 <= n <= denominator) whose share fits the percent.

    This is the GRIM test (Brown and Heathers, 2016) for percentages: a percent of a known
    number of people is only possible if some whole number of them gives it.

    Args:
        percent: The percent as written.
        denominator: The group size, > 0.
        decimals: Override the precision read from ``percent``.
        qualifier: Optional qualifier.
        rounding: "nearest" (default), "half_up" or "truncate".
        upper: For a range, its upper end: the numerators of every value in the range.

    Returns:
        The numerators in increasing order; empty when the percent is impossible.

    Example:
        >>> feasible_numerators(Decimal("84.6"), 78)
        [66]
        >>> feasible_numerators(Decimal("84.6"), 189)
        []
    """
    _check_share(0, denominator)
    allowed = percent_range(percent, qualifier, decimals=decimals, rounding=rounding, upper=upper)
    first, last = _numerator_bounds(allowed, denominator)
    if percent > 0 and relation_of(qualifier) not in (Relation.LESS, Relation.AT_MOST):
        first = max(first, 1)  # "about 0.0016%" says some: none of them is not a fit
    return list(range(first, last + 1))


@dataclass(frozen=True)
class Achievable:
    """A share that whole numbers can give, for showing next to an impossible one.

    Attributes:
        numerator: Whole numerator.
        denominator: Group size.
        percent: ``100 * numerator / denominator`` rounded half up, to the claim's decimals (or
            more, where that is needed to tell it apart from the claim).
    """

    numerator: int
    denominator: int
    percent: Decimal

    def __str__(self) -> str:
        return f"{self.percent}% ({self.numerator}/{self.denominator})"


@dataclass(frozen=True)
class NearestValues:
    """The closest achievable shares just outside what a claim allows.

    Attributes:
        below: Largest achievable share below the allowed range, if any.
        above: Smallest achievable share above the allowed range, if any.
    """

    below: Achievable | None
    above: Achievable | None


def _achievable(numerator: int, denominator: int, percent: Decimal, places: int) -> Achievable:
    exact = _HUNDRED * numerator / denominator
    shown = round_half_up(exact, places)
    for extra in range(1, 4):
        if shown != percent:
            break
        shown = round_half_up(exact, places + extra)
    return Achievable(numerator, denominator, shown)


def nearest_values(
    percent: Decimal,
    denominator: int,
    decimals: int | None = None,
    qualifier: Qualifier | str | None = None,
    *,
    rounding: Rounding = "nearest",
    upper: Decimal | None = None,
) -> NearestValues:
    """The achievable shares of ``denominator`` closest to the percent, below and above it.

    Args:
        percent: The percent as written.
        denominator: The group size, > 0.
        decimals: Override the precision read from ``percent``.
        qualifier: Optional qualifier.
        rounding: "nearest" (default), "half_up" or "truncate".
        upper: For a range, its upper end.

    Returns:
        The nearest values outside the allowed range. For 84.6% of 189: 84.1% (159/189) and
        84.7% (160/189).
    """
    _check_share(0, denominator)
    places = decimals_of(percent) if decimals is None else decimals
    allowed = percent_range(percent, qualifier, decimals=decimals, rounding=rounding, upper=upper)
    first, last = _numerator_bounds(allowed, denominator)
    if first > last:  # impossible: the range falls between two whole numerators
        below_n, above_n = last, first
    else:
        below_n, above_n = first - 1, last + 1
    below = _achievable(below_n, denominator, percent, places) if below_n >= 0 else None
    above = _achievable(above_n, denominator, percent, places) if above_n <= denominator else None
    return NearestValues(below, above)


def smallest_denominators(
    percent: Decimal,
    decimals: int | None = None,
    limit: int = 5,
    *,
    qualifier: Qualifier | str | None = None,
    max_denominator: int = 100_000,
    upper: Decimal | None = None,
) -> list[int]:
    """The smallest group sizes for which a percent is achievable.

    Useful when a percent is published without its denominator: "84.6%" needs a group of 13
    (11/13), 26, 39, ... and cannot come from 10 or 20 people.

    Args:
        percent: The percent as written.
        decimals: Override the precision read from ``percent``.
        limit: How many denominators to return.
        qualifier: Optional qualifier.
        max_denominator: Stop searching here.
        upper: For a range, its upper end.

    Returns:
        Up to ``limit`` denominators in increasing order.
    """
    allowed = percent_range(percent, qualifier, decimals=decimals, upper=upper)
    found: list[int] = []
    for denominator in range(1, max_denominator + 1):
        first, last = _numerator_bounds(allowed, denominator)
        if first <= last:
            found.append(denominator)
            if len(found) >= limit:
                break
    return found
