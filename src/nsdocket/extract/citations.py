"""Neutral citations of Hong Kong judgments: ``[2021] HKCFI 2200``."""

from __future__ import annotations

from nsdocket.extract.patterns.courts import CITATION, NEUTRAL_COURT_BY_FOLD, NEUTRAL_COURTS
from nsdocket.extract.spans import Span, span_of


def find_citations(text: str) -> list[Span]:
    """Find neutral citations such as ``[2021] HKCFI 2200`` or ``[2021] HKMagC 3``.

    Args:
        text: any text.

    Returns:
        Spans of kind ``citation``, sorted by start. Fields: ``year`` (int), ``court`` (the
        canonical code, e.g. ``HKLaT`` for ``HKLAT``), ``court_name``, ``number`` (int) and
        ``normalised`` (``"[2021] HKCFI 2200"``).
    """
    spans = []
    for match in CITATION.finditer(text):
        court = NEUTRAL_COURT_BY_FOLD[match["court"].casefold()]
        year, number = int(match["year"]), int(match["number"])
        spans.append(
            span_of(
                "citation",
                match,
                {
                    "year": year,
                    "court": court,
                    "court_name": NEUTRAL_COURTS[court],
                    "number": number,
                    "normalised": f"[{year}] {court} {number}",
                },
            )
        )
    return spans
