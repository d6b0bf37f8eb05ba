"""The facts a measure classifies prosecutions by, as SQL over the maintained facts table.

Every prosecution has one row in `nsdocket.db.facts.prosecution_facts`, kept current by every
write. A measure asks a `Facts` questions (`Facts.known`, `Facts.straddles`, `Facts.first`,
`Facts.answer`, `Facts.charged_under`); each answer is an SQL expression over that row and the
as-of date, so a figure is one scan of the in-scope rows.

`facts_for` gives the in-scope rows: defendants of the scope's kinds, charged with at least
one in-scope offence (a bit test on the row's offence bits), arrested in the scope's years.

A prosecution with later steps (an appeal, a review of sentence, a retrial: see
`nsdocket.db.lineage`) is counted once, by its first instance; its outcome and sentence as of a
day are those of the last step decided by then (`Facts.outcome`, `Facts.sentence_months`).
While no case is linked the questions are asked exactly as before, at no extra cost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    ScalarSelect,
    and_,
    case,
    false,
    func,
    or_,
    select,
    true,
)

from nsdocket.coding.codebook import Codebook, bundled_codebook
from nsdocket.db.facts import (
    CODED_QUESTION,
    DECISION_KINDS,
    OFFENCE_BITS,
    YEAR_COLUMNS,
    ensure_facts,
    has_event_straddling,
    imprecise_straddle,
    least,
    prosecution_facts,
    year_label,
)
from nsdocket.db.schema import charge, codebook, law, offence
from nsdocket.stats.options import Options
from nsdocket.stats.scopes import Scope

__all__ = [
    "CODED_QUESTION",
    "DECISION_KINDS",
    "Facts",
    "ScopeOffences",
    "facts_for",
    "scope_offences",
]

F = prosecution_facts


def _kinds(kinds: str | tuple[str, ...]) -> tuple[str, ...]:
    return (kinds,) if isinstance(kinds, str) else kinds


@dataclass(frozen=True)
class ScopeOffences:
    """The offence ids a scope counts, overall and by law code, with their bit masks."""

    ids: tuple[int, ...]
    by_law: dict[str, tuple[int, ...]]

    @staticmethod
    def mask(ids: tuple[int, ...]) -> int:
        """The bit set of these offence ids (those that fit in it)."""
        return sum(1 << i for i in ids if i < OFFENCE_BITS)

    @staticmethod
    def overflow(ids: tuple[int, ...]) -> tuple[int, ...]:
        """The ids that do not fit in the bit set (tested against the charges instead)."""
        return tuple(i for i in ids if i >= OFFENCE_BITS)


def scope_offences(connection: Connection, scope: Scope) -> ScopeOffences:
    """Which stored offences the scope counts (by law, or offence by offence)."""
    rows = connection.execute(
        select(offence.c.id, law.c.code, offence.c.provision).join(
            law, law.c.id == offence.c.law_id
        )
    ).all()
    single = set(scope.single_offences)
    wanted = [
        (i, code)
        for i, code, provision in rows
        if code in scope.laws or (code, provision) in single
    ]
    by_law: dict[str, list[int]] = {}
    for i, code in wanted:
        by_law.setdefault(code, []).append(i)
    return ScopeOffences(
        tuple(sorted(i for i, _ in wanted)), {k: tuple(v) for k, v in by_law.items()}
    )


def _charged_with(ids: tuple[int, ...], source: FromClause) -> ColumnElement[bool]:
    """The facts row is charged with one of these offences."""
    mask = ScopeOffences.mask(ids)
    test: ColumnElement[bool] = source.c.offence_bits.op("&")(mask) != 0 if mask else false()
    overflow = ScopeOffences.overflow(ids)
    if overflow:
        on_charges = (
            select(charge.c.id)
            .where(charge.c.case_defendant_id == source.c.cd_id, charge.c.offence_id.in_(overflow))
            .exists()
        )
        test = or_(test, and_(source.c.offence_overflow.is_(True), on_charges))
    return test


class Facts:
    """The questions a measure asks about each prosecution in scope, as SQL expressions.

    Attributes:
        as_of: the as-of date (None: everything recorded counts).
        scope: the scope the rows were chosen by.
        source: the in-scope facts rows (a subquery of `prosecution_facts`).
        offences: the scope's offence ids by law (for `charged_under`).
        include_drafts: whether draft codings stand in where no final coding exists.
        lineage: some prosecution has later steps (when not, outcomes are read as recorded).
    """

    def __init__(
        self,
        as_of: dt.date | None,
        scope: Scope,
        source: FromClause,
        offences: ScopeOffences,
        include_drafts: bool = True,
        lineage: bool = False,
    ) -> None:
        self.as_of = as_of
        self.scope = scope
        self.source = source
        self.offences = offences
        self.include_drafts = include_drafts
        self.lineage = lineage

    @property
    def c(self) -> Any:
        """The columns of the facts rows."""
        return self.source.c

    def _latest_step(self, column: str, *, present: bool = False) -> ScalarSelect[Any]:
        """``column`` of the last later step of the prosecution decided (a verdict or sentence
        certainly dated) by the as-of date, of those where it is not NULL with ``present``;
        NULL when there is none."""
        step = F.alias("lineage_step")
        decided_hi = least([step.c[f"{k}_hi"] for k in DECISION_KINDS])
        where = [step.c[column].is_not(None)] if present else []
        return (
            select(step.c[column])
            .where(
                step.c.lineage_root == self.c.cd_id,
                step.c.superseded == true(),
                decided_hi <= self.as_of,
                *where,
            )
            .order_by(step.c.lineage_order.desc())
            .limit(1)
            .scalar_subquery()
        )

    def _through_lineage(self, column: str, *, present: bool = False) -> Any:
        """A value a prosecution's later steps can change: as recorded when none of them
        decided something; else, with no as-of date, what the last of them left
        (``final_<column>``), and as of a date, that of the last one decided by then (with
        ``present``, the last one that records it), else the first instance's own."""
        own = self.c[column]
        if not self.lineage:
            return own
        if self.as_of is None:
            later: Any = self.c[f"final_{column}"]
        else:
            later = func.coalesce(self._latest_step(column, present=present), own)
        return case((self.c.lineage_steps > 0, later), else_=own)

    @property
    def outcome(self) -> ColumnElement[str]:
        """The prosecution's outcome (convicted, acquitted, pending, ...) as of the as-of date:
        as recorded, or as the last later step decided by then left it."""
        return self._through_lineage("outcome")  # type: ignore[no-any-return]

    @property
    def sentence_months(self) -> ColumnElement[int]:
        """The sentence in months as of the as-of date: as recorded, or as the last later step
        with a sentence decided by then left it (a sentence reviewed or reduced on appeal)."""
        return self._through_lineage("sentence_months", present=True)  # type: ignore[no-any-return]

    def decided(self) -> ColumnElement[bool]:
        """The prosecution was decided (a verdict or sentence) by the as-of date: at first
        instance, or at a later step; with no as-of date, any recorded decision."""
        own = self.known(DECISION_KINDS)
        if not self.lineage:
            return own
        if self.as_of is None:
            return or_(own, self.c.lineage_steps > 0)
        stepped = self._latest_step("cd_id").is_not(None)
        return or_(own, and_(self.c.lineage_steps > 0, stepped))

    def later_step_uncertain(self) -> ColumnElement[bool] | None:
        """A later step of the prosecution may or may not have been decided by the as-of date:
        none of its decisions is dated, or the bounds of its first dated one straddle the as-of
        date. None when no prosecution has later steps, or there is no as-of date."""
        if not self.lineage or self.as_of is None:
            return None
        as_of = self.as_of
        step = F.alias("uncertain_step")
        lo = least([step.c[f"{k}_lo"] for k in DECISION_KINDS])
        hi = least([step.c[f"{k}_hi"] for k in DECISION_KINDS])
        undated = and_(lo.is_(None), or_(*(step.c[f"{k}_n"] > 0 for k in DECISION_KINDS)))
        found = (
            select(step.c.cd_id)
            .where(
                step.c.lineage_root == self.c.cd_id,
                step.c.superseded == true(),
                or_(undated, and_(lo <= as_of, hi > as_of)),
            )
            .exists()
        )
        return and_(self.c.lineage_steps > 0, found)

    def outcome_in(self, *values: str) -> ColumnElement[bool]:
        """True when the outcome is one of ``values``."""
        return self.outcome.in_(values)

    @property
    def answer(self) -> ColumnElement[str]:
        """The coded answer that counts, or NULL (see `nsdocket.db.facts`)."""
        return self.c.answer_draft if self.include_drafts else self.c.answer_final  # type: ignore[no-any-return]

    @property
    def basis(self) -> ColumnElement[str]:
        """How the answer was settled: adjudicated, agreed, single, draft, disagreement, ..."""
        return self.c.basis_draft if self.include_drafts else self.c.basis_final  # type: ignore[no-any-return]

    def known(self, kinds: str | tuple[str, ...], *, ever: bool = False) -> ColumnElement[bool]:
        """The prosecution has an event of these kinds that certainly happened by the as-of
        date (its latest possible day is on or before it); with ``ever``, or no as-of date,
        any recorded one, dated or not."""
        if ever or self.as_of is None:
            return or_(*(self.c[f"{k}_n"] > 0 for k in _kinds(kinds)))
        # NULL-safe (no event of a kind: false, not NULL), so that NOT known is true.
        return or_(
            *(
                and_(self.c[f"{k}_hi"].is_not(None), self.c[f"{k}_hi"] <= self.as_of)
                for k in _kinds(kinds)
            )
        )

    def straddles(self, kinds: str | tuple[str, ...]) -> ColumnElement[bool]:
        """An event of these kinds may or may not have happened by the as-of date: it is
        undated, or its date bounds straddle the as-of date; always false with no as-of date."""
        if self.as_of is None:
            return false()
        as_of = self.as_of
        tests = []
        for k in _kinds(kinds):
            # Exact from the row when a prosecution has at most one imprecise date of the
            # kind; otherwise read from its events.
            imprecise = case(
                (self.c[f"{k}_imprecise"] == 0, false()),
                (self.c[f"{k}_imprecise"] == 1, imprecise_straddle(k, as_of, self.source)),
                else_=has_event_straddling(k, as_of, self.c.cd_id),
            )
            tests.append(or_(self.c[f"{k}_undated"] > 0, imprecise))
        return or_(*tests)

    def first(
        self, kinds: str | tuple[str, ...]
    ) -> tuple[ColumnElement[dt.date], ColumnElement[dt.date]]:
        """The earliest lower and the earliest upper date bound of the prosecution's events of
        these kinds (every recorded one, whatever the as-of date); NULL when there is none."""
        kinds = _kinds(kinds)
        return (
            least([self.c[f"{k}_lo"] for k in kinds]),
            least([self.c[f"{k}_hi"] for k in kinds]),
        )

    def year_of(self, kinds: str | tuple[str, ...]) -> ColumnElement[str]:
        """The year label of the first event of these kinds (its year, 'undated' or 'year
        uncertain'), kept in the facts row for the kinds the measures place units by."""
        stored = YEAR_COLUMNS.get(_kinds(kinds))
        if stored is not None:
            return self.c[stored]  # type: ignore[no-any-return]
        label: ColumnElement[str] = year_label(*self.first(kinds))
        return label

    def charged_under(self) -> dict[str, ColumnElement[bool]]:
        """By law code of the scope: the prosecution has an in-scope charge under that law
        (for breakdowns by law; a prosecution can count under several)."""
        return {
            code: _charged_with(ids, self.source)
            for code, ids in sorted(self.offences.by_law.items())
        }


