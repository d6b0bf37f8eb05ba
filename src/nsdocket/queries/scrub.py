"""Withholding sensitive identities wherever they are written, not only in their own fields.

`nsdocket.queries.redact` withholds the flagged fields of a sensitive defendant or source. The
same name can also sit in free text elsewhere: a case title ("HKSAR v ... & <minor's name>"), a
case key, a note, a quote. A `Scrubber` collects every withheld value of every sensitive row and
replaces it in any text it is given, so a public file never carries it.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from sqlalchemy import Engine, select

from nsdocket.db.schema import metadata
from nsdocket.queries.redact import SENSITIVE_FIELDS, WITHHELD

MASK = "█"
# A term shorter than this (letters and digits only) is too common to replace safely.
MIN_TERM = 3
# Between the words of a name: spaces, hyphens, dots, commas, underscores, apostrophes (also
# as HTML escapes), any number of them.
_GAP = r"(?:[\s\-\u2010\u2011._,'\u2019]|&#39;|&#x27;|&amp;)*"
_WORD = re.compile(r"\w+")
_WORD_START = r"(?<!\w)"


@dataclass(frozen=True)
class Scrubber:
    """Replaces withheld values (case-insensitively) with ``[withheld]``.

    Attributes:
        names: words-only patterns for people's names ("Wong Chun-wai" also matches
            "wong chun wai" and "WONG Chun Wai").
        literals: values matched exactly (URLs, source titles and keys).
    """

    names: tuple[str, ...] = ()
    literals: tuple[str, ...] = ()

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """One regular expression for every term, longest first; None when nothing is withheld."""
        return compiled_pattern(self.names, self.literals)

    def text(self, value: str) -> str:
        """``value`` with every withheld term replaced."""
        pattern = self.pattern
        return pattern.sub(WITHHELD, value) if pattern else value

    def masked(self, value: str) -> str:
        """``value`` with every withheld term covered by as many ``█`` as it has characters,
        so that offsets into the text stay true (for documents and their spans)."""
        pattern = self.pattern
        return pattern.sub(lambda m: MASK * len(m.group()), value) if pattern else value

    def withholds(self, value: str) -> bool:
        """True when ``value`` contains a withheld term."""
        pattern = self.pattern
        return bool(pattern and pattern.search(value))

    def value(self, value: Any) -> Any:
        """Any JSON-like value with its text scrubbed (lists and dicts recursively)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        return value

    def row(self, row: dict[str, Any]) -> dict[str, Any]:
        """A copy of ``row`` with every text cell scrubbed."""
        return {key: self.value(v) for key, v in row.items()}


_COMPILING = threading.Lock()


def compiled_pattern(names: tuple[str, ...], literals: tuple[str, ...]) -> re.Pattern[str] | None:
    """The pattern for these terms, compiled once even when several requests ask at once
    (compiling takes seconds for tens of thousands of names)."""
    with _COMPILING:
        return _pattern_for(names, literals)


@lru_cache(maxsize=8)
def _pattern_for(names: tuple[str, ...], literals: tuple[str, ...]) -> re.Pattern[str] | None:
    """The compiled pattern for these terms (built once per set of terms, not per request)."""
    parts = [_name_pattern(n) for n in names] + [re.escape(t) for t in literals]
    parts = sorted({p for p in parts if p}, key=lambda p: (-len(p), p))
    return re.compile(_hoist_word_start(parts), re.IGNORECASE) if parts else None


def _hoist_word_start(parts: list[str]) -> str:
    r"""``a|b|c`` rewritten for speed with the same matches in the same order of preference.

    A run of alternatives that begin with the word-start look-behind becomes
    ``(?<!\w)(?:[cC](?:han…|heung…)|[wW](?:ong…))``: inside a word the engine fails once
    instead of trying every name, and at a word start it tries only the names with that first
    letter. Names in a run begin with an ASCII word character, so two of them can match at
    one place only if their first letters are equal ignoring case; their order is kept.
    """
    runs: list[tuple[bool, list[str]]] = []
    for part in parts:
        starts = part.startswith(_WORD_START)
        if starts and runs and runs[-1][0]:
            runs[-1][1].append(part[len(_WORD_START) :])
        else:
            runs.append((starts, [part[len(_WORD_START) :] if starts else part]))
    return "|".join(
        f"{_WORD_START}(?:{_by_first_letter(items)})" if starts else items[0]
        for starts, items in runs
    )


def _by_first_letter(bodies: list[str]) -> str:
    groups: dict[str, list[str]] = {}
    for body in bodies:
        groups.setdefault(body[0].lower(), []).append(body[1:])
    return "|".join(
        f"[{re.escape(first)}{re.escape(first.upper())}](?:{'|'.join(rests)})"
        for first, rests in groups.items()
    )


def _name_pattern(name: str) -> str:
    words = _WORD.findall(name)
    if sum(len(w) for w in words) < MIN_TERM:
        return ""
    body = _GAP.join(re.escape(w) for w in words)
    # Word boundaries for alphabetic names only: Chinese text has no spaces between words.
    start = _WORD_START if words[0][0].isascii() else ""
    end = r"(?!\w)" if words[-1][-1].isascii() else ""
    return start + body + end


def scrubber_for(engine: Engine) -> Scrubber:
    """A scrubber for every value withheld from the database's sensitive rows."""
    names: set[str] = set()
    literals: set[str] = set()
    with engine.connect() as connection:
        for table_name, (flag, fields) in SENSITIVE_FIELDS.items():
            table = metadata.tables[table_name]
            rows = connection.execute(
                select(*(table.c[f] for f in fields if f in table.c)).where(table.c[flag].is_(True))
            ).mappings()
            for row in rows:
                for value in row.values():
                    values = value if isinstance(value, list) else [value]
                    for item in values:
                        if not isinstance(item, str) or not item.strip():
                            continue
                        if table_name == "defendant":
                            names.add(item)
                        elif len(item) >= MIN_TERM:
                            literals.add(item)
    return Scrubber(names=tuple(sorted(names)), literals=tuple(sorted(literals)))
