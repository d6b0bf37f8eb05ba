"""SQL building blocks for measures: who is in scope, what was known when, which answer counts.

Everything here builds SQLAlchemy Core expressions, so the work happens in the database (SQLite
or PostgreSQL alike) and scales with it rather than with Python loops.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    and_,
    case,
    distinct,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    true,
)

from nsdocket.db.schema import (
    adjudication,
    case_defendant,
    charge,
    codebook,
    coding,
    coding_answer,
    defendant,
    event,
    law,
    offence,
)
from nsdocket.stats.scopes import Scope


def end_of(day: dt.date | None) -> dt.datetime | None:
    """The last moment of a day (for comparing timestamps with an as-of date)."""
    return None if day is None else dt.datetime.combine(day, dt.time.max)


def charge_in_scope(scope: Scope) -> ColumnElement[bool]:
    """True for a charge whose offence is in the scope (by law, or offence by offence)."""
    conditions: list[ColumnElement[bool]] = []
    if scope.laws:
        conditions.append(law.c.code.in_(scope.laws))
    for code, provision in scope.single_offences:
        conditions.append(and_(law.c.code == code, offence.c.provision == provision))
    return or_(*conditions) if conditions else false()


def law_codes(scope: Scope) -> tuple[str, ...]:
    """The codes of the laws the scope counts charges under (wholly or offence by offence)."""
    return tuple(dict.fromkeys([*scope.laws, *(code for code, _ in scope.single_offences)]))


def _offences_in_scope(scope: Scope) -> Select[Any]:
    return (
        select(offence.c.id).join(law, law.c.id == offence.c.law_id).where(charge_in_scope(scope))
    )


def charged_under(scope: Scope, code: str) -> ColumnElement[bool]:
    """The prosecution (a row of case_defendant) has an in-scope charge under law ``code``."""
    return exists(
        select(charge.c.id).where(
            charge.c.case_defendant_id == case_defendant.c.id,
            charge.c.offence_id.in_(_offences_in_scope(scope).where(law.c.code == code)),
        )
    )


def scoped_prosecutions(scope: Scope) -> Select[Any]:
    """Prosecutions in scope: a defendant of a counted kind with at least one charge in scope."""
    # The in-scope offences are read once (a handful of rows), not joined for every charge.
    has_charge = exists(
        select(charge.c.id).where(
            charge.c.case_defendant_id == case_defendant.c.id,
            charge.c.offence_id.in_(_offences_in_scope(scope)),
        )
    )
    return (
        select(
            case_defendant.c.id.label("cd_id"),
            case_defendant.c.defendant_id,
            case_defendant.c.case_id,
            case_defendant.c.outcome,
            case_defendant.c.sentence_months,
        )
        .join(defendant, defendant.c.id == case_defendant.c.defendant_id)
        .where(defendant.c.kind.in_(scope.entity_kinds), has_charge, _arrested_in(scope))
    )


def _arrested_in(scope: Scope) -> ColumnElement[bool]:
    """True when the scope names no years, or the prosecution has an arrest in them (by the
    arrest's earliest possible date, as the case list's year filter reads it)."""
    if scope.arrest_years is None:
        return true()
    first, last = scope.arrest_years
    when = event.c.date_lower >= dt.date(first, 1, 1)
    if last is not None:
        when = and_(when, event.c.date_lower <= dt.date(last, 12, 31))
    return exists(
        select(event.c.id).where(
            event.c.case_defendant_id == case_defendant.c.id, event.c.kind == "arrest", when
        )
    )


def known_by(ev: FromClause, kinds: tuple[str, ...], as_of: dt.date | None) -> ColumnElement[bool]:
    """True for an event row (of ``ev``) of these kinds that certainly happened by ``as_of``.

    With no as-of date, any recorded event counts, dated or not. With one, the event's latest
    possible day must fall on or before it: a verdict dated only "2021-10" is not yet known as
    of 2021-10-15 (see `straddling`).
    """
    if as_of is None:
        return ev.c.kind.in_(kinds)
    return and_(ev.c.kind.in_(kinds), ev.c.date_upper <= as_of)


def straddling(ev: FromClause, kinds: tuple[str, ...], as_of: dt.date) -> ColumnElement[bool]:
    """True for an event row of these kinds whose date bounds straddle ``as_of`` (or that is
    undated), so that it may or may not have happened by then."""
    return and_(
        ev.c.kind.in_(kinds),
        or_(
            ev.c.date_lower.is_(None),
            and_(ev.c.date_lower <= as_of, ev.c.date_upper > as_of),
        ),
    )


def resolved_answer(
    question: str,
    codebook_key: str,
    codebook_version: str,
    as_of: dt.date | None,
    include_drafts: bool,
    keys: FromClause | None = None,
) -> Select[Any]:
    """One row per prosecution (of ``keys``, a table or subquery with a ``cd_id`` column; by
    default every prosecution): the answer that counts, and how it was settled.

    The adjudicated answer, else the agreed answer of two or more final codings, else a single
    final coding's answer; with ``include_drafts``, draft codings are used where no final one
    exists (basis ``draft``). Coders who disagree without an adjudication give no answer (basis
    ``disagreement``). Only codings and adjudications made by ``as_of`` count.
    """
    until = end_of(as_of)

    def tally(status: str) -> Any:
        made = coding.c.finalised_at if status == "final" else coding.c.created_at
        stmt = (
            select(
                coding.c.case_defendant_id.label("cd_id"),
                func.count(distinct(coding.c.coder)).label("coders"),
                func.count(distinct(coding_answer.c.value)).label("answers"),
                func.min(coding_answer.c.value).label("answer"),
            )
            .join(coding_answer, coding_answer.c.coding_id == coding.c.id)
            .join(codebook, codebook.c.id == coding.c.codebook_id)
            .where(
                codebook.c.key == codebook_key,
                codebook.c.version == codebook_version,
                coding.c.status == status,
                coding_answer.c.question == question,
                coding_answer.c.charge_id.is_(None),
            )
            .group_by(coding.c.case_defendant_id)
        )
        if until is not None:
            stmt = stmt.where(made <= until)
        return stmt.subquery(f"{status}_tally")

    finals = tally("final")
    drafts = tally("draft")
    adj_stmt = (
        select(adjudication.c.case_defendant_id.label("cd_id"), adjudication.c.answer)
        .join(codebook, codebook.c.id == adjudication.c.codebook_id)
        .where(
            codebook.c.key == codebook_key,
            codebook.c.version == codebook_version,
            adjudication.c.question == question,
        )
    )
    if until is not None:
        adj_stmt = adj_stmt.where(adjudication.c.created_at <= until)
    adj = adj_stmt.subquery("adj")
    use_drafts = literal(include_drafts)
    answer = case(
        (adj.c.answer.is_not(None), adj.c.answer),
        (finals.c.answers == 1, finals.c.answer),
        (and_(use_drafts, finals.c.cd_id.is_(None), drafts.c.answers == 1), drafts.c.answer),
        else_=None,
    )
    basis = case(
        (adj.c.answer.is_not(None), "adjudicated"),
        (and_(finals.c.answers == 1, finals.c.coders >= 2), "agreed"),
        (finals.c.answers == 1, "single"),
        (finals.c.answers > 1, "disagreement"),
        (and_(use_drafts, drafts.c.answers == 1), "draft"),
        (and_(use_drafts, drafts.c.answers > 1), "disagreement"),
        (drafts.c.answers >= 1, "draft_only"),
        else_="uncoded",
    )
    if keys is None:
        keys = select(case_defendant.c.id.label("cd_id")).subquery("keys")
    return (
        select(keys.c.cd_id, answer.label("answer"), basis.label("basis"))
        .select_from(keys)
        .outerjoin(adj, adj.c.cd_id == keys.c.cd_id)
        .outerjoin(finals, finals.c.cd_id == keys.c.cd_id)
        .outerjoin(drafts, drafts.c.cd_id == keys.c.cd_id)
    )
