"""The arithmetic check of each shape of claim: a ratio, a share of a stated group, a percent alone.

Each check returns a :class:`~nsdocket.claims.results.ClaimCheck` with a one-sentence reason;
:func:`nsdocket.claims.check.check_claim` picks the one that fits the claim.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from nsdocket.claims.consistency import (
    Rounding,
    decimals_of,
    feasible_numerators,
    nearest_values,
    percent_range,
    round_half_up,
    rounds_to,
    smallest_denominators,
)
from nsdocket.claims.qualifiers import Qualifier, Relation, relation_of
from nsdocket.claims.results import Arithmetic, Claim, ClaimCheck, Verdict

_HUNDRED = Decimal(100)


def _stated(percent: Decimal, qualifier: Qualifier, upper: Decimal | None = None) -> str:
    prefix = "" if qualifier is Qualifier.NONE else f"{qualifier.value} "
    return f"{prefix}{percent}%" if upper is None else f"{prefix}{percent}–{upper}%"


def _cap(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _share(numerator: int, denominator: int, places: int = 3) -> Decimal:
    return round_half_up(Fraction(100 * numerator, denominator), places)


def _join(items: list[str], word: str = "or") -> str:
    """ "a", "a or b", "a, b or c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


def _relation_words(qualifier: Qualifier, ok: bool) -> str:
    if relation_of(qualifier) is Relation.ROUNDS_TO:
        return "rounds to" if ok else "does not round to"
    return "is" if ok else "is not"


def _check_ratio(
    claim: Claim,
    percent: Decimal | None,
    q: Qualifier,
    rounding: Rounding,
    upper: Decimal | None = None,
) -> ClaimCheck:
    n, d = claim.numerator, claim.denominator
    assert n is not None and d is not None
    if d <= 0 or n < 0:
        return ClaimCheck(claim, Verdict.NOT_CHECKABLE, f"{n} of {d} is not a share of a group.")
    share = _share(n, d)
    if n > d:
        return ClaimCheck(
            claim,
            Verdict.INCONSISTENT,
            f"{n} cannot be part of a group of {d}: it is larger.",
            Arithmetic(share=share),
        )
    if percent is None:
        reason = f"{n} of {d} is {_share(n, d, 1)}%; there is no stated percent to test it against."
        return ClaimCheck(claim, Verdict.NOT_CHECKABLE, reason, Arithmetic(share=share))
    ok = rounds_to(n, d, percent, q, rounding=rounding, upper=upper)
    stated = _stated(percent, q, upper)
    arithmetic = Arithmetic(
        share=share,
        implied_numerator=None if upper else round_half_up(Fraction(percent) * d / 100, 3),
        allowed_range=percent_range(percent, q, rounding=rounding, upper=upper).describe(),
    )
    near = nearest_values(percent, d, qualifier=q, rounding=rounding, upper=upper)
    words = ("is within" if ok else "is outside") if upper else _relation_words(q, ok)
    reason = f"{n}/{d} is {share}%, which {words} {stated}."
    return ClaimCheck(
        claim,
        Verdict.CONSISTENT if ok else Verdict.INCONSISTENT,
        reason,
        arithmetic,
        tuple(feasible_numerators(percent, d, qualifier=q, rounding=rounding, upper=upper)),
        None if ok else near.below,
        None if ok else near.above,
        notes=() if ok else _truncation_note(percent, q, n, d, rounding, upper),
    )


def _truncation_note(
    percent: Decimal,
    q: Qualifier,
    n: int | None,
    d: int,
    rounding: Rounding,
    upper: Decimal | None = None,
) -> tuple[str, ...]:
    if rounding != "nearest" or relation_of(q) is not Relation.ROUNDS_TO:
        return ()
    fits = feasible_numerators(percent, d, qualifier=q, rounding="truncate", upper=upper)
    if n is not None:
        fits = [x for x in fits if x == n]
    if not fits:
        return ()
    exact = _share(fits[0], d, decimals_of(percent) + 2)
    return (f"It would fit if {fits[0]}/{d} = {exact}% had been truncated instead of rounded.",)


