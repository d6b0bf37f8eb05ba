"""Browsing: the case list with facets, a case, a defendant."""

from __future__ import annotations

import inspect
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from nsdocket.coding.store import codings_for
from nsdocket.queries.cases import (
    CASE_STATUSES,
    ENTITY_KINDS,
    case_detail,
    defendant_detail,
    list_cases,
)
from nsdocket.web.filters import (
    FilterError,
    case_filter_query,
    choice,
    law_options,
    read_case_filter,
)
from nsdocket.web.render import error, query_string, respond

router = APIRouter(tags=["cases"])

PAGE_SIZES = (25, 50, 100, 200)
# Sort orders the library offers; the web layer never sorts rows itself.
_LIST_SORTS: tuple[str, ...] = (
    ("id", "-id", "title", "first_arrest", "-first_arrest")
    if "sort" in inspect.signature(list_cases).parameters
    else ()
)


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
        flt = read_case_filter(law=law, status=status, year=year, kind=kind, q=q)
        chosen_sort = choice(sort, _LIST_SORTS, "sort") if _LIST_SORTS else None
    except FilterError as exc:
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
            "law": law_options(),
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
        "feed": "/feeds/cases.atom" + query_string(case_filter_query(flt)),
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
