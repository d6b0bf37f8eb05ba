"""A case's lineage as a person reads it: the cases before and after it, and for each defendant
the outcome at every step and the one that stands.

The outcome that stands is worked out by the same plan the figures use
(`nsdocket.db.lineage.plan_lineages`), from the cases' own rows, so what `nsdocket cases
lineage` shows is what the figures count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, func, select

from nsdocket.db.facts_tables import DECISION_KINDS
from nsdocket.db.lineage import ACTIVE_LINKS, NO_LINEAGE, StepRow, plan_lineages
from nsdocket.db.schema import case, case_defendant, case_link, defendant, event
from nsdocket.db.writer import RowNotFoundError


@dataclass(frozen=True)
class ChainCase:
    """One case of a lineage, with the link that brings it in (None for a first instance)."""

    id: int
    title: str
    case_numbers: str
    depth: int
    link_id: int | None = None
    follows: int | None = None
    kind: str = ""
    how: str = ""
    status: str = ""


@dataclass(frozen=True)
class ChainStep:
    """A defendant's prosecution in one case of the lineage."""

    cd_id: int
    case_id: int
    outcome: str
    sentence_months: int | None
    decided_on: str


@dataclass
class ChainProsecution:
    """One defendant's prosecution across the lineage: counted once, by its first instance."""

    defendant_id: int
    name: str
    root_cd_id: int
    steps: list[ChainStep] = field(default_factory=list)
    outcome: str = ""
    sentence_months: int | None = None


@dataclass
class CaseLineage:
    """The cases linked to one case (through links that are not dismissed) and the
    prosecutions they hold."""

    case_id: int
    cases: list[ChainCase]
    prosecutions: list[ChainProsecution]


def _component(links: list[dict[str, object]], start: int) -> set[int]:
    """Every case joined to ``start`` by links, whichever way they point."""
    found, todo = {start}, [start]
    while todo:
        here = todo.pop()
        for link in links:
            ends = (int(str(link["case_id"])), int(str(link["later_case_id"])))
            if here in ends:
                for other in ends:
                    if other not in found:
                        found.add(other)
                        todo.append(other)
    return found


def _cases(
    connection: Connection, ids: set[int], links: list[dict[str, object]]
) -> list[ChainCase]:
    rows = {
        int(r.id): r
        for r in connection.execute(
            select(case.c.id, case.c.title, case.c.case_numbers).where(case.c.id.in_(ids))
        )
    }
    into = {int(str(link["later_case_id"])): link for link in links}
    depth: dict[int, int] = {}

    def depth_of(case_id: int, seen: frozenset[int] = frozenset()) -> int:
        link = into.get(case_id)
        if link is None or case_id in seen:
            return 0
        if case_id not in depth:
            depth[case_id] = 1 + depth_of(int(str(link["case_id"])), seen | {case_id})
        return depth[case_id]

    out = []
    for case_id in ids:
        link = into.get(case_id)
        row = rows[case_id]
        out.append(
            ChainCase(
                id=case_id,
                title=row.title,
                case_numbers=row.case_numbers,
                depth=depth_of(case_id),
                link_id=int(str(link["id"])) if link else None,
                follows=int(str(link["case_id"])) if link else None,
                kind=str(link["kind"]) if link else "",
                how=str(link["how"]) if link else "",
                status=str(link["status"]) if link else "",
            )
        )
    return sorted(out, key=lambda c: (c.depth, c.id))


def _steps(connection: Connection, ids: set[int]) -> list[tuple[StepRow, str, str]]:
    decisions = (
        select(
            event.c.case_defendant_id.label("cd_id"),
            func.count().label("n"),
            func.min(event.c.date_lower).label("lo"),
            func.min(event.c.date_edtf).label("edtf"),
        )
        .where(event.c.kind.in_(DECISION_KINDS))
        .group_by(event.c.case_defendant_id)
        .subquery("decisions")
    )
    rows = connection.execute(
        select(
            case_defendant.c.id,
            case_defendant.c.case_id,
            case_defendant.c.defendant_id,
            case_defendant.c.outcome,
            case_defendant.c.sentence_months,
            defendant.c.name,
            decisions.c.n,
            decisions.c.lo,
            decisions.c.edtf,
        )
        .join(defendant, defendant.c.id == case_defendant.c.defendant_id)
        .outerjoin(decisions, decisions.c.cd_id == case_defendant.c.id)
        .where(case_defendant.c.case_id.in_(ids))
        .order_by(case_defendant.c.id)
    )
    return [
        (
            StepRow(
                cd_id=int(r.id),
                case_id=int(r.case_id),
                defendant_id=int(r.defendant_id),
                outcome=r.outcome,
                sentence_months=r.sentence_months,
                decided=bool(r.n),
                decided_lo=r.lo,
            ),
            r.name,
            r.edtf or "",
        )
        for r in rows
    ]


def lineage_of(engine: Engine, case_id: int) -> CaseLineage:
    """The lineage case ``case_id`` is in: its cases (first instances first) and, for each
    defendant in more than one of them, the outcome at each step and the one that stands.

    Raises:
        RowNotFoundError: no such case.
    """
    with engine.connect() as connection:
        if connection.execute(select(case.c.id).where(case.c.id == case_id)).first() is None:
            raise RowNotFoundError(f"case {case_id} does not exist")
        links = [
            dict(r)
            for r in connection.execute(
                select(case_link).where(case_link.c.status != "dismissed").order_by(case_link.c.id)
            ).mappings()
        ]
        ids = _component(links, case_id)
        mine = [link for link in links if link["case_id"] in ids]
        cases = _cases(connection, ids, mine)
        steps = _steps(connection, ids)
    active = [
        (int(str(link["case_id"])), int(str(link["later_case_id"])))
        for link in mine
        if link["status"] in ACTIVE_LINKS
    ]
    planned = plan_lineages(active, [s for s, _, _ in steps])
    by_root: dict[int, ChainProsecution] = {}
    for step, name, edtf in steps:
        values = planned.get(step.cd_id, NO_LINEAGE)
        root = values.lineage_root or step.cd_id
        item = by_root.setdefault(root, ChainProsecution(step.defendant_id, name, root))
        item.steps.append(
            ChainStep(step.cd_id, step.case_id, step.outcome, step.sentence_months, edtf)
        )
        if root == step.cd_id:
            item.outcome = values.final_outcome or step.outcome
            item.sentence_months = (
                values.final_sentence_months if values.lineage_steps else step.sentence_months
            )
    place = {c.id: i for i, c in enumerate(cases)}
    for item in by_root.values():
        item.steps.sort(key=lambda s: (place[s.case_id], s.cd_id))
    prosecutions = sorted(by_root.values(), key=lambda p: (p.name, p.root_cd_id))
    return CaseLineage(case_id, cases, prosecutions)


__all__ = ["CaseLineage", "ChainCase", "ChainProsecution", "ChainStep", "lineage_of"]
