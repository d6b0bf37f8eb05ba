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
MAX_SHARING = 5
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


def _block(title: str) -> str:
    """A blocking key: the first two words of the title after "HKSAR v"; only cases sharing
    it are compared word by word, so the check stays near-linear on large imports."""
    words = _comparable_title(title).removeprefix("hksar v ").split()
    return " ".join(words[:2])


def find_duplicate_cases(connection: Connection, touched: set[int]) -> list[DuplicateCase]:
    """Pairs of cases, at least one of them in ``touched``, that may be the same prosecution."""
    rows = [
        dict(r)
        for r in connection.execute(
            select(case.c.id, case.c.title, case.c.case_numbers, case.c.citations).order_by(
                case.c.id
            )
        ).mappings()
    ]
    by_identifier: dict[str, list[int]] = {}
    by_block: dict[str, list[int]] = {}
    by_id = {r["id"]: r for r in rows}
    for r in rows:
        for ident in _identifiers(r):
            by_identifier.setdefault(ident, []).append(r["id"])
        by_block.setdefault(_block(r["title"]), []).append(r["id"])
    reasons: dict[tuple[int, int], str] = {}
    for ident, ids in sorted(by_identifier.items()):
        if len(ids) > MAX_SHARING:
            # Cited by many cases: a precedent they cite, not the number of one prosecution.
            continue
        for i, first in enumerate(ids):
            for second in ids[i + 1 :]:
                if first in touched or second in touched:
                    key = (first, second)
                    reasons[key] = (reasons[key] + ", " + ident) if key in reasons else ident
    found: list[DuplicateCase] = []
    for (first, second), idents in reasons.items():
        a, b = by_id[first], by_id[second]
        found.append(DuplicateCase(first, second, a["title"], b["title"], f"both cite {idents}"))
    for ids in by_block.values():
        for i, first in enumerate(ids):
            for second in ids[i + 1 :]:
                if (first, second) in reasons or not (first in touched or second in touched):
                    continue
                a, b = by_id[first], by_id[second]
                score = fuzz.token_set_ratio(
                    _comparable_title(a["title"]), _comparable_title(b["title"])
                )
                if score >= TITLE_SIMILARITY:
                    found.append(
                        DuplicateCase(
                            first, second, a["title"], b["title"], f"titles {score:.0f}% alike"
                        )
                    )
    return sorted(found, key=lambda d: (d.case_id, d.other_id))
