"""Computing measures into Figures from the in-scope facts rows, and listing the rows behind one.

A run of several measures reads the facts once: one statement gives, for the prosecutions that
are units of their own (a person with one prosecution, any prosecution when counting
prosecutions), how many rows share each combination of the measures' categories, the coding
basis, the in-scope laws and the year labels; the units made of several prosecutions (a person
in two cases, a case) are read row by row and grouped here. A unit takes the highest-ranked
category of its prosecutions (see `nsdocket.stats.measures`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BindParameter,
    Case,
    Connection,
    Engine,
    Select,
    case,
    func,
    literal,
    select,
    true,
)

from nsdocket.coding.codebook import Codebook, bundled_codebook
from nsdocket.db.schema import case as case_table
from nsdocket.db.schema import defendant
from nsdocket.stats import packed
from nsdocket.stats.facts import Facts, facts_for
from nsdocket.stats.figure import UNITS, Figure
from nsdocket.stats.intervals import bounds_with_unclear, wilson_interval
from nsdocket.stats.measures import Measure, get_measure
from nsdocket.stats.options import Options
from nsdocket.stats.recorded import clocked
from nsdocket.stats.scopes import Scope

__all__ = ["ExplainedRow", "MeasureError", "Options", "compute", "compute_many", "explain"]

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


def _ranked(expr: Any, ranks: dict[str, int]) -> Any:
    """The category CASE with each category name replaced by its rank, or None when a branch
    gives something else than a named category."""
    if isinstance(expr, Case):
        whens = [(cond, _ranked(result, ranks)) for cond, result in expr.whens]
        default = -1 if expr.else_ is None else _ranked(expr.else_, ranks)
        if expr.value is not None or default is None or any(r is None for _, r in whens):
            return None
        return case(*whens, else_=default)
    if isinstance(expr, BindParameter) and isinstance(expr.value, str) and expr.value in ranks:
        return literal(ranks[expr.value])
    if isinstance(expr, int):
        return expr
    return None


def rank_of(measure: Measure, facts: Facts) -> Any:
    """The SQL rank (index in ``measure.categories``) of each facts row's category.

    The measure's category CASE is rewritten to give ranks directly (integers, not names: no
    string comparisons per row); a CASE that cannot be is ranked by name.
    """
    category = measure.classify(facts)
    ranks = {name: i for i, name in enumerate(measure.categories)}
    direct = _ranked(category, ranks)
    if direct is not None:
        return direct
    return case(ranks, value=category, else_=-1)


def _kinds(measure: Measure) -> tuple[str, ...]:
    event = measure.event
    return (event,) if isinstance(event, str) else tuple(event)


@dataclass
class _Tally:
    """One measure's counts, as they are gathered."""

    measure: Measure
    counts: Counter[int]
    basis: Counter[str]
    by_law: Counter[str]
    by_year: Counter[str]

    @classmethod
    def empty(cls, measure: Measure) -> _Tally:
        return cls(measure, Counter(), Counter(), Counter(), Counter())


