"""Per-prosecution facts, maintained in the writing transaction, that every figure reads.

A figure classifies each prosecution in scope by a few facts: its outcome, its defendant's kind,
which offences it is charged with, the dates of its events of each kind, and the coded answer
that counts. Working those out from the events, charges and codings for every figure cost most
of a figure's time (15 s at a million prosecutions). They are kept instead in one row per
prosecution (`prosecution_facts`), rewritten for the prosecutions a transaction touched just
before it commits (`Writer` notes them; see `mark_dirty`), so a figure is one scan of one table.

Dates are kept as bounds so that any as-of date can be asked later: for each event kind, the
earliest lower and upper bounds, how many events there are, how many are undated, and the span
of those whose dates are imprecise (a month, a year), which can straddle an as-of date.

The coded answers are those of one codebook (`facts_meta.codebook_id`, set by the statistics
layer): the adjudicated answer, else the agreed final one, else a single final one; and the same
with draft codings standing in where no final coding exists.

A prosecution's later steps in linked cases (its appeal, a review of its sentence, a retrial)
keep rows of their own, marked ``superseded`` and naming their first instance, whose row says
how many of them decided something and what outcome they left (`nsdocket.db.facts_lineage`);
a figure counts the first instance only. A change to a link rewrites the facts of both cases.

Under concurrent writers on PostgreSQL the facts rows of the touched prosecutions are locked
(in id order) before they are worked out again, so that the statement that rewrites them sees
every transaction that committed before it: no writer can overwrite another's facts with ones
computed before that other committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    Integer,
    String,
    and_,
    case,
    cast,
    delete,
    distinct,
    event,
    func,
    insert,
    literal,
    null,
    select,
)
from sqlalchemy.sql import ColumnElement

from nsdocket.db.facts_lineage import apply_lineage
from nsdocket.db.facts_tables import (
    DECISION_KINDS,
    DERIVED_TABLES,
    FACT_KINDS,
    LINEAGE_COLUMNS,
    facts_meta,
    kind_columns,
    prosecution_facts,
)
from nsdocket.db.schema import (
    adjudication,
    case_defendant,
    charge,
    coding,
    coding_answer,
    defendant,
)
from nsdocket.db.schema import event as event_table

#: Year labels kept in the facts row, by the event kinds whose first date they are of.
YEAR_COLUMNS = {("arrest",): "arrest_year", ("verdict", "sentence"): "verdict_year"}
#: The codebook question the facts keep the answer to.
CODED_QUESTION = "legitimate_expression"
#: Offence ids at or above this do not fit the bit set (their prosecutions are flagged).
OFFENCE_BITS = 63
#: Bump when the facts' definition changes: tables built by older code are rebuilt.
FACTS_VERSION = 4
_CHUNK = 500


# ---- which prosecutions a change touches --------------------------------------------------

#: Tables whose rows name their prosecution in ``case_defendant_id``.
_BY_PROSECUTION = frozenset({"charge", "event", "coding", "adjudication"})
_DIRTY_KEY = "nsdocket_dirty_facts"
#: Ids a transaction may mark dirty before its commit rebuilds all facts instead.
MAX_TRACKED = 200_000


def touched_prosecutions(
    table: str, rows: Iterable[dict[str, Any]]
) -> tuple[set[int], set[int], set[int]]:
    """The prosecution, coding and defendant ids whose facts a write to ``table`` changes,
    from the rows written (before and after images alike)."""
    cds: set[int] = set()
    codings: set[int] = set()
    defendants: set[int] = set()
    for row in rows:
        if not row:
            continue
        if table == "case_defendant":
            if row.get("id") is not None:
                cds.add(int(row["id"]))
            if row.get("defendant_id") is not None:
                defendants.add(int(row["defendant_id"]))
        elif table in _BY_PROSECUTION and row.get("case_defendant_id") is not None:
            cds.add(int(row["case_defendant_id"]))
        elif table == "coding_answer" and row.get("coding_id") is not None:
            codings.add(int(row["coding_id"]))
        elif table == "defendant" and row.get("id") is not None:
            defendants.add(int(row["id"]))
    return cds, codings, defendants


class _Dirty:
    """What one transaction touched, worked out again just before it commits."""

    def __init__(self) -> None:
        self.cds: set[int] = set()
        self.codings: set[int] = set()
        self.defendants: set[int] = set()
        # cases whose links changed: the lineages of their prosecutions
        self.cases: set[int] = set()
        self.everything = False


def mark_dirty(connection: Connection, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """Note that ``rows`` of ``table`` were written on ``connection``: the facts of the
    prosecutions they touch are rewritten just before the transaction commits (not at all if
    it rolls back)."""
    if table == "case_link":
        linked = {
            int(row[key])
            for row in rows
            if row
            for key in ("case_id", "later_case_id")
            if row.get(key) is not None
        }
        if linked:
            _pending(connection).cases |= linked
        return
    if table not in _BY_PROSECUTION and table not in (
        "case_defendant",
        "coding_answer",
        "defendant",
    ):
        return
    dirty = _pending(connection)
    if dirty.everything:
        return
    cds, codings, defendants = touched_prosecutions(table, rows)
    if not (cds or codings or defendants):
        return
    dirty.cds |= cds
    dirty.codings |= codings
    dirty.defendants |= defendants
    if len(dirty.cds) + len(dirty.codings) + len(dirty.defendants) > MAX_TRACKED:
        # A transaction this large (an import of many rows) rebuilds every prosecution's facts
        # at commit rather than holding the ids of everything it touched.
        dirty.everything = True
        dirty.cds, dirty.codings, dirty.defendants = set(), set(), set()


def mark_all_dirty(connection: Connection) -> None:
    """Rewrite every prosecution's facts before this transaction commits (after a restore)."""
    _pending(connection).everything = True


