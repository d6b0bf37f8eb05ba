"""A text's numbers against each other: stages in order, and parts that must add up.

"332 arrested ... 189 convicted": a later stage cannot count more of the same people than an
earlier one (convicted <= charged <= arrested), when both are of the same unit, law and period.
"112 persons and 5 companies, 117 prosecuted": the parts of one stage must sum to its total.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations

from nsdocket.claims.model import Kind, NumericClaim
from nsdocket.claims.qualifiers import Relation, relation_of
from nsdocket.claims.record_model import RecordCheck, RecordVerdict

# A stage and the stages before it that count at least as many of the same people.
_STAGE_RANK = {"arrested": 0, "charged": 1, "prosecuted": 1, "convicted": 2, "sentenced": 2}


def _bounds(claim: NumericClaim) -> tuple[float, float]:
    """The smallest and largest values the claim allows."""
    low = float(claim.value)
    high = float(claim.upper) if claim.upper is not None else low
    relation = relation_of(claim.qualifier)
    if relation in (Relation.GREATER, Relation.AT_LEAST):
        return low, math.inf
    if relation in (Relation.LESS, Relation.AT_MOST):
        return 0.0, high
    if relation is Relation.JUST_BELOW:
        return low * 0.9, low
    if relation is Relation.NEAR:
        return low * 0.95, high * 1.05
    return low, high


def _comparable(a: NumericClaim, b: NumericClaim) -> bool:
    return (
        a.kind in (Kind.COUNT, Kind.RANGE)
        and b.kind in (Kind.COUNT, Kind.RANGE)
        and (a.unit or "people") == (b.unit or "people")
        and a.law == b.law
        and a.period == b.period
    )


def order_checks(claims: Sequence[NumericClaim]) -> list[RecordCheck]:
    """Every pair of counts of two stages of the same people: consistent when the later stage
    can be no larger than the earlier one, contradicts when it must be larger."""
    out: list[RecordCheck] = []
    staged = [c for c in claims if c.stage in _STAGE_RANK]
    for a, b in combinations(staged, 2):
        if not _comparable(a, b) or _STAGE_RANK[a.stage or ""] == _STAGE_RANK[b.stage or ""]:
            continue
        earlier, later = (
            (a, b) if _STAGE_RANK[a.stage or ""] < _STAGE_RANK[b.stage or ""] else (b, a)
        )
        if _bounds(later)[0] > _bounds(earlier)[1]:
            verdict = RecordVerdict.CONTRADICTS
            reason = (
                f"{later.text} {later.stage} cannot be more than {earlier.text} {earlier.stage} "
                "of the same people in the same text"
            )
        else:
            verdict = RecordVerdict.CONSISTENT
            reason = f"{later.text} {later.stage} is no more than {earlier.text} {earlier.stage}"
        out.append(RecordCheck(later, "order", verdict, reason, other=(earlier,)))
    return out


def sum_checks(claims: Sequence[NumericClaim]) -> list[RecordCheck]:
    """People and companies of one stage against a total of that stage the text states."""
    out: list[RecordCheck] = []
    counts = [c for c in claims if c.kind is Kind.COUNT and c.stage]
    for stage in dict.fromkeys(c.stage for c in counts):
        people = [c for c in counts if c.stage == stage and c.unit == "people"]
        companies = [c for c in counts if c.stage == stage and c.unit == "companies"]
        totals = [c for c in counts if c.stage == stage and c.unit in ("defendants", "other")]
        if not (people and companies and totals):
            continue
        parts = int(people[0].value) + int(companies[0].value)
        total = totals[0]
        fits = _bounds(total)[0] <= parts <= _bounds(total)[1]
        verdict = RecordVerdict.CONSISTENT if fits else RecordVerdict.CONTRADICTS
        reason = (
            f"{people[0].text} people + {companies[0].text} companies = {parts}, "
            f"{'as' if fits else 'not'} the {total.text} the text gives in all"
        )
        out.append(RecordCheck(total, "sum", verdict, reason, other=(people[0], companies[0])))
    return out
