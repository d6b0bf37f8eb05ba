"""The figure page: one figure, its definition and scope, and every row behind it.

The figure comes from :func:`nsdocket.stats.figures.figure`; the rows from
:func:`nsdocket.stats.compute.explain` (each in-scope prosecution, its category and whether the
figure counts it) or, for distributions, from the figure's own row ids. Names are looked up with
:func:`nsdocket.queries.prosecutions.prosecution_labels`, which withholds them in the public view.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from nsdocket.queries.prosecutions import prosecution_labels
from nsdocket.stats.compute import MeasureError, Options, explain
from nsdocket.stats.figure import UNITS
from nsdocket.stats.figures import ALL_MEASURES, DISTRIBUTIONS, figure
from nsdocket.stats.measures import MEASURES
from nsdocket.web.filters import (
    FilterError,
    filter_options,
    filters_json,
    read_filters,
    scope_of,
)
from nsdocket.web.render import error, query_string, respond

router = APIRouter(tags=["figures"])

COUNTED_IN = ("numerator", "denominator only", "excluded")
ROW_PAGE_SIZES = (50, 100, 500, 1000)


def measure_json(name: str, unit: str) -> dict[str, Any]:
    """What a measure is: its categories and which of them the figure counts, and its units."""
    if name in DISTRIBUTIONS:
        return {"name": name, "kind": "distribution", "units": ["prosecution"], "categories": []}
    m = MEASURES[name]
    return {
        "name": m.name,
        "title": m.title,
        "kind": "count" if m.is_count else "share",
        "definition": m.definition,
        "categories": list(m.categories),
        "numerator": list(m.numerator),
        "denominator": list(m.denominator),
        "unclear": list(m.unclear),
        "coded": m.coded,
        "units": list(m.units),
        "unit": unit,
    }


def _rows(
    request: Request, measure: str, scope: Any, options: Options, row_ids: list[int]
) -> list[dict[str, Any]]:
    """Every row behind the figure (without names yet): explain's rows, or a distribution's."""
    if measure in DISTRIBUTIONS:
        return [
            {"case_defendant_id": i, "category": "counted", "counted_in": "numerator"}
            for i in row_ids
        ]
    return [
        {
            "case_defendant_id": r.case_defendant_id,
            "category": r.category,
            "counted_in": r.counted_in,
            "basis": r.basis,
        }
        for r in explain(request.app.state.engine, measure, scope, options)
    ]


@router.get("/figures/{measure}", name="figure", summary="A figure and the rows behind it")
def figure_page(
    request: Request,
    measure: str,
    scope: str | None = Query(None, description="scope profile, e.g. amnesty-2025"),
    law: str | None = Query(None, description="narrow the scope to one law, e.g. CAP200"),
    kind: str | None = Query(None, description="count only this defendant kind"),
    year: str | None = Query(None, description="only prosecutions arrested in this year"),
    since: bool = Query(False, description="with year: that year or later"),
    as_of: str | None = Query(None, description="as of this date (YYYY-MM-DD)"),
    unit: str | None = Query(None, description="person, prosecution or case"),
    final_only: bool = Query(False, description="leave out draft codings"),
    counted_in: str | None = Query(None, description="rows: numerator, denominator only, ..."),
    category: str | None = Query(None, max_length=200, description="rows of one category"),
    limit: int = Query(100, ge=1, le=1000, description="rows per page"),
    offset: int = Query(0, ge=0),
) -> Response:
    """The figure with its definition, scope, interval, exclusions and rows, one page of rows
    at a time."""
    if measure not in ALL_MEASURES:
        known = ", ".join(ALL_MEASURES)
        return error(request, 404, f"no figure called {measure!r} (known: {known})")
    try:
        filters = read_filters(
            scope=scope,
            law=law,
            kind=kind,
            year=year,
            since=since,
            as_of=as_of,
            final_only=final_only,
        )
        chosen = scope_of(filters)
    except FilterError as exc:
        return error(request, 400, str(exc))
    default_unit = "prosecution" if measure in DISTRIBUTIONS else "person"
    chosen_unit = (unit or "").strip() or default_unit
    if chosen_unit not in UNITS or (measure in DISTRIBUTIONS and chosen_unit != "prosecution"):
        allowed = "prosecution" if measure in DISTRIBUTIONS else ", ".join(UNITS)
        return error(request, 400, f"unit must be one of {allowed}, not {chosen_unit!r}")
    if counted_in and counted_in not in COUNTED_IN:
        return error(request, 400, f"counted_in must be one of {', '.join(COUNTED_IN)}")
    options = Options(
        as_of=filters.as_of,
        unit=chosen_unit,
        include_drafts=not filters.final_only,
        with_rows=measure in DISTRIBUTIONS,
    )
    engine = request.app.state.engine
    try:
        fig = figure(engine, measure, chosen, options)
    except MeasureError as exc:
        return error(request, 400, str(exc))
    rows = [
        r
        for r in _rows(request, measure, chosen, options, fig.row_ids)
        if (not counted_in or r["counted_in"] == counted_in)
        and (not category or r["category"] == category)
    ]
    shown = rows[offset : offset + limit]
    labels = prosecution_labels(
        engine, [r["case_defendant_id"] for r in shown], public=request.state.public
    )
    for r in shown:
        r.update(labels.get(r["case_defendant_id"], {}))
    about = measure_json(measure, chosen_unit)
    data = {
        "figure": fig.to_json(with_rows=False),
        "measure": about,
        "filters": {**filters_json(filters, chosen), "unit": chosen_unit},
        "scope_description": chosen.description,
        "rows": {
            "counted_in": counted_in,
            "category": category,
            "total": len(rows),
            "limit": limit,
            "offset": offset,
            "items": shown,
        },
    }
    keep = {**filters.to_query(), "unit": unit, "counted_in": counted_in, "category": category}
    page = {
        "keep": filters.to_query(),
        "dashboard": query_string(filters.to_query()),
        "options": filter_options(),
        "previous": (
            query_string({**keep, "limit": limit, "offset": max(0, offset - limit)})
            if offset
            else None
        ),
        "next": (
            query_string({**keep, "limit": limit, "offset": offset + limit})
            if offset + limit < len(rows)
            else None
        ),
        "units": [u for u in UNITS if u in about["units"]],
        "counted_in": COUNTED_IN,
        "page_sizes": ROW_PAGE_SIZES,
    }
    return respond(request, "figure.html", data, page=page)