def _pending(connection: Connection) -> _Dirty:
    info = connection.info
    dirty: _Dirty | None = info.get(_DIRTY_KEY)
    if dirty is None:
        dirty = info[_DIRTY_KEY] = _Dirty()

        def before_commit(conn: Connection) -> None:
            found = conn.info.pop(_DIRTY_KEY, None)
            event.remove(conn, "rollback", after_rollback)
            if found is not None:
                _refresh_pending(conn, found)

        def after_rollback(conn: Connection) -> None:
            conn.info.pop(_DIRTY_KEY, None)
            if event.contains(conn, "commit", before_commit):
                event.remove(conn, "commit", before_commit)

        event.listen(connection, "commit", before_commit, once=True)
        event.listen(connection, "rollback", after_rollback, once=True)
    return dirty


def _refresh_pending(connection: Connection, dirty: _Dirty) -> None:
    if not _facts_ready(connection):
        return  # built in full on first use (see `ensure_facts`)
    if dirty.everything:
        refresh_facts(connection, None)
        return
    cds = set(dirty.cds)
    linked = sorted(dirty.cases)
    for start in range(0, len(linked), _CHUNK):
        cds.update(
            connection.execute(
                select(case_defendant.c.id).where(
                    case_defendant.c.case_id.in_(linked[start : start + _CHUNK])
                )
            ).scalars()
        )
    ids = sorted(dirty.codings)
    for start in range(0, len(ids), _CHUNK):
        cds.update(
            connection.execute(
                select(coding.c.case_defendant_id).where(
                    coding.c.id.in_(ids[start : start + _CHUNK])
                )
            ).scalars()
        )
    # Every prosecution of a touched defendant: its kind and `shared` may have changed.
    people = sorted(dirty.defendants)
    for start in range(0, len(people), _CHUNK):
        cds.update(
            connection.execute(
                select(case_defendant.c.id).where(
                    case_defendant.c.defendant_id.in_(people[start : start + _CHUNK])
                )
            ).scalars()
        )
    # ... and of the defendants of touched prosecutions (a new case for the same person).
    touched = sorted(cds)
    for start in range(0, len(touched), _CHUNK):
        owners = select(case_defendant.c.defendant_id).where(
            case_defendant.c.id.in_(touched[start : start + _CHUNK])
        )
        cds.update(
            connection.execute(
                select(case_defendant.c.id).where(case_defendant.c.defendant_id.in_(owners))
            ).scalars()
        )
    if cds:
        refresh_facts(connection, cds)


# ---- working the facts out -----------------------------------------------------------------


def least(values: list[ColumnElement[Any]]) -> ColumnElement[Any]:
    """The smallest non-NULL value (NULL when all are NULL), the same on SQLite and PostgreSQL."""

    def pair(a: ColumnElement[Any], b: ColumnElement[Any]) -> ColumnElement[Any]:
        return case((a.is_(None), b), (b.is_(None), a), (a < b, a), else_=b)

    return reduce(pair, values)


YEAR_UNDATED = "undated"
YEAR_UNCERTAIN = "year uncertain"
# How a prosecution's coded answer was settled (the `basis_*` columns).
BASES = (
    "adjudicated", "agreed", "single", "disagreement", "draft", "draft_only", "uncoded",
)  # fmt: skip


