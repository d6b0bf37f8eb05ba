"""Published figures beside the same measures computed on the database, and why they differ,
row by row.

A published figure is compared with the database's figure for the same measure and scope, as
of its date (facts that happened by then, judged with today's codings). Where the two differ,
the difference is split into named gaps, each listing the prosecutions behind it: those that
concluded only after the date, those concluded but not coded, those coded unclear, those the
publisher's unit would count differently, and what remains, which is what the database does not
hold.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select

from nsdocket.db.schema import claim, event, official_figure
from nsdocket.stats.claim_match import match_claim
from nsdocket.stats.compute import ExplainedRow, Options, explain
from nsdocket.stats.figure import Figure
from nsdocket.stats.figures import DISTRIBUTIONS, figure
from nsdocket.stats.measures import MEASURES

#: The published figures a new database is compared with on `make run`: Amnesty International's
#: fifth-anniversary figures and the press's restatement of one of them.
SEED_PUBLISHERS = ("Amnesty International", "press coverage")
SEED_DATE = "2025-06-30"


@dataclass
class Gap:
    """One named part of the difference, with the prosecutions behind it."""

    label: str
    count: int
    rows: list[str] = field(default_factory=list)


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
    gaps: list[Gap] = field(default_factory=list)
    published_value: str | None = None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data (the figure without its row ids)."""
        data = dataclasses.asdict(self)
        data["figure"] = self.figure.to_json(with_rows=False) if self.figure else None
        return data


def _label(row: ExplainedRow, verdicts: dict[int, str]) -> str:
    when = verdicts.get(row.case_defendant_id)
    tail = f", verdict {when}" if when else ""
    return f"{row.defendant} (prosecution {row.case_defendant_id}: {row.case_title}{tail})"


