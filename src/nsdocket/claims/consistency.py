"""Arithmetic on published percentages: can this percent be a share of that many people?

Everything is exact: percents are :class:`~decimal.Decimal` as written, shares are
:class:`~fractions.Fraction`, and no float is involved.

Precision
    The precision of a percent is the number of decimals written: "84.6" is to 1 decimal
    place, "85" to the whole percent, "85.0" to 1 decimal place again. Pass ``decimals`` to
    override (for a percent read from a table that dropped trailing zeros).

Rounding convention (decided here)
    By default (``rounding="nearest"``) a share fits a written percent when it is within half a
    unit of the last written decimal, *ties included*: 84.55% and 84.65% both fit "84.6". That
    accepts round-half-up, round-half-even and round-half-down alike, since publishers use all
    three and a fact-checker should not call an honest rounding wrong. Truncation is *not*
    accepted by default: it would turn 160/189 = 84.66% into "84.6", hiding exactly the
    mismatch this module exists to catch. ``rounding="half_up"`` (ties upward only) and
    ``rounding="truncate"`` are there to ask "would it fit if they had truncated?".

Qualifiers (decided here; P is the number written, h half its last unit)
    ===================================  =================================================
    none                                 rounds to P (see above)
    at least                             value >= P - h (rounded as written, at least P)
    more than, over                      value > P, strictly
    almost, nearly                       P - 5 points <= value < P (``JUST_BELOW_TOLERANCE``)
    about, around                        |value - P| <= 2.5 points (``NEAR_TOLERANCE``)
    fewer than, less than, under         value < P, strictly
    up to                                value <= P + h (rounded as written, at most P)
    ===================================  =================================================

Ranges (decided here)
    A range "80-90%" (``upper=Decimal(90)``) allows every value that either end allows or
    that lies between them: the hull of the two ends' ranges under the same qualifier. With
    no qualifier that is "at least 80 and at most 90", i.e. [79.5%, 90.5%]; "about 80-90%"
    is [77.5%, 92.5%]. A range is feasible for a group when *some* value in it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from nsdocket.claims.qualifiers import Qualifier, Relation, relation_of

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

Rounding = Literal["nearest", "half_up", "truncate"]

#: "almost 90%" allows values from 85% up to, not including, 90%.
JUST_BELOW_TOLERANCE = Decimal(5)
#: "about 85%" allows values from 82.5% to 87.5%, both included.
NEAR_TOLERANCE = Decimal("2.5")

_HUNDRED = Fraction(100)


def decimals_of(percent: Decimal) -> int:
    """Number of decimals written in a Decimal: 84.6 -> 1, 85 -> 0, 85.00 -> 2."""
    exponent = percent.as_tuple().exponent
    if not isinstance(exponent, int):
        raise ValueError(f"not a finite number: {percent}")
    return max(0, -exponent)


def round_half_up(value: Fraction, decimals: int) -> Decimal:
    """Round an exact value half up (away from zero for positives) to ``decimals`` places.

    Args:
        value: A non-negative exact value.
        decimals: Places to keep, >= 0.

    Returns:
        The rounded value as a Decimal with exactly ``decimals`` places.
    """
    scale = 10**decimals
    units = math.floor(value * scale + Fraction(1, 2))
    return (Decimal(units) / Decimal(scale)).quantize(Decimal(1).scaleb(-decimals))


@dataclass(frozen=True)
class PercentRange:
    """The set of true percentages a written percent with its qualifier allows.

    Attributes:
        low: Lower bound, in percent (None: unbounded below, i.e. from 0).
        high: Upper bound, in percent (None: unbounded above).
        low_closed: Whether ``low`` itself is allowed.
        high_closed: Whether ``high`` itself is allowed.
    """

    low: Fraction | None
    high: Fraction | None
    low_closed: bool = True
    high_closed: bool = True

    def contains(self, value: Fraction) -> bool:
        """Whether an exact percentage lies in the range."""
        if self.low is not None and (
            value < self.low or (value == self.low and not self.low_closed)
        ):
            return False
        return not (
            self.high is not None
            and (value > self.high or (value == self.high and not self.high_closed))
        )

    def overlaps(self, other: PercentRange) -> bool:
        """Whether some percentage lies in both ranges (both read as subsets of [0, 100])."""
        low, low_closed = _tighter_low(self, other)
        high, high_closed = _tighter_high(self, other)
        low = max(low, Fraction(0))
        high = min(high, _HUNDRED)
        return low < high or (low == high and low_closed and high_closed)

    def hull(self, other: PercentRange) -> PercentRange:
        """The smallest range holding both ranges (and everything between them)."""
        if self.low is None or other.low is None:
            low, low_closed = None, True
        elif self.low == other.low:
            low, low_closed = self.low, self.low_closed or other.low_closed
        else:
            low, low_closed = min((self.low, self.low_closed), (other.low, other.low_closed))
        if self.high is None or other.high is None:
            high, high_closed = None, True
        elif self.high == other.high:
            high, high_closed = self.high, self.high_closed or other.high_closed
        else:
            high, high_closed = max((self.high, self.high_closed), (other.high, other.high_closed))
        return PercentRange(low, high, low_closed, high_closed)

    def describe(self) -> str:
        """The range in words, e.g. "[84.55%, 84.65%]" or "> 80%"."""
        if self.low is None and self.high is None:
            return "any value"
        if self.low is None:
            return f"{'<=' if self.high_closed else '<'} {_show(self.high)}%"
        if self.high is None:
            return f"{'>=' if self.low_closed else '>'} {_show(self.low)}%"
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{left}{_show(self.low)}%, {_show(self.high)}%{right}"


def _show(value: Fraction | None) -> str:
    if value is None:  # pragma: no cover - callers check
        return "?"
    return format(round_half_up(value, 4).normalize(), "f")


def _tighter_low(a: PercentRange, b: PercentRange) -> tuple[Fraction, bool]:
    lows = [(r.low, r.low_closed) for r in (a, b) if r.low is not None]
    if not lows:
        return Fraction(0), True
    value = max(low for low, _ in lows)
    return value, all(closed for low, closed in lows if low == value)


def _tighter_high(a: PercentRange, b: PercentRange) -> tuple[Fraction, bool]:
    highs = [(r.high, r.high_closed) for r in (a, b) if r.high is not None]
    if not highs:
        return _HUNDRED, True
    value = min(high for high, _ in highs)
    return value, all(closed for high, closed in highs if high == value)


def percent_range(
    percent: Decimal,
    qualifier: Qualifier | str | None = None,
    *,
    decimals: int | None = None,
    rounding: Rounding = "nearest",
    upper: Decimal | None = None,
) -> PercentRange:
    """The true percentages that a written percent and its qualifier allow.

    Args:
        percent: The percent as written, e.g. ``Decimal("84.6")``; for a range, its lower end.
        qualifier: "over", "at least", ... (any form :func:`parse_qualifier` accepts).
        decimals: Precision; defaults to the decimals written in ``percent`` (and ``upper``).
        rounding: "nearest" (default), "half_up" or "truncate"; see the module docstring.
        upper: For a range ("80-90%"), its upper end as written.

    Returns:
        The allowed range, in percent.

    Example:
        >>> percent_range(Decimal(80), upper=Decimal(90)).describe()
        '[79.5%, 90.5%]'
    """
    if upper is not None:
        low_end = percent_range(percent, qualifier, decimals=decimals, rounding=rounding)
        high_end = percent_range(upper, qualifier, decimals=decimals, rounding=rounding)
        return low_end.hull(high_end)
    p = Fraction(percent)
    places = decimals_of(percent) if decimals is None else decimals
    half = Fraction(1, 2 * 10**places)
    relation = relation_of(qualifier)
    if relation is Relation.ROUNDS_TO:
        if rounding == "truncate":
            return PercentRange(p, p + 2 * half, True, False)
        return PercentRange(p - half, p + half, True, rounding == "nearest")
    if relation is Relation.AT_LEAST:
        return PercentRange(p if rounding == "truncate" else p - half, None)
    if relation is Relation.AT_MOST:
        if rounding == "truncate":
            return PercentRange(None, p + 2 * half, True, False)
        return PercentRange(None, p + half, True, rounding == "nearest")
    if relation is Relation.GREATER:
        return PercentRange(p, None, low_closed=False)
    if relation is Relation.LESS:
        return PercentRange(None, p, high_closed=False)
    if relation is Relation.JUST_BELOW:
        return PercentRange(p - Fraction(JUST_BELOW_TOLERANCE), p, True, False)
    tolerance = Fraction(NEAR_TOLERANCE)
    return PercentRange(p - tolerance, p + tolerance)


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
