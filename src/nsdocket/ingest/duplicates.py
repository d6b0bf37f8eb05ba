"""Cases that are probably the same prosecution written two ways.

The seed data names the "Hong Kong 47" case once with its case number (``HCCC 69/2022``) and
once without; the importer keeps both as written and flags the pair here for a person to merge,
rather than guessing. Two cases are flagged when they share a case number or citation, or when
their titles are near-identical once case numbers and punctuation are set aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import Connection, select

from nsdocket.db.schema import case

TITLE_SIMILARITY = 90.0
_NUMBERS_AND_PUNCTUATION = re.compile(r"\b[A-Z]{2,5}\s?\d{1,5}/\d{4}\b|[^\w\s&]+")


@dataclass(frozen=True)
class DuplicateCase:
    """Two cases that look like one prosecution, and why."""

    case_id: int
    other_id: int
    title: str
    other_title: str
    reason: str

    def __str__(self) -> str:
        return (
            f"case {self.case_id} '{self.title}' and case {self.other_id} "
            f"'{self.other_title}' may be one case: {self.reason}"
        )


def _comparable_title(title: str) -> str:
    return re.sub(r"\s+", " ", _NUMBERS_AND_PUNCTUATION.sub(" ", title).casefold()).strip()


def _identifiers(row: dict[str, str]) -> set[str]:
    found = {n for n in row["case_numbers"].split("; ") if n}
    found |= {c for c in row["citations"].split("; ") if c}
    return found


def find_duplicate_cases(connection: Connection, touched: set[int]) -> list[DuplicateCase]:
    """Pairs of cases, at least one of them in ``touched``, that may be the same prosecution."""
    rows = [
        dict(r)
        for r in connection.execute(
            select(case.c.id, case.c.title, case.c.case_numbers, case.c.citations)
        ).mappings()
    ]
    found: list[DuplicateCase] = []
    for i, first in enumerate(rows):
        for second in rows[i + 1 :]:
            if first["id"] not in touched and second["id"] not in touched:
                continue
            shared = _identifiers(first) & _identifiers(second)
            if shared:
                reason = f"both cite {', '.join(sorted(shared))}"
            else:
                score = fuzz.token_set_ratio(
                    _comparable_title(first["title"]), _comparable_title(second["title"])
                )
                if score < TITLE_SIMILARITY:
                    continue
                reason = f"titles {score:.0f}% alike"
            found.append(
                DuplicateCase(first["id"], second["id"], first["title"], second["title"], reason)
            )
    return found
