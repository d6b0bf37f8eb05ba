"""What checking a number against the record gives: a verdict, its reason and what it was
compared with (see `nsdocket.claims.record`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from nsdocket.claims.model import NumericClaim
from nsdocket.claims.qualifiers import Relation, relation_of

__all__ = ["Against", "RecordCheck", "RecordVerdict", "fits"]

Against = Literal["official", "database", "order", "sum", "none"]


class RecordVerdict(StrEnum):
    """What the record says of a number."""

    MATCHES = "matches"
    DIFFERS = "differs"
    CONTRADICTS = "contradicts"
    CONSISTENT = "consistent"
    NOT_CHECKABLE = "not_checkable"


@dataclass(frozen=True)
class RecordCheck:
    """One check of one number against the record.

    Attributes:
        claim: the number checked.
        against: official, database, order, sum, or none (nothing could check it).
        verdict: matches, differs, contradicts, consistent or not_checkable.
        reason: the verdict in words, with the figures compared.
        figure: what it was compared with (an official figure, the database's figure).
        rows: for the database, the prosecutions behind its figure.
        other: for order and sum checks, the other numbers of the text.
    """

    claim: NumericClaim
    against: Against
    verdict: RecordVerdict
    reason: str
    figure: dict[str, Any] | None = None
    rows: list[int] = field(default_factory=list)
    other: tuple[NumericClaim, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "against": self.against,
            "verdict": self.verdict.value,
            "reason": self.reason,
            "figure": self.figure,
            "rows": self.rows,
            "other": [o.text for o in self.other],
        }


def fits(claim: NumericClaim, actual: int) -> bool:
    """Whether the record's ``actual`` is what the claim says, given its qualifier ("more than
    100" fits 117; "almost 300" fits 270 to 299; "about 260" fits within 5%)."""
    low = int(claim.value)
    high = int(claim.upper) if claim.upper is not None else low
    relation = relation_of(claim.qualifier)
    if relation is Relation.AT_LEAST:
        return actual >= low
    if relation is Relation.GREATER:
        return actual > low
    if relation is Relation.LESS:
        return actual < low
    if relation is Relation.AT_MOST:
        return actual <= low
    if relation is Relation.JUST_BELOW:
        return low * 0.9 <= actual < low
    if relation is Relation.NEAR:
        return abs(actual - low) <= max(1, round(low * 0.05))
    return low <= actual <= high
