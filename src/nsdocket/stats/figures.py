"""The public face of the statistics: figures by name, the headline set, scopes side by side.

A figure reads as a pipeline: options (clock, date, unit, codings) -> the in-scope facts
(`facts.facts_for`, one table kept current by every write) -> the measures (pure descriptions,
`measures`) -> Figures. With the ``as recorded`` clock the same pipeline runs on the database
as it stood that day, rebuilt from the audit log (`recorded.recorded_engine`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Engine

from nsdocket.stats.compute import checked_measure, compute_many
from nsdocket.stats.distributions import pretrial_detention_with, sentence_months_with
from nsdocket.stats.facts import facts_for
from nsdocket.stats.figure import Figure
from nsdocket.stats.measures import HEADLINE_MEASURES
from nsdocket.stats.options import Options
from nsdocket.stats.recorded import clocked
from nsdocket.stats.scopes import DEFAULT_SCOPE, Scope, get_scope, scope_profiles
from nsdocket.stats.stages import explain_stage_order

DISTRIBUTIONS = ("sentence_months", "pretrial_detention")
ALL_MEASURES = (*HEADLINE_MEASURES, *DISTRIBUTIONS)


def figure(
    engine: Engine, measure: str, scope: Scope | str = DEFAULT_SCOPE, options: Options | None = None
) -> Figure:
    """Compute one measure (a share, a count or a distribution) under a scope.

    Args:
        engine: the database.
        measure: a measure name from `ALL_MEASURES`.
        scope: a scope profile or its name.
        options: clock and date, unit, whether drafts count, whether to collect row ids.

    Raises:
        KeyError: unknown measure or scope.
    """
    options = options or Options()
    scope = get_scope(scope) if isinstance(scope, str) else scope
    return headline_figures_with(engine, scope, options, measures=(measure,))[0]


def headline_figures(
    engine: Engine,
    scope: Scope | str = DEFAULT_SCOPE,
    as_of: dt.date | None = None,
    *,
    as_recorded: dt.date | None = None,
    unit: str = "person",
    include_drafts: bool = True,
    with_rows: bool = True,
    measures: Sequence[str] = ALL_MEASURES,
) -> list[Figure]:
    """The headline table: arrests, charges, verdicts, the legitimate-expression share, bail,
    sentences and detention, all under one scope, clock and date.

    Args:
        engine: the database.
        scope: a scope profile or its name.
        as_of: facts that happened by this day, with today's codings (None: every fact).
        as_recorded: the database as it stood at the end of this day instead (see `Options`).
        unit: person, prosecution or case (distributions are always by prosecution).
        include_drafts: let draft codings stand where no final coding exists.
        with_rows: collect the row ids behind each figure.
        measures: which figures.

    Raises:
        KeyError: unknown measure.
    """
    scope = get_scope(scope) if isinstance(scope, str) else scope
    options = Options(
        as_of=as_of,
        as_recorded=as_recorded,
        unit=unit,
        include_drafts=include_drafts,
        with_rows=with_rows,
    )
    figures = headline_figures_with(engine, scope, options, measures=measures)
    explain_stage_order(figures)
    return figures


def headline_figures_with(
    engine: Engine, scope: Scope, options: Options, *, measures: Sequence[str] = ALL_MEASURES
) -> list[Figure]:
    """`headline_figures` with its options given whole: the in-scope facts are chosen once
    and every figure reads them.

    Raises:
        KeyError: unknown measure.
        MeasureError: a unit a measure does not support.
    """
    engine, options = clocked(engine, options)
    per_unit = {
        name: dataclasses.replace(options, unit="prosecution") if name in DISTRIBUTIONS else options
        for name in measures
    }
    shares = [name for name in measures if name not in DISTRIBUTIONS]
    checked = [(checked_measure(name, per_unit[name].unit), per_unit[name]) for name in shares]
    out: dict[str, Figure] = {}
    with engine.connect() as connection, facts_for(connection, scope, options) as facts:
        out.update(zip(shares, compute_many(connection, facts, checked, scope), strict=True))
        if "sentence_months" in measures:
            chosen = per_unit["sentence_months"]
            out["sentence_months"] = sentence_months_with(connection, facts, scope, chosen)
        if "pretrial_detention" in measures:
            chosen = per_unit["pretrial_detention"]
            out["pretrial_detention"] = pretrial_detention_with(connection, facts, scope, chosen)
    return [out[name] for name in measures]


def compare_scopes(
    engine: Engine, measure: str, options: Options | None = None, jurisdiction: str = "hk"
) -> list[Figure]:
    """One measure under every scope profile, so a reader sees how each denominator moves."""
    return [
        figure(engine, measure, scope, options) for scope in scope_profiles(jurisdiction).values()
    ]
