"""Keeping the lineage in the facts rows: which prosecutions are later steps of another.

Run after the facts of some prosecutions were worked out again (`nsdocket.db.facts`), in the
same transaction. A lineage is made only of the prosecutions of linked cases (few), so this
reads those rows alone, plans their lineages (`nsdocket.db.lineage.plan_lineages`) and updates
the rows whose lineage changed. A row worked out again starts with no lineage (the columns'
defaults), so a link that was removed leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from nsdocket.db.facts_tables import DECISION_KINDS, LINEAGE_COLUMNS, prosecution_facts
from nsdocket.db.lineage import LineageValues, StepRow, active_links, plan_lineages

F = prosecution_facts
_CHUNK = 500


def _first(values: list[Any]) -> Any:
    present = [v for v in values if v is not None]
    return min(present) if present else None


def _rows_of_cases(connection: Connection, case_ids: list[int]) -> list[Any]:
    columns = [
        F.c.cd_id,
        F.c.case_id,
        F.c.defendant_id,
        F.c.outcome,
        F.c.sentence_months,
        *(F.c[f"{k}_n"] for k in DECISION_KINDS),
        *(F.c[f"{k}_lo"] for k in DECISION_KINDS),
        *(F.c[name] for name in LINEAGE_COLUMNS),
    ]
    found: list[Any] = []
    for start in range(0, len(case_ids), _CHUNK):
        chunk = case_ids[start : start + _CHUNK]
        found += connection.execute(select(*columns).where(F.c.case_id.in_(chunk))).mappings()
    return found


def _step(row: Any) -> StepRow:
    return StepRow(
        cd_id=int(row["cd_id"]),
        case_id=int(row["case_id"]),
        defendant_id=int(row["defendant_id"]),
        outcome=str(row["outcome"]),
        sentence_months=row["sentence_months"],
        decided=any(row[f"{k}_n"] for k in DECISION_KINDS),
        decided_lo=_first([row[f"{k}_lo"] for k in DECISION_KINDS]),
    )


def apply_lineage(connection: Connection, cd_ids: Collection[int] | None) -> int:
    """Set the lineage columns of the lineages these prosecutions are in (None: of every one).

    Returns:
        How many facts rows changed.
    """
    links = active_links(connection)
    if not links:
        return 0  # rows worked out again already hold the defaults
    cases = sorted({c for link in links for c in link})
    rows = _rows_of_cases(connection, cases)
    if cd_ids is not None:
        touched = set(cd_ids)
        people = {r["defendant_id"] for r in rows if r["cd_id"] in touched}
        rows = [r for r in rows if r["defendant_id"] in people]
    planned = plan_lineages(links, [_step(r) for r in rows])
    changes = []
    for row in rows:
        wanted = asdict(planned.get(int(row["cd_id"]), LineageValues()))
        if any(row[name] != wanted[name] for name in LINEAGE_COLUMNS):
            changes.append({"row_id": row["cd_id"], **{f"new_{k}": v for k, v in wanted.items()}})
    if changes:
        statement = (
            update(F)
            .where(F.c.cd_id == bindparam("row_id"))
            .values({name: bindparam(f"new_{name}") for name in LINEAGE_COLUMNS})
        )
        connection.execute(statement, changes)
    return len(changes)


__all__ = ["apply_lineage"]
