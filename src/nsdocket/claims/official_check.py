"""The official and tracker figures checked: against themselves, each other and the database.

``order``
    in one statement, convicted <= charged <= arrested;
``running total``
    a publisher's cumulative total for one scope cannot fall from one date to a later one
    (ChinaFile's 103 convicted in July 2023 against its 68 at the end of 2023);
``database``
    the database's own count for the same stage and scope by that date: more named, sourced
    people than the total counts is a contradiction; fewer is a gap in the compiled data.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from nsdocket.claims.record import OfficialFigure, official_figures
from nsdocket.claims.record_database import STAGE_MEASURES, claim_scope
from nsdocket.claims.record_model import RecordVerdict
from nsdocket.stats.compute import Options
from nsdocket.stats.figures import figure

__all__ = ["OfficialCheck", "check_official_figures"]

_ORDER = ("arrested", "charged", "convicted")
_LAWS = {
    frozenset({"NSL"}): "NSL",
    frozenset({"SNSO"}): "SNSO",
    frozenset({"sedition"}): "sedition",
}


@dataclass(frozen=True)
class OfficialCheck:
    """One check of one official figure."""

    figure: OfficialFigure
    stage: str
    check: str
    verdict: RecordVerdict
    reason: str

    def to_json(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "publisher": self.figure.publisher,
            "as_of": self.figure.as_of.isoformat(),
            "scope": self.figure.scope,
            "stage": self.stage,
            "value": self.figure.counts.get(self.stage),
            "check": self.check,
            "verdict": self.verdict.value,
            "reason": self.reason,
        }


def _publisher(f: OfficialFigure) -> str:
    return f.publisher.split(" (")[0].strip().casefold()


def _order(f: OfficialFigure) -> list[OfficialCheck]:
    out: list[OfficialCheck] = []
    stages = [s for s in _ORDER if s in f.counts]
    for earlier, later in itertools.pairwise(stages):
        fits = f.counts[later] <= f.counts[earlier]
        out.append(
            OfficialCheck(
                f,
                later,
                "order",
                RecordVerdict.CONSISTENT if fits else RecordVerdict.CONTRADICTS,
                f"{f.counts[later]} {later} {'<=' if fits else '>'} {f.counts[earlier]} {earlier}",
            )
        )
    return out


def _running(figures: list[OfficialFigure]) -> list[OfficialCheck]:
    out: list[OfficialCheck] = []
    for i, f in enumerate(figures):
        for stage, value in f.counts.items():
            later = [
                g
                for g in figures[i + 1 :]
                if _publisher(g) == _publisher(f)
                and g.scope == f.scope
                and g.as_of > f.as_of
                and stage in g.counts
            ]
            if not later:
                continue
            nxt = later[0]
            if nxt.counts[stage] < value:
                out.append(
                    OfficialCheck(
                        f,
                        stage,
                        "running total",
                        RecordVerdict.CONTRADICTS,
                        f"{value} {stage} as of {f.as_of}, but {nxt.counts[stage]} as of "
                        f"{nxt.as_of} by the same publisher and scope: a running total cannot fall",
                    )
                )
    return out


def _database(engine: Engine, f: OfficialFigure) -> list[OfficialCheck]:
    out: list[OfficialCheck] = []
    law = _LAWS.get(f.laws)
    if law is None and f.laws != frozenset({"all"}):
        return out  # a mix of laws the scope profiles do not name
    scope = claim_scope(law, "people")
    assert scope is not None
    for stage, value in f.counts.items():
        measure = STAGE_MEASURES.get(stage)
        if measure is None:
            continue
        held = figure(engine, measure, scope, Options(as_of=f.as_of, with_rows=False)).numerator
        if held > value:
            verdict, reason = (
                RecordVerdict.CONTRADICTS,
                f"the database holds {held} named, sourced people {stage} under {scope.title} "
                f"by {f.as_of}, more than the {value} this figure counts: its scope or "
                "definition is narrower than its words, or it is older than its date",
            )
        else:
            verdict, reason = (
                RecordVerdict.CONSISTENT,
                f"the database holds {held} people {stage} under {scope.title} by {f.as_of} "
                "(a compiled set: fewer is a gap in the data)",
            )
        out.append(OfficialCheck(f, stage, "database", verdict, reason))
    return out


def _one_period(f: OfficialFigure) -> bool:
    """A count for one year or period ("arrests in calendar 2023 only"), not a running total."""
    return "calendar" in f.scope.casefold() or " only" in f.scope.casefold()


def check_official_figures(engine: Engine, *, as_of: dt.date | None = None) -> list[OfficialCheck]:
    """Every stored official or tracker figure checked (figures after ``as_of`` left out).

    A count for one year or period is checked for order only: running totals and the
    database's counts since 2020 are not comparable with it.
    """
    figures = [f for f in official_figures(engine) if as_of is None or f.as_of <= as_of]
    totals = [f for f in figures if not _one_period(f)]
    out: list[OfficialCheck] = []
    for f in figures:
        out += _order(f)
    out += _running(totals)
    for f in totals:
        out += _database(engine, f)
    return out
