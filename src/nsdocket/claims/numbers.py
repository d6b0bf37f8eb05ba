"""Every number in a text, what it counts, and what each check makes of it.

`check_numbers` is what ``claims extract`` and ``claims lint`` run: the numbers found
(`extract_claims`), each with its checks: against the other numbers of the text (shares,
ratios, restatements: `textcheck`; stages in order and sums: `record_text`) and, with a
database, against the official figures and the database's own (`record`). No number is left
without a line: one that nothing could check says so, and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from nsdocket.claims.extract import extract_claims
from nsdocket.claims.model import NumericClaim
from nsdocket.claims.record import check_against_record
from nsdocket.claims.record_model import RecordCheck, RecordVerdict
from nsdocket.claims.results import Verdict
from nsdocket.claims.textcheck import TextCheck, check_text

__all__ = ["CheckedNumber", "check_numbers"]


@dataclass
class CheckedNumber:
    """One number of a text with every check made of it."""

    claim: NumericClaim
    arithmetic: list[TextCheck] = field(default_factory=list)
    record: list[RecordCheck] = field(default_factory=list)

    @property
    def contradicted(self) -> bool:
        """True when a check shows the number cannot be right: an impossible share or ratio,
        or a count the record contradicts."""
        return any(c.check.verdict is Verdict.INCONSISTENT for c in self.arithmetic) or any(
            c.verdict is RecordVerdict.CONTRADICTS for c in self.record
        )

    def to_json(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "claim": self.claim.to_json(),
            "contradicted": self.contradicted,
            "arithmetic": [c.to_json() for c in self.arithmetic],
            "record": [c.to_json() for c in self.record],
        }


def check_numbers(
    text: str, *, engine: Engine | None = None, published: dt.date | None = None
) -> list[CheckedNumber]:
    """Find every number of a text and check each.

    Args:
        text: the text; offsets of the numbers are code points into it.
        engine: the database, for the official figures and its own figures (None: the text's
            numbers against each other only).
        published: when the text was published: the date of a number whose text gives none.
    """
    claims = extract_claims(text)
    out = [CheckedNumber(c) for c in claims]
    by_id = {id(c): row for c, row in zip(claims, out, strict=True)}
    for check in check_text(text, claims=claims):
        by_id[id(check.claim)].arithmetic.append(check)
    for record in check_against_record(claims, engine=engine, published=published):
        by_id[id(record.claim)].record.append(record)
    return out