def _check_share_of(
    claim: Claim,
    percent: Decimal,
    q: Qualifier,
    rounding: Rounding,
    upper: Decimal | None = None,
) -> ClaimCheck:
    d = claim.denominator
    assert d is not None
    stated = _stated(percent, q, upper)
    if d <= 0:
        return ClaimCheck(claim, Verdict.NOT_CHECKABLE, f"A group of {d} has no shares.")
    arithmetic = Arithmetic(
        implied_numerator=None if upper else round_half_up(Fraction(percent) * d / 100, 3),
        allowed_range=percent_range(percent, q, rounding=rounding, upper=upper).describe(),
    )
    fits = feasible_numerators(percent, d, qualifier=q, rounding=rounding, upper=upper)
    if fits:
        if upper is not None:  # a range: say which values in it whole numbers give
            ends = [f"{n}/{d} ({_share(n, d)}%)" for n in dict.fromkeys((fits[0], fits[-1]))]
            detail = f"{' to '.join(ends)} {'fits' if len(ends) == 1 else 'fit'}"
        elif len(fits) == 1:
            detail = f"{fits[0]}/{d} is {_share(fits[0], d)}%"
        else:
            detail = f"any of {fits[0]} to {fits[-1]} out of {d} fits"
        reason = f"{_cap(stated)} of {d} is possible: {detail}."
        return ClaimCheck(claim, Verdict.CONSISTENT, reason, arithmetic, tuple(fits))
    near = nearest_values(percent, d, qualifier=q, rounding=rounding, upper=upper)
    values = [str(v) for v in (near.below, near.above) if v is not None]
    if percent > _HUNDRED and relation_of(q) is not Relation.LESS:
        reason = f"{_cap(stated)} cannot be a share of {d}: a share is at most 100%."
    elif len(values) == 2:
        reason = (
            f"{_cap(stated)} cannot be a share of {d}: "
            f"the nearest possible values are {values[0]} and {values[1]}."
        )
    else:
        reason = (
            f"{_cap(stated)} cannot be a share of {d}: the nearest possible value is {values[0]}."
        )
    return ClaimCheck(
        claim,
        Verdict.INCONSISTENT,
        reason,
        arithmetic,
        (),
        near.below,
        near.above,
        notes=_truncation_note(percent, q, None, d, rounding, upper),
    )


def _implied_totals(
    n: int, percent: Decimal, q: Qualifier, rounding: Rounding, upper: Decimal | None = None
) -> list[int]:
    """Group sizes ``d >= n`` of which ``n`` is the percent (for a percent with a part only)."""
    allowed = percent_range(percent, q, rounding=rounding, upper=upper)
    low = allowed.low if allowed.low is not None and allowed.low > 0 else None
    high = allowed.high
    first = n if high is None or high <= 0 else max(n, math.floor(Fraction(100 * n) / high))
    last = first + 10_000 if low is None else math.ceil(Fraction(100 * n) / low)
    last = min(last, first + 100_000)
    found = [
        d
        for d in range(max(first, 1), last + 1)
        if rounds_to(n, d, percent, q, rounding=rounding, upper=upper)
    ]
    return found


def _check_percent_only(
    claim: Claim,
    percent: Decimal,
    q: Qualifier,
    candidates: list[int],
    rounding: Rounding,
    upper: Decimal | None = None,
) -> ClaimCheck:
    stated = _stated(percent, q, upper)
    if claim.numerator is not None and claim.numerator > 0:
        n = claim.numerator
        totals = _implied_totals(n, percent, q, rounding, upper)
        if not totals:
            reason = f"{n} cannot be {stated} of any whole number of people."
            return ClaimCheck(claim, Verdict.INCONSISTENT, reason)
        shown = [str(t) for t in totals[:5]] + (["more"] if len(totals) > 5 else [])
        reason = f"{_cap(stated)} with {n} implies a total of {_join(shown)}; no total is stated."
        return ClaimCheck(
            claim, Verdict.NOT_CHECKABLE, reason, fitting_denominators=tuple(totals[:50])
        )
    if percent > _HUNDRED or percent < 0:
        return ClaimCheck(
            claim, Verdict.NOT_CHECKABLE, f"{_cap(stated)} is not a share of a group."
        )
    smallest = tuple(smallest_denominators(percent, qualifier=q, upper=upper))
    if not candidates and not smallest:
        reason = f"{_cap(stated)} describes no share of any group (e.g. almost 0%)."
        return ClaimCheck(claim, Verdict.NOT_CHECKABLE, reason)
    if not candidates:
        reason = (
            f"{_cap(stated)} has no stated denominator; "
            f"the smallest groups it can describe are {_join([str(s) for s in smallest], 'and')}."
        )
        return ClaimCheck(claim, Verdict.NOT_CHECKABLE, reason, smallest_denominators=smallest)
    fitting = [
        d
        for d in candidates
        if feasible_numerators(percent, d, qualifier=q, rounding=rounding, upper=upper)
    ]
    others = [str(d) for d in candidates if d not in fitting]
    if fitting:
        first = feasible_numerators(
            percent, fitting[0], qualifier=q, rounding=rounding, upper=upper
        )[0]
        fits = f"it fits {fitting[0]} ({first}/{fitting[0]})" + "".join(
            f" and {d}" for d in fitting[1:]
        )
        reason = f"{_cap(stated)} has no stated denominator; of the numbers given, {fits}"
        reason += f" but not {_join(others)}." if others else "."
    else:
        reason = f"{_cap(stated)} has no stated denominator, and it fits none of {_join(others)}."
    return ClaimCheck(
        claim,
        Verdict.NOT_CHECKABLE,
        reason,
        fitting_denominators=tuple(fitting),
        smallest_denominators=smallest,
    )
