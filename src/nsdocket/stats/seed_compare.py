"""Published figures beside the same measures computed on the database, and why they differ.

Events count as of the published figure's date; codings count as they stand today (the
question is what the database says of what was known then).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select

from nsdocket.db.schema import claim, official_figure
from nsdocket.stats.claim_match import match_claim
from nsdocket.stats.compute import Options
from nsdocket.stats.figure import Figure
from nsdocket.stats.figures import figure


@dataclass
class Comparison:
    """One published figure and the database's figure for the same measure and scope."""

    publisher: str
    published: str
    published_numerator: int | None
    published_denominator: int | None
    published_percent: str | None
    figure: Figure | None
    difference_points: float | None = None
    reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data (the figure without its row ids)."""
        data = dataclasses.asdict(self)
        data["figure"] = self.figure.to_json(with_rows=False) if self.figure else None
        return data


def _reasons(fig: Figure, numerator: int | None, denominator: int | None) -> list[str]:
    out: list[str] = []
    if denominator is not None and fig.denominator is not None and denominator != fig.denominator:
        out.append(
            f"the database holds {fig.denominator} {fig.unit_plural} in this scope "
            f"({fig.denominator_label}); the published figure used {denominator}"
        )
    if denominator is not None and fig.denominator is None and numerator is None:
        out.append(f"the published figure is a share of {denominator}; the database's is a count")
    if fig.denominator is None and numerator is not None and numerator != fig.numerator:
        out.append(f"the database counts {fig.numerator}; the published figure says {numerator}")
    for reason, n in fig.excluded.items():
        out.append(f"{n} left out: {reason}")
    if fig.unclear:
        out.append(f"{fig.unclear} coded unclear (kept in the denominator)")
    out.extend(fig.notes)
    if fig.codebook:
        out.append("codings as they stand today, of events known by the published date")
    out.append(
        "the bundled data is a hand-compiled sample of prosecutions, not the publisher's full "
        "data set"
    )
    return out


def _compare(
    engine: Engine,
    publisher: str,
    text: str,
    scope_text: str,
    numerator: int | None,
    denominator: int | None,
    percent: str | None,
    as_of: Any,
    unit: str,
) -> Comparison:
    row = Comparison(publisher, text, numerator, denominator, percent, None)
    target = match_claim(text, scope_text)
    if target is None:
        row.reasons.append("no database measure matches the claim's words")
        return row
    fig = figure(
        engine,
        target.measure,
        target.scope,
        Options(as_of=as_of, unit=unit, with_rows=False),
    )
    row.figure = fig
    stated = Decimal(percent) if percent else None
    if stated is None and numerator is not None and denominator:
        stated = Decimal(numerator) * 100 / Decimal(denominator)
    if stated is not None and fig.is_share and fig.value is not None:
        row.difference_points = round(float(stated) - fig.value * 100, 1)
    row.reasons = [f"matched: {target.because}", *_reasons(fig, numerator, denominator)]
    return row


def compare_with_published(engine: Engine, *, unit: str = "person") -> list[Comparison]:
    """Every stored claim and official total beside the database's figure as of its date."""
    out: list[Comparison] = []
    with engine.connect() as connection:
        claims = connection.execute(select(claim).order_by(claim.c.id)).mappings().all()
        totals = (
            connection.execute(select(official_figure).order_by(official_figure.c.as_of))
            .mappings()
            .all()
        )
    for c in claims:
        out.append(
            _compare(
                engine,
                c["publisher"],
                c["text"],
                c["scope_text"],
                c["numerator"],
                c["denominator"],
                c["percent"],
                c["date_lower"],
                unit,
            )
        )
    if totals:
        latest = totals[-1]
        for measure in ("arrested", "charged", "convicted"):
            if latest[measure] is None:
                continue
            out.append(
                _compare(
                    engine,
                    latest["publisher"],
                    f"{measure} under {latest['scope']}",
                    latest["scope"],
                    latest[measure],
                    None,
                    None,
                    latest["as_of"],
                    unit,
                )
            )
    return out
