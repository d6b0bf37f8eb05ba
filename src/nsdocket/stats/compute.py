"""Computing a measure into a Figure, and listing the rows behind it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    FromClause,
    Select,
    String,
    Table,
    and_,
    case,
    cast,
    distinct,
    func,
    select,
)

from nsdocket.coding.codebook import Codebook, bundled_codebook
from nsdocket.db.schema import case as case_table
from nsdocket.db.schema import defendant
from nsdocket.stats.facts import Facts, facts_subquery, shared_facts
from nsdocket.stats.figure import UNITS, Figure
from nsdocket.stats.intervals import bounds_with_unclear, wilson_interval
from nsdocket.stats.measures import Measure, get_measure
from nsdocket.stats.options import Options
from nsdocket.stats.population import law_codes
from nsdocket.stats.scopes import Scope

__all__ = ["ExplainedRow", "MeasureError", "Options", "compute", "compute_with", "explain"]

_UNIT_KEY = {"person": "defendant_id", "prosecution": "cd_id", "case": "case_id"}


class MeasureError(ValueError):
    """A measure asked for with a unit or option it does not support."""


def checked_measure(measure_name: str, unit: str) -> Measure:
    """The measure called ``measure_name``, if it can be counted by ``unit``.

    Raises:
        KeyError: unknown measure.
        MeasureError: a unit the measure does not support.
    """
    measure = get_measure(measure_name)
    if unit not in measure.units:
        raise MeasureError(
            f"measure '{measure.name}' is not available by {unit} "
            f"(units: {', '.join(measure.units)}; all units: {', '.join(UNITS)})"
        )
    return measure


def classified_select(measure: Measure, facts: Facts) -> Select[Any]:
    """Every in-scope prosecution of ``facts`` with its category, rank and (for coded
    measures) basis."""
    assert facts.source is not None
    if isinstance(facts.source, Table):
        return _cached_classified_select(measure, facts.as_of, facts.scope, facts.source)
    return _classified_select(measure, facts.as_of, facts.scope, facts.source)


# Built once per measure, as-of date, scope and facts table (the table is reused run after
# run, see `facts.shared_facts`): building costs more than running on a small database.
def _classified_select(
    measure: Measure, as_of: dt.date | None, scope: Scope, source: FromClause
) -> Select[Any]:
    facts = Facts(as_of, scope, source)
    category = measure.classify(facts)
    # The simple form (CASE category WHEN ... ) evaluates the category's CASE once per row;
    # comparing it with each name would evaluate it once per category.
    rank = case({name: i for i, name in enumerate(measure.categories)}, value=category, else_=-1)
    columns: list[Any] = [
        source.c.cd_id,
        source.c.defendant_id,
        source.c.case_id,
        category.label("category"),
        rank.label("rank"),
    ]
    if measure.coded:
        columns.append(facts.basis.label("basis"))
    if measure.event:
        low, high = facts.first(measure.event)
        columns += [low.label("first_lower"), high.label("first_upper")]
    laws = facts.charged_under()
    columns += [flag.label(f"law_{i}") for i, flag in enumerate(laws.values())]
    return select(*columns).select_from(source)


_cached_classified_select = lru_cache(maxsize=256)(_classified_select)


def _unit_counts(rows: FromClause, unit: str) -> Any:
    key = rows.c[_UNIT_KEY[unit]]
    per_unit = (
        select(key.label("unit_key"), func.max(rows.c.rank).label("rank"))
        .group_by(key)
        .subquery("per_unit")
    )
    return select(per_unit.c.rank, func.count()).group_by(per_unit.c.rank)


def compute(engine: Engine, measure_name: str, scope: Scope, options: Options) -> Figure:
    """Compute one measure under one scope.

    Raises:
        KeyError: unknown measure.
        MeasureError: a unit the measure does not support.
    """
    measure = checked_measure(measure_name, options.unit)
    with (
        engine.connect() as connection,
        shared_facts(connection, scope, options, [measure.uses]) as facts,
    ):
        return compute_with(connection, facts, measure, scope, options)


def compute_with(
    connection: Connection, facts: Facts, measure: Measure, scope: Scope, options: Options
) -> Figure:
    """Compute one measure from facts already worked out (see `facts.shared_facts`), which
    must include what the measure uses and match ``scope`` and ``options``."""
    cb = options.codebook or bundled_codebook()
    rows = classified_select(measure, facts).subquery("classified")
    by_rank = dict(connection.execute(_unit_counts(rows, options.unit)).all())
    counts = {name: by_rank.get(i, 0) for i, name in enumerate(measure.categories)}
    counted = set(measure.numerator) | set(measure.denominator)
    basis: dict[str, int] = {}
    if measure.coded:
        basis = {
            str(b): n
            for b, n in connection.execute(
                select(rows.c.basis, func.count())
                .where(rows.c.category.in_(measure.denominator))
                .group_by(rows.c.basis)
            ).all()
        }
    row_ids: list[int] = []
    if options.with_rows:
        row_ids = list(
            connection.execute(
                select(rows.c.cd_id).where(rows.c.category.in_(counted)).order_by(rows.c.cd_id)
            ).scalars()
        )
    breakdown = _breakdowns(connection, rows, measure, scope, options.unit)
    return _figure(measure, scope, options, counts, basis, row_ids, breakdown, cb)


def _figure(
    measure: Measure,
    scope: Scope,
    options: Options,
    counts: dict[str, int],
    basis: dict[str, int],
    row_ids: list[int],
    breakdown: dict[str, Any],
    cb: Codebook,
) -> Figure:
    numerator = sum(counts[c] for c in measure.numerator)
    counted = set(measure.numerator) | set(measure.denominator)
    excluded = {c: n for c, n in counts.items() if c not in counted and n}
    figure = Figure(
        measure=measure.name,
        title=measure.title,
        scope=scope.name,
        scope_words=scope.in_words(),
        unit=options.unit,
        as_of=options.as_of,
        numerator=numerator,
        denominator=None,
        value=float(numerator),
        excluded=excluded,
        row_ids=row_ids,
        breakdown=breakdown,
        definition=measure.definition,
    )
    if measure.is_count:
        return figure
    denominator = sum(counts[c] for c in measure.denominator)
    unclear = sum(counts[c] for c in measure.unclear)
    figure.denominator = denominator
    figure.denominator_label = " + ".join(measure.denominator)
    figure.value = numerator / denominator if denominator else None
    figure.interval = wilson_interval(numerator, denominator)
    figure.unclear = unclear
    if measure.unclear:
        no = denominator - numerator - unclear
        figure.bounds = bounds_with_unclear(numerator, no, unclear)
    if measure.coded:
        figure.basis = basis
        figure.codebook = f"{cb.id} {cb.version}"
        figure.single_coded = basis.get("single", 0) + basis.get("draft", 0)
        if basis.get("draft"):
            figure.notes.append(
                f"{basis['draft']} of the {sum(basis.values())} prosecutions counted rest on "
                "unreviewed draft codings (first-pass labels); use --final-only to leave "
                "them out."
            )
    if not denominator:
        figure.notes.append("The denominator is empty: nothing in scope qualifies.")
    return figure


def _breakdowns(
    connection: Any, rows: FromClause, measure: Measure, scope: Scope, unit: str
) -> dict[str, Any]:
    """Numerator units by law (a unit can count under several laws) and by year."""
    key = rows.c[_UNIT_KEY[unit]]
    counted = rows.c.category.in_(measure.numerator)
    # Which in-scope laws each prosecution is charged under is among its facts: one pass
    # over the counted rows, no join with the charges.
    codes = law_codes(scope)
    per_law = [func.count(distinct(case((rows.c[f"law_{i}"], key)))) for i in range(len(codes))]
    by_law: dict[str, int] = {}
    if codes:
        row = connection.execute(select(*per_law).where(counted)).one()
        by_law = {code: n for code, n in sorted(zip(codes, row, strict=True)) if n}
    out: dict[str, Any] = {"by_law": by_law}
    if measure.event:
        kinds = (measure.event,) if isinstance(measure.event, str) else measure.event
        # Each counted prosecution's first event of these kinds (in the facts), labelled and
        # counted by year in the database, not row by row in Python.
        year_low = func.substr(cast(rows.c.first_lower, String), 1, 4)
        year_high = func.substr(cast(rows.c.first_upper, String), 1, 4)
        label = case(
            (rows.c.first_lower.is_(None), "undated"),
            (and_(rows.c.first_upper.is_not(None), year_low != year_high), "year uncertain"),
            else_=year_low,
        )
        by_year = connection.execute(
            select(label, func.count(distinct(key))).where(counted).group_by(label)
        ).all()
        out[f"by_year_of_{kinds[0]}"] = {str(y): n for y, n in sorted(by_year)}
    return out


@dataclass(frozen=True)
class ExplainedRow:
    """One in-scope prosecution and what a measure made of it."""

    case_defendant_id: int
    defendant_id: int
    defendant: str
    kind: str
    case_id: int
    case_title: str
    category: str
    counted_in: str
    basis: str | None


def explain(
    engine: Engine, measure_name: str, scope: Scope, options: Options
) -> list[ExplainedRow]:
    """Every in-scope prosecution with its category and whether the figure counts it."""
    measure = get_measure(measure_name)
    rows = classified_select(measure, facts_subquery(scope, options, [measure.uses])).subquery(
        "classified"
    )
    basis_col = rows.c.basis if measure.coded else None
    columns: list[Any] = [
        rows.c.cd_id,
        rows.c.defendant_id,
        defendant.c.name,
        defendant.c.kind,
        rows.c.case_id,
        case_table.c.title,
        rows.c.category,
    ]
    if basis_col is not None:
        columns.append(basis_col)
    stmt = (
        select(*columns)
        .select_from(rows)
        .join(defendant, defendant.c.id == rows.c.defendant_id)
        .join(case_table, case_table.c.id == rows.c.case_id)
        .order_by(rows.c.cd_id)
    )
    out: list[ExplainedRow] = []
    with engine.connect() as connection:
        for r in connection.execute(stmt).all():
            category = str(r[6])
            if category in measure.numerator:
                where = "numerator"
            elif category in measure.denominator:
                where = "denominator only"
            else:
                where = "excluded"
            out.append(
                ExplainedRow(
                    int(r[0]),
                    int(r[1]),
                    str(r[2]),
                    str(r[3]),
                    int(r[4]),
                    str(r[5]),
                    category,
                    where,
                    str(r[7]) if basis_col is not None and r[7] is not None else None,
                )
            )
    return out
