"""Links between a case and its appeal, review or retrial: made by hand, confirmed, dismissed.

Every change is one audited transaction through `Writer`; the facts of both cases' prosecutions
are worked out again before it commits, so the figures see the lineage at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, or_, select
from sqlalchemy.orm import aliased

from nsdocket.db.lineage import ACTIVE_LINKS, LINK_KINDS, reachable
from nsdocket.db.schema import case, case_defendant, case_link, defendant
from nsdocket.db.writer import Row, Writer, row_dict

#: Decisions a reviewer takes on a link, and the status each leaves.
DECISIONS = {"confirm": "confirmed", "dismiss": "dismissed"}


class LinkError(ValueError):
    """A link that cannot be made as asked: the same case, an unknown kind, or a cycle."""


@dataclass
class LinkReport:
    """What `link_cases` made or changed.

    Attributes:
        link_id: the link (None on a dry run that would insert one).
        case_id: the earlier case.
        later_case_id: the case that follows it.
        kind: appeal, review or retrial.
        status: the link's status afterwards.
        changed: whether anything was written (or, on a dry run, would be).
        shared: the defendants in both cases, whose prosecutions become one.
        applied: False on a dry run (nothing was kept).
    """

    link_id: int | None
    case_id: int
    later_case_id: int
    kind: str
    status: str
    changed: bool
    shared: list[str] = field(default_factory=list)
    applied: bool = True


def shared_defendants(connection: Connection, lower: int, later: int) -> list[str]:
    """The names of the defendants who are in both cases."""
    in_lower = select(case_defendant.c.defendant_id).where(case_defendant.c.case_id == lower)
    return list(
        connection.execute(
            select(defendant.c.name)
            .join(case_defendant, case_defendant.c.defendant_id == defendant.c.id)
            .where(case_defendant.c.case_id == later, defendant.c.id.in_(in_lower))
            .order_by(defendant.c.name)
        ).scalars()
    )


def _links(connection: Connection, statuses: tuple[str, ...]) -> list[tuple[int, int]]:
    rows = connection.execute(
        select(case_link.c.case_id, case_link.c.later_case_id).where(
            case_link.c.status.in_(statuses)
        )
    )
    return [(int(a), int(b)) for a, b in rows]


def would_cycle(connection: Connection, lower: int, later: int) -> bool:
    """Whether ``lower`` already follows ``later`` through active or proposed links."""
    links = _links(connection, (*ACTIVE_LINKS, "proposed"))
    return lower in reachable(links).get(later, set())


def _pair(connection: Connection, lower: int, later: int) -> Row | None:
    found = (
        connection.execute(
            select(case_link).where(
                case_link.c.case_id == lower, case_link.c.later_case_id == later
            )
        )
        .mappings()
        .first()
    )
    return dict(found) if found is not None else None


def link_cases(
    engine: Engine,
    lower: int,
    later: int,
    *,
    kind: str,
    actor: str,
    note: str = "",
    dry_run: bool = False,
) -> LinkReport:
    """Record by hand that case ``later`` is an appeal, review or retrial of case ``lower``.

    An existing link between the two is confirmed with this kind instead (a proposal, or one a
    person dismissed). Audited; with ``dry_run`` everything is worked out and rolled back.

    Raises:
        RowNotFoundError: either case does not exist.
        LinkError: the same case twice, an unknown kind, or ``lower`` already follows
            ``later`` (a cycle).
    """
    if lower == later:
        raise LinkError(f"case {lower} cannot follow itself")
    if kind not in LINK_KINDS:
        raise LinkError(f"kind must be one of {', '.join(LINK_KINDS)}, not {kind!r}")
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            writer = Writer(connection, actor=actor)
            writer.get(case, lower)
            writer.get(case, later)
            if would_cycle(connection, lower, later):
                raise LinkError(f"case {lower} already follows case {later}: that would be a cycle")
            existing = _pair(connection, lower, later)
            if existing is None:
                values = {
                    "case_id": lower,
                    "later_case_id": later,
                    "kind": kind,
                    "how": "manual",
                    "status": "confirmed",
                    "evidence": "",
                    "note": note,
                }
                link_id: int | None = writer.insert(case_link, values, reason=note)
                changed = True
            else:
                link_id = int(existing["id"])
                changes: dict[str, Any] = {"kind": kind, "status": "confirmed"}
                if note:
                    changes["note"] = "\n".join(n for n in (existing["note"], note) if n)
                changed = writer.update(case_link, link_id, changes, current=existing, reason=note)
            report = LinkReport(
                link_id=link_id,
                case_id=lower,
                later_case_id=later,
                kind=kind,
                status="confirmed",
                changed=changed,
                shared=shared_defendants(connection, lower, later),
                applied=not dry_run,
            )
        except BaseException:
            transaction.rollback()
            raise
        if dry_run:
            transaction.rollback()
            if existing is None:
                report.link_id = None
        else:
            transaction.commit()
    return report


def decide_case_link(
    engine: Engine, link_id: int, decision: str, *, actor: str, reason: str = ""
) -> bool:
    """Confirm or dismiss a link (``confirm`` or ``dismiss``), audited; return whether it changed.

    A dismissed link no longer counts and is not proposed again; a confirmed one counts.

    Raises:
        RowNotFoundError: no such link.
        LinkError: an unknown decision, or confirming a link that would make a cycle.
    """
    status = DECISIONS.get(decision)
    if status is None:
        raise LinkError(f"decision must be confirm or dismiss, not {decision!r}")
    with engine.begin() as connection:
        writer = Writer(connection, actor=actor)
        link = writer.get(case_link, link_id)
        if status == "confirmed" and link["status"] not in ACTIVE_LINKS:
            others = [
                pair
                for pair in _links(connection, ACTIVE_LINKS)
                if pair != (link["case_id"], link["later_case_id"])
            ]
            if link["case_id"] in reachable(others).get(link["later_case_id"], set()):
                raise LinkError(
                    f"case {link['case_id']} already follows case {link['later_case_id']}: "
                    f"confirming link {link_id} would make a cycle"
                )
        return writer.update(case_link, link_id, {"status": status}, current=link, reason=reason)


def list_case_links(
    engine: Engine, *, status: str | None = None, case_id: int | None = None
) -> list[dict[str, Any]]:
    """Links with both cases' titles and numbers and how many defendants they share.

    Args:
        engine: the database.
        status: only links of this status (None: every one).
        case_id: only links of this case, on either side.
    """
    lower, later = aliased(case, name="lower_case"), aliased(case, name="later_case")
    mine, theirs = aliased(case_defendant, name="mine"), aliased(case_defendant, name="theirs")
    shared = (
        select(func.count())
        .select_from(mine)
        .join(theirs, theirs.c.defendant_id == mine.c.defendant_id)
        .where(mine.c.case_id == case_link.c.case_id, theirs.c.case_id == case_link.c.later_case_id)
        .scalar_subquery()
    )
    query = (
        select(
            case_link,
            lower.c.title.label("case_title"),
            lower.c.case_numbers.label("case_numbers"),
            later.c.title.label("later_title"),
            later.c.case_numbers.label("later_numbers"),
            shared.label("shared"),
        )
        .join(lower, lower.c.id == case_link.c.case_id)
        .join(later, later.c.id == case_link.c.later_case_id)
        .order_by(case_link.c.id)
    )
    if status is not None:
        query = query.where(case_link.c.status == status)
    if case_id is not None:
        query = query.where(
            or_(case_link.c.case_id == case_id, case_link.c.later_case_id == case_id)
        )
    with engine.connect() as connection:
        return [row_dict(r) for r in connection.execute(query).mappings()]


def move_case_links(connection: Connection, writer: Writer, keep: int, other: int) -> list[int]:
    """Move the links of case ``other`` to case ``keep`` (when two cases are merged into one);
    a link that would join ``keep`` to itself or repeat one it has is deleted. Returns the
    ids of the links moved or deleted."""
    touched: list[int] = []
    rows = [
        dict(r)
        for r in connection.execute(
            select(case_link).where(
                or_(case_link.c.case_id == other, case_link.c.later_case_id == other)
            )
        ).mappings()
    ]
    for link in rows:
        lower = keep if link["case_id"] == other else link["case_id"]
        later = keep if link["later_case_id"] == other else link["later_case_id"]
        duplicate = connection.execute(
            select(case_link.c.id).where(
                case_link.c.id != link["id"],
                or_(
                    and_(case_link.c.case_id == lower, case_link.c.later_case_id == later),
                    and_(case_link.c.case_id == later, case_link.c.later_case_id == lower),
                ),
            )
        ).first()
        if lower == later or duplicate is not None:
            writer.delete(case_link, link["id"], reason=f"case {other} merged into {keep}")
        else:
            changes = {"case_id": lower, "later_case_id": later}
            writer.update(case_link, link["id"], changes, current=link)
        touched.append(int(link["id"]))
    return touched
