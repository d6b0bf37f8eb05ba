"""Following cases: what changed since a date, and Atom feeds of the latest changes.

``/changes`` shows the changes since a date as the visitor's view allows (public visitors see
the public view). Feeds are for feed readers, which do not log in: every feed is the public
view, whoever asks. Each feed's JSON twin (``.atom.json``) holds the same entries.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from nsdocket.follow import (
    ChangeWindowError,
    Feed,
    case_feed,
    cases_feed,
    database_feed,
    defendant_feed,
    what_changed,
)
from nsdocket.web.atom import MEDIA_TYPE, atom_document
from nsdocket.web.filters import FilterError, case_filter_query, read_case_filter
from nsdocket.web.render import error, jsonable, query_string, respond, wants_json

router = APIRouter(tags=["following"])

#: The window /changes shows when no date is given.
DEFAULT_DAYS = 30
DATABASE_FEED = "/feeds/changes.atom"


def _day(value: str | None, name: str) -> dt.date | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FilterError(f"{name} must be a date like 2025-06-30, not {text!r}") from None


@router.get("/changes", name="changes", summary="What changed since a date, case by case")
def changes(
    request: Request,
    since: str | None = Query(None, description="first day counted (YYYY-MM-DD)"),
    until: str | None = Query(None, description="last day counted (YYYY-MM-DD); default: now"),
    all_figures: bool = Query(False, description="list figures that did not move too"),
) -> Response:
    """The changes recorded since a day, grouped per case, and the headline figures then and
    now (default: the last 30 days)."""
    today = dt.datetime.now(dt.UTC).date()
    try:
        first = _day(since, "since") or today - dt.timedelta(days=DEFAULT_DAYS)
        last = _day(until, "until")
        report = what_changed(
            request.app.state.engine,
            first,
            last,
            public=request.state.public,
            all_figures=all_figures,
            today=today,
        )
    except (FilterError, ChangeWindowError) as exc:
        return error(request, 400, str(exc))
    page = {"feed": DATABASE_FEED, "today": today.isoformat()}
    return respond(request, "changes.html", report.to_json(), page=page)


def _answer(request: Request, feed: Feed) -> Response:
    """The feed as Atom, or as JSON for its twin."""
    if wants_json(request):
        return JSONResponse(jsonable(feed.to_json()))
    base = str(request.base_url).rstrip("/")
    document = atom_document(
        feed,
        base_url=base,
        self_url=str(request.url),
        authority=request.url.hostname or "localhost",
    )
    return Response(document, media_type=f"{MEDIA_TYPE}; charset=utf-8")


@router.get(DATABASE_FEED, name="feed_changes", summary="Atom feed: the latest changes")
def feed_changes(request: Request) -> Response:
    """The latest changes to any case (public view)."""
    return _answer(request, database_feed(request.app.state.engine))


@router.get("/feeds/cases.atom", name="feed_cases", summary="Atom feed: cases a filter finds")
def feed_cases(
    request: Request,
    law: str | None = Query(None, description="law code, e.g. NSL"),
    status: str | None = Query(None, description="case status"),
    year: str | None = Query(None, description="year of the first arrest"),
    kind: str | None = Query(None, description="defendant kind: person, company, ..."),
    q: str | None = Query(None, max_length=200, description="words in a title or name"),
) -> Response:
    """The latest changes to the cases the case list's filters find (same query string as
    ``/cases``; paging and sorting are ignored)."""
    try:
        flt = read_case_filter(law=law, status=status, year=year, kind=kind, q=q)
    except FilterError as exc:
        return error(request, 400, str(exc))
    query = query_string(case_filter_query(flt))
    return _answer(request, cases_feed(request.app.state.engine, flt, query=query))


@router.get("/feeds/case/{case_id}.atom", name="feed_case", summary="Atom feed: one case")
def feed_case(request: Request, case_id: int) -> Response:
    """The latest changes to one case (public view)."""
    return _answer(request, case_feed(request.app.state.engine, case_id))


@router.get(
    "/feeds/defendant/{defendant_id}.atom", name="feed_defendant", summary="Atom feed: a defendant"
)
def feed_defendant(request: Request, defendant_id: int) -> Response:
    """The latest changes about one defendant (none for a sensitive one: 404)."""
    return _answer(request, defendant_feed(request.app.state.engine, defendant_id))
