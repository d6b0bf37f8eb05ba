"""Partial and approximate dates, stored as EDTF text with sortable bounds.

A date cell in the seed data may hold a full date (``2020-07-01``), a month (``2022-04``), a
year, an approximate or uncertain date (``2020-11 (approx)``, ``2020-08-10 (verify)``), a range
(``2024-05-28..2024-06-03``) or only a note (``(guilty plea)``). Each becomes a `PartialDate`:
the EDTF string, its earliest and latest possible day, and the free text as a note.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from edtf import parse_edtf, struct_time_to_date
from edtf.parser.edtf_exceptions import EDTFParseException

# A cell that starts like an ISO date: the part that claims to be a date.
_LEADING_DATE = re.compile(
    r"""^\s*
    (?P<first>\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)      # 2020, 2020-11, 2020-11-03
    (?:\s*(?:\.\.|/)\s*                              # a range written a..b or a/b
       (?P<second>\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?))?
    (?P<rest>.*)$""",
    re.VERBOSE | re.DOTALL,
)
# Anywhere in a note: a year we can keep when nothing better is given ("early 2022").
_YEAR_IN_NOTE = re.compile(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)")
_APPROXIMATE = re.compile(r"\b(approx\w*|about|around|circa|c\.|early|late|mid)\b|~", re.I)
_UNCERTAIN = re.compile(r"\b(verify|unverified|uncertain|unconfirmed|possibly)\b|\?", re.I)


class DateError(ValueError):
    """Text that claims to be a date but is not one (``2021-13-45``, ``2020-02-30``)."""


@dataclass(frozen=True)
class PartialDate:
    """A date as precise as its source, with explicit bounds for comparison.

    Attributes:
        edtf: the EDTF string (``2020-11~``, ``2021``, ``2024-05-28/2024-06-03``), or None if
            the source gives no date at all.
        lower: the earliest day the date can be, or None when unknown.
        upper: the latest day the date can be, or None when unknown.
        note: free text that came with the date.
        original: the cell as it was written.
    """

    edtf: str | None
    lower: dt.date | None
    upper: dt.date | None
    note: str
    original: str

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Days as ordinals: unpickling a date object is most of the cost of an imported row
        # sent from the checking process (see nsdocket.ingest.checking).
        return _unpickled, (
            self.edtf,
            self.lower.toordinal() if self.lower else None,
            self.upper.toordinal() if self.upper else None,
            self.note,
            self.original,
        )

    @property
    def known(self) -> bool:
        """True when the source gives at least a year."""
        return self.edtf is not None

    @property
    def approximate(self) -> bool:
        """True when the source marks the date as approximate."""
        return self.edtf is not None and "~" in self.edtf

    @property
    def uncertain(self) -> bool:
        """True when the source marks the date as needing verification."""
        return self.edtf is not None and "?" in self.edtf

    def certainly_on_or_before(self, day: dt.date) -> bool:
        """True when every possible reading of the date falls on or before ``day``."""
        return self.upper is not None and self.upper <= day

    def possibly_on_or_before(self, day: dt.date) -> bool:
        """True when some reading of the date falls on or before ``day``."""
        return self.lower is not None and self.lower <= day


UNKNOWN = PartialDate(None, None, None, "", "")


def _normalise_iso(part: str) -> str:
    pieces = part.split("-")
    return "-".join([pieces[0], *[p.zfill(2) for p in pieces[1:]]])


def _qualifier(note: str) -> str:
    if _UNCERTAIN.search(note) and _APPROXIMATE.search(note):
        return "%"
    if _UNCERTAIN.search(note):
        return "?"
    if _APPROXIMATE.search(note):
        return "~"
    return ""


_SIMPLE_EDTF = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?[~?%]?$")


def _simple_bounds(part: str) -> tuple[dt.date, dt.date] | None:
    """Bounds of ``YYYY[-MM[-DD]]`` with an optional qualifier, without the EDTF grammar.

    The ``edtf`` parser is exact but slow (tens of milliseconds a date); these forms are nearly
    every date we store, and a test checks this path against ``edtf`` on generated dates.
    Returns None for anything else; raises `DateError` for a month or day that does not exist.
    """
    match = _SIMPLE_EDTF.match(part)
    if match is None:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    try:
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
        if day is None:
            return dt.date(year, month, 1), dt.date(year, month, last)
        exact = dt.date(year, month, day)
    except ValueError as exc:
        raise DateError(f"{part} does not exist") from exc
    return exact, exact


@functools.lru_cache(maxsize=4096)
def _bounds(edtf_text: str) -> tuple[dt.date, dt.date]:
    parts = edtf_text.split("/")
    simple = [_simple_bounds(p) for p in parts] if len(parts) <= 2 else [None]
    if all(b is not None for b in simple):
        found = [b for b in simple if b is not None]
        return found[0][0], found[-1][1]
    parsed = parse_edtf(edtf_text)
    return struct_time_to_date(parsed.lower_strict()), struct_time_to_date(parsed.upper_strict())


def _validate(part: str, original: str) -> None:
    try:
        if _simple_bounds(part) is None:
            parse_edtf(part)
    except (EDTFParseException, DateError) as exc:
        raise DateError(f"'{original}' is not a valid date ({part} does not exist)") from exc


def _clean_note(text: str) -> str:
    text = text.strip().strip(" ;,")
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1]
    return text.strip()


def _unpickled(
    edtf: str | None, lower: int | None, upper: int | None, note: str, original: str
) -> PartialDate:
    return PartialDate(
        edtf,
        _FROM_ORDINAL(lower) if lower is not None else None,
        _FROM_ORDINAL(upper) if upper is not None else None,
        note,
        original,
    )


_FROM_ORDINAL = dt.date.fromordinal


@functools.lru_cache(maxsize=1 << 16)
def parse_date(text: str | None) -> PartialDate:
    """Parse a date cell into a `PartialDate`.

    Args:
        text: the cell as written, e.g. ``"2020-11 (approx)"`` or ``"(guilty plea)"``.

    Returns:
        The parsed date. An empty cell gives an unknown date with no note.

    Raises:
        DateError: when the text starts like a date that does not exist (``2021-13-45``).
    """
    original = (text or "").strip()
    if not original:
        return UNKNOWN
    match = _LEADING_DATE.match(original)
    if match and not match.group("rest")[:1].isdigit():
        first = _normalise_iso(match.group("first"))
        second = match.group("second")
        rest = match.group("rest")
        note = _clean_note(rest)
        _validate(first, original)
        if second:
            second = _normalise_iso(second)
            _validate(second, original)
            edtf_text = f"{first}/{second}"
            lower, upper = _bounds(edtf_text)
            if lower > upper:
                raise DateError(f"'{original}': the range ends before it starts")
        else:
            edtf_text = first + _qualifier(rest)
            lower, upper = _bounds(edtf_text)
        return PartialDate(edtf_text, lower, upper, note, original)
    # No leading date: the cell is a note, which may still give the year.
    years = _YEAR_IN_NOTE.findall(original)
    note = _clean_note(original)
    if len(set(years)) == 1:
        edtf_text = years[0] + _qualifier(original)
        lower, upper = _bounds(edtf_text)
        return PartialDate(edtf_text, lower, upper, note, original)
    return PartialDate(None, None, None, note, original)


def edtf_bounds(edtf_text: str) -> tuple[dt.date, dt.date]:
    """Return the earliest and latest day of a stored EDTF string."""
    return _bounds(edtf_text)
