"""The report as one self-contained HTML file: styles and SVG charts inline, nothing fetched.

The same database, scope and as-of date give the same file, apart from the one line marked
``data-generated`` that says when it was made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from sqlalchemy import Engine

from nsdocket import __version__
from nsdocket.report.charts import render_charts
from nsdocket.report.data import ReportData, gather, law_codes
from nsdocket.report.methodology import methodology
from nsdocket.stats.scopes import DEFAULT_SCOPE

GENERATED_MARK = "data-generated"
# Short names of measures for the table of defendants.
SHORT_MEASURES = {
    "legitimate_expression": "expression share",
    "bail_denied": "bail",
    "sentence_months": "sentence",
    "pretrial_detention": "detention",
}


def pct(value: float | None) -> str:
    """A share as a percent with one decimal ("84.6%"); "n/a" for None."""
    return "n/a" if value is None else f"{value:.1%}"


def num(value: float | None) -> str:
    """A number without trailing zeros ("11", "10.5"); "n/a" for None."""
    return "n/a" if value is None else f"{value:g}"


def dec(value: float | None) -> str:
    """A coefficient with three decimals; "n/a" for None."""
    return "n/a" if value is None else f"{value:.3f}"


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("nsdocket.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(pct=pct, num=num, dec=dec, short_measure=lambda m: SHORT_MEASURES.get(m, m))
    return env


def _css() -> str:
    return (resources.files("nsdocket.report") / "templates" / "report.css").read_text(
        encoding="utf-8"
    )


def render_html(data: ReportData, *, generated_at: dt.datetime | None = None) -> str:
    """Render gathered report data to HTML text.

    Every withheld name or address is replaced once more over the whole page, so no part of
    the page (a title, a quote, a chart label) can carry it.
    """
    generated_at = generated_at or dt.datetime.now(dt.UTC)
    laws = law_codes(data.scope)
    day = data.as_of
    text = (
        _environment()
        .get_template("report.html.j2")
        .render(
            title=f"National-security prosecutions in Hong Kong: figures as of {day.isoformat()}",
            as_of_words=f"{day.day} {day:%B %Y}",
            data=data,
            m=methodology(data),
            charts=render_charts(data, laws),
            laws=laws,
            css=_css(),
            generated=generated_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
            version=__version__,
        )
    )
    return data.scrubber.text(text)


@dataclass(frozen=True)
class Report:
    """A rendered report and what it was made from."""

    data: ReportData
    html: str


def build_report(
    engine: Engine,
    as_of: dt.date,
    *,
    scope: str = DEFAULT_SCOPE,
    generated_at: dt.datetime | None = None,
    as_recorded: dt.date | None = None,
) -> Report:
    """Gather the figures for ``scope`` as of ``as_of`` (or as the database stood at the end
    of ``as_recorded``) and render the report.

    Raises:
        KeyError: an unknown scope.
    """
    data = gather(engine, as_of, scope, as_recorded=as_recorded)
    return Report(data, render_html(data, generated_at=generated_at))


def write_html(report: Report, path: Path) -> None:
    """Write the report's HTML to ``path`` (UTF-8)."""
    path.write_text(report.html, encoding="utf-8")


def without_generated_line(html: str) -> str:
    """The HTML without its generated-at line: what must be identical between two runs."""
    return "\n".join(line for line in html.splitlines() if GENERATED_MARK not in line)
