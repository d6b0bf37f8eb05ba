"""Charts for the report, drawn with Altair and rendered to SVG by vl-convert.

Each chart takes numbers the library computed (figures, their breakdowns and summary
statistics) and only reshapes them. The SVG is inlined in the report, so the HTML file needs
nothing else to show them; a chart with no data is None and the report says so instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import altair as alt
import vl_convert as vlc

from nsdocket.report.data import ReportData, YearCount
from nsdocket.stats.figure import Figure

WIDTH = 640
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
CONFIG: dict[str, Any] = {
    "font": FONT,
    "view": {"stroke": None},
    "axis": {"labelFontSize": 10, "titleFontSize": 10},
    "legend": {"labelFontSize": 10, "titleFontSize": 10},
    "title": {"fontSize": 12, "anchor": "start"},
}


Spec = alt.TopLevelMixin


def _spec(chart: Any) -> Spec:
    return cast(Spec, chart)


@dataclass(frozen=True)
class Chart:
    """A rendered chart: a key for anchors, a title and the SVG markup (empty: no data)."""

    key: str
    title: str
    svg: str


def to_svg(chart: Spec, key: str) -> str:
    """Render a chart to SVG, with its element ids made unique to ``key``."""
    spec = chart.to_dict()
    spec["config"] = {**spec.get("config", {}), **CONFIG}
    svg = vlc.vegalite_to_svg(spec, allowed_base_urls=[])
    svg = re.sub(r'id="([^"]+)"', rf'id="{key}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{key}-\1)", svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{key}-\1"', svg)
    return re.sub(r"<svg ", f'<svg role="img" aria-labelledby="{key}-title" ', svg, count=1)


def over_time(series: Sequence[YearCount], laws: Sequence[str]) -> Spec | None:
    """Arrested, charged and convicted people per year, one line per law, one panel each."""
    if not series:
        return None
    rows = [vars(p) for p in series]
    return _spec(
        alt.Chart({"values": rows})
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("count:Q", title="people"),
            color=alt.Color("law:N", title="law", scale=alt.Scale(domain=list(laws))),
            tooltip=["measure:N", "law:N", "year:O", "count:Q"],
        )
        .properties(width=170, height=170)
        .facet(
            column=alt.Column("measure:N", title=None, sort=["Arrested", "Charged", "Convicted"])
        )
    )


def _range_rows(figures: Sequence[Figure]) -> list[dict[str, Any]]:
    rows = []
    for fig in figures:
        if fig.value is None or not fig.denominator or fig.interval is None:
            continue
        low, high = fig.bounds or (fig.value, fig.value)
        rows.append(
            {
                "scope": f"{fig.scope} ({fig.numerator}/{fig.denominator})",
                "share": fig.value,
                "low": fig.interval[0],
                "high": fig.interval[1],
                "bound_low": low,
                "bound_high": high,
            }
        )
    return rows


def share_with_bounds(figures: Sequence[Figure]) -> Spec | None:
    """The legitimate-expression share under each scope: the share (dot), its Wilson 95%
    interval (thin line) and the bounds from unclear answers (thick bar)."""
    rows = _range_rows(figures)
    if not rows:
        return None
    base = alt.Chart({"values": rows}).encode(y=alt.Y("scope:N", title=None, sort=None))
    axis = alt.Axis(format="%", title="share of concluded, coded cases")
    scale = alt.Scale(domain=[0, 1])
    interval = base.mark_rule(color="#555").encode(
        x=alt.X("low:Q", axis=axis, scale=scale), x2="high:Q"
    )
    bounds = base.mark_bar(size=10, color="#9ecae1").encode(x="bound_low:Q", x2="bound_high:Q")
    point = base.mark_point(filled=True, size=60, color="#08519c").encode(
        x="share:Q", tooltip=["scope:N", alt.Tooltip("share:Q", format=".1%")]
    )
    return _spec(alt.layer(interval, bounds, point).properties(width=WIDTH - 200))


def bail(fig: Figure | None) -> Spec | None:
    """Bail decisions: denied, granted, and the charged defendants with no decision recorded."""
    if fig is None or fig.denominator is None:
        return None
    rows = [
        {"decision": "denied bail (at least once)", "count": fig.numerator},
        {"decision": "granted bail", "count": fig.denominator - fig.numerator},
    ]
    rows += [{"decision": reason, "count": n} for reason, n in fig.excluded.items()]
    if not fig.denominator:
        return None
    return _spec(
        alt.Chart({"values": rows})
        .mark_bar()
        .encode(
            y=alt.Y("decision:N", title=None, sort=None),
            x=alt.X("count:Q", title=fig.unit_plural),
            color=alt.Color("decision:N", legend=None),
        )
        .properties(width=WIDTH - 260)
    )


def _box(rows: list[dict[str, Any]], label: str, unit: str) -> Spec:
    base = alt.Chart({"values": rows}).encode(
        y=alt.Y(f"{label}:N", title=None, sort=None, axis=alt.Axis(labelLimit=420))
    )
    whisker = base.mark_rule(color="#555").encode(x=alt.X("min:Q", title=unit), x2="max:Q")
    box = base.mark_bar(size=12, color="#9ecae1").encode(x="q1:Q", x2="q3:Q")
    median = base.mark_tick(color="#08519c", thickness=2, size=14).encode(
        x="median:Q", tooltip=[f"{label}:N", "n:Q", "min:Q", "q1:Q", "median:Q", "q3:Q", "max:Q"]
    )
    return _spec(alt.layer(whisker, box, median).properties(width=WIDTH - 300))


def _stat_row(label: str, stats: dict[str, Any]) -> dict[str, Any] | None:
    if not stats.get("n"):
        return None
    keys = ("n", "min", "q1", "median", "q3", "max")
    return {"label": f"{label} (n={stats['n']})", **{k: stats[k] for k in keys}}


def detention(fig: Figure | None) -> Spec | None:
    """Pre-trial detention in months: range, quartiles and median (from the figure's stats)."""
    row = _stat_row("all", fig.stats) if fig is not None else None
    return _box([row], "label", "months") if row else None


def sentences(fig: Figure | None) -> Spec | None:
    """Sentence lengths in months by offence: range, quartiles and median per offence."""
    if fig is None:
        return None
    by_offence = fig.breakdown.get("by_offence", {})
    rows = [r for name, s in by_offence.items() if (r := _stat_row(name, s)) is not None]
    return _box(rows, "label", "months") if rows else None


def render_charts(data: ReportData, laws: Sequence[str]) -> dict[str, Chart]:
    """Every chart of the report, by key; a chart without data has empty ``svg``."""
    specs: list[tuple[str, str, Any]] = [
        (
            "over-time",
            "Arrested, charged and convicted, by year and law",
            over_time(data.series, laws),
        ),
        (
            "legitimate-expression",
            "Legitimate-expression share under each scope",
            share_with_bounds(data.scope_shares),
        ),
        ("bail", "Bail decisions", bail(data.figure("bail_denied"))),
        (
            "detention",
            "Pre-trial detention in months",
            detention(data.figure("pretrial_detention")),
        ),
        ("sentences", "Sentence lengths by offence", sentences(data.figure("sentence_months"))),
    ]
    return {
        key: Chart(key, title, to_svg(chart, key) if chart is not None else "")
        for key, title, chart in specs
    }
