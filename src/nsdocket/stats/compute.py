"""Computing a measure into a Figure, and listing the rows behind it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
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
    literal,
    select,
    union_all,
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


def _unit_counts(rows: FromClause, index: int, key: Any) -> Select[Any]:
    per_unit = (
        select(key.label("unit_key"), func.max(rows.c.rank).label("rank"))
        .group_by(key)
        .subquery(f"per_unit_{index}")
    )
    return select(literal(index).label("measure"), per_unit.c.rank, func.count()).group_by(
        per_unit.c.rank
    )


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
    return compute_many(connection, facts, [(measure, options)], scope)[0]


def compute_many(
    connection: Connection,
    facts: Facts,
    measures: Sequence[tuple[Measure, Options]],
    scope: Scope,
) -> list[Figure]:
    """Compute several measures from the same facts, each with its options (unit, rows).

    The counts, the by-law and the by-year breakdowns of all the measures are each read in one
    statement (one SELECT per measure, joined by UNION ALL): on a small database a run costs
    about one millisecond per statement.
    """
    if not measures:
        return []
    rows = [
        classified_select(m, facts).subquery(f"classified_{i}") for i, (m, _) in enumerate(measures)
    ]
    keys = [r.c[_UNIT_KEY[o.unit]] for r, (_, o) in zip(rows, measures, strict=True)]
    counted = [r.c.category.in_(m.numerator) for r, (m, _) in zip(rows, measures, strict=True)]
    by_rank: list[dict[int, int]] = [{} for _ in measures]
    counts_stmt = union_all(
        *(_unit_counts(r, i, k) for i, (r, k) in enumerate(zip(rows, keys, strict=True)))
    )
    for i, rank, n in connection.execute(counts_stmt).all():
        by_rank[i][rank] = n
    by_law = _by_law(connection, rows, keys, counted, scope)
    by_year = _by_year(connection, rows, keys, counted, [m for m, _ in measures])
    out = []
    for i, ((measure, options), r) in enumerate(zip(measures, rows, strict=True)):
        counts = {name: by_rank[i].get(j, 0) for j, name in enumerate(measure.categories)}
        basis: dict[str, int] = {}
        if measure.coded:
            basis = {
                str(b): n
                for b, n in connection.execute(
                    select(r.c.basis, func.count())
                    .where(r.c.category.in_(measure.denominator))
                    .group_by(r.c.basis)
                ).all()
            }
        row_ids: list[int] = []
        if options.with_rows:
            wanted = r.c.category.in_(set(measure.numerator) | set(measure.denominator))
            row_ids = list(
                connection.execute(select(r.c.cd_id).where(wanted).order_by(r.c.cd_id)).scalars()
            )
        breakdown: dict[str, Any] = {"by_law": by_law[i]}
        if measure.event:
            kinds = (measure.event,) if isinstance(measure.event, str) else measure.event
            breakdown[f"by_year_of_{kinds[0]}"] = by_year[i]
        cb = options.codebook or bundled_codebook()
        out.append(_figure(measure, scope, options, counts, basis, row_ids, breakdown, cb))
    return out


def _by_law(
    connection: Connection,
    rows: list[Subquery],
    keys: list[Any],
    counted: list[Any],
    scope: Scope,
) -> list[dict[str, int]]:
    """Numerator units by in-scope law, per measure (a unit can count under several laws).

    Which laws each prosecution is charged under is among its facts: one pass over the
    counted rows, no join with the charges.
    """
    codes = law_codes(scope)
    if not codes:
        return [{} for _ in rows]
    stmt = union_all(
        *(
            select(
                literal(i).label("measure"),
                *(func.count(distinct(case((r.c[f"law_{j}"], k)))) for j in range(len(codes))),
            ).where(c)
            for i, (r, k, c) in enumerate(zip(rows, keys, counted, strict=True))
        )
    )
    out: list[dict[str, int]] = [{} for _ in rows]
    for i, *ns in connection.execute(stmt).all():
        out[i] = {code: n for code, n in sorted(zip(codes, ns, strict=True)) if n}
    return out


def _by_year(
    connection: Connection,
    rows: list[Subquery],
    keys: list[Any],
    counted: list[Any],
    measures: list[Measure],
) -> list[dict[str, int]]:
    """Numerator units by year of each counted prosecution's first event of the measure's
    kinds (in the facts), labelled and counted in the database; per measure."""
    parts = []
    for i, (r, k, c, m) in enumerate(zip(rows, keys, counted, measures, strict=True)):
        if not m.event:
            continue
        year_low = func.substr(cast(r.c.first_lower, String), 1, 4)
        year_high = func.substr(cast(r.c.first_upper, String), 1, 4)
        label = case(
            (r.c.first_lower.is_(None), "undated"),
            (and_(r.c.first_upper.is_not(None), year_low != year_high), "year uncertain"),
            else_=year_low,
        )
        parts.append(
            select(literal(i).label("measure"), label.label("label"), func.count(distinct(k)))
            .where(c)
            .group_by(label)
        )
    out: list[dict[str, int]] = [{} for _ in rows]
    if parts:
        found: list[list[tuple[str, int]]] = [[] for _ in rows]
        for i, y, n in connection.execute(union_all(*parts)).all():
            found[i].append((str(y), n))
        out = [dict(sorted(f)) for f in found]
    return out


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
