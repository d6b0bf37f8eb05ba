"""Merging two cases that are one prosecution written two ways.

The importer keeps every case as the sources wrote it and flags likely duplicates
(`nsdocket.ingest.duplicates`); a person decides. Merging moves the other case's prosecutions,
document links, evidence and links to appeals to the case kept, unites their case numbers,
citations and keys, and deletes the other case, in one audited transaction. The other case's
key becomes an alias of the kept case, so importing the same seed file again fills the kept
case instead of recreating the other one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, select

from nsdocket.case_status import case_status
from nsdocket.db.documents_schema import document_case
from nsdocket.db.schema import case, case_defendant, defendant, evidence
from nsdocket.db.writer import Row, Writer
from nsdocket.lineage.links import move_case_links

# How strongly a document is linked to a case, strongest first.
_LINK_RANK = ("confirmed", "linked", "ambiguous", "dismissed")


class MergeError(ValueError):
    """Two cases that cannot be merged as asked (the same case, or shared defendants)."""


@dataclass
class MergeReport:
    """What a merge moved, united and deleted."""

    kept: int
    removed: int
    prosecutions: list[int] = field(default_factory=list)
    links_moved: list[int] = field(default_factory=list)
    links_united: list[int] = field(default_factory=list)
    evidence_moved: list[int] = field(default_factory=list)
    evidence_dropped: list[int] = field(default_factory=list)
    # links to appeals, reviews and retrials moved to the kept case (or dropped as repeats)
    case_links: list[int] = field(default_factory=list)
    case_after: dict[str, Any] = field(default_factory=dict)
    applied: bool = True


def _joined(*values: str) -> str:
    return "; ".join(dict.fromkeys(v for text in values for v in text.split("; ") if v))


def _shared_defendants(connection: Connection, keep: int, other: int) -> list[str]:
    in_keep = select(case_defendant.c.defendant_id).where(case_defendant.c.case_id == keep)
    return list(
        connection.execute(
            select(defendant.c.name)
            .join(case_defendant, case_defendant.c.defendant_id == defendant.c.id)
            .where(case_defendant.c.case_id == other, defendant.c.id.in_(in_keep))
            .order_by(defendant.c.name)
        ).scalars()
    )


def _merged_case(kept: Row, other: Row, outcomes: list[str], reason: str) -> Row:
    note = f"merged with case {other['id']} ('{other['title']}')" + (
        f": {reason}" if reason else ""
    )
    return {
        "case_numbers": _joined(kept["case_numbers"], other["case_numbers"]),
        "citations": _joined(kept["citations"], other["citations"]),
        "key_aliases": list(
            dict.fromkeys(
                [*(kept["key_aliases"] or []), other["case_key"], *(other["key_aliases"] or [])]
            )
        ),
        "court": kept["court"] or other["court"],
        "status": case_status(outcomes),
        "notes": "\n".join(n for n in (kept["notes"], note) if n),
    }


def _move_links(connection: Connection, writer: Writer, report: MergeReport) -> None:
    keep, other = report.kept, report.removed
    ours = {
        r["document_id"]: dict(r)
        for r in connection.execute(
            select(document_case).where(document_case.c.case_id == keep)
        ).mappings()
    }
    theirs = [
        dict(r)
        for r in connection.execute(
            select(document_case).where(document_case.c.case_id == other)
        ).mappings()
    ]
    for link in theirs:
        mine = ours.get(link["document_id"])
        if mine is None:
            writer.update(document_case, link["id"], {"case_id": keep}, current=link)
            report.links_moved.append(link["id"])
            continue
        status = min(mine["status"], link["status"], key=_LINK_RANK.index)
        if status == "ambiguous" and not _rivals_left(connection, mine, (keep, other)):
            status = "linked"  # the two candidates were this one case
        writer.delete(document_case, link["id"], reason=f"case {other} merged into {keep}")
        if status != mine["status"]:
            writer.update(document_case, mine["id"], {"status": status}, current=mine)
        report.links_united.append(mine["id"])


def _rivals_left(connection: Connection, link: Row, merged: tuple[int, int]) -> bool:
    return (
        connection.execute(
            select(document_case.c.id).where(
                document_case.c.document_id == link["document_id"],
                document_case.c.span_id == link["span_id"],
                document_case.c.status == "ambiguous",
                document_case.c.case_id.not_in(merged),
            )
        ).first()
        is not None
    )


def _move_evidence(connection: Connection, writer: Writer, report: MergeReport) -> None:
    def cited(case_id: int) -> list[Row]:
        return [
            dict(r)
            for r in connection.execute(
                select(evidence).where(
                    evidence.c.target_table == "case", evidence.c.target_id == case_id
                )
            ).mappings()
        ]

    taken = {(e["source_id"], e["field"]) for e in cited(report.kept)}
    for item in cited(report.removed):
        if (item["source_id"], item["field"]) in taken:
            writer.delete(evidence, item["id"], reason="the kept case cites the same source")
            report.evidence_dropped.append(item["id"])
        else:
            writer.update(evidence, item["id"], {"target_id": report.kept}, current=item)
            report.evidence_moved.append(item["id"])


def merge_cases(
    engine: Engine,
    keep: int,
    other: int,
    *,
    actor: str,
    reason: str = "",
    dry_run: bool = False,
) -> MergeReport:
    """Merge case ``other`` into case ``keep`` (audited, all or nothing).

    Args:
        engine: the database.
        keep: the case that stays (its id, title and key are kept).
        other: the case merged into it and then deleted.
        actor: who merges (recorded in the audit log).
        reason: why the two are one case (recorded in the audit log and the case's notes).
        dry_run: work out the merge and roll it back; the report says what would change.

    Raises:
        RowNotFoundError: either case does not exist.
        MergeError: the same case twice, or a defendant in both cases (their two
            prosecutions must be reconciled by hand first).
    """
    if keep == other:
        raise MergeError(f"case {keep} cannot be merged with itself")
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            writer = Writer(connection, actor=actor, batch=f"merge-{other}-into-{keep}")
            kept, removed = writer.get(case, keep), writer.get(case, other)
            shared = _shared_defendants(connection, keep, other)
            if shared:
                raise MergeError(
                    f"cases {keep} and {other} both list {', '.join(shared)}: reconcile "
                    "those prosecutions first (one person, one prosecution per case)"
                )
            report = MergeReport(kept=keep, removed=other, applied=not dry_run)
            moving = [
                dict(r)
                for r in connection.execute(
                    select(case_defendant)
                    .where(case_defendant.c.case_id == other)
                    .order_by(case_defendant.c.id)
                ).mappings()
            ]
            for row in moving:
                writer.update(case_defendant, row["id"], {"case_id": keep}, current=row)
                report.prosecutions.append(row["id"])
            _move_links(connection, writer, report)
            _move_evidence(connection, writer, report)
            report.case_links = move_case_links(connection, writer, keep, other)
            outcomes = connection.execute(
                select(case_defendant.c.outcome).where(case_defendant.c.case_id == keep)
            ).scalars()
            values = _merged_case(kept, removed, list(outcomes), reason)
            writer.update(case, keep, values, current=kept, reason=reason)
            writer.delete(case, other, reason=reason or f"merged into case {keep}")
            report.case_after = writer.get(case, keep)
        except BaseException:
            transaction.rollback()
            raise
        if dry_run:
            transaction.rollback()
        else:
            transaction.commit()
    return report