def year_label(low: Any, high: Any) -> Any:
    """A year for a by-year breakdown: the first event's year, 'undated', or 'year uncertain'
    when its bounds fall in two years."""
    year_low = func.substr(cast(low, String), 1, 4)
    year_high = func.substr(cast(high, String), 1, 4)
    return case(
        (low.is_(None), YEAR_UNDATED),
        (and_(high.is_not(None), year_low != year_high), YEAR_UNCERTAIN),
        else_=year_low,
    )


def _bit(offence_id: ColumnElement[Any]) -> ColumnElement[Any]:
    return cast(literal(1), BigInteger).op("<<")(offence_id)


def _resolved(codebook_id: int | None, include_drafts: bool) -> Any:
    """Per prosecution: the answer that counts and how it was settled (see the module doc)."""

    def tally(status: str) -> Any:
        return (
            select(
                coding.c.case_defendant_id.label("cd_id"),
                func.count(distinct(coding.c.coder)).label("coders"),
                func.count(distinct(coding_answer.c.value)).label("answers"),
                func.min(coding_answer.c.value).label("answer"),
            )
            .join(coding_answer, coding_answer.c.coding_id == coding.c.id)
            .where(
                coding.c.codebook_id == codebook_id,
                coding.c.status == status,
                coding_answer.c.question == CODED_QUESTION,
                coding_answer.c.charge_id.is_(None),
            )
            .group_by(coding.c.case_defendant_id)
            .subquery(f"{status}_{int(include_drafts)}")
        )

    finals, drafts = tally("final"), tally("draft")
    adj = (
        select(adjudication.c.case_defendant_id.label("cd_id"), adjudication.c.answer)
        .where(adjudication.c.codebook_id == codebook_id, adjudication.c.question == CODED_QUESTION)
        .subquery(f"adj_{int(include_drafts)}")
    )
    use = literal(include_drafts)
    answer = case(
        (adj.c.answer.is_not(None), adj.c.answer),
        (finals.c.answers == 1, finals.c.answer),
        (and_(use, finals.c.cd_id.is_(None), drafts.c.answers == 1), drafts.c.answer),
        else_=null(),
    )
    basis = case(
        (adj.c.answer.is_not(None), "adjudicated"),
        (and_(finals.c.answers == 1, finals.c.coders >= 2), "agreed"),
        (finals.c.answers == 1, "single"),
        (finals.c.answers > 1, "disagreement"),
        (and_(use, drafts.c.answers == 1), "draft"),
        (and_(use, drafts.c.answers > 1), "disagreement"),
        (drafts.c.answers >= 1, "draft_only"),
        else_="uncoded",
    )
    return adj, finals, drafts, answer, basis


def days_between(start: Any, end: Any, dialect: str) -> Any:
    """The whole days from date ``start`` to date ``end``, in the SQL of ``dialect``."""
    if dialect == "sqlite":
        return cast(func.julianday(end) - func.julianday(start), Integer)
    return end - start


