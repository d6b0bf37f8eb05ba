"""Merging two defendant records that are one person.

Matching lists likely pairs (`nsdocket defendants duplicates`); a person decides. Merging
moves the other defendant's prosecutions, names and evidence to the one kept, unites their
aliases, Chinese name and keys, and deletes the other, in one audited transaction whose batch
id undoes it (`nsdocket revert-batch`). The other's name key becomes a key of the kept
defendant, so importing the same file again fills the kept one instead of recreating the other.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, select

from nsdocket.db.schema import case, case_defendant, defendant, defendant_name, evidence
from nsdocket.db.writer import Row, Writer


class DefendantMergeError(ValueError):
    """Two defendants that cannot be merged as asked."""


@dataclass
class DefendantMergeReport:
    """What a merge moved, united and deleted, and the batch that undoes it."""

    kept: int
    removed: int
    batch: str
    prosecutions: list[int] = field(default_factory=list)
    names_moved: list[int] = field(default_factory=list)
    names_dropped: list[int] = field(default_factory=list)
    evidence_moved: list[int] = field(default_factory=list)
    defendant_after: dict[str, Any] = field(default_factory=dict)
    applied: bool = True


def _shared_cases(connection: Connection, keep: int, other: int) -> list[str]:
    mine = select(case_defendant.c.case_id).where(case_defendant.c.defendant_id == keep)
    return list(
        connection.execute(
            select(case.c.title)
            .join(case_defendant, case_defendant.c.case_id == case.c.id)
            .where(case_defendant.c.defendant_id == other, case.c.id.in_(mine))
            .order_by(case.c.title)
        ).scalars()
    )


def _rows(connection: Connection, stmt: Any) -> list[Row]:
    return [dict(r) for r in connection.execute(stmt).mappings()]


def _united(kept: Row, other: Row, reason: str) -> Row:
    note = f"merged with defendant {other['id']} ('{other['name']}')" + (
        f": {reason}" if reason else ""
    )
    aliases = [*(kept["aliases"] or []), other["name"], *(other["aliases"] or [])]
    return {
        "aliases": [a for a in dict.fromkeys(aliases) if a and a != kept["name"]],
        "name_zh": kept["name_zh"] or other["name_zh"],
        "age": kept["age"] if kept["age"] is not None else other["age"],
        "age_is_at_arrest": kept["age_is_at_arrest"]
        if kept["age"] is not None
        else other["age_is_at_arrest"],
        "minor": bool(kept["minor"] or other["minor"]),
        "sensitive": bool(kept["sensitive"] or other["sensitive"]),
        "key_aliases": list(
            dict.fromkeys(
                [*(kept["key_aliases"] or []), other["name_key"], *(other["key_aliases"] or [])]
            )
        ),
        "notes": "\n".join(n for n in (kept["notes"], note) if n),
    }


def merge_defendants(
    engine: Engine,
    keep: int,
    other: int,
    *,
    actor: str,
    reason: str = "",
    dry_run: bool = False,
) -> DefendantMergeReport:
    """Merge defendant ``other`` into defendant ``keep`` (audited, all or nothing).

    Raises:
        RowNotFoundError: either defendant does not exist.
        DefendantMergeError: the same defendant twice, two kinds (a person and a company), a
            group, or both prosecuted in one case (those prosecutions must be reconciled
            first).
    """
    if keep == other:
        raise DefendantMergeError(f"defendant {keep} cannot be merged with itself")
    batch = f"merge-defendant-{other}-into-{keep}-{uuid.uuid4().hex[:8]}"
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            writer = Writer(connection, actor=actor, batch=batch)
            kept, removed = writer.get(defendant, keep), writer.get(defendant, other)
            if kept["kind"] != removed["kind"]:
                raise DefendantMergeError(
                    f"defendant {keep} is a {kept['kind']} and {other} a {removed['kind']}: "
                    "they cannot be one defendant"
                )
            if kept["kind"] == "group":
                raise DefendantMergeError("groups of people are not merged; merge the people")
            shared = _shared_cases(connection, keep, other)
            if shared:
                raise DefendantMergeError(
                    f"defendants {keep} and {other} are both prosecuted in {', '.join(shared)}: "
                    "reconcile those prosecutions first (one person, one prosecution per case)"
                )
            report = DefendantMergeReport(kept=keep, removed=other, batch=batch)
            report.applied = not dry_run
            _move(connection, writer, report)
            writer.update(defendant, keep, _united(kept, removed, reason), current=kept,
                          reason=reason)  # fmt: skip
            writer.delete(defendant, other, reason=reason or f"merged into defendant {keep}")
            report.defendant_after = writer.get(defendant, keep)
        except BaseException:
            transaction.rollback()
            raise
        if dry_run:
            transaction.rollback()
        else:
            transaction.commit()
    return report


def _move(connection: Connection, writer: Writer, report: DefendantMergeReport) -> None:
    keep, other = report.kept, report.removed
    for row in _rows(
        connection,
        select(case_defendant)
        .where(case_defendant.c.defendant_id == other)
        .order_by(case_defendant.c.id),
    ):
        writer.update(case_defendant, row["id"], {"defendant_id": keep}, current=row)
        report.prosecutions.append(row["id"])
    held = {
        (r["form"], r["name_key"])
        for r in _rows(
            connection, select(defendant_name).where(defendant_name.c.defendant_id == keep)
        )
    }
    for row in _rows(
        connection,
        select(defendant_name)
        .where(defendant_name.c.defendant_id == other)
        .order_by(defendant_name.c.id),
    ):
        if (row["form"], row["name_key"]) in held:
            writer.delete(defendant_name, row["id"], reason="the kept defendant has this name")
            report.names_dropped.append(row["id"])
        else:
            writer.update(defendant_name, row["id"], {"defendant_id": keep}, current=row)
            report.names_moved.append(row["id"])

    def cited(defendant_id: int) -> list[Row]:
        return _rows(
            connection,
            select(evidence).where(
                evidence.c.target_table == "defendant", evidence.c.target_id == defendant_id
            ),
        )

    taken = {(e["source_id"], e["field"]) for e in cited(keep)}
    for row in cited(other):
        if (row["source_id"], row["field"]) in taken:
            writer.delete(evidence, row["id"], reason="the kept defendant cites the same source")
        else:
            writer.update(evidence, row["id"], {"target_id": keep}, current=row)
            report.evidence_moved.append(row["id"])
