"""Computing a measure into a Figure, and listing the rows behind it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    CreateTableAs,
    Engine,
    FromClause,
    Select,
    String,
    Subquery,
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
from nsdocket.db.schema import case_defendant, charge, defendant, event, law, offence
from nsdocket.stats.figure import UNITS, Figure
from nsdocket.stats.intervals import bounds_with_unclear, wilson_interval
from nsdocket.stats.measures import CODED_QUESTION, Measure, get_measure
from nsdocket.stats.population import charge_in_scope, resolved_answer, scoped_prosecutions
from nsdocket.stats.scopes import Scope

_UNIT_KEY = {"person": "defendant_id", "prosecution": "cd_id", "case": "case_id"}


class MeasureError(ValueError):
    """A measure asked for with a unit or option it does not support."""


@dataclass(frozen=True)
class Options:
    """How a figure is computed beyond its scope.

    Attributes:
        as_of: compute from what was known on this day (None: everything recorded).
        unit: person, prosecution or case.
        include_drafts: let draft codings stand where no final coding exists (flagged).
        codebook: the codebook whose answers count (default: the bundled one).
        with_rows: collect the ids of the rows behind the figure.
        codings_as_of: count codings made by this day (default: the as-of date); comparing
            with a published figure uses today's codings of what was known then.
    """

    as_of: dt.date | None = None
    unit: str = "person"
    include_drafts: bool = True
    codebook: Codebook | None = None
    with_rows: bool = True
    codings_as_of: dt.date | None = None
    codings_today: bool = False

    @property
    def coded_by(self) -> dt.date | None:
        """The day up to which codings count (None: every coding)."""
        if self.codings_today:
            return None
        return self.codings_as_of or self.as_of


def classified(measure: Measure, scope: Scope, options: Options) -> Subquery:
    """Every in-scope prosecution with its category, rank and (for coded measures) basis."""
    return classified_select(measure, scope, options).subquery("classified")


def classified_select(measure: Measure, scope: Scope, options: Options) -> Select[Any]:
    """The SELECT behind `classified`."""
    cb = options.codebook or bundled_codebook()
    base = scoped_prosecutions(scope)
    resolved = resolved_answer(
        CODED_QUESTION, cb.id, cb.version, options.coded_by, options.include_drafts
    ).subquery("resolved")
    category = measure.classify(options.as_of, resolved)
    # The simple form (CASE category WHEN ... ) evaluates the category's CASE, with its EXISTS
    # subqueries, once per row; comparing it with each name would evaluate it per category.
    rank = case({name: i for i, name in enumerate(measure.categories)}, value=category, else_=-1)
    columns: list[Any] = [category.label("category"), rank.label("rank")]
    if measure.coded:
        base = base.outerjoin(resolved, resolved.c.cd_id == case_defendant.c.id)
        columns.append(resolved.c.basis.label("basis"))
    return base.add_columns(*columns)


@contextmanager
def materialised(connection: Connection, stmt: Select[Any]) -> Iterator[Table]:
    """``stmt``'s rows in a temporary table, dropped on exit.

    A measure reads its classified prosecutions four or five times (counts, basis, rows, by
    law, by year); classifying them once and reading the table is several times faster than
    running the classification, with its correlated subqueries, in every query.
    """
    # One name per connection at a time (compute is not re-entrant on a connection), so that
    # the statements reading it are compiled once and cached.
    create = CreateTableAs(stmt, "nsdocket_classified", temporary=True)
    connection.execute(create)
    try:
        yield create.table
    finally:
        create.table.drop(connection)


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
    measure = get_measure(measure_name)
    if options.unit not in measure.units:
        raise MeasureError(
            f"measure '{measure.name}' is not available by {options.unit} "
            f"(units: {', '.join(measure.units)}; all units: {', '.join(UNITS)})"
        )
    cb = options.codebook or bundled_codebook()
    with (
        engine.connect() as connection,
        materialised(connection, classified_select(measure, scope, options)) as rows,
    ):
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
    by_law = dict(
        connection.execute(
            select(law.c.code, func.count(distinct(key)))
            .select_from(rows)
            .join(charge, charge.c.case_defendant_id == rows.c.cd_id)
            .join(offence, offence.c.id == charge.c.offence_id)
            .join(law, law.c.id == offence.c.law_id)
            .where(counted, charge_in_scope(scope))
            .group_by(law.c.code)
        ).all()
    )
    out: dict[str, Any] = {"by_law": by_law}
    if measure.event:
        kinds = (measure.event,) if isinstance(measure.event, str) else measure.event
        # Each counted prosecution's first event of these kinds, looked up through the event
        # index row by row (grouping the whole event table first is slower on large data),
        # then labelled and counted by year in the database, not row by row in Python.
        first = (
            select(
                key.label("unit_key"),
                func.min(event.c.date_lower).label("low"),
                func.min(event.c.date_upper).label("high"),
            )
            .select_from(rows)
            .outerjoin(
                event,
                and_(event.c.case_defendant_id == rows.c.cd_id, event.c.kind.in_(kinds)),
            )
            .where(counted)
            .group_by(rows.c.cd_id, key)
            .subquery("first_event")
        )
        year_low = func.substr(cast(first.c.low, String), 1, 4)
        year_high = func.substr(cast(first.c.high, String), 1, 4)
        label = case(
            (first.c.low.is_(None), "undated"),
            (and_(first.c.high.is_not(None), year_low != year_high), "year uncertain"),
            else_=year_low,
        )
        by_year = connection.execute(
            select(label, func.count(distinct(first.c.unit_key))).group_by(label)
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
    rows = classified(measure, scope, options)
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
