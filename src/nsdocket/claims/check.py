"""Check one structured claim: does its percent fit its numbers?

:func:`check_claim` tests a :class:`~nsdocket.claims.results.Claim` with the arithmetic of
:mod:`nsdocket.claims.consistency` and explains the result in one sentence; the verdicts are
described in :mod:`nsdocket.claims.results`. :func:`check_restatement` tests whether two
percents in one text can describe the same share ("over 80%" in a headline, "84.6%" below).

The check of each shape of claim is in :mod:`nsdocket.claims.shape_checks`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from nsdocket.claims.consistency import Rounding, feasible_numerators, percent_range
from nsdocket.claims.qualifiers import Qualifier, parse_qualifier
from nsdocket.claims.results import (
    Arithmetic,
    Claim,
    ClaimCheck,
    FigureComparison,
    FigureLookup,
    FigureRef,
    Verdict,
)
from nsdocket.claims.shape_checks import (
    _cap,
    _check_percent_only,
    _check_ratio,
    _check_share_of,
    _share,
    _stated,
)

__all__ = ["check_claim", "check_restatement", "parse_percent"]


_PLAIN_NUMBER = re.compile(r"[-+]?\d{1,12}(?:\.\d{1,12})?")
# Whole groups larger than this are not enumerated (no published denominator is this large).
MAX_DENOMINATOR = 10_000_000


def parse_percent(written: str | None) -> Decimal | None:
    """Read a percent as written ("84.6", "84.6%", " 85 % ") keeping its decimals.

    Args:
        written: The percent text, or None.

    Returns:
        The Decimal, or None when absent or not a number.
    """
    if written is None:
        return None
    text = written.strip().removesuffix("%").strip()
    # Percents are written as plain numbers; "1e400" is not one (and would overflow later).
    if not _PLAIN_NUMBER.fullmatch(text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _compare(
    claim: Claim,
    percent: Decimal | None,
    q: Qualifier,
    figure: FigureRef,
    upper: Decimal | None = None,
) -> FigureComparison | None:
    if percent is None and claim.numerator is not None and claim.denominator:
        percent, q = _share(claim.numerator, claim.denominator), Qualifier.NONE
    if percent is None:
        return None
    low = percent
    if upper is not None:  # a range: compared through its point nearest the figure
        percent = min(max(figure.value, low), upper)
    difference = percent - figure.value
    within = None
    if figure.low is not None and figure.high is not None:
        within = figure.low <= percent <= figure.high
    same = None
    if claim.denominator is not None and figure.denominator is not None:
        same = claim.denominator == figure.denominator
    allows = percent_range(low, q, upper=upper).contains(Fraction(figure.value))
    side = "above" if difference > 0 else "below"
    interval = "" if within is None else f" (interval {figure.low}% to {figure.high}%)"
    where = (
        "" if within is None else (", inside its interval" if within else ", outside its interval")
    )
    if upper is None:
        gap = "the same as" if difference == 0 else f"{abs(difference)} points {side}"
        summary = f"{percent}% is {gap} {figure.label}, {figure.value}%{interval}{where}."
    else:
        gap = "includes" if difference == 0 else f"ends {abs(difference)} points {side}"
        summary = f"{low}–{upper}% {gap} {figure.label}, {figure.value}%{interval}{where}."
    return FigureComparison(figure, percent, difference, within, same, allows, summary)


def check_claim(
    claim: Claim,
    *,
    candidate_denominators: Iterable[int] = (),
    figure_lookup: FigureLookup | None = None,
    rounding: Rounding = "nearest",
) -> ClaimCheck:
    """Check a claim's arithmetic, and compare it with a figure if a lookup is given.

    Args:
        claim: The claim.
        candidate_denominators: Other group sizes in the same source; reported are those the
            percent fits (used above all when the claim states no denominator).
        figure_lookup: Called with the claim; the figure it returns is compared with the
            claim's percent (distance, interval). Does not change the verdict.
        rounding: Rounding convention, see :mod:`nsdocket.claims.consistency`.

    Returns:
        The check, with a one-sentence reason.

    Example:
        >>> check_claim(Claim("84.6% of 189", denominator=189, percent="84.6")).verdict
        <Verdict.INCONSISTENT: 'inconsistent'>
    """
    too_big = [n for n in (claim.numerator, claim.denominator) if n and n > MAX_DENOMINATOR]
    if too_big:
        return ClaimCheck(
            claim,
            Verdict.NOT_CHECKABLE,
            f"{too_big[0]:,} is larger than the groups the checker enumerates "
            f"({MAX_DENOMINATOR:,}).",
        )
    candidate_denominators = [d for d in candidate_denominators if d <= MAX_DENOMINATOR]
    try:
        q = parse_qualifier(claim.qualifier)
    except ValueError:
        return ClaimCheck(
            claim,
            Verdict.NOT_CHECKABLE,
            f"The qualifier {claim.qualifier!r} is not one the checker knows.",
        )
    percent = parse_percent(claim.percent)
    upper = parse_percent(claim.percent_upper)
    candidates = list(dict.fromkeys(d for d in candidate_denominators if d > 0))
    if claim.percent is not None and percent is None:
        result = ClaimCheck(
            claim, Verdict.NOT_CHECKABLE, f"The percent {claim.percent!r} is not a number."
        )
    elif claim.percent_upper is not None and (percent is None or upper is None or upper <= percent):
        result = ClaimCheck(
            claim,
            Verdict.NOT_CHECKABLE,
            f"The range {claim.percent!r} to {claim.percent_upper!r} is not a range of numbers.",
        )
    elif claim.numerator is not None and claim.denominator is not None:
        result = _check_ratio(claim, percent, q, rounding, upper)
    elif claim.denominator is not None and percent is not None:
        result = _check_share_of(claim, percent, q, rounding, upper)
    elif percent is not None:
        result = _check_percent_only(claim, percent, q, candidates, rounding, upper)
    else:
        result = ClaimCheck(
            claim, Verdict.NOT_CHECKABLE, "The claim states no percent and no group to test."
        )
    if percent is not None and candidates and not result.fitting_denominators:
        fitting = [
            d
            for d in candidates
            if feasible_numerators(percent, d, qualifier=q, rounding=rounding, upper=upper)
        ]
        result = replace(result, fitting_denominators=tuple(fitting))
    if figure_lookup is not None:
        figure = figure_lookup(claim)
        if figure is not None:
            result = replace(result, figure=_compare(claim, percent, q, figure, upper))
    return result


def check_restatement(first: Claim, second: Claim) -> ClaimCheck:
    """Whether two percents can describe the same share ("over 80%" and "84.6%").

    Args:
        first: One claim with a percent (the one reported on).
        second: The other.

    Returns:
        consistent when some share satisfies both, inconsistent when none does, not_checkable
        when either has no readable percent.
    """
    a, b = parse_percent(first.percent), parse_percent(second.percent)
    if a is None or b is None:
        return ClaimCheck(first, Verdict.NOT_CHECKABLE, "Both claims need a percent to compare.")
    qa, qb = parse_qualifier(first.qualifier), parse_qualifier(second.qualifier)
    ua, ub = parse_percent(first.percent_upper), parse_percent(second.percent_upper)
    range_a, range_b = percent_range(a, qa, upper=ua), percent_range(b, qb, upper=ub)
    stated_a, stated_b = _stated(a, qa, ua), _stated(b, qb, ub)
    arithmetic = Arithmetic(allowed_range=f"{range_a.describe()} and {range_b.describe()}")
    if range_a.overlaps(range_b):
        reason = f"{_cap(stated_a)} agrees with {stated_b}: both can describe the same share."
        return ClaimCheck(first, Verdict.CONSISTENT, reason, arithmetic)
    reason = f"{_cap(stated_a)} contradicts {stated_b}: no share is both."
    return ClaimCheck(first, Verdict.INCONSISTENT, reason, arithmetic)
