"""Dates written out in judgments: ``27 July 2021``, ``30.6.2020``, ``2021年7月27日``."""

from __future__ import annotations

import datetime as dt
import re

from nsdocket.extract.numbers import parse_chinese_number
from nsdocket.extract.patterns import DATE, MONTHS
from nsdocket.extract.spans import Span

_FORMS = ("dmy", "mdy", "iso", "num", "zh", "my")


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else parse_chinese_number(text)


def _month(text: str) -> int | None:
    if text.isdigit() or not text[:1].isascii():
        return _number(text)
    return MONTHS[text[:3].casefold()]


def _day(text: str) -> int | None:
    return _number(text.rstrip("stndrhSTNDRH"))


def _parts(match: re.Match[str]) -> tuple[int | None, int | None, int | None]:
    for form in _FORMS:
        year = match[f"{form}_year"]
        if year is None:
            continue
        month = _month(match[f"{form}_month"])
        day_text = match[f"{form}_day"] if form != "my" else None
        return _number(year), month, _day(day_text) if day_text else None
    raise AssertionError("DATE matched with no year")  # pragma: no cover


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
        year, month, day = _parts(match)
        if year is None or month is None or not 1 <= month <= 12:
            continue
        if day is not None:
            try:
                iso = dt.date(year, month, day).isoformat()
            except ValueError:
                continue
        else:
            iso = f"{year:04d}-{month:02d}"
        spans.append(
            Span(
                kind="date",
                start=match.start(),
                end=match.end(),
                text=match.group(),
                fields={
                    "iso": iso,
                    "precision": "day" if day is not None else "month",
                    "year": year,
                    "month": month,
                    "day": day,
                },
                groups={k: v for k, v in match.groupdict().items() if v},
            )
        )
    return spans
