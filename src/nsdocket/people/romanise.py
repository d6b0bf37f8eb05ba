"""Cantonese and Mandarin readings of Chinese names, and a sound key that spellings share.

Hong Kong names reach the sources romanised in several ways: the government romanisation on
identity cards (``Chow``, ``Tsang``, ``Kwok``), Jyutping-like spellings (``Jau``, ``Zang``,
``Gwok``), Mandarin Pinyin (``Zhou``), and plain misspellings. The readings of each character
come from ``cantonese-romanisation`` (the government romanisation with its variants) and
``pypinyin`` (Mandarin); `syllable_key` folds the differences of spelling convention (initials
ts/tz/ch/j/z, g/k, d/t, b/p, n/l; doubled vowels, ow/au, oh/or/o) so that one key stands for
the spellings of one sound.
"""

from __future__ import annotations

import functools
import re
from typing import Protocol

from cantoroman import Cantonese
from pypinyin import Style, pinyin


class ReadNameLike(Protocol):
    """Anything with the syllables of a name as written."""

    @property
    def spellings(self) -> tuple[str, ...]: ...


_LETTERS = re.compile(r"[^a-z]")
# Initials, longest first, and the class each belongs to.
_INITIALS = (
    ("tsz", "c"), ("tz", "c"), ("ts", "c"), ("ch", "c"), ("zh", "c"), ("sh", "s"),
    ("gw", "kw"), ("kw", "kw"), ("ng", "ng"), ("j", "c"), ("z", "c"), ("c", "c"), ("q", "c"),
    ("x", "s"), ("g", "k"), ("k", "k"), ("d", "t"), ("t", "t"), ("b", "p"), ("p", "p"),
    ("n", "l"),
)  # fmt: skip
# Spellings of one rime, in the order they are applied.
_RIMES = (
    ("aa", "a"), ("ow", "au"), ("oeng", "eung"), ("eong", "eung"), ("oe", "eu"), ("eo", "eu"),
    ("ooi", "ui"), ("oon", "un"), ("oo", "u"), ("ee", "i"), ("ei", "i"), ("ey", "i"),
    ("oh", "o"), ("or", "o"), ("ou", "o"), ("ar", "a"), ("ah", "a"),
)  # fmt: skip
# Syllables whose rime is only their initial's buzz (Jyutping zi / si, spelled tsz, sze).
_BUZZ = {"tsz": "ci", "tsze": "ci", "sz": "si", "sze": "si", "szu": "si", "ssu": "si"}


@functools.lru_cache(maxsize=1 << 14)
def syllable_key(syllable: str) -> str:
    """The sound key of one romanised syllable (``Tsang``, ``Zang`` and ``chang`` share one)."""
    s = _LETTERS.sub("", syllable.lower())
    if not s:
        return ""
    if s in _BUZZ:
        return _BUZZ[s]
    if s in ("ng", "m", "n"):  # syllabic nasals (吳 Ng, 唔 m)
        return s
    initial = ""
    for spelling, group in _INITIALS:
        if s.startswith(spelling) and len(s) > len(spelling):
            initial, s = group, s[len(spelling) :]
            break
    for spelling, folded in _RIMES:
        s = s.replace(spelling, folded)
    if s.endswith("h") and len(s) > 1:
        s = s[:-1]
    return initial + s


@functools.lru_cache(maxsize=1)
def _cantonese() -> Cantonese:
    return Cantonese()


@functools.lru_cache(maxsize=1 << 14)
def char_keys(char: str, mandarin: bool = False) -> frozenset[str]:
    """The sound keys of one Chinese character: its Cantonese readings in the government
    romanisation and its variants (with ``mandarin``, its Mandarin readings instead)."""
    if mandarin:
        groups = pinyin(char, style=Style.NORMAL, heteronym=True)
        readings = {m for group in groups for m in group}
    else:
        readings = set(_cantonese().charToRoman.get(char) or [])
    return frozenset(k for k in (syllable_key(r) for r in readings if r != char) if k)


@functools.lru_cache(maxsize=1 << 14)
def mandarin_of(key: str) -> frozenset[str]:
    """The Mandarin sound keys of the characters read with Cantonese sound key ``key`` (so that
    ``Leung Kwok-hung`` can be compared with its Pinyin, ``Liang Guoxiong``)."""
    out: set[str] = set()
    for spelling in _spellings().get(key, ()):
        for char in _cantonese().romanToChar.get(spelling, ()):
            for group in pinyin(char, style=Style.NORMAL, heteronym=True):
                out.update(syllable_key(m) for m in group)
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def _spellings() -> dict[str, list[str]]:
    by_key: dict[str, list[str]] = {}
    for spelling in _cantonese().romanToChar:
        by_key.setdefault(syllable_key(spelling), []).append(spelling)
    return by_key


def same_sound(a: str, b: str) -> bool:
    """Two sound keys that can stand for one character: equal, or one the Cantonese and the
    other the Mandarin reading of a character."""
    return a == b or b in mandarin_of(a) or a in mandarin_of(b)


@functools.lru_cache(maxsize=1)
def known_syllables() -> frozenset[str]:
    """The sound keys of every syllable the Cantonese table knows (a word outside them, such as
    ``Benny`` or ``Long Hair``'s ``Hair``, is not a romanised Chinese syllable)."""
    return frozenset(syllable_key(s) for s in _cantonese().romanToChar)


@functools.lru_cache(maxsize=1)
def _mandarin_syllables() -> frozenset[str]:
    return frozenset(syllable_key(p) for p in _pinyin_spellings())


def is_pinyin(name: ReadNameLike) -> bool:
    """Whether a read name is romanised in Mandarin Pinyin: one of its syllables is spelled as
    Pinyin spells and the Cantonese romanisations never do (``Zhou``, ``Xingtong``, ``Guo``)."""
    cantonese = _cantonese().romanToChar
    return any(s not in cantonese and s in _pinyin_spellings() for s in name.spellings)


@functools.lru_cache(maxsize=1)
def _pinyin_spellings() -> frozenset[str]:
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    return frozenset(to_normal(p) for value in pinyin_dict.values() for p in value.split(","))


def is_cantonese_spelling(word: str) -> bool:
    """Whether a word is spelled as a Cantonese romanisation of some character."""
    return word.lower() in _cantonese().romanToChar


def is_pinyin_spelling(word: str) -> bool:
    """Whether a word is a Pinyin syllable (without tones)."""
    return word.lower() in _pinyin_spellings()


def is_syllable(word: str) -> bool:
    """Whether a word can be a romanised Chinese syllable (Cantonese or Mandarin)."""
    key = syllable_key(word)
    return key in known_syllables() or key in _mandarin_syllables()
