"""A person's name as sources write it, read into the parts that matching compares.

An English-language Hong Kong name mixes romanised Chinese syllables (``Leung Kwok-hung``,
``TAI Yiu-ting``), Western given names (``Benny``, ``Joshua``) and initials (``Benny Y. T.
TAI``), in any order; a Chinese name is a few characters (``梁國雄``). `read_name` keeps the
syllables as sound keys (see `nsdocket.people.romanise`) with the hyphenated given name
apart, the Western names, the initials and the Chinese characters.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from nsdocket.people.romanise import (
    is_cantonese_spelling,
    is_pinyin_spelling,
    is_syllable,
    syllable_key,
)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|（[^）]*）")
_TITLES = frozenset(
    (
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "hon",
        "prof",
        "professor",
        "sir",
        "cardinal",
        "bishop",
        "rev",
        "jp",
        "sc",
        "gbs",
        "sbs",
        "bbs",
        "mh",
        "obe",
        "cbe",
        "mbe",
        "qc",
        "kc",
    )
)
_SPLIT = re.compile(r"[\s,;/]+")


@dataclass(frozen=True)
class ReadName:
    """The parts of one written name."""

    written: str
    syllables: tuple[str, ...]  # sound keys of the romanised Chinese syllables, in order
    given: tuple[str, ...]  # those of a hyphenated given name (Kwok-hung), when written so
    western: tuple[str, ...]  # Western given names, lower case (benny, joshua)
    initials: tuple[str, ...]  # single letters (y, t)
    chinese: str  # Chinese characters, when the name is written in them
    spellings: tuple[str, ...] = ()  # the syllables as written, lower case

    @property
    def empty(self) -> bool:
        """Nothing to compare."""
        return not (self.syllables or self.western or self.chinese)


def _segment(word: str) -> list[str] | None:
    """A run-together romanisation (``Yongkang``, ``Kwokhung``) as two or three syllables."""
    w = word.lower()

    def one_system(parts: list[str]) -> bool:
        # every piece a spelling of one romanisation (Joshua is no jo + shua)
        return all(len(p) >= 2 for p in parts) and (
            all(is_cantonese_spelling(p) for p in parts)
            or all(is_pinyin_spelling(p) for p in parts)
        )

    for i in range(2, len(w) - 1):
        if one_system([w[:i], w[i:]]):
            return [w[:i], w[i:]]
    for i in range(2, len(w) - 3):
        for j in range(i + 2, len(w) - 1):
            if one_system([w[:i], w[i:j], w[j:]]):
                return [w[:i], w[i:j], w[j:]]
    return None


@functools.lru_cache(maxsize=1 << 15)
def read_name(written: str) -> ReadName:
    """Read one written name (English, Chinese, or both, as in ``Jimmy Lai 黎智英``)."""
    text = unicodedata.normalize("NFKC", written or "")
    chinese = "".join(_HAN.findall(text))
    latin = _BRACKETS.sub(" ", _HAN.sub(" ", text))
    syllables: list[str] = []
    spellings: list[str] = []
    given: list[str] = []
    western: list[str] = []
    initials: list[str] = []
    seen_syllable = False
    for raw in _SPLIT.split(latin):
        token = raw.strip(".'’\"-")
        if not token or token.lower().strip(".") in _TITLES:
            continue
        letters = token.replace(".", "")
        if "." in token and len(letters) <= 3 and letters.isalpha():
            initials += [c.lower() for c in letters]
            continue
        if len(token) == 1 and token.isalpha():
            initials.append(token.lower())
            continue
        if "-" in token:
            parts = [p for p in token.split("-") if p]
            keys = [syllable_key(p) for p in parts]
            spellings += [p.lower() for p in parts]
            syllables += keys
            given += keys
            seen_syllable = True
            continue
        if not token.isalpha():
            continue
        if is_syllable(token):
            syllables.append(syllable_key(token))
            spellings.append(token.lower())
            seen_syllable = True
            continue
        pieces = _segment(token) if seen_syllable else None
        if pieces:
            keys = [syllable_key(p) for p in pieces]
            spellings += pieces
            syllables += keys
            given += keys
        else:
            western.append(token.lower())
    return ReadName(
        written=written,
        syllables=tuple(syllables),
        given=tuple(given),
        western=tuple(western),
        initials=tuple(initials),
        chinese=chinese,
        spellings=tuple(spellings),
    )
