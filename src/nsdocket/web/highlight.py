"""Cutting a text into plain and marked pieces, for templates to show spans highlighted.

The library finds the spans (numbers in a claim, citations in a judgment, matches in a
snippet) with their offsets; this only cuts the text at those offsets so that the template can
wrap each span in a ``<mark>`` and escape every piece. Nothing here is read as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Mark:
    """A span to highlight.

    Attributes:
        start: offset of the first character (code points).
        end: offset just past the last character.
        kind: what it is; the template uses it as the mark's class.
        label: a few words about it (the mark's title).
        anchor: an id for links to the mark, if any.
    """

    start: int
    end: int
    kind: str
    label: str = ""
    anchor: str = ""


@dataclass(frozen=True)
class Piece:
    """A stretch of the text: plain (``mark`` None) or one highlighted span."""

    text: str
    mark: Mark | None = None


def pieces(text: str, marks: Iterable[Mark], offset: int = 0) -> list[Piece]:
    """The text cut at the marks, in order.

    Args:
        text: the text shown.
        marks: spans with offsets into the whole document; a span overlapping one already
            taken (they are taken by start, longer first) is left out.
        offset: where ``text`` starts in the document (for a window of a long document).

    Returns:
        Pieces whose texts join back into ``text``.
    """
    out: list[Piece] = []
    at = 0
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        start, end = mark.start - offset, mark.end - offset
        if start < at or end > len(text) or end <= start:
            continue
        if start > at:
            out.append(Piece(text[at:start]))
        out.append(Piece(text[start:end], mark))
        at = end
    if at < len(text):
        out.append(Piece(text[at:]))
    return out
