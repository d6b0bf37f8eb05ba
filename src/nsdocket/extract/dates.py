"""Dates written out in judgments: ``27 July 2021``, ``30.6.2020``, ``2021年7月27日``."""

from __future__ import annotations

import datetime as dt
import re

from nsdocket.extract.numbers import parse_chinese_number
from nsdocket.extract.patterns.dates import DATE, MONTHS
from nsdocket.extract.spans import Span, span_of

_LEADING_DIGITS = re.compile(r"\d+")


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else parse_chinese_number(text)


def _month(text: str) -> int | None:
    if text.isdigit() or not text[:1].isascii():
        return _number(text)
    return MONTHS[text[:3].casefold()]


def _day(text: str) -> int | None:
    return _number(text.rstrip("stndrhSTNDRH"))


def _leading_number(text: str) -> int:
    digits = _LEADING_DIGITS.match(text)
    return int(digits.group()) if digits else 0


def _parts(match: re.Match[str]) -> tuple[int | None, int | None, int | None]:
    """Year, month and day of a match of `DATE` (day None at month precision).

    The part a match starts with has no group (see `nsdocket.extract.patterns`): it is read
    from the start of the matched text.
    """
    text = match.group()
    if match["dmy_year"]:
        return int(match["dmy_year"]), _month(match["dmy_month"]), _leading_number(text)
    if match["iso_month"]:
        return int(text[:4]), int(match["iso_month"]), int(match["iso_day"])
    if match["num_year"]:
        return int(match["num_year"]), int(match["num_month"]), _leading_number(text)
    if match["zh_month"]:
        day = match["zh_day"]
        year = _number(text.split("年", 1)[0].strip())
        return year, _month(match["zh_month"]), _day(day) if day else None
    if match["mdy_year"]:
        return int(match["mdy_year"]), _month(text), _day(match["mdy_day"])
    return int(match["my_year"]), _month(text), None


def _fields(match: re.Match[str]) -> dict[str, object] | None:
    """The fields of a date, or None when it does not exist (30 February 2020)."""
    year, month, day = _parts(match)
    if year is None or month is None or not 1 <= month <= 12:
        return None
    if day is not None:
        try:
            iso = dt.date(year, month, day).isoformat()
        except ValueError:
            return None
    else:
        iso = f"{year:04d}-{month:02d}"
    precision = "day" if day is not None else "month"
    return {"iso": iso, "precision": precision, "year": year, "month": month, "day": day}


def find_dates(text: str) -> list[Span]:
    """Find dates; a month with its year is a date of month precision.

    ``27 July 2021``, ``27th July 2021``, ``July 27, 2021``, ``2021-07-27``, ``30.6.2020``
    and ``30/6/2020`` (day first, as in Hong Kong), ``2021年7月27日``, ``二〇二一年七月二十七日``,
    ``July 2021``, ``2021年7月``. Dates that do not exist (``30 February 2020``) are dropped,
    not reread as something else. Years alone ("in 2021") are not dates here.

    Args:
        text: any text.

    Returns:
        Spans of kind ``date``, sorted by start. Fields: ``iso`` (``"2021-07-27"``, or
        ``"2021-07"`` at month precision), ``precision`` (``day`` or ``month``), ``year``,
        ``month`` and ``day`` (int, or None at month precision).
    """
    spans = []
    for match in DATE.finditer(text):
        fields = _fields(match)
        if fields is not None:
            spans.append(span_of("date", match, fields))
    return spans
