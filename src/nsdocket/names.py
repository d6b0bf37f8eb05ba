"""Defendant names as the seed data writes them, split into their parts.

Cells often carry more than a name: ``Lai Man-ling (Lorie), 26``, ``Ho Yu-wang (17 at arrest)``,
``Ma Chun-man ('Captain America 2.0')``, ``'Pang', 43``. The parts are the name, aliases, the age
given at the time, and anything else as a note; the original text is always kept.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

ADULT_AGE = 18

_TRAILING_AGE = re.compile(r",\s*(?P<age>\d{1,3})\s*$")
_PARENTHETICAL = re.compile(r"\(([^()]*)\)")
_AGE_AT_ARREST = re.compile(r"^(?P<age>\d{1,3})\s+at\s+arrest$", re.I)
_QUOTED = re.compile(r"^['\"‘“](?P<alias>.+?)['\"’”]$")
_SINGLE_GIVEN_NAME = re.compile(r"^[A-Z][a-z]+$")
_SPACES = re.compile(r"\s+")
_NAME_KEY_FOLD = re.compile(r"[\s\-‐'’.]+")
# A cell with none of these is a plain name: no age, bracket or quotes to split off.
_MARKS = frozenset("(,'\"‘“’”")
_GROUP = re.compile(r"^(?P<named>.+?)\s*\+\s*(?P<others>\d+)\s+others?\b(?P<rest>.*)$", re.I)


@dataclass(frozen=True)
class ParsedName:
    """A defendant's name split into parts.

    Attributes:
        name: the name alone (``Lai Man-ling``).
        aliases: other names in brackets or quotes (``Lorie``, ``Captain America 2.0``).
        age: the age the source gives, or None.
        age_is_at_arrest: True when the source says the age was at arrest.
        notes: bracketed text that is neither alias nor age (``machine transliteration; verify``).
        original: the cell as written.
    """

    name: str
    aliases: tuple[str, ...] = ()
    age: int | None = None
    age_is_at_arrest: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)
    original: str = ""

    @property
    def minor(self) -> bool:
        """True when the source gives an age under 18."""
        return self.age is not None and self.age < ADULT_AGE


@dataclass(frozen=True)
class GroupName:
    """A row that names one person and counts others (``Chow Hang-tung + 7 others``)."""

    named: ParsedName
    others: int
    note: str


def parse_name(text: str) -> ParsedName:
    """Split a name cell into name, aliases, age and notes.

    Args:
        text: the cell, e.g. ``"Lai Man-ling (Lorie), 26"``.

    Returns:
        The parsed name; ``name`` is never empty for a non-empty cell.
    """
    original = text.strip()
    if _MARKS.isdisjoint(original):
        return ParsedName(name=_SPACES.sub(" ", original) or original, original=original)
    rest = original
    age: int | None = None
    age_is_at_arrest = False
    trailing = _TRAILING_AGE.search(rest)
    if trailing:
        age = int(trailing.group("age"))
        rest = rest[: trailing.start()]
    aliases: list[str] = []
    notes: list[str] = []
    for inner in _PARENTHETICAL.findall(rest):
        inner = inner.strip()
        at_arrest = _AGE_AT_ARREST.match(inner)
        quoted = _QUOTED.match(inner)
        if at_arrest:
            age = int(at_arrest.group("age"))
            age_is_at_arrest = True
        elif quoted:
            aliases.append(quoted.group("alias"))
        elif _SINGLE_GIVEN_NAME.match(inner):
            aliases.append(inner)
        elif inner:
            notes.append(inner)
    rest = _PARENTHETICAL.sub("", rest).strip().strip(",").strip()
    quoted_name = _QUOTED.match(rest)
    if quoted_name:
        rest = quoted_name.group("alias")
    return ParsedName(
        name=_SPACES.sub(" ", rest) or original,
        aliases=tuple(aliases),
        age=age,
        age_is_at_arrest=age_is_at_arrest,
        notes=tuple(notes),
        original=original,
    )


def parse_group(text: str) -> GroupName | None:
    """Recognise ``NAME + N others (...)``; return None for any other cell."""
    match = _GROUP.match(text.strip())
    if not match:
        return None
    return GroupName(
        named=parse_name(match.group("named")),
        others=int(match.group("others")),
        note=match.group("rest").strip().strip("()").strip(),
    )


@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """A comparison key: lower case, hyphens and spaces folded.

    ``Chow Hang-tung`` and ``chow hang tung`` get the same key.
    """
    return _NAME_KEY_FOLD.sub(" ", name.casefold()).strip()
