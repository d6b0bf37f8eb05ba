"""Court case numbers: ``HCCC 280/2020``, ``DCCC 854-858/2021``, ``HCCC 69 and 70/2022``."""

from __future__ import annotations

from functools import lru_cache

from nsdocket.extract.patterns.courts import CASE_ITEM, CASE_NUMBER, CASE_PREFIXES, COURT_NAMES
from nsdocket.extract.spans import Span, span_of

#: A range wider than this is kept as its two ends rather than expanded (a typo guard).
MAX_RANGE = 200


def _expand(first: str, last: str | None) -> list[int]:
    start = int(first)
    if last is None:
        return [start]
    end = int(last)
    if end < start and len(last) < len(first):
        # "DCCC 854-58/2021": the second number repeats only the last digits.
        end = int(first[: len(first) - len(last)] + last)
    if start <= end <= start + MAX_RANGE:
        return list(range(start, end + 1))
    return [start, end]


@lru_cache(maxsize=4096)
def _numbers(listed: str) -> tuple[int, ...]:
    """The case numbers in ``854-858`` or ``1, 2 & 3``, in order, without repeats (cached:
    a judgment repeats its own case numbers)."""
    return tuple(
        dict.fromkeys(
            number
            for item in CASE_ITEM.finditer(listed)
            for number in _expand(item["first"], item["last"])
        )
    )


def find_case_numbers(text: str) -> list[Span]:
    """Find case numbers, including lists and ranges sharing one prefix and year.

    ``HCCC 280/2020``, ``HCCC280/2020``, ``HCCC No. 0280 of 2020``, ``DCCC 854-858/2021``
    (five cases), ``HCCC 69 and 70/2022``, ``DCCC 1, 2 & 3/2021``.

    Args:
        text: any text.

    Returns:
        Spans of kind ``case_number``, sorted by start. Fields: ``prefix`` (``DCCC``),
        ``number`` (the first number, int, leading zeros dropped), ``year`` (int), ``numbers``
        (every case as normalised text, ``["DCCC 854/2021", ...]``), ``court`` (the court the
        prefix implies, as a neutral-citation code: ``HKCFI``, ``HKCA``, ``HKCFA``, ``HKDC``,
        ``HKFC``, ``HKMagC``) and ``court_name``.
    """
    spans = []
    for match in CASE_NUMBER.finditer(text):
        prefix, year = match["prefix"], int(match["year"])
        numbers = _numbers(match["numbers"])
        court = CASE_PREFIXES[prefix]
        spans.append(
            span_of(
                "case_number",
                match,
                {
                    "prefix": prefix,
                    "number": numbers[0],
                    "year": year,
                    "numbers": [f"{prefix} {n}/{year}" for n in numbers],
                    "court": court,
                    "court_name": COURT_NAMES[court],
                },
            )
        )
    return spans
