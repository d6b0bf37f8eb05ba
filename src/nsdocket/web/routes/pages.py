"""The dashboard (headline figures under a scope) and the methodology page."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from nsdocket.coding import bundled_codebook
from nsdocket.db.data_version import UntilChanged
from nsdocket.queries.summary import summarise
from nsdocket.stats.figures import headline_figures
from nsdocket.stats.measures import MEASURES
from nsdocket.stats.scopes import scope_profiles
from nsdocket.web.charts import by_law_chart, over_time_chart, sentences_chart, shares_chart
from nsdocket.web.filters import FilterError, filter_options, filters_json, read_filters, scope_of
from nsdocket.web.render import error, query_string, respond

router = APIRouter(tags=["pages"])
#: The figures and summary of the filter sets asked for lately, for the data's current state.
_DASHBOARDS: UntilChanged[tuple[list[dict[str, Any]], Any]] = UntilChanged(size=64)


@router.get("/", name="dashboard", summary="Dashboard: headline figures under a scope")
def dashboard(
    request: Request,
    scope: str | None = Query(None, description="scope profile, e.g. amnesty-2025"),
    law: str | None = Query(None, description="narrow the scope to one law, e.g. CAP200"),
    kind: str | None = Query(None, description="count only this defendant kind"),
    year: str | None = Query(None, description="only prosecutions arrested in this year"),
    since: bool = Query(False, description="with year: that year or later"),
    as_of: str | None = Query(None, description="figures as of this date (YYYY-MM-DD)"),
    final_only: bool = Query(False, description="leave out draft codings"),
) -> Response:
    """Headline figures (counts, shares with intervals, distributions), charts drawn from them
    under the same filters, and what the whole database holds."""
    engine = request.app.state.engine
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

    def compute() -> tuple[list[dict[str, Any]], Any]:
        figures = [
            f.to_json(with_rows=False)
            for f in headline_figures(
                engine, chosen, filters.as_of, include_drafts=not filters.final_only,
                with_rows=False,
            )
        ]  # fmt: skip
        return figures, summarise(engine)

    # A filter set already asked for, with the data unchanged since, is not computed again.
    key = tuple(sorted((k, str(v)) for k, v in filters.to_query().items()))
    kept, summary = _DASHBOARDS.get(engine, key, compute)
    figures = copy.deepcopy(kept)  # the page's own: nothing downstream changes the kept ones
    data = {
        "filters": filters_json(filters, chosen),
        "figures": figures,
        "summary": {
            **dataclasses.asdict(summary),
            "defendants": summary.defendants,
            "charges": summary.charges,
        },
    }
    charts = [
        c
        for c in (
            over_time_chart(figures),
            by_law_chart(figures),
            shares_chart(figures),
            sentences_chart(figures),
        )
        if c is not None
    ]
    page = {
        "charts": charts,
        "options": filter_options(),
        "figure_query": query_string(filters.to_query()),
        "cases_query": query_string(
            {
                "law": filters.law,
                "kind": filters.kind,
                "year": None if filters.since else filters.year,
            }
        ),
    }
    return respond(request, "dashboard.html", data, page=page)


@router.get("/methodology", name="methodology", summary="Codebook, measures and scopes")
def methodology(request: Request) -> Response:
    """The codebook's questions and instruments, the measures and the scope profiles."""
    codebook = bundled_codebook()
    data = {
        "codebook": {
            **codebook.model_dump(mode="json", by_alias=True, exclude={"labels"}),
            "content_hash": codebook.content_hash,
        },
        "measures": [
            {"name": m.name, "title": m.title, "definition": m.definition}
            for m in MEASURES.values()
        ],
        "scopes": [
            {**dataclasses.asdict(s), "in_words": s.in_words()} for s in scope_profiles().values()
        ],
    }
    return respond(request, "methodology.html", data)
