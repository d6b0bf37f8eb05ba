"""Small pieces the statistics share: the end of a day, for comparing timestamps with dates."""

from __future__ import annotations

import datetime as dt


def end_of(day: dt.date | None) -> dt.datetime | None:
    """The last moment of a day (for comparing timestamps with an as-of date)."""
    return None if day is None else dt.datetime.combine(day, dt.time.max)
