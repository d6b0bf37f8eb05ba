"""The date a claim's figure is stated for, read from the period the text gives.

"as of 28 February 2022", "as at March 31 this year", "by the end of 2024", "截至2025年3月1日",
"截至今年3月底": the last day the figure covers. "this year" and "今年" need the publication
date; without it they give nothing. A period that only starts ("since 2020") says the figure
runs to the publication date, so the publication date is the answer.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            (),
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        )
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d{2}|this year|last year)"
# "28 February 2022", "February 28, 2022", "March 31 this year", "February 2022", "2024"
_EN = [
    re.compile(rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+{_YEAR}", re.I),
    re.compile(rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}", re.I),
    re.compile(rf"(?:end\s+of\s+)?{_MONTH}\s+(?:of\s+)?{_YEAR}", re.I),
    re.compile(rf"(?:end\s+of\s+)?{_YEAR}", re.I),
]
# 2025年3月1日, 今年3月底, 去年12月31日, 2024年底, 2024年
_ZH_YEAR = r"(?P<year>(?:19|20)\d{2}年|今年|去年)"
_ZH = [
    re.compile(rf"{_ZH_YEAR}(?P<month>\d{{1,2}})月(?P<day>\d{{1,2}})[日号號]"),
    re.compile(rf"{_ZH_YEAR}?(?P<month>\d{{1,2}})月(?:底|末)?"),
    re.compile(rf"{_ZH_YEAR}(?:底|末)?"),
]


def _year(text: str | None, published: dt.date | None) -> int | None:
    if text is None:
        return published.year if published else None
    text = text.casefold()
    if text in ("this year", "今年"):
        return published.year if published else None
    if text in ("last year", "去年"):
        return published.year - 1 if published else None
    return int(text.rstrip("年"))


def period_date(period: str | None, published: dt.date | None = None) -> dt.date | None:
    """The last day a stated period covers, or the publication date for a period that runs to
    the present ("since 2020", "so far"); None when the text gives no date to go by.

    Args:
        period: the words the text gives ("as of 28 February 2022"), or None.
        published: when the text was published (for "this year", "今年", "since").

    Example:
        >>> period_date("截至2025年3月1日")
        datetime.date(2025, 3, 1)
    """
    if not period:
        return published
    words = period.strip()
    # "至今" is "until now", but "截至今年" is "as of this year".
    if re.search(r"\b(since|so far|to date|until now)\b|(?<!截)至今|以來|以来", words, re.I):
        return published
    for pattern in (*_ZH, *_EN):
        found = pattern.search(words)
        if not found:
            continue
        parts = found.groupdict()
        year = _year(parts.get("year"), published)
        if year is None:
            return None
        month_text = parts.get("month")
        if month_text is None:
            return dt.date(year, 12, 31)
        month = int(month_text) if month_text.isdigit() else _MONTHS[month_text.casefold()]
        if not 1 <= month <= 12:
            return None
        last = calendar.monthrange(year, month)[1]
        day = int(parts["day"]) if parts.get("day") else last
        return dt.date(year, month, min(day, last))
    return published