def _verdict_dates(engine: Engine, ids: Sequence[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    with engine.connect() as connection:
        for start in range(0, len(ids), 500):
            for cd, date in connection.execute(
                select(event.c.case_defendant_id, event.c.date_edtf)
                .where(
                    event.c.case_defendant_id.in_(ids[start : start + 500]),
                    event.c.kind.in_(("verdict", "sentence")),
                )
                .order_by(event.c.date_lower)
            ):
                out.setdefault(int(cd), str(date or "undated"))
    return out


def _share_gaps(
    engine: Engine, fig: Figure, measure: str, scope: str, as_of: dt.date | None, denominator: int
) -> list[Gap]:
    """The difference between a published denominator and the database's, split into named
    gaps of prosecutions."""
    m = MEASURES[measure]
    then = explain(engine, measure, _scope(scope), Options(as_of=as_of))
    now = {r.case_defendant_id: r for r in explain(engine, measure, _scope(scope), Options())}
    verdicts = _verdict_dates(engine, sorted(now))
    gaps: list[Gap] = []
    in_then = {r.case_defendant_id for r in then if r.category in m.denominator}
    later = [r for i, r in now.items() if r.category in m.denominator and i not in in_then]
    if later:
        gaps.append(
            Gap(
                f"in the database's denominator today, not yet by {as_of}",
                len(later),
                [_label(r, verdicts) for r in later],
            )
        )
    for category in m.categories:
        if category in m.denominator or category.startswith("not charged"):
            continue
        rows = [r for r in then if r.category == category]
        if rows:
            gaps.append(
                Gap(
                    f"left out as of {as_of}: {category}",
                    len(rows),
                    [_label(r, verdicts) for r in rows],
                )
            )
    unclear = [r for r in then if r.category in m.unclear]
    if unclear:
        gaps.append(
            Gap(
                "coded unclear (kept in the denominator)",
                len(unclear),
                [_label(r, verdicts) for r in unclear],
            )
        )
    held = fig.denominator or 0
    if fig.unit == "person":
        cases = figure(engine, measure, scope, Options(as_of=as_of, unit="case", with_rows=False))
        gaps.append(
            Gap(
                f"the same figure counted by case, as the publisher counts: {cases.numerator} of "
                f"{cases.denominator} cases",
                cases.denominator or 0,
            )
        )
    if denominator > held:
        gaps.append(
            Gap(
                f"counted by the publisher and not in the database: {denominator - held} (the "
                "publisher's list of cases is not published; see SOURCES.md, known gaps)",
                denominator - held,
            )
        )
    elif denominator < held:
        gaps.append(
            Gap(
                f"in the database and not in the published figure: {held - denominator} (a wider "
                "period or scope than the publisher's, or prosecutions it did not count)",
                held - denominator,
            )
        )
    return gaps


def _detention_gaps(engine: Engine, fig: Figure, scope: str, as_of: dt.date | None) -> list[Gap]:
    bail = explain(engine, "bail_denied", _scope(scope), Options(as_of=as_of))
    denied = [r for r in bail if r.category == "denied"]
    counted = set(fig.row_ids)
    verdicts = _verdict_dates(engine, [r.case_defendant_id for r in denied])
    waiting = [r for r in denied if r.case_defendant_id not in counted]
    gaps = [
        Gap(
            f"denied bail by {as_of} and counted (a dated remand and its end by then): "
            f"{len(denied) - len(waiting)}",
            len(denied) - len(waiting),
        )
    ]
    if waiting:
        gaps.append(
            Gap(
                f"denied bail by {as_of} but not counted: still in custody then, or no dated "
                "remand recorded (the publisher may count their time so far)",
                len(waiting),
                [_label(r, verdicts) for r in waiting],
            )
        )
    stats = fig.stats
    if stats.get("mean_range"):
        low, high = stats["mean_range"]
        gaps.append(Gap(f"the database's mean: {stats['mean']} months (range {low}-{high})", 0))
    return gaps


def _scope(name: str) -> Any:
    from nsdocket.stats.scopes import get_scope

    return get_scope(name)


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
    value: str | None = None,
    with_gaps: bool = True,
) -> Comparison:
    row = Comparison(publisher, text, numerator, denominator, percent, None, published_value=value)
    target = match_claim(text, scope_text)
    if target is None:
        row.reasons.append("no database measure matches the claim's words")
        return row
    chosen_unit = "prosecution" if target.measure in DISTRIBUTIONS else unit
    fig = figure(
        engine,
        target.measure,
        target.scope,
        Options(as_of=as_of, unit=chosen_unit, with_rows=target.measure in DISTRIBUTIONS),
    )
    row.figure = fig
    stated = Decimal(percent) if percent else None
    if stated is None and numerator is not None and denominator:
        stated = Decimal(numerator) * 100 / Decimal(denominator)
    if stated is not None and fig.is_share and fig.value is not None:
        row.difference_points = round(float(stated) - fig.value * 100, 1)
    row.reasons = [f"matched: {target.because}", *_reasons(fig, numerator, denominator)]
    if not with_gaps:
        return row
    if target.measure == "pretrial_detention":
        row.gaps = _detention_gaps(engine, fig, target.scope, as_of)
    elif fig.is_share and denominator is not None:
        row.gaps = _share_gaps(engine, fig, target.measure, target.scope, as_of, denominator)
    elif fig.is_share:
        row.gaps = _share_gaps(
            engine, fig, target.measure, target.scope, as_of, fig.denominator or 0
        )
    return row


def _states_a_number(c: Any) -> bool:
    return any(c[k] is not None for k in ("numerator", "denominator", "percent", "value"))


def compare_with_published(
    engine: Engine,
    *,
    unit: str = "person",
    publishers: Sequence[str] | None = SEED_PUBLISHERS,
    date: str | None = SEED_DATE,
    with_gaps: bool = True,
) -> list[Comparison]:
    """Stored claims that state a number, and the latest official totals, each beside the
    database's figure as of its date, with the difference split into gaps row by row.

    Args:
        engine: the database.
        unit: the unit of the database's figures (distributions are by prosecution).
        publishers: only claims by these publishers (None: every publisher).
        date: only claims of this date (None: every date).
        with_gaps: split each difference into named gaps with their rows.
    """
    out: list[Comparison] = []
    with engine.connect() as connection:
        claims = connection.execute(select(claim).order_by(claim.c.id)).mappings().all()
        totals = (
            connection.execute(select(official_figure).order_by(official_figure.c.as_of))
            .mappings()
            .all()
        )
    for c in claims:
        if publishers is not None and c["publisher"] not in publishers:
            continue
        if date is not None and c["date_edtf"] != date:
            continue
        if not _states_a_number(c):
            continue
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
                c["value"],
                with_gaps,
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
                    with_gaps=False,
                )
            )
    return out