def _facts_select(codebook_id: int | None, cd_ids: list[int] | None, dialect: str) -> Any:
    ev = event_table
    imprecise = and_(ev.c.date_lower.is_not(None), ev.c.date_lower < ev.c.date_upper)
    per_kind: list[Any] = []
    for kind in FACT_KINDS:
        is_kind = ev.c.kind == kind
        per_kind += [
            func.min(case((is_kind, ev.c.date_lower))).label(f"{kind}_lo"),
            func.min(case((is_kind, ev.c.date_upper))).label(f"{kind}_hi"),
            func.count(case((is_kind, 1))).label(f"{kind}_n"),
            func.count(case((and_(is_kind, ev.c.date_lower.is_(None)), 1))).label(
                f"{kind}_undated"
            ),
            func.count(case((and_(is_kind, imprecise), 1))).label(f"{kind}_imprecise"),
            func.min(case((and_(is_kind, imprecise), ev.c.date_lower))).label(f"{kind}_slo"),
            func.max(case((and_(is_kind, imprecise), ev.c.date_upper))).label(f"{kind}_shi"),
        ]
    events = select(ev.c.case_defendant_id.label("cd_id"), *per_kind).group_by(
        ev.c.case_defendant_id
    )
    offences = select(
        charge.c.case_defendant_id.label("cd_id"),
        func.sum(
            distinct(case((charge.c.offence_id < OFFENCE_BITS, _bit(charge.c.offence_id)), else_=0))
        ).label("bits"),
        func.max(case((charge.c.offence_id >= OFFENCE_BITS, 1), else_=0)).label("overflow"),
        func.sum(
            distinct(
                case(
                    (
                        and_(charge.c.offence_id < OFFENCE_BITS, charge.c.outcome == "convicted"),
                        _bit(charge.c.offence_id),
                    ),
                    else_=0,
                )
            )
        ).label("convicted_bits"),
    ).group_by(charge.c.case_defendant_id)
    others = select(case_defendant.c.defendant_id, func.count().label("n")).group_by(
        case_defendant.c.defendant_id
    )
    if cd_ids is not None:
        events = events.where(ev.c.case_defendant_id.in_(cd_ids))
        offences = offences.where(charge.c.case_defendant_id.in_(cd_ids))
        owners = select(case_defendant.c.defendant_id).where(case_defendant.c.id.in_(cd_ids))
        others = others.where(case_defendant.c.defendant_id.in_(owners))
    # The end of pre-trial custody: the first verdict or release dated on or after the first
    # dated remand.
    remand = (
        select(ev.c.case_defendant_id.label("cd_id"), func.min(ev.c.date_lower).label("start"))
        .where(ev.c.kind == "remand", ev.c.date_lower.is_not(None))
        .group_by(ev.c.case_defendant_id)
    )
    if cd_ids is not None:
        remand = remand.where(ev.c.case_defendant_id.in_(cd_ids))
    remand_q = remand.subquery("first_remand")
    ends = ev.alias("custody_ends")
    custody = (
        select(
            remand_q.c.cd_id,
            func.min(ends.c.date_lower).label("end_lo"),
            func.min(ends.c.date_upper).label("end_hi"),
        )
        .join(ends, ends.c.case_defendant_id == remand_q.c.cd_id)
        .where(
            ends.c.kind.in_(("verdict", "release")),
            ends.c.date_lower.is_not(None),
            ends.c.date_lower >= remand_q.c.start,
        )
        .group_by(remand_q.c.cd_id)
    )
    events_q, offences_q, others_q, custody_q = (
        events.subquery("ev_facts"),
        offences.subquery("offence_facts"),
        others.subquery("other_prosecutions"),
        custody.subquery("custody"),
    )
    final = _resolved(codebook_id, include_drafts=False)
    draft = _resolved(codebook_id, include_drafts=True)
    cd = case_defendant
    stmt = (
        select(
            cd.c.id.label("cd_id"),
            cd.c.defendant_id,
            cd.c.case_id,
            defendant.c.kind,
            cd.c.outcome,
            cd.c.sentence_months,
            (func.coalesce(others_q.c.n, 1) > 1).label("shared"),
            func.coalesce(offences_q.c.bits, 0).label("offence_bits"),
            (func.coalesce(offences_q.c.overflow, 0) == 1).label("offence_overflow"),
            func.coalesce(offences_q.c.convicted_bits, 0).label("convicted_bits"),
            *(
                func.coalesce(events_q.c[c.name], 0).label(c.name)
                if c.name.endswith(("_n", "_undated", "_imprecise"))
                else events_q.c[c.name]
                for kind in FACT_KINDS
                for c in kind_columns(kind)
            ),
            custody_q.c.end_lo.label("custody_end_lo"),
            custody_q.c.end_hi.label("custody_end_hi"),
            year_label(events_q.c.arrest_lo, events_q.c.arrest_hi).label("arrest_year"),
            year_label(
                least([events_q.c.verdict_lo, events_q.c.sentence_lo]),
                least([events_q.c.verdict_hi, events_q.c.sentence_hi]),
            ).label("verdict_year"),
            final[3].label("answer_final"),
            final[4].label("basis_final"),
            draft[3].label("answer_draft"),
            draft[4].label("basis_draft"),
            days_between(events_q.c.remand_hi, custody_q.c.end_lo, dialect).label(
                "custody_days_short"
            ),
            days_between(events_q.c.remand_lo, custody_q.c.end_hi, dialect).label(
                "custody_days_long"
            ),
        )
        .select_from(cd)
        .join(defendant, defendant.c.id == cd.c.defendant_id)
        .outerjoin(events_q, events_q.c.cd_id == cd.c.id)
        .outerjoin(offences_q, offences_q.c.cd_id == cd.c.id)
        .outerjoin(others_q, others_q.c.defendant_id == cd.c.defendant_id)
        .outerjoin(custody_q, custody_q.c.cd_id == cd.c.id)
    )
    for adj, finals, drafts, _, _ in (final, draft):
        stmt = (
            stmt.outerjoin(adj, adj.c.cd_id == cd.c.id)
            .outerjoin(finals, finals.c.cd_id == cd.c.id)
            .outerjoin(drafts, drafts.c.cd_id == cd.c.id)
        )
    if cd_ids is not None:
        stmt = stmt.where(cd.c.id.in_(cd_ids))
    return stmt


