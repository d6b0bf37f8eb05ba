"""Browsing: the case list with facets, a case, a defendant."""

from __future__ import annotations

import inspect
from functools import cache
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from nsdocket.coding.store import codings_for
from nsdocket.queries.cases import (
    CASE_STATUSES,
    ENTITY_KINDS,
    CaseFilter,
    case_detail,
    defendant_detail,
    list_cases,
)
from nsdocket.reference import load_lawbook
from nsdocket.web.render import error, query_string, respond

router = APIRouter(tags=["cases"])

PAGE_SIZES = (25, 50, 100, 200)
# Sort orders the library offers; the web layer never sorts rows itself.
_LIST_SORTS: tuple[str, ...] = (
    ("id", "-id", "title", "first_arrest", "-first_arrest")
    if "sort" in inspect.signature(list_cases).parameters
    else ()
)


@cache
def _law_options() -> list[dict[str, str]]:
    return [{"code": law.code, "name": law.short_name} for law in load_lawbook("hk").laws]


def _year(value: str | None) -> int | None:
    text = (value or "").strip()
    if not text:
        return None
    if not text.isdigit() or not 1900 <= int(text) <= 2200:
        raise ValueError(f"year must be a four-digit year, not {text!r}")
    return int(text)


def _choice(value: str | None, allowed: tuple[str, ...], what: str) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if text not in allowed:
        raise ValueError(f"unknown {what} {text!r} (known: {', '.join(allowed)})")
    return text


@router.get("/cases", name="cases", summary="Cases, with facets, search and paging")
def cases(
    request: Request,
    law: str | None = Query(None, description="law code, e.g. NSL"),
    status: str | None = Query(None, description="case status"),
    year: str | None = Query(None, description="year of the first arrest"),
    kind: str | None = Query(None, description="defendant kind: person, company, ..."),
    q: str | None = Query(None, max_length=200, description="words in a title or name"),
    sort: str | None = Query(None, description="sort order, when the library offers it"),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> Response:
    """One page of cases matching the facets, with the total that match."""
    try:
        flt = CaseFilter(
            law=_choice(law, tuple(o["code"] for o in _law_options()), "law"),
            status=_choice(status, CASE_STATUSES, "status"),
            year=_year(year),
            kind=_choice(kind, ENTITY_KINDS, "kind"),
            text=(q or "").replace("\x00", "").strip() or None,
        )
        chosen_sort = _choice(sort, _LIST_SORTS, "sort") if _LIST_SORTS else None
    except ValueError as exc:
        return error(request, 400, str(exc))
    extra: dict[str, Any] = {"sort": chosen_sort} if chosen_sort else {}
    result = list_cases(
        request.app.state.engine,
        flt,
        limit=limit,
        offset=offset,
        public=request.state.public,
        **extra,
    )
    filters = {"law": flt.law, "status": flt.status, "year": flt.year, "kind": flt.kind}
    filters |= {"q": flt.text, "sort": chosen_sort}
    data = {
        "total": result.total,
        "limit": limit,
        "offset": offset,
        "filters": filters,
        "cases": result.rows,
        "facets": {
            "law": _law_options(),
            "status": list(CASE_STATUSES),
            "kind": list(ENTITY_KINDS),
            "sort": list(_LIST_SORTS),
        },
    }
    link = {**filters, "limit": limit}
    page = {
        "previous": query_string({**link, "offset": max(0, offset - limit)}) if offset else None,
        "next": (
            query_string({**link, "offset": offset + limit})
            if offset + limit < result.total
            else None
        ),
        "page_sizes": PAGE_SIZES,
        "first": offset + 1 if result.rows else 0,
        "last": offset + len(result.rows),
    }
    return respond(request, "cases.html", data, page=page)


@router.get("/cases/{case_id}", name="case", summary="A case: defendants, charges, timeline")
def case(request: Request, case_id: int) -> Response:
    """A case with each defendant's charges, events and sources."""
    found = case_detail(request.app.state.engine, case_id, public=request.state.public)
    return respond(request, "case.html", {"case": found})


@router.get("/defendants/{defendant_id}", name="defendant", summary="A defendant's cases")
def defendant(request: Request, defendant_id: int) -> Response:
    """A defendant with every case they are in."""
    engine = request.app.state.engine
    found = defendant_detail(engine, defendant_id, public=request.state.public)
    if not request.state.public:
        # The team sees every coder's answers side by side (a defendant has few prosecutions).
        for item in found["prosecutions"]:
            item["codings"] = codings_for(engine, item["id"])
            item["coded_questions"] = sorted({q for c in item["codings"] for q in c["answers"]})
    return respond(request, "defendant.html", {"defendant": found})
