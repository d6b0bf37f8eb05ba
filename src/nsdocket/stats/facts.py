"""Per-prosecution facts, worked out once per run and shared by every measure that reads them.

A measure's categories rest on a few facts about each prosecution in scope: its outcome, which
of its events were certainly known by the as-of date (or straddle it), the dates of its first
event of a kind, and the coded answer that counts. Working them out is most of the cost of a
figure, so they are worked out in one statement (one pass over the prosecutions in scope and
their events, grouped by prosecution) and, for a run of several figures, kept in one temporary
table that every measure of the run reads: the headline table classifies its scope once, not
once per figure.

A measure's classifier asks a `Facts` for what it needs (`Facts.known`, `Facts.straddles`,
`Facts.first`, `Facts.answer`); a first pass over the measures of a run records what they
ask for, so that the statement works out those facts and no others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    FromClause,
    MetaData,
    Select,
    Table,
    case,
    column,
    false,
    func,
    insert,
    text,
)

from nsdocket.coding.codebook import Codebook, bundled_codebook
from nsdocket.db.schema import case_defendant, event
from nsdocket.stats.options import Options
from nsdocket.stats.population import (
    charged_under,
    known_by,
    law_codes,
    resolved_answer,
    scoped_prosecutions,
    straddling,
)
from nsdocket.stats.scopes import Scope

CODED_QUESTION = "legitimate_expression"
_TABLE = "nsdocket_facts"
# The events joined to each prosecution (an alias, so that the scope's own EXISTS subqueries
# on the event table stay correlated to the prosecution, not to this join).
_EV = event.alias("ev")

Need = Callable[["Facts"], object]


def _kinds(kinds: str | tuple[str, ...]) -> tuple[str, ...]:
    return (kinds,) if isinstance(kinds, str) else kinds


class Facts:
    """The facts about each prosecution in scope that a measure's categories are built from.

    Unbound (no ``source``), a `Facts` records what is asked of it; bound to the rows of
    `facts_select` (a temporary table or a subquery), it gives their columns.

    Attributes:
        as_of: the as-of date the facts are known by (None: everything recorded).
        source: the rows the columns come from (None while recording).
        aggregates: the facts recorded so far that are read from the events, by column name.
        coded: whether the coded answer was asked for.
    """

    def __init__(
        self, as_of: dt.date | None, scope: Scope, source: FromClause | None = None
    ) -> None:
        self.as_of = as_of
        self.scope = scope
        self.source = source
        self.aggregates: dict[str, ColumnElement[Any]] = {}
        self.laws: dict[str, str] = {}
        self.coded = False

    def _column(self, name: str) -> ColumnElement[Any]:
        if self.source is None:
            return column(name)
        return self.source.c[name]

    @property
    def outcome(self) -> ColumnElement[str]:
        """The prosecution's recorded outcome (convicted, acquitted, pending, ...)."""
        return self._column("outcome")

    def outcome_in(self, *values: str) -> ColumnElement[bool]:
        """True when the outcome is one of ``values``."""
        return self.outcome.in_(values)

    @property
    def answer(self) -> ColumnElement[str]:
        """The coded answer that counts (see `population.resolved_answer`), or NULL."""
        self.coded = True
        return self._column("answer")

    @property
    def basis(self) -> ColumnElement[str]:
        """How the answer was settled: adjudicated, agreed, single, draft, disagreement, ..."""
        self.coded = True
        return self._column("basis")

    def _flag(self, name: str, condition: ColumnElement[bool]) -> ColumnElement[bool]:
        self.aggregates.setdefault(name, func.max(case((condition, 1), else_=0)))
        return self._column(name) == 1

    def known(self, kinds: str | tuple[str, ...], *, ever: bool = False) -> ColumnElement[bool]:
        """The prosecution has an event of these kinds that certainly happened by the as-of
        date (see `population.known_by`); with ``ever``, or no as-of date, any recorded one."""
        kinds = _kinds(kinds)
        as_of = None if ever else self.as_of
        name = ("known_" if as_of else "any_") + "_".join(kinds)
        return self._flag(name, known_by(_EV, kinds, as_of))

    def straddles(self, kinds: str | tuple[str, ...]) -> ColumnElement[bool]:
        """An event of these kinds may or may not have happened by the as-of date (its date
        bounds straddle it, or it is undated); always false with no as-of date."""
        if self.as_of is None:
            return false()
        kinds = _kinds(kinds)
        return self._flag("straddles_" + "_".join(kinds), straddling(_EV, kinds, self.as_of))

    def charged_under(self) -> dict[str, ColumnElement[bool]]:
        """By law code of the scope: the prosecution has an in-scope charge under that law
        (for breakdowns by law; a prosecution can count under several)."""
        out = {}
        for i, code in enumerate(law_codes(self.scope)):
            self.laws[f"law_{i}"] = code
            out[code] = self._column(f"law_{i}") == 1
        return out

    def first(
        self, kinds: str | tuple[str, ...]
    ) -> tuple[ColumnElement[dt.date], ColumnElement[dt.date]]:
        """The earliest lower and the earliest upper date bound of the prosecution's events of
        these kinds (every recorded one, whatever the as-of date); NULL when there is none."""
        kinds = _kinds(kinds)
        names = []
        for bound in ("lower", "upper"):
            name = f"first_{bound}_" + "_".join(kinds)
            date = _EV.c[f"date_{bound}"]
            self.aggregates.setdefault(name, func.min(case((_EV.c.kind.in_(kinds), date))))
            names.append(name)
        return self._column(names[0]), self._column(names[1])


