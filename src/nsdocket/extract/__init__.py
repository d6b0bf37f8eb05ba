"""Extract references from judgments and reports: citations, case numbers, statutes, sentences,
dates.

Each ``find_<kind>(text)`` returns `Span` objects, sorted by start, whose offsets are code-point
offsets into ``text``; `extract_all` runs them all. The regexes live in
`nsdocket.extract.patterns`. Pure functions: no I/O beyond reading the packaged law book once.

>>> [s.fields["normalised"] for s in find_citations("See [2021] HKCFI 2200.")]
['[2021] HKCFI 2200']
"""

from __future__ import annotations

from collections.abc import Callable

from nsdocket.extract.case_numbers import find_case_numbers
from nsdocket.extract.citations import find_citations
from nsdocket.extract.dates import find_dates
from nsdocket.extract.sentences import find_sentences
from nsdocket.extract.spans import KINDS, Span
from nsdocket.extract.statutes import find_statutes

__all__ = [
    "FINDERS",
    "KINDS",
    "Span",
    "extract_all",
    "find_case_numbers",
    "find_citations",
    "find_dates",
    "find_sentences",
    "find_statutes",
]

#: The finder for each kind, in the order `extract_all` runs them.
FINDERS: dict[str, Callable[[str], list[Span]]] = {
    "citation": find_citations,
    "case_number": find_case_numbers,
    "statute": find_statutes,
    "sentence": find_sentences,
    "date": find_dates,
}


def extract_all(text: str, kinds: tuple[str, ...] = KINDS) -> list[Span]:
    """Find every reference of the given kinds.

    Spans of different kinds may overlap (a date inside a sentence phrase is still a date);
    they are not merged.

    Args:
        text: any text, such as the ``text`` of `nsdocket.documents.document_text`.
        kinds: which kinds to look for; all by default.

    Returns:
        All spans, sorted by start, then longest first, then kind.

    Raises:
        ValueError: for an unknown kind.
    """
    unknown = set(kinds) - set(FINDERS)
    if unknown:
        raise ValueError(f"unknown kind(s): {', '.join(sorted(unknown))}; known: {KINDS}")
    spans = [span for kind in kinds for span in FINDERS[kind](text)]
    spans.sort(key=lambda span: (span.start, -span.end, span.kind))
    return spans
