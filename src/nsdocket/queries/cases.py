"""Listing and showing cases and defendants, with their charges, events and sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, exists, func, select

from nsdocket.db.schema import (
    case,
    case_defendant,
    charge,
    defendant,
    event,
    evidence,
    law,
    offence,
    source,
)
from nsdocket.db.writer import RowNotFoundError, row_dict
from nsdocket.queries.redact import display_name, redact_row
from nsdocket.queries.scrub import scrubber_for

CASE_STATUSES = ("concluded", "pending", "mixed", "not_charged", "unknown")
ENTITY_KINDS = ("person", "company", "organisation", "group")


@dataclass(frozen=True)
class CaseFilter:
    """Filters for the case list; None means no filter.

    Attributes:
        law: a law code (``NSL``): cases with at least one charge under it.
        status: a case status (concluded, pending, mixed, not_charged, unknown).
        year: cases whose first arrest (by its earliest possible date) falls in this year.
        kind: cases with at least one defendant of this kind (person, company, ...).
        text: words that must appear in the title or a defendant's name.
    """

    law: str | None = None
    status: str | None = None
    year: int | None = None
    kind: str | None = None
    text: str | None = None


@dataclass
class CasePage:
    """One page of the case list."""

    total: int
    rows: list[dict[str, Any]] = field(default_factory=list)


def _filtered_case_ids(flt: CaseFilter) -> Any:
    stmt = select(case.c.id)
    if flt.status:
        stmt = stmt.where(case.c.status == flt.status)
    if flt.law:
        stmt = stmt.where(
            exists(
                select(charge.c.id)
                .join(case_defendant, case_defendant.c.id == charge.c.case_defendant_id)
                .join(law, law.c.id == charge.c.law_id)
                .where(case_defendant.c.case_id == case.c.id, law.c.code == flt.law.upper())
            )
        )
    if flt.kind:
        stmt = stmt.where(
            exists(
                select(case_defendant.c.id)
                .join(defendant, defendant.c.id == case_defendant.c.defendant_id)
                .where(case_defendant.c.case_id == case.c.id, defendant.c.kind == flt.kind)
            )
        )
    if flt.year:
        start, end = dt.date(flt.year, 1, 1), dt.date(flt.year, 12, 31)
        # The case's first arrest (by its earliest possible date), the one the list shows.
        arrested_then = (
            select(case_defendant.c.case_id)
            .join(event, event.c.case_defendant_id == case_defendant.c.id)
            .where(event.c.kind == "arrest")
            .group_by(case_defendant.c.case_id)
            .having(func.min(event.c.date_lower).between(start, end))
        )
        stmt = stmt.where(case.c.id.in_(arrested_then))
    if flt.text:
        pattern = f"%{flt.text.casefold()}%"
        stmt = stmt.where(
            func.lower(case.c.title).like(pattern)
            | exists(
                select(case_defendant.c.id)
                .join(defendant, defendant.c.id == case_defendant.c.defendant_id)
                .where(
                    case_defendant.c.case_id == case.c.id,
                    defendant.c.sensitive.is_(False),
                    func.lower(defendant.c.name).like(pattern),
                )
            )
        )
    return stmt


def matching_case_ids(engine: Engine, flt: CaseFilter, *, public: bool = False) -> list[int]:
    """The ids of every case matching ``flt`` (as `list_cases` finds them), in id order.

    With ``public``, a search for a withheld name matches nothing.
    """
    if public and flt.text:
        scrub = scrubber_for(engine)
        if scrub.text(flt.text) != flt.text:
            return []
    with engine.connect() as connection:
        found = connection.execute(_filtered_case_ids(flt).order_by(case.c.id)).scalars()
        return [int(i) for i in found]


def list_cases(
    engine: Engine,
    flt: CaseFilter | None = None,
    *,
    limit: int = 100,
    offset: int = 0,
    public: bool = False,
) -> CasePage:
    """Cases matching ``flt``, ordered by id, with defendant counts, laws and first arrest.

    With ``public``, names of sensitive defendants are withheld wherever they are written
    (a case title can name a minor).
    """
    flt = flt or CaseFilter()
    scrub = scrubber_for(engine) if public else None
    if scrub is not None and flt.text and scrub.text(flt.text) != flt.text:
        # A public search for a withheld name must not reveal which case it is in.
        return CasePage(total=0, rows=[])
    matching = _filtered_case_ids(flt)
    with engine.connect() as connection:
        total = connection.execute(
            select(func.count()).select_from(matching.subquery())
        ).scalar_one()
        # The filters applied to the page query itself, so that SQLite walks the cases in id
        # order and stops after the page (``id IN (matching ids)`` first collected them all).
        page = connection.execute(
            matching.with_only_columns(*case.c).order_by(case.c.id).limit(limit).offset(offset)
        ).mappings()
        rows = [row_dict(r) for r in page]
        case_ids = [r["id"] for r in rows]
        counts = connection.execute(
            select(case_defendant.c.case_id, defendant.c.kind, func.count())
            .join(defendant, defendant.c.id == case_defendant.c.defendant_id)
            .where(case_defendant.c.case_id.in_(case_ids))
            .group_by(case_defendant.c.case_id, defendant.c.kind)
        ).all()
        laws = connection.execute(
            select(case_defendant.c.case_id, law.c.code)
            .distinct()
            .join(charge, charge.c.case_defendant_id == case_defendant.c.id)
            .join(law, law.c.id == charge.c.law_id)
            .where(case_defendant.c.case_id.in_(case_ids))
        ).all()
        # Arrests looked up by prosecution (the page's ones, through the (prosecution, kind)
        # index); a plain join on kind = 'arrest' lets SQLite start from every arrest instead.
        page_prosecutions = select(case_defendant.c.id).where(
            case_defendant.c.case_id.in_(case_ids)
        )
        arrests = connection.execute(
            select(case_defendant.c.case_id, func.min(event.c.date_lower))
            .join(case_defendant, event.c.case_defendant_id == case_defendant.c.id)
            .where(event.c.case_defendant_id.in_(page_prosecutions), event.c.kind == "arrest")
            .group_by(case_defendant.c.case_id)
        ).all()
    by_id = {r["id"]: r for r in rows}
    for r in rows:
        r.update(defendants={}, laws=[], first_arrest=None)
    for case_id, kind, n in counts:
        by_id[case_id]["defendants"][kind] = n
    for case_id, code in laws:
        by_id[case_id]["laws"].append(code)
    for case_id, first in arrests:
        by_id[case_id]["first_arrest"] = first.isoformat() if first else None
    for r in rows:
        r["laws"].sort()
    if scrub is not None:
        rows = [scrub.row(r) for r in rows]
    return CasePage(total=total, rows=rows)


def _charges(connection: Any, cd_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    stmt = (
        select(
            charge,
            law.c.code.label("law_code"),
            offence.c.provision,
            offence.c.name.label("offence_name"),
            offence.c.category,
        )
        .outerjoin(law, law.c.id == charge.c.law_id)
        .outerjoin(offence, offence.c.id == charge.c.offence_id)
        .where(charge.c.case_defendant_id.in_(cd_ids))
        .order_by(charge.c.case_defendant_id, charge.c.position)
    )
    for r in connection.execute(stmt).mappings():
        out.setdefault(r["case_defendant_id"], []).append(row_dict(r))
    return out


def _events(connection: Any, cd_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    stmt = (
        select(event)
        .where(event.c.case_defendant_id.in_(cd_ids))
        .order_by(event.c.case_defendant_id, event.c.date_lower, event.c.kind, event.c.position)
    )
    for r in connection.execute(stmt).mappings():
        out.setdefault(r["case_defendant_id"], []).append(row_dict(r))
    return out


def _sources(connection: Any, cd_ids: list[int], public: bool) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    stmt = (
        select(source, evidence.c.target_id, evidence.c.field, evidence.c.asserted_value)
        .join(evidence, evidence.c.source_id == source.c.id)
        .where(evidence.c.target_table == "case_defendant", evidence.c.target_id.in_(cd_ids))
        .order_by(source.c.id)
    )
    for r in connection.execute(stmt).mappings():
        row = row_dict(r)
        if public and row.get("sensitive"):
            continue
        out.setdefault(r["target_id"], []).append(row)
    return out


def _prosecutions(connection: Any, where: Any, public: bool) -> list[dict[str, Any]]:
    stmt = (
        select(
            case_defendant,
            case.c.title.label("case_title"),
            case.c.status.label("case_status"),
            defendant.c.kind,
            defendant.c.name,
            defendant.c.sensitive,
            defendant.c.minor,
        )
        .join(case, case.c.id == case_defendant.c.case_id)
        .join(defendant, defendant.c.id == case_defendant.c.defendant_id)
        .where(where)
        .order_by(case_defendant.c.id)
    )
    rows = [row_dict(r) for r in connection.execute(stmt).mappings()]
    cd_ids = [r["id"] for r in rows]
    charges = _charges(connection, cd_ids)
    events = _events(connection, cd_ids)
    sources = _sources(connection, cd_ids, public)
    for r in rows:
        r["name"] = display_name({**r, "id": r["defendant_id"]}, public=public)
        r["charges"] = charges.get(r["id"], [])
        r["events"] = events.get(r["id"], [])
        r["sources"] = sources.get(r["id"], [])
    return rows


def case_detail(engine: Engine, case_id: int, *, public: bool = False) -> dict[str, Any]:
    """A case with its prosecutions (defendant, charges, events, sources).

    Raises:
        RowNotFoundError: when there is no such case.
    """
    with engine.connect() as connection:
        found = connection.execute(select(case).where(case.c.id == case_id)).mappings().first()
        if found is None:
            raise RowNotFoundError(f"case {case_id} does not exist")
        out = row_dict(found)
        out["prosecutions"] = _prosecutions(connection, case_defendant.c.case_id == case_id, public)
    return out


def defendant_detail(engine: Engine, defendant_id: int, *, public: bool = False) -> dict[str, Any]:
    """A defendant with every case they are in, each with charges, events and sources.

    Raises:
        RowNotFoundError: when there is no such defendant.
    """
    with engine.connect() as connection:
        found = (
            connection.execute(select(defendant).where(defendant.c.id == defendant_id))
            .mappings()
            .first()
        )
        if found is None:
            raise RowNotFoundError(f"defendant {defendant_id} does not exist")
        out = row_dict(found)
        if public:
            out = redact_row("defendant", out)
        out["prosecutions"] = _prosecutions(
            connection, case_defendant.c.defendant_id == defendant_id, public
        )
    return scrubber_for(engine).row(out) if public else out
