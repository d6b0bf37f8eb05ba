"""Where each claim sits: its sentence, the clauses of that sentence, and the words around it.

A clause is a stretch of a sentence between commas, semicolons, colons, brackets and dashes,
or after a reporting verb and its "that" (``CLAUSE_BREAK`` in :mod:`nsdocket.claims.patterns`);
a comma inside a number ("1,234") is no break, nor is a 、 between the items of a Chinese list.
:mod:`nsdocket.claims.counted` reads a claim's unit, stage, law and period from these pieces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from nsdocket.claims.link import split_sentences
from nsdocket.claims.model import NumericClaim
from nsdocket.claims.patterns import CLAUSE_BREAK, DEFINITE_BEFORE, normalise

__all__ = ["Cue", "Place", "cues_in", "pick_cue", "place_claims"]

Cues = Sequence[tuple[str | None, re.Pattern[str]]]


@dataclass(frozen=True)
class Place:
    """A claim's place in its text.

    Attributes:
        text: The whole text as given.
        norm: The whole text, normalised (same offsets).
        sentence: The sentence's span.
        clauses: The spans of the sentence's clauses, in order.
        clause: The index of the claim's clause.
        start: Where the claim starts.
        end: Where it ends.
        previous: Index (in the claim list) of the claim before it in the same sentence.
        topic: The sentence's words before its first claim.
        spans: The spans of the sentence's claims, in order (this one included).
    """

    text: str
    norm: str
    sentence: tuple[int, int]
    clauses: tuple[tuple[int, int], ...]
    clause: int
    start: int
    end: int
    previous: int | None
    topic: str
    spans: tuple[tuple[int, int], ...]

    @property
    def before(self) -> str:
        """The claim's clause before it."""
        return self.norm[self.clauses[self.clause][0] : self.start]

    @property
    def after(self) -> str:
        """The claim's clause after it."""
        return self.norm[self.end : self.clauses[self.clause][1]]

    @property
    def sentence_before(self) -> str:
        """The sentence before the claim."""
        return self.norm[self.sentence[0] : self.start]

    def clause_text(self, index: int) -> str:
        """The text of one clause of the sentence, up to the first claim in it if any."""
        start, end = self.clauses[index]
        inside = [s for s, _ in self.spans if start <= s < end and s != self.start]
        return self.norm[start : min(inside, default=end)]

    def holds_claim(self, index: int) -> bool:
        """Whether a clause holds a claim (other than this one)."""
        start, end = self.clauses[index]
        return any(start <= s < end and s != self.start for s, _ in self.spans)

    @property
    def clause_full(self) -> str:
        """The claim's whole clause."""
        start, end = self.clauses[self.clause]
        return self.norm[start:end]


@dataclass(frozen=True)
class Cue:
    """A cue word found in a stretch of text."""

    value: str | None
    start: int
    end: int


def _clauses(norm: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    spans = []
    at = start
    for brk in CLAUSE_BREAK.finditer(norm, start, end):
        if brk.start() > at:
            spans.append((at, brk.start()))
        at = brk.end()
    if end > at:
        spans.append((at, end))
    return tuple(spans) or ((start, end),)


def _index(spans: Sequence[tuple[int, int]], position: int) -> int:
    for index, (_, end) in enumerate(spans):
        if position < end:
            return index
    return len(spans) - 1


def place_claims(claims: Sequence[NumericClaim], text: str) -> list[Place]:
    """The place of each claim (claims in text order)."""
    norm = normalise(text)
    sentences = [(s.start, s.end) for s in split_sentences(norm)] or [(0, len(norm))]
    where = [_index(sentences, c.start) for c in claims]
    groups: dict[int, list[int]] = {}
    for i, index in enumerate(where):
        groups.setdefault(index, []).append(i)
    places: list[Place] = []
    for i, claim in enumerate(claims):
        sentence = sentences[where[i]]
        same = groups[where[i]]
        clauses = _clauses(norm, *sentence)
        places.append(
            Place(
                text=text,
                norm=norm,
                sentence=sentence,
                clauses=clauses,
                clause=_index(clauses, claim.start),
                start=claim.start,
                end=claim.end,
                previous=max((j for j in same if j < i), default=None),
                topic=norm[sentence[0] : claims[same[0]].start],
                spans=tuple((claims[j].start, claims[j].end) for j in same),
            )
        )
    return places


def cues_in(text: str, cues: Cues) -> list[Cue]:
    """Every cue found in a text, by position (at one position the longest first)."""
    found = [
        Cue(value, m.start(), m.end()) for value, rx in cues for m in rx.finditer(text) if m.end()
    ]
    return sorted(found, key=lambda c: (c.start, -(c.end - c.start)))


def pick_cue(text: str, found: Sequence[Cue]) -> Cue | None:
    """The cue that is the verb of a number before ``text``: the first one, unless it follows
    "those" / "the" / "of" ("47 figures among those arrested were charged" is charged)."""
    plain = [c for c in found if not DEFINITE_BEFORE.search(text[: c.start])]
    chosen = plain or list(found)
    return chosen[0] if chosen else None