def _arrested_in(scope: Scope) -> ColumnElement[bool]:
    """The scope names no years, or the prosecution's first arrest (by its earliest possible
    date) falls in them: the year the by-year breakdowns and the case list's year filter put
    it in, so that a year's figure and its breakdown agree."""
    if scope.arrest_years is None:
        return true()
    first, last = scope.arrest_years
    found = F.c.arrest_lo >= dt.date(first, 1, 1)
    if last is None:
        return found
    return and_(found, F.c.arrest_lo <= dt.date(last, 12, 31))


def in_scope(scope: Scope, offences: ScopeOffences, lineage: bool = False) -> ColumnElement[bool]:
    """The facts row is a prosecution in ``scope`` (with ``lineage``, not a later step of
    another: that one counts for both)."""
    first_instance = [F.c.superseded == false()] if lineage else []
    return and_(
        F.c.kind.in_(scope.entity_kinds),
        _charged_with(offences.ids, F),
        _arrested_in(scope),
        *first_instance,
    )


def has_lineage(connection: Connection) -> bool:
    """Whether any prosecution is a later step of another (read from the partial index)."""
    found = connection.execute(
        select(F.c.lineage_root).where(F.c.superseded == true()).limit(1)
    ).first()
    return found is not None


def _codebook_id(connection: Connection, cb: Codebook) -> int | None:
    """The stored codebook's id (None when nothing was ever coded with it)."""
    found = connection.execute(
        select(codebook.c.id).where(codebook.c.key == cb.id, codebook.c.version == cb.version)
    ).first()
    return None if found is None else int(found[0])


@contextmanager
def facts_for(connection: Connection, scope: Scope, options: Options) -> Iterator[Facts]:
    """The in-scope facts rows under ``options`` (as-of date, drafts, codebook).

    The facts are built first if they are missing, of an older definition or of another
    codebook (once, in a transaction of their own).
    """
    cb = options.codebook or bundled_codebook()
    codebook_id = _codebook_id(connection, cb)
    if connection.in_transaction():
        connection.commit()
    with connection.begin():
        ensure_facts(connection, codebook_id)
    offences = scope_offences(connection, scope)
    lineage = has_lineage(connection)
    source = select(F).where(in_scope(scope, offences, lineage)).subquery("facts")
    try:
        yield Facts(options.as_of, scope, source, offences, options.include_drafts, lineage)
    finally:
        if connection.in_transaction():
            connection.rollback()