class _Run:
    """The statement of one run: the in-scope rows with each measure's rank and the keys of
    the breakdowns, as columns of one SELECT."""

    def __init__(self, facts: Facts, measures: Sequence[Measure]) -> None:
        self.facts = facts
        self.measures = list(measures)
        self.laws = facts.charged_under()
        self.groups = list(dict.fromkeys(_kinds(m) for m in measures if m.event))
        coded = any(m.coded for m in measures)
        c = facts.c
        columns: list[Any] = [c.cd_id, c.defendant_id, c.case_id, c.shared]
        columns += [rank_of(m, facts).label(f"rank_{i}") for i, m in enumerate(measures)]
        columns.append((facts.basis if coded else literal("")).label("basis"))
        columns += [
            case((test, 1), else_=0).label(f"law_{j}") for j, test in enumerate(self.laws.values())
        ]
        columns += [facts.year_of(kinds).label(f"year_{g}") for g, kinds in enumerate(self.groups)]
        self.rows = select(*columns).select_from(facts.source).subquery("classified")

    @property
    def keys(self) -> list[str]:
        """The grouping columns (everything but the ids and the `shared` flag)."""
        return [col.name for col in self.rows.c if col.name not in _IDS]

    def _numerator_ranks(self, i: int) -> list[int]:
        m = self.measures[i]
        return [j for j, name in enumerate(m.categories) if name in m.numerator]

    def _year_column(self, i: int) -> str | None:
        m = self.measures[i]
        return f"year_{self.groups.index(_kinds(m))}" if m.event else None

    def tally(self, connection: Connection, units: Sequence[str]) -> list[_Tally]:
        """Each measure's counts by unit (``units[i]`` for measure i)."""
        out = [_Tally.empty(m) for m in self.measures]
        if not self.measures:
            return out
        self._tally_prosecutions(connection, out, units)
        for unit in ("person", "case"):
            wanted = [i for i, u in enumerate(units) if u == unit]
            if wanted:
                self._tally_shared(connection, out, unit, wanted)
        return out

    def _tally_prosecutions(
        self, connection: Connection, out: list[_Tally], units: Sequence[str]
    ) -> None:
        """The counts of every unit made of one prosecution, and the coding basis of every
        prosecution (the basis is counted per prosecution, as the counted answers are), from
        one statement grouping the rows by combination."""
        n = len(self.measures)
        codes = list(self.laws)
        law_at = range(n + 1, n + 1 + len(codes))
        plans = []
        for i, m in enumerate(self.measures):
            numerator = set(self._numerator_ranks(i))
            denominator = {j for j, c in enumerate(m.categories) if c in m.denominator}
            year = self._year_column(i)
            year_at = self.keys.index(year) if year else None
            plans.append((i, units[i], numerator, denominator if m.coded else set(), year_at))
        for row in self._combinations(connection):
            shared, values, count = bool(row[0]), row[1:-1], int(row[-1])
            basis = str(values[n])
            for i, unit, numerator, coded, year_at in plans:
                rank = int(values[i])
                t = out[i]
                if rank in coded:
                    t.basis[basis] += count
                if unit == "case" or (unit == "person" and shared):
                    continue
                t.counts[rank] += count
                if rank in numerator:
                    for code, at in zip(codes, law_at, strict=True):
                        if values[at]:
                            t.by_law[code] += count
                    if year_at is not None:
                        t.by_year[str(values[year_at])] += count

    def _digits(self) -> list[packed.Digit]:
        """The `shared` flag and the grouping keys as digits of one packed key."""
        r = self.rows
        digits = [packed.flag(r.c.shared)]
        for name in self.keys:
            column = r.c[name]
            if name.startswith("rank_"):
                size = len(self.measures[int(name.removeprefix("rank_"))].categories)
                digits.append(packed.small_int(column, -1, size - 1))
            elif name == "basis":
                coded = any(m.coded for m in self.measures)
                digits.append(packed.basis(column) if coded else packed.constant(""))
            elif name.startswith("law_"):
                digits.append(packed.small_int(column, 0, 1))
            else:
                digits.append(packed.year(column))
        return digits

    def _combinations(self, connection: Connection) -> Iterator[tuple[Any, ...]]:
        """(shared, *keys, count) for each combination of the rows' `shared` flag and keys."""
        r = self.rows
        digits = self._digits()
        key = packed.packed(digits)
        if key is None:
            grouped = [r.c.shared, *(r.c[k] for k in self.keys)]
            yield from connection.execute(select(*grouped, func.count()).group_by(*grouped))
            return
        keyed = select(key.label("key")).select_from(r).subquery("keyed")
        stmt = select(keyed.c.key, func.count()).group_by(keyed.c.key)
        for value, count in connection.execute(stmt):
            yield (*packed.unpacked(int(value), digits), count)

    def _tally_shared(
        self, connection: Connection, out: list[_Tally], unit: str, wanted: list[int]
    ) -> None:
        """The counts of the units made of several prosecutions (a person in more than one
        case; a case): each takes the highest rank of its prosecutions, is counted under a law
        when one of its prosecutions in the numerator was charged under it, and once under
        each year of those prosecutions. Grouped in the database, unit by unit."""
        r = self.rows
        key = r.c[_UNIT_KEY[unit]]
        # `= true` (not IS), so that SQLite can read only these rows, by the partial index
        where = r.c.shared == true() if unit == "person" else literal(True)
        codes = list(self.laws)
        columns: list[Any] = []
        for i in wanted:
            ranked = r.c[f"rank_{i}"]
            columns.append(func.max(ranked).label(f"rank_{i}"))
            numerator = self._numerator_ranks(i)
            for j in range(len(codes)):
                in_law = case((ranked.in_(numerator), r.c[f"law_{j}"]), else_=0)
                columns.append(func.max(in_law).label(f"law_{i}_{j}"))
        per_unit = select(*columns).where(where).group_by(key).subquery("per_unit")
        grouped = list(per_unit.c)
        width = 1 + len(codes)
        for row in connection.execute(select(*grouped, func.count()).group_by(*grouped)):
            count = int(row[-1])
            for k, i in enumerate(wanted):
                t = out[i]
                rank = int(row[k * width])
                t.counts[rank] += count
                for j, code in enumerate(codes):
                    if row[k * width + 1 + j]:
                        t.by_law[code] += count
        for i in wanted:
            year = self._year_column(i)
            if year is None:
                continue
            counted = (
                select(r.c[year], func.count(func.distinct(key)))
                .where(where, r.c[f"rank_{i}"].in_(self._numerator_ranks(i)))
                .group_by(r.c[year])
            )
            for label, count in connection.execute(counted):
                out[i].by_year[str(label)] += int(count)

    def row_ids(self, connection: Connection, i: int) -> list[int]:
        """The prosecutions behind measure i: those whose category is in its numerator or
        denominator."""
        m = self.measures[i]
        wanted = [j for j, c in enumerate(m.categories) if c in m.numerator or c in m.denominator]
        r = self.rows
        stmt = select(r.c.cd_id).where(r.c[f"rank_{i}"].in_(wanted)).order_by(r.c.cd_id)
        return [int(x) for x in connection.execute(stmt).scalars()]