def facts_select(scope: Scope, options: Options, needs: Iterable[Need]) -> Select[Any]:
    """One row per prosecution in scope with the facts that ``needs`` ask for.

    Args:
        scope: which prosecutions.
        options: as-of date and which codings count.
        needs: callables that ask a `Facts` for what they read (a measure's `Measure.uses`).
    """
    cb = options.codebook or bundled_codebook()
    return _facts_select(
        scope, options.as_of, options.coded_by, options.include_drafts, cb, tuple(needs)
    )


# Building the statement costs more than running it on a small database; it depends only on
# these arguments (all immutable), so it is built once per combination.
@lru_cache(maxsize=64)
def _facts_select(
    scope: Scope,
    as_of: dt.date | None,
    coded_by: dt.date | None,
    include_drafts: bool,
    cb: Codebook,
    needs: tuple[Need, ...],
) -> Select[Any]:
    wanted = Facts(as_of, scope)
    for need in needs:
        need(wanted)
    base = scoped_prosecutions(scope)
    for name, code in wanted.laws.items():
        base = base.add_columns(case((charged_under(scope, code), 1), else_=0).label(name))
    if wanted.aggregates:
        # One pass over each prosecution's events (through the event index), grouped by
        # prosecution; PostgreSQL accepts the other columns because case_defendant.id is the
        # primary key.
        base = (
            base.outerjoin(_EV, _EV.c.case_defendant_id == case_defendant.c.id)
            .add_columns(*(agg.label(name) for name, agg in wanted.aggregates.items()))
            .group_by(case_defendant.c.id)
        )
    if not wanted.coded:
        return base
    rows = base.subquery("facts_rows")
    resolved = resolved_answer(
        CODED_QUESTION, cb.id, cb.version, coded_by, include_drafts, keys=rows
    )
    return resolved.add_columns(*(c for c in rows.c if c.name != "cd_id"))


def facts_subquery(scope: Scope, options: Options, needs: Iterable[Need]) -> Facts:
    """The facts as a subquery (for a single statement, such as `compute.explain`)."""
    return Facts(options.as_of, scope, facts_select(scope, options, needs).subquery("facts"))


# One Table object per shape of the facts (which columns), reused run after run: statements
# on a new Table object miss SQLAlchemy's statement cache and are compiled again, which is
# most of the cost of a run on a small database.
_TABLES: dict[tuple[tuple[str, str], ...], Table] = {}


def _facts_table(stmt: Select[Any]) -> Table:
    shape = tuple((c.name, repr(c.type)) for c in stmt.selected_columns)
    table = _TABLES.get(shape)
    if table is None:
        columns = [Column(c.name, c.type) for c in stmt.selected_columns]
        table = Table(_TABLE, MetaData(), *columns, prefixes=["TEMPORARY"])
        _TABLES[shape] = table
    return table


@contextmanager
def shared_facts(
    connection: Connection, scope: Scope, options: Options, needs: Iterable[Need]
) -> Iterator[Facts]:
    """The facts in a temporary table for the life of the block, dropped on exit.

    Not re-entrant on one connection: the table has one name, so that the statements reading
    it are compiled once and cached. The connection's transaction is ended on exit (committed:
    it holds nothing but the temporary table), so that the table's removal is not rolled back.
    """
    stmt = facts_select(scope, options, needs)
    table = _facts_table(stmt)
    table.create(connection)
    try:
        connection.execute(insert(table).from_select(list(table.c.keys()), stmt))
        yield Facts(options.as_of, scope, table)
    except BaseException:
        # A failed statement aborts a PostgreSQL transaction: end it before removing the
        # table (which SQLite's driver created outside the transaction).
        connection.rollback()
        connection.execute(text(f"DROP TABLE IF EXISTS {_TABLE}"))
        connection.commit()
        raise
    table.drop(connection)
    connection.commit()
