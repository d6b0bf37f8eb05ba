"""What a written percent allows: the range of true percentages it and its qualifier admit.

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
    up to, at most                       value <= P + h (rounded as written, at most P)
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
