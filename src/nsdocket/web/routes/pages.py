"""The dashboard and the methodology page."""

from __future__ import annotations

import dataclasses
import importlib
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from nsdocket.coding import bundled_codebook
from nsdocket.queries.summary import summarise
from nsdocket.web.render import respond

router = APIRouter(tags=["pages"])

FIGURES_PENDING = (
    "Headline figures (shares with intervals, over time, by law) will appear here once the "
    "statistics module provides them. The counts below are what the database holds."
)


def headline_figures(engine: Any) -> list[dict[str, Any]] | None:
    """The headline figures as JSON, or None while ``nsdocket.stats`` does not provide them."""
    stats = importlib.import_module("nsdocket.stats")
    compute = getattr(stats, "headline_figures", None)
    if compute is None:
        return None
    return [figure.to_json() for figure in compute(engine)]


def _bar_chart(title: str, counts: dict[str, int], field: str) -> dict[str, Any]:
    """A Vega-Lite bar chart of counts the library already computed."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "title": title,
        "width": "container",
        "data": {"values": [{field: k, "count": v} for k, v in sorted(counts.items())]},
        "mark": "bar",
        "encoding": {
            "y": {"field": field, "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "count", "type": "quantitative", "title": "count"},
            "tooltip": [{"field": field}, {"field": "count"}],
        },
    }


@router.get("/", name="dashboard", summary="Dashboard: what the database holds, headline figures")
def dashboard(request: Request) -> Response:
    """The dashboard: counts of cases, defendants and charges, and the headline figures."""
    engine = request.app.state.engine
    summary = summarise(engine)
    figures = headline_figures(engine)
    data = {
        "summary": {
            **dataclasses.asdict(summary),
            "defendants": summary.defendants,
            "charges": summary.charges,
        },
        "figures": figures,
        "figures_note": None if figures is not None else FIGURES_PENDING,
    }
    charts = [
        _bar_chart("Charges by law", summary.charges_by_law, "law"),
        _bar_chart("Cases by status", summary.cases_by_status, "status"),
        _bar_chart("Events by kind", summary.events_by_kind, "event"),
    ]
    return respond(request, "dashboard.html", data, page={"charts": charts})


@router.get("/methodology", name="methodology", summary="The codebook coders answer")
def methodology(request: Request) -> Response:
    """The codebook: its questions, answers and the instruments it relies on."""
    codebook = bundled_codebook()
    data = {
        "codebook": {
            **codebook.model_dump(mode="json", by_alias=True, exclude={"labels"}),
            "content_hash": codebook.content_hash,
        }
    }
    return respond(request, "methodology.html", data)