def _meta(connection: Connection) -> Any:
    return connection.execute(select(facts_meta).where(facts_meta.c.id == 1)).first()


def _facts_ready(connection: Connection) -> bool:
    found = _meta(connection)
    return found is not None and found.version == FACTS_VERSION


def refresh_facts(connection: Connection, cd_ids: Iterable[int] | None) -> None:
    """Work out again the facts of these prosecutions (None: of every one), in the caller's
    transaction; prosecutions that no longer exist lose their facts row. The lineages they
    are in are then set again (`nsdocket.db.facts_lineage`)."""
    meta = _meta(connection)
    codebook_id = meta.codebook_id if meta is not None else None
    columns = [c.name for c in prosecution_facts.c if c.name not in LINEAGE_COLUMNS]
    dialect = connection.dialect.name
    if cd_ids is None:
        connection.execute(delete(prosecution_facts))
        every = _facts_select(codebook_id, None, dialect)
        connection.execute(insert(prosecution_facts).from_select(columns, every))
        apply_lineage(connection, None)
        return
    ids = sorted(set(cd_ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        if connection.dialect.name == "postgresql":
            # Wait for any other writer of these rows to commit, so that what is read next
            # includes its changes (see the module doc).
            connection.execute(
                select(prosecution_facts.c.cd_id)
                .where(prosecution_facts.c.cd_id.in_(chunk))
                .order_by(prosecution_facts.c.cd_id)
                .with_for_update()
            ).all()
        connection.execute(delete(prosecution_facts).where(prosecution_facts.c.cd_id.in_(chunk)))
        these = _facts_select(codebook_id, chunk, dialect)
        connection.execute(insert(prosecution_facts).from_select(columns, these))
    apply_lineage(connection, ids)


def ensure_facts(connection: Connection, codebook_id: int | None) -> bool:
    """Make sure the facts exist, are of this code's definition and hold the answers of
    ``codebook_id``; rebuild them in full otherwise (in the caller's transaction).

    Returns:
        True when they had to be rebuilt.
    """
    meta = _meta(connection)
    if meta is not None and meta.version == FACTS_VERSION and meta.codebook_id == codebook_id:
        return False
    if meta is None:
        connection.execute(
            insert(facts_meta).values(id=1, version=FACTS_VERSION, codebook_id=codebook_id)
        )
    else:
        connection.execute(
            facts_meta.update()
            .where(facts_meta.c.id == 1)
            .values(version=FACTS_VERSION, codebook_id=codebook_id)
        )
    refresh_facts(connection, None)
    return True


def imprecise_straddle(kind: str, as_of: Any, source: Any) -> ColumnElement[bool]:
    """For a facts row whose events of ``kind`` include at most one imprecise date: that date
    straddles ``as_of`` (see `Facts.straddles` in the statistics layer for the general case)."""
    return and_(source.c[f"{kind}_slo"] <= as_of, source.c[f"{kind}_shi"] > as_of)


def has_event_straddling(kind: str, as_of: Any, cd_id: Any) -> ColumnElement[bool]:
    """An event of ``kind`` of prosecution ``cd_id`` whose date straddles ``as_of``, read from
    the events (for the rare prosecution with several imprecise dates of one kind)."""
    ev = event_table.alias(f"straddling_{kind}")
    return (
        select(ev.c.id)
        .where(
            ev.c.case_defendant_id == cd_id,
            ev.c.kind == kind,
            ev.c.date_lower <= as_of,
            ev.c.date_upper > as_of,
        )
        .exists()
    )


__all__ = [
    "BASES",
    "CODED_QUESTION",
    "DECISION_KINDS",
    "DERIVED_TABLES",
    "FACTS_VERSION",
    "FACT_KINDS",
    "OFFENCE_BITS",
    "YEAR_COLUMNS",
    "YEAR_UNCERTAIN",
    "YEAR_UNDATED",
    "days_between",
    "ensure_facts",
    "facts_meta",
    "has_event_straddling",
    "imprecise_straddle",
    "mark_all_dirty",
    "mark_dirty",
    "prosecution_facts",
    "refresh_facts",
    "touched_prosecutions",
    "year_label",
]