_IDS = ("cd_id", "defendant_id", "case_id", "shared")


def compute(engine: Engine, measure_name: str, scope: Scope, options: Options) -> Figure:
    """Compute one measure under one scope.

    Raises:
        KeyError: unknown measure.
        MeasureError: a unit the measure does not support.
    """
    measure = checked_measure(measure_name, options.unit)
    engine, options = clocked(engine, options)
    with engine.connect() as connection, facts_for(connection, scope, options) as facts:
        return compute_many(connection, facts, [(measure, options)], scope)[0]


def compute_many(
    connection: Connection,
    facts: Facts,
    measures: Sequence[tuple[Measure, Options]],
    scope: Scope,
) -> list[Figure]:
    """Compute several measures from the same facts, each with its options (unit, rows)."""
    if not measures:
        return []
    run = _Run(facts, [m for m, _ in measures])
    tallies = run.tally(connection, [o.unit for _, o in measures])
    out = []
    for i, ((measure, options), t) in enumerate(zip(measures, tallies, strict=True)):
        counts = {name: t.counts.get(j, 0) for j, name in enumerate(measure.categories)}
        breakdown: dict[str, Any] = {
            "by_law": dict(sorted((k, v) for k, v in t.by_law.items() if v))
        }
        if measure.event:
            breakdown[f"by_year_of_{_kinds(measure)[0]}"] = dict(sorted(t.by_year.items()))
        row_ids = run.row_ids(connection, i) if options.with_rows else []
        cb = options.codebook or bundled_codebook()
        basis = {k: v for k, v in t.basis.items() if v}
        out.append(_figure(measure, scope, options, counts, basis, row_ids, breakdown, cb))
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
        clock=options.clock,
        recorded_as_of=options.as_recorded,
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


def _explained(measure: Measure, facts: Facts) -> Select[Any]:
    c = facts.c
    columns: list[Any] = [
        c.cd_id,
        c.defendant_id,
        defendant.c.name,
        defendant.c.kind,
        c.case_id,
        case_table.c.title,
        measure.classify(facts).label("category"),
    ]
    if measure.coded:
        columns.append(facts.basis.label("basis"))
    return (
        select(*columns)
        .select_from(facts.source)
        .join(defendant, defendant.c.id == c.defendant_id)
        .join(case_table, case_table.c.id == c.case_id)
        .order_by(c.cd_id)
    )


def explain(
    engine: Engine, measure_name: str, scope: Scope, options: Options
) -> list[ExplainedRow]:
    """Every in-scope prosecution with its category and whether the figure counts it."""
    measure = get_measure(measure_name)
    engine, options = clocked(engine, options)
    out: list[ExplainedRow] = []
    with engine.connect() as connection, facts_for(connection, scope, options) as facts:
        for r in connection.execute(_explained(measure, facts)).all():
            category = str(r[6])
            if category in measure.numerator:
                where = "numerator"
            elif category in measure.denominator:
                where = "denominator only"
            else:
                where = "excluded"
            basis = str(r[7]) if measure.coded and r[7] is not None else None
            out.append(
                ExplainedRow(
                    int(r[0]), int(r[1]), str(r[2]), str(r[3]), int(r[4]), str(r[5]),
                    category, where, basis,
                )
            )  # fmt: skip
    return out
