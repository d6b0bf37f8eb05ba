"""The pieces every pattern is built from, and the two helpers that let a pattern start with
one character class (see "Speed" in `nsdocket.extract.patterns`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: A little horizontal or vertical white space (PDF text breaks lines anywhere).
GAP = r"\s{0,3}"
#: At least one, at most three white-space characters.
SPACE = r"\s{1,3}"
#: A four-digit year from 1900 to 2099, not part of a longer number.
YEAR = r"(?:19|20)\d{2}(?!\d)"
#: Chinese numerals as written in judgments and the press (traditional and simplified).
ZH_DIGITS = "〇零一二三四五六七八九十百千萬万兩两"
#: Just after a pattern's first character: if that was a letter, the one before it was not,
#: so the match starts a word. (Cheaper than a look-behind before the first character.)
WORD_START = r"(?<![A-Za-z][A-Za-z])"


def _split_first(piece: str) -> tuple[str, str]:
    """Split a pattern piece into its first character (a literal or a ``[class]``) and the rest."""
    if piece.startswith("["):
        end = piece.index("]") + 1
        return piece[1 : end - 1], piece[end:]
    if piece[0] in "\\()|?*+{.^$":
        raise ValueError(f"a piece must start with a plain character or a class: {piece!r}")
    return re.escape(piece[0]), piece[1:]


def first_chars(pieces: Iterable[str]) -> str:
    """The inside of a character class holding the first character of every piece."""
    return "".join(dict.fromkeys(_split_first(piece)[0] for piece in pieces))


def after_first(pieces: Iterable[str]) -> str:
    """The pieces without their first character, each behind a look-behind for it.

    ``after_first(["NSL", "Cap 200", "Crimes"])`` is ``(?:(?<=[N])SL|(?<=[C])(?:ap 200|rimes))``:
    it is used right after a class (see `first_chars`) that consumed that first character.
    Pieces sharing a first character keep their order, so put longer alternatives first.
    """
    rests: dict[str, list[str]] = {}
    for piece in pieces:
        first, rest = _split_first(piece)
        rests.setdefault(first, []).append(rest)
    branches = [
        f"(?<=[{first}])" + (tails[0] if len(tails) == 1 else f"(?:{'|'.join(tails)})")
        for first, tails in rests.items()
    ]
    return f"(?:{'|'.join(branches)})"
