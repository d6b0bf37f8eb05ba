"""Feeds of changes: the whole database, one case, one defendant, or the cases a filter finds.

A feed holds the latest changes, newest first, as entries: one per case and operation (an
import, an edit, a coding saved), each with a stable key, a title, its time, the page to read
it on and the changes in words. Feeds are public: they are read without logging in, so every
one is the public view (sensitive defendants withheld; a sensitive defendant has no feed).
Writing them as Atom is the web layer's job (`nsdocket.web.atom`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine

from nsdocket.db.audit import first_and_last_change
from nsdocket.db.writer import RowNotFoundError
from nsdocket.queries.cases import CaseFilter, case_detail, defendant_detail, matching_case_ids
from nsdocket.queries.changes import Change, Following, read_changes
from nsdocket.queries.scrub import scrubber_for

#: Entries a feed holds.
FEED_ENTRIES = 50
#: Longest entry title.
TITLE_LIMIT = 200


@dataclass(frozen=True)
class FeedEntry:
    """One case's changes in one operation.

    Attributes:
        key: stable across readings (``case-12/import-3f2a…``): the entry's id.
        title: the case and its first change, in words.
        published: when the first of its changes was made (UTC).
        updated: when the last was made.
        path: the page to read it on: the case's (its defendant's when the case is gone;
            else the changes of that day).
        changes: the changes, oldest first.
    """

    key: str
    title: str
    published: dt.datetime
    updated: dt.datetime
    path: str
    changes: tuple[Change, ...]

    @property
    def summary(self) -> str:
        """Every change in words, one a line."""
        return "\n".join(c.words for c in self.changes)

    def to_json(self) -> dict[str, Any]:
        """The entry as JSON-ready data."""
        return {
            "key": self.key,
            "title": self.title,
            "published": self.published.isoformat(),
            "updated": self.updated.isoformat(),
            "path": self.path,
            "summary": self.summary,
            "changes": [c.to_json() for c in self.changes],
        }


@dataclass(frozen=True)
class Feed:
    """The latest changes about something, newest first.

    Attributes:
        key: what it follows (``changes``, ``case/12``, ``defendant/5``, ``cases``).
        title: what it follows, in words.
        path: the HTML page it follows.
        updated: when its latest entry changed (the log's latest change when it has none).
        started: when the database's audit log began (part of stable entry ids).
        entries: newest first.
    """

    key: str
    title: str
    path: str
    updated: dt.datetime
    started: dt.date
    entries: tuple[FeedEntry, ...]

    def to_json(self) -> dict[str, Any]:
        """The feed as JSON-ready data."""
        return {
            "key": self.key,
            "title": self.title,
            "path": self.path,
            "updated": self.updated.isoformat(),
            "started": self.started.isoformat(),
            "entries": [e.to_json() for e in self.entries],
        }


def database_feed(engine: Engine, *, limit: int = FEED_ENTRIES) -> Feed:
    """The latest changes to any case."""
    return _feed(engine, "changes", "Changes to nsdocket's cases", "/changes", Following(), limit)


def case_feed(engine: Engine, case_id: int, *, limit: int = FEED_ENTRIES) -> Feed:
    """The latest changes to one case: its prosecutions, charges, events, codings.

    Raises:
        RowNotFoundError: when there is no such case.
    """
    found = case_detail(engine, case_id, public=True)
    title = scrubber_for(engine).text(str(found["title"]))
    following = Following(case_ids=frozenset({case_id}))
    return _feed(
        engine, f"case/{case_id}", f"Changes to {title}", f"/cases/{case_id}", following, limit
    )


def defendant_feed(engine: Engine, defendant_id: int, *, limit: int = FEED_ENTRIES) -> Feed:
    """The latest changes about one defendant, in every case they are in.

    Raises:
        RowNotFoundError: when there is no such defendant, or they are sensitive (the public
            view has no feed of a withheld person).
    """
    found = defendant_detail(engine, defendant_id, public=True)
    if found.get("sensitive"):
        raise RowNotFoundError(f"defendant {defendant_id} does not exist")
    following = Following(defendant_id=defendant_id)
    # Its entries hold only this defendant's part of a case's changes: their own ids.
    key = f"defendant/{defendant_id}"
    name = f"Changes about {found['name']}"
    return _feed(engine, key, name, f"/defendants/{defendant_id}", following, limit, prefix=key)


def cases_feed(
    engine: Engine, flt: CaseFilter, *, query: str = "", limit: int = FEED_ENTRIES
) -> Feed:
    """The latest changes to the cases a case-list filter finds now.

    Args:
        engine: the database.
        flt: the case list's filter.
        query: the case list's query string for it (``?law=NSL``), for the feed's page.
        limit: how many entries.
    """
    ids = frozenset(matching_case_ids(engine, flt, public=True))
    said = [
        f"{name} {value}"
        for name, value in (
            ("law", flt.law),
            ("status", flt.status),
            ("arrested in", flt.year),
            ("kind", flt.kind),
            ("matching", f"“{flt.text}”" if flt.text else None),
        )
        if value
    ]
    title = "Changes to cases" + (f" ({', '.join(said)})" if said else "")
    return _feed(engine, "cases" + query, title, "/cases" + query, Following(case_ids=ids), limit)


def _feed(
    engine: Engine,
    key: str,
    title: str,
    path: str,
    following: Following,
    limit: int,
    *,
    prefix: str = "",
) -> Feed:
    first, last = first_and_last_change(engine)
    started = (first or dt.datetime(1970, 1, 1)).date()
    if following.case_ids is not None and not following.case_ids:
        entries: tuple[FeedEntry, ...] = ()
    else:
        changes = read_changes(engine, public=True, newest_first=True, following=following)
        entries = tuple(entries_of(changes, limit, prefix=prefix))
    updated = max((e.updated for e in entries), default=last or dt.datetime(1970, 1, 1))
    return Feed(key, title, path, updated, started, entries)


def entries_of(
    changes: Iterable[Change], limit: int = FEED_ENTRIES, *, prefix: str = ""
) -> list[FeedEntry]:
    """Changes, newest first, made into feed entries (one per case and operation), newest
    first, at most ``limit``. Reading stops at the first operation past the limit, so the
    entries kept are whole. ``prefix`` starts every entry's key (for entries that hold only
    part of a case's changes)."""
    groups: dict[tuple[str, str], list[Change]] = {}
    operations: set[str] = set()
    for change in changes:
        operation = change.batch or f"audit-{change.audit_id}"
        if len(groups) >= limit and operation not in operations:
            break
        operations.add(operation)
        groups.setdefault((_about(change), operation), []).append(change)
    entries = [
        _entry(f"{prefix}/{about}" if prefix else about, operation, items)
        for (about, operation), items in groups.items()
    ]
    entries.sort(key=lambda e: (e.updated, e.key), reverse=True)
    return entries[:limit]


def _about(change: Change) -> str:
    if change.case_id is not None:
        return f"case-{change.case_id}"
    if change.defendant_id is not None:
        return f"defendant-{change.defendant_id}"
    return "other"


def _entry(about: str, operation: str, newest_first: list[Change]) -> FeedEntry:
    changes = tuple(sorted(newest_first, key=lambda c: (c.at, c.audit_id)))
    first = changes[0]
    name = first.case_title if first.case_id is not None else "Not in any case"
    more = f" (and {len(changes) - 1} more)" if len(changes) > 1 else ""
    title = f"{name}: {first.words}"
    if len(title) + len(more) > TITLE_LIMIT:
        title = title[: TITLE_LIMIT - len(more) - 1] + "…"
    return FeedEntry(
        key=f"{about}/{quote(operation, safe='-_.')}",
        title=title + more,
        published=first.at,
        updated=changes[-1].at,
        path=_page(changes),
        changes=changes,
    )


def _page(changes: tuple[Change, ...]) -> str:
    """Where an entry is read: its case's page, or the page of the first change that still
    has one, or the changes of its days."""
    for change in changes:
        if change.path:
            return change.path
    first, last = changes[0].at.date().isoformat(), changes[-1].at.date().isoformat()
    return f"/changes?since={first}&until={last}"
