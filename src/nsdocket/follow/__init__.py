"""Following cases: what changed since a date, and feeds of the latest changes."""

from nsdocket.follow.feeds import (
    Feed,
    FeedEntry,
    case_feed,
    cases_feed,
    database_feed,
    defendant_feed,
)
from nsdocket.follow.since import ChangeReport, ChangeWindowError, what_changed

__all__ = [
    "ChangeReport",
    "ChangeWindowError",
    "Feed",
    "FeedEntry",
    "case_feed",
    "cases_feed",
    "database_feed",
    "defendant_feed",
    "what_changed",
]
