"""The public face of the statistics: figures by name, the headline set, scopes side by side."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Engine

from nsdocket.stats import distributions
from nsdocket.stats.compute import checked_measure, compute, compute_many
from nsdocket.stats.distributions import (
    pretrial_detention,
    pretrial_detention_with,
    sentence_months,
    sentence_months_with,
)
from nsdocket.stats.facts import Need, shared_facts
from nsdocket.stats.figure import Figure
from nsdocket.stats.measures import HEADLINE_MEASURES, MEASURES
from nsdocket.stats.options import Options
from nsdocket.stats.scopes import DEFAULT_SCOPE, Scope, get_scope, scope_profiles

DISTRIBUTIONS = ("sentence_months", "pretrial_detention")
ALL_MEASURES = (*MEASURES, *DISTRIBUTIONS)


def figure(
    engine: Engine, measure: str, scope: Scope | str = DEFAULT_SCOPE, options: Options | None = None
) -> Figure:
    """Compute one measure (a share, a count or a distribution) under a scope.

    Args:
        engine: the database.
        measure: a measure name from `ALL_MEASURES`.
        scope: a scope profile or its name.
        options: as-of date, unit, whether drafts count, whether to collect row ids.

    Raises:
        KeyError: unknown measure or scope.
    """
    options = options or Options()
    scope = get_scope(scope) if isinstance(scope, str) else scope
    if measure == "sentence_months":
        return sentence_months(engine, scope, options)
    if measure == "pretrial_detention":
        return pretrial_detention(engine, scope, options)
    return compute(engine, measure, scope, options)


def headline_figures(
    engine: Engine,
    scope: Scope | str = DEFAULT_SCOPE,
    as_of: dt.date | None = None,
    *,
    unit: str = "person",
    include_drafts: bool = True,
    with_rows: bool = True,
    codings_today: bool = False,
    measures: Sequence[str] = (*HEADLINE_MEASURES, *DISTRIBUTIONS),
) -> list[Figure]:
    """The headline table: arrests, charges, verdicts, the legitimate-expression share, bail,
    sentences and detention, all under one scope and as-of date.

    The prosecutions in scope and their facts (events known by the as-of date, coded answers)
    are worked out once, on one connection, and every figure reads them.

    Raises:
        KeyError: unknown measure.
    """
    scope = get_scope(scope) if isinstance(scope, str) else scope
    options = Options(
        as_of=as_of,
        unit=unit,
        include_drafts=include_drafts,
        with_rows=with_rows,
        codings_today=codings_today,
    )
    per_unit = {
        name: dataclasses.replace(options, unit="prosecution") if name in DISTRIBUTIONS else options
        for name in measures
    }
    needs: list[Need] = [
        checked_measure(name, per_unit[name].unit).uses
        for name in measures
        if name not in DISTRIBUTIONS
    ]
    if any(name in DISTRIBUTIONS for name in measures):
        needs.append(distributions.uses)
    out: dict[str, Figure] = {}
    with engine.connect() as connection, shared_facts(connection, scope, options, needs) as facts:
        shares = [name for name in measures if name not in DISTRIBUTIONS]
        computed = compute_many(
            connection, facts, [(MEASURES[name], per_unit[name]) for name in shares], scope
        )
        out.update(zip(shares, computed, strict=True))
        if "sentence_months" in measures:
            options = per_unit["sentence_months"]
            out["sentence_months"] = sentence_months_with(connection, facts, scope, options)
        if "pretrial_detention" in measures:
            options = per_unit["pretrial_detention"]
            out["pretrial_detention"] = pretrial_detention_with(connection, facts, scope, options)
    return [out[name] for name in measures]


def compare_scopes(
    engine: Engine, measure: str, options: Options | None = None, jurisdiction: str = "hk"
) -> list[Figure]:
    """One measure under every scope profile, so a reader sees how each denominator moves."""
    return [
        figure(engine, measure, scope, options) for scope in scope_profiles(jurisdiction).values()
    ]
