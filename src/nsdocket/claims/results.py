"""Inputs and results of claim checks: claims, figures to compare with, verdicts.

See :mod:`nsdocket.claims.check` for the checks themselves.

The verdict is about arithmetic only:

``consistent``
    The numbers can all be true together (66 of 78 is 84.6%; 84.6% of 78 is possible).
``inconsistent``
    They cannot (84.6% of 189 is not a whole number of people; 66 of 60).
``not_checkable``
    Nothing to test against: a percent with no denominator, a ratio with no percent.

A comparison with a figure from the database (``figure_lookup``) is reported alongside, never
folded into the verdict: a claim can be arithmetically sound and still disagree with our data.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

from nsdocket.claims.consistency import Achievable
from nsdocket.claims.qualifiers import Qualifier, parse_qualifier

__all__ = [
    "Arithmetic",
    "Claim",
    "ClaimCheck",
    "FigureComparison",
    "FigureLookup",
    "FigureRef",
    "Verdict",
]


class Verdict(StrEnum):
    """Outcome of an arithmetic check."""

    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    NOT_CHECKABLE = "not_checkable"


@dataclass(frozen=True)
class Claim:
    """A published claim, in structured form.

    Attributes:
        text: The claim as published.
        numerator: The part, when stated ("at least 66").
        denominator: The whole, when stated ("of 78", "of the 189 convictions").
        percent: The percent *as written*, e.g. "84.6" (a trailing "%" is allowed); its
            decimals set the precision.
        qualifier: "over", "at least", ..., applying to the percent (to the numerator when
            there is no percent).
        percent_upper: For a range ("80-90%"), its upper end as written; ``percent`` is then
            the lower end, and the claim holds when some value in the range fits.
        scope: What the figure covers, in the publisher's words.
        date: When it was published.
    """

    text: str
    numerator: int | None = None
    denominator: int | None = None
    percent: str | None = None
    qualifier: Qualifier | str | None = None
    scope: str | None = None
    date: datetime.date | None = None
    percent_upper: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "text": self.text,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "percent": self.percent,
            "percent_upper": self.percent_upper,
            "qualifier": parse_qualifier(self.qualifier).value,
            "scope": self.scope,
            "date": None if self.date is None else self.date.isoformat(),
        }


@dataclass(frozen=True)
class FigureRef:
    """A figure to compare a claim with, e.g. a share computed from coded cases.

    Attributes:
        label: What it is, for the reader.
        value: The share, in percent (0-100).
        numerator: Its numerator, if it is a count share.
        denominator: Its denominator.
        low: Lower end of its interval, in percent (e.g. Wilson 95%, or counting unclear cases).
        high: Upper end of its interval, in percent.
    """

    label: str
    value: Decimal
    numerator: int | None = None
    denominator: int | None = None
    low: Decimal | None = None
    high: Decimal | None = None

    def to_json(self) -> dict[str, Any]:
        """Plain-JSON form (Decimals as strings)."""
        return {
            "label": self.label,
            "value": str(self.value),
            "numerator": self.numerator,
            "denominator": self.denominator,
            "low": None if self.low is None else str(self.low),
            "high": None if self.high is None else str(self.high),
        }


class FigureLookup(Protocol):
    """Finds the figure a claim should be compared with (e.g. from the database)."""

    def __call__(self, claim: Claim, /) -> FigureRef | None:
        """Return the matching figure, or None when there is none."""


@dataclass(frozen=True)
class FigureComparison:
    """How a claim compares with a figure.

    Attributes:
        figure: The figure.
        claim_percent: The claim's percent (as written, or its ratio's share to 3 places).
        difference: ``claim_percent - figure.value``, in percentage points.
        within_interval: Whether ``claim_percent`` lies in ``[figure.low, figure.high]``; None
            when the figure has no interval.
        same_denominator: Whether the claim and the figure count the same number of cases;
            None when either does not say.
        claim_allows_figure: Whether the figure's value is one the claim's percent and
            qualifier allow ("over 80%" allows 84.6).
        summary: One sentence for the reader.
    """

    figure: FigureRef
    claim_percent: Decimal
    difference: Decimal
    within_interval: bool | None
    same_denominator: bool | None
    claim_allows_figure: bool
    summary: str

    def to_json(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "figure": self.figure.to_json(),
            "claim_percent": str(self.claim_percent),
            "difference": str(self.difference),
            "within_interval": self.within_interval,
            "same_denominator": self.same_denominator,
            "claim_allows_figure": self.claim_allows_figure,
            "summary": self.summary,
        }


@dataclass(frozen=True)
class Arithmetic:
    """The sums behind a verdict.

    Attributes:
        share: ``100 * numerator / denominator`` to 3 places, when both are known.
        implied_numerator: ``percent * denominator / 100`` to 3 places, when both are known.
        allowed_range: The percentages the written percent and qualifier allow, in words.
    """

    share: Decimal | None = None
    implied_numerator: Decimal | None = None
    allowed_range: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "share": None if self.share is None else str(self.share),
            "implied_numerator": None
            if self.implied_numerator is None
            else str(self.implied_numerator),
            "allowed_range": self.allowed_range,
        }


def _achievable_json(value: Achievable | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "numerator": value.numerator,
        "denominator": value.denominator,
        "percent": str(value.percent),
    }


@dataclass(frozen=True)
class ClaimCheck:
    """The result of checking one claim.

    Attributes:
        claim: The claim checked.
        verdict: consistent, inconsistent or not_checkable.
        reason: One sentence a reader understands.
        arithmetic: The sums.
        feasible_numerators: Whole numerators of ``claim.denominator`` that fit the percent.
        nearest_below: Closest achievable share below what the percent allows.
        nearest_above: Closest achievable share above it.
        fitting_denominators: Those of the caller's candidate denominators the percent fits.
        smallest_denominators: The smallest group sizes the percent fits (when none is stated).
        figure: Comparison with a figure, when a lookup was given and found one.
        notes: Further remarks (e.g. "it would fit if truncated").
    """

    claim: Claim
    verdict: Verdict
    reason: str
    arithmetic: Arithmetic = field(default_factory=Arithmetic)
    feasible_numerators: tuple[int, ...] = ()
    nearest_below: Achievable | None = None
    nearest_above: Achievable | None = None
    fitting_denominators: tuple[int, ...] = ()
    smallest_denominators: tuple[int, ...] = ()
    figure: FigureComparison | None = None
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Plain-JSON form: only dicts, lists, strings, numbers, booleans and None."""
        return {
            "claim": self.claim.to_json(),
            "verdict": self.verdict.value,
            "reason": self.reason,
            "arithmetic": self.arithmetic.to_json(),
            "feasible_numerators": list(self.feasible_numerators),
            "nearest_below": _achievable_json(self.nearest_below),
            "nearest_above": _achievable_json(self.nearest_above),
            "fitting_denominators": list(self.fitting_denominators),
            "smallest_denominators": list(self.smallest_denominators),
            "figure": None if self.figure is None else self.figure.to_json(),
            "notes": list(self.notes),
        }
