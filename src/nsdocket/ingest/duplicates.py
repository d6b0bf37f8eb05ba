"""Cases that are probably the same prosecution written two ways.

The seed data names the "Hong Kong 47" case once with its case number (``HCCC 69/2022``) and
once without; the importer keeps both as written and flags the pair here for a person to merge,
rather than guessing. Two cases are flagged when they share a case number or citation, or when
their titles are near-identical once case numbers and punctuation are set aside.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process
from sqlalchemy import Connection, select

from nsdocket.db.schema import case

TITLE_SIMILARITY = 90.0
MAX_SHARING = 5
_NUMBERS_AND_PUNCTUATION = re.compile(r"\b[A-Z]{2,5}\s?\d{1,5}/\d{4}\b|[^\w\s&]+")
_SPACES = re.compile(r"\s+")
# A block's titles are scored in square tiles of this many by this many, so that only tiles on
# or above the diagonal are computed (about each pair once) without one call per title.
_TILE = 96


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


@dataclass(frozen=True, slots=True)
class _Case:
    id: int
    title: str
    comparable: str
    touched: bool


def _comparable_title(title: str) -> str:
    return _SPACES.sub(" ", _NUMBERS_AND_PUNCTUATION.sub(" ", title).casefold()).strip()


def _identifiers(row: Any) -> set[str]:
    found = {n for n in row.case_numbers.split("; ") if n}
    found |= {c for c in row.citations.split("; ") if c}
    return found


def _block(comparable: str) -> str:
    """A blocking key: the first two words of the comparable title after "hksar v"; only cases
    sharing it are compared word by word, so the check stays near-linear on large imports."""
    words = comparable.removeprefix("hksar v ").split()
    return " ".join(words[:2])


def _shared_identifiers(rows: Sequence[Any], touched: set[int]) -> dict[tuple[int, int], str]:
    """Pairs of cases (lower id first) sharing a case number or citation, with what they share."""
    by_identifier: dict[str, list[int]] = {}
    for r in rows:
        for ident in _identifiers(r):
            by_identifier.setdefault(ident, []).append(int(r.id))
    reasons: dict[tuple[int, int], str] = {}
    shared = ((ident, ids) for ident, ids in by_identifier.items() if len(ids) > 1)
    for ident, ids in sorted(shared):
        if len(ids) > MAX_SHARING:
            # Cited by many cases: a precedent they cite, not the number of one prosecution.
            continue
        for i, first in enumerate(ids):
            for second in ids[i + 1 :]:
                if first in touched or second in touched:
                    key = (first, second)
                    reasons[key] = (reasons[key] + ", " + ident) if key in reasons else ident
    return reasons


def _alike_titles(block: list[_Case]) -> Iterator[tuple[_Case, _Case, float]]:
    """Pairs of a block, at least one of them touched, whose comparable titles are at least
    ``TITLE_SIMILARITY`` alike, each once (lower id first) with its ``fuzz.token_set_ratio``."""
    for top in range(0, len(block), _TILE):
        band = block[top : top + _TILE]
        touched = [c for c in band if c.touched]
        untouched = [c for c in band if not c.touched]
        for left in range(top, len(block), _TILE):
            tile = block[left : left + _TILE]
            yield from _scored(touched, tile)
            yield from _scored(untouched, [c for c in tile if c.touched])


def _scored(rows: list[_Case], columns: list[_Case]) -> Iterator[tuple[_Case, _Case, float]]:
    if not rows or not columns:
        return
    scores = process.cdist(
        [c.comparable for c in rows],
        [c.comparable for c in columns],
        scorer=fuzz.token_set_ratio,
        score_cutoff=TITLE_SIMILARITY,
        dtype=np.float64,
        # Every core: the check runs once the file is checked and written, nothing else runs.
        workers=-1,
    )
    found_rows, found_columns = np.nonzero(scores)
    for i, j, score in zip(
        found_rows.tolist(),
        found_columns.tolist(),
        scores[found_rows, found_columns].tolist(),
        strict=True,
    ):
        first, second = rows[i], columns[j]
        if first.id < second.id:
            yield first, second, score


def _duplicate_pairs(
    connection: Connection, touched: set[int], titles: dict[int, str]
) -> Iterator[tuple[int, int, str]]:
    """Every pair ``(lower id, higher id, reason)``, in no particular order; fills ``titles``."""
    # Rows as tuples, not dicts: at a million imported rows there are a third as many cases.
    rows = connection.execute(
        select(case.c.id, case.c.title, case.c.case_numbers, case.c.citations).order_by(case.c.id)
    ).all()
    reasons = _shared_identifiers(rows, touched)
    titles.update((int(r.id), str(r.title)) for r in rows)
    for (first, second), idents in reasons.items():
        yield first, second, f"both cite {idents}"
    blocks: dict[str, list[_Case]] = {}
    for r in rows:
        comparable = _comparable_title(r.title)
        blocks.setdefault(_block(comparable), []).append(
            _Case(r.id, r.title, comparable, r.id in touched)
        )
    del rows
    alike: dict[float, str] = {}
    for block in blocks.values():
        for a, b, score in _alike_titles(block):
            if (a.id, b.id) not in reasons:
                if score not in alike:
                    alike[score] = f"titles {score:.0f}% alike"
                yield a.id, b.id, alike[score]


def find_duplicate_cases(
    connection: Connection, touched: set[int], keep: int | None = None
) -> tuple[list[DuplicateCase], int]:
    """Pairs of cases, at least one of them in ``touched``, that may be the same prosecution,
    in order of their ids, and how many there are: all of them, or only the first ``keep``
    (a large import of alike titles can find millions of pairs; the count is always whole).
    """
    titles: dict[int, str] = {}
    total = 0

    def counted() -> Iterator[tuple[int, int, str]]:
        nonlocal total
        for pair in _duplicate_pairs(connection, touched, titles):
            total += 1
            yield pair

    chosen = sorted(counted()) if keep is None else heapq.nsmallest(keep, counted())
    found = [DuplicateCase(a, b, titles[a], titles[b], reason) for a, b, reason in chosen]
    return found, total
