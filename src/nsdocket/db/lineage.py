"""Case lineage: the later steps of a prosecution (appeal, review of sentence, retrial) and the
first instance they follow, worked out from the links between cases.

A `case_link` row says that one case follows another. A defendant's prosecutions in linked
cases are one prosecution: its row in the earliest case is the *root*, its rows in the later
cases are the *steps*. Steps are ordered by how many links down they are, then by the date of
their decision (their first verdict or sentence), so that the last step decided by a day gives
the outcome as of that day. Only active links count: found in an explicit case number, or
confirmed by a person; proposals wait for a reviewer.

`plan_lineages` is pure; `nsdocket.db.facts_lineage` keeps its answer in the facts rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, select

from nsdocket.db.schema import case_link

LINK_KINDS = ("appeal", "review", "retrial")
LINK_HOW = ("case_number", "citation", "manual")
LINK_STATUSES = ("linked", "proposed", "confirmed", "dismissed")
#: Links that count: made from an explicit case number, or confirmed by a person.
ACTIVE_LINKS = ("linked", "confirmed")


@dataclass(frozen=True)
class StepRow:
    """One prosecution in a linked case, as the lineage needs it.

    Attributes:
        cd_id: the prosecution (``case_defendant.id``).
        case_id: its case.
        defendant_id: its defendant: only a defendant's own rows make one lineage.
        outcome: its recorded outcome.
        sentence_months: its recorded sentence, if any.
        decided: a verdict or sentence of it is recorded (dated or not).
        decided_lo: the earliest possible date of its first decision (None: undated, or none).
    """

    cd_id: int
    case_id: int
    defendant_id: int
    outcome: str
    sentence_months: int | None
    decided: bool
    decided_lo: dt.date | None


@dataclass(frozen=True)
class LineageValues:
    """What the facts row of one prosecution says of its lineage (the defaults: no lineage)."""

    superseded: bool = False
    lineage_root: int | None = None
    lineage_order: int = 0
    lineage_steps: int = 0
    final_outcome: str | None = None
    final_sentence_months: int | None = None


NO_LINEAGE = LineageValues()


def active_links(connection: Connection) -> list[tuple[int, int]]:
    """Every active link as ``(case_id, later_case_id)``."""
    rows = connection.execute(
        select(case_link.c.case_id, case_link.c.later_case_id)
        .where(case_link.c.status.in_(ACTIVE_LINKS))
        .order_by(case_link.c.id)
    )
    return [(int(a), int(b)) for a, b in rows]


def reachable(links: Iterable[tuple[int, int]]) -> dict[int, set[int]]:
    """For each case, every case that follows it through one or more links."""
    after: dict[int, set[int]] = {}
    for lower, later in links:
        after.setdefault(lower, set()).add(later)
    found: dict[int, set[int]] = {}
    for start in after:
        seen: set[int] = set()
        todo = list(after[start])
        while todo:
            here = todo.pop()
            if here not in seen:
                seen.add(here)
                todo.extend(after.get(here, ()))
        found[start] = seen
    return found


def _order_key(row: StepRow, depth: int) -> tuple[int, bool, dt.date, int]:
    return (depth, row.decided_lo is None, row.decided_lo or dt.date.max, row.cd_id)


def _one_defendant(rows: list[StepRow], later: Mapping[int, set[int]]) -> dict[int, LineageValues]:
    def follows(b: StepRow, a: StepRow) -> bool:
        # b is a later step of a (and not both ways round: a cycle links nothing)
        return b.case_id in later.get(a.case_id, ()) and a.case_id not in later.get(b.case_id, ())

    parents = {r.cd_id: [a for a in rows if a is not r and follows(r, a)] for r in rows}
    roots = [r for r in rows if not parents[r.cd_id]]
    out: dict[int, LineageValues] = {}
    root_of: dict[int, StepRow] = {}
    for r in rows:
        if parents[r.cd_id]:
            # two first instances joined by one appeal: the step goes with the first of them
            root_of[r.cd_id] = min((x for x in roots if follows(r, x)), key=lambda x: x.cd_id)
    depth: dict[int, int] = {}

    def depth_of(r: StepRow) -> int:
        if r.cd_id not in depth:
            mine = root_of.get(r.cd_id)
            ups = [p for p in parents[r.cd_id] if p is mine or root_of.get(p.cd_id) is mine]
            depth[r.cd_id] = 1 + max((depth_of(p) for p in ups), default=0) if mine else 0
        return depth[r.cd_id]

    for root in roots:
        steps = sorted(
            (r for r in rows if root_of.get(r.cd_id) is root),
            key=lambda r: _order_key(r, depth_of(r)),
        )
        if not steps:
            continue
        for order, step in enumerate(steps, start=1):
            out[step.cd_id] = LineageValues(
                superseded=True, lineage_root=root.cd_id, lineage_order=order
            )
        decisions = [s for s in steps if s.decided]
        if not decisions:
            continue
        sentenced = [s for s in decisions if s.sentence_months is not None]
        out[root.cd_id] = LineageValues(
            lineage_steps=len(decisions),
            final_outcome=decisions[-1].outcome,
            final_sentence_months=(
                sentenced[-1].sentence_months if sentenced else root.sentence_months
            ),
        )
    return out


def plan_lineages(
    links: Iterable[tuple[int, int]], rows: Iterable[StepRow]
) -> dict[int, LineageValues]:
    """The lineage values of every given prosecution (pure: no database).

    Args:
        links: the active links, ``(case_id, later_case_id)``.
        rows: the prosecutions of the linked cases.

    Returns:
        By prosecution id: whether it is a later step and of which root, in which place; for a
        root whose steps decided something, how many did and the outcome and sentence the last
        of them left (a step without a sentence leaves the one before it). Prosecutions in no
        lineage get `NO_LINEAGE`.
    """
    later = reachable(links)
    by_defendant: dict[int, list[StepRow]] = {}
    for row in rows:
        by_defendant.setdefault(row.defendant_id, []).append(row)
    out: dict[int, LineageValues] = {}
    for mine in by_defendant.values():
        found = _one_defendant(sorted(mine, key=lambda r: r.cd_id), later) if len(mine) > 1 else {}
        for row in mine:
            out[row.cd_id] = found.get(row.cd_id, NO_LINEAGE)
    return out


__all__ = [
    "ACTIVE_LINKS",
    "LINK_HOW",
    "LINK_KINDS",
    "LINK_STATUSES",
    "NO_LINEAGE",
    "LineageValues",
    "StepRow",
    "active_links",
    "plan_lineages",
    "reachable",
]
