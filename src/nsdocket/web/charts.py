"""Vega-Lite chart specs from numbers the library computed: reshaping only, no arithmetic."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# The breakdowns that place units in a year, per measure.
YEAR_BREAKDOWNS = ("by_year_of_arrest", "by_year_of_verdict")
OVER_TIME = ("arrested", "charged", "convicted")


def bar_chart(title: str, counts: Mapping[str, Any], field: str) -> dict[str, Any]:
    """Horizontal bars, one per key of ``counts``."""
    return {
        "$schema": SCHEMA,
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


def _year_rows(figures: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for fig in figures:
        if fig.get("measure") not in OVER_TIME:
            continue
        for key in YEAR_BREAKDOWNS:
            for year, n in (fig.get("breakdown") or {}).get(key, {}).items():
                if str(year).isdigit() and isinstance(n, int):
                    rows.append({"measure": fig.get("title"), "year": str(year), "count": n})
    return rows


def over_time_chart(figures: Iterable[Mapping[str, Any]]) -> dict[str, Any] | None:
    """Arrests, charges and convictions per year, from the figures' own year breakdowns."""
    rows = _year_rows(figures)
    if not rows:
        return None
    return {
        "$schema": SCHEMA,
        "title": {
            "text": "By year",
            "subtitle": ["arrests and charges: year of arrest", "convictions: year of verdict"],
            "anchor": "start",
        },
        "width": "container",
        "data": {"values": rows},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": "year"},
            "y": {"field": "count", "type": "quantitative", "title": "people"},
            "color": {"field": "measure", "type": "nominal", "title": None},
            "tooltip": [{"field": "measure"}, {"field": "year"}, {"field": "count"}],
        },
    }


def by_law_chart(figures: Iterable[Mapping[str, Any]]) -> dict[str, Any] | None:
    """Each count figure split by law, from the figures' own ``by_law`` breakdowns."""
    rows = [
        {"measure": fig.get("title"), "law": law, "count": n}
        for fig in figures
        if fig.get("measure") in OVER_TIME
        for law, n in (fig.get("breakdown") or {}).get("by_law", {}).items()
        if isinstance(n, int)
    ]
    if not rows:
        return None
    return {
        "$schema": SCHEMA,
        "title": "By law",
        "width": "container",
        "data": {"values": rows},
        "mark": "bar",
        "encoding": {
            "y": {"field": "law", "type": "nominal", "title": None},
            "yOffset": {"field": "measure"},
            "x": {"field": "count", "type": "quantitative", "title": "people"},
            "color": {"field": "measure", "type": "nominal", "title": None},
            "tooltip": [{"field": "measure"}, {"field": "law"}, {"field": "count"}],
        },
    }


def shares_chart(figures: Iterable[Mapping[str, Any]]) -> dict[str, Any] | None:
    """Each share figure as a point with its 95% interval, from the figures' own values."""
    rows = [
        {
            "measure": fig.get("title"),
            "share": fig["value"],
            "low": fig["interval"][0],
            "high": fig["interval"][1],
            "of": f"{fig.get('numerator')} of {fig.get('denominator')}",
        }
        for fig in figures
        if fig.get("denominator") and not fig.get("stats") and fig.get("interval")
        if fig.get("value") is not None
    ]
    if not rows:
        return None
    axis = {"field": "share", "type": "quantitative", "title": "share", "axis": {"format": "%"}}
    return {
        "$schema": SCHEMA,
        "title": {
            "text": "Shares",
            "subtitle": "with their 95% intervals (Wilson)",
            "anchor": "start",
        },
        "width": "container",
        "data": {"values": rows},
        "encoding": {
            "y": {"field": "measure", "type": "nominal", "title": None, "axis": {"labelLimit": 160}}
        },
        "layer": [
            {
                "mark": "rule",
                "encoding": {
                    "x": {**axis, "field": "low", "scale": {"domain": [0, 1]}},
                    "x2": {"field": "high"},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 80},
                "encoding": {
                    "x": axis,
                    "tooltip": [
                        {"field": "measure"},
                        {"field": "share", "format": ".1%"},
                        {"field": "of"},
                        {"field": "low", "format": ".1%"},
                        {"field": "high", "format": ".1%"},
                    ],
                },
            },
        ],
    }


def sentences_chart(figures: Iterable[Mapping[str, Any]]) -> dict[str, Any] | None:
    """Median sentence by offence with its quartiles, from the sentence figure's breakdown."""
    rows = [
        {
            "offence": offence,
            "median": s["median"],
            "q1": s["q1"],
            "q3": s["q3"],
            "n": s["n"],
        }
        for fig in figures
        if fig.get("measure") == "sentence_months"
        for offence, s in (fig.get("breakdown") or {}).get("by_offence", {}).items()
        if s.get("n")
    ]
    if not rows:
        return None
    return {
        "$schema": SCHEMA,
        "title": {
            "text": "Sentences by offence",
            "subtitle": "median months; the line spans the quartiles",
            "anchor": "start",
        },
        "width": "container",
        "data": {"values": rows},
        "encoding": {
            "y": {"field": "offence", "type": "nominal", "title": None, "sort": "-x"},
        },
        "layer": [
            {
                "mark": "bar",
                "encoding": {
                    "x": {"field": "median", "type": "quantitative", "title": "months"},
                    "tooltip": [
                        {"field": "offence"},
                        {"field": "median"},
                        {"field": "q1"},
                        {"field": "q3"},
                        {"field": "n"},
                    ],
                },
            },
            {
                "mark": {"type": "rule", "strokeWidth": 2},
                "encoding": {
                    "x": {"field": "q1", "type": "quantitative", "title": "months"},
                    "x2": {"field": "q3"},
                },
            },
        ],
    }
