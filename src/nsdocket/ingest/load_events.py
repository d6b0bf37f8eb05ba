"""Writing an events file: every row or none, idempotent, each event with its source.

An event from an events file is found again by its prosecution, its kind and its place among
that prosecution's events of the kind in the file (stored from `FILE_POSITION` up, apart from
the events a cases file makes from its date columns). Importing the same file twice changes
nothing; an event dropped from the file is deleted (audited) for the prosecutions the file
names, and prosecutions it does not name are left alone.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from nsdocket.db.schema import case_defendant, event, evidence, source
from nsdocket.db.writer import Row, Writer, summarise_counts
from nsdocket.ingest.errors import ImportFailed, ImportProblem
from nsdocket.ingest.event_rows import EventRow, parse_events_file
from nsdocket.ingest.row_loader import FILE_POSITION
from nsdocket.ingest.small_tables import TableImportReport

_CHUNK = 500

Progress = Callable[[str, int, int], None]


def _prosecutions(connection: Any, row_ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(row_ids), _CHUNK):
        stmt = select(case_defendant.c.seed_row_id, case_defendant.c.id).where(
            case_defendant.c.seed_row_id.in_(row_ids[start : start + _CHUNK]),
            case_defendant.c.seed_part == 0,
        )
        found.update({r.seed_row_id: r.id for r in connection.execute(stmt)})
    return found


def _source_ids(connection: Any, writer: Writer, rows: list[EventRow]) -> dict[str, int]:
    keys = list(dict.fromkeys(r.source.key for r in rows))
    ids: dict[str, int] = {}
    for start in range(0, len(keys), _CHUNK):
        stmt = select(source.c.source_key, source.c.id).where(
            source.c.source_key.in_(keys[start : start + _CHUNK])
        )
        ids.update({r.source_key: r.id for r in connection.execute(stmt)})
    specs = {r.source.key: r.source for r in rows if r.source.key not in ids}
    new = [
        {
            "source_key": s.key,
            "url": s.url,
            "title": s.title,
            "publisher": s.publisher,
            "kind": s.kind,
        }
        for s in specs.values()
    ]
    for key, new_id in zip(specs, writer.insert_many(source, new), strict=True):
        ids[key] = new_id
    return ids


def _existing(connection: Any, table: Any, column: Any, ids: list[int], *where: Any) -> list[Row]:
    out: list[Row] = []
    for start in range(0, len(ids), _CHUNK):
        stmt = select(table).where(column.in_(ids[start : start + _CHUNK]), *where)
        out.extend(dict(r) for r in connection.execute(stmt).mappings())
    return out


def import_events(
    engine: Engine, path: Path, *, actor: str = "import", progress: Progress | None = None
) -> TableImportReport:
    """Import an events CSV file: all of it or nothing.

    Args:
        engine: the database, which must already hold the prosecutions the file names (by
            the ``row_id`` of the cases file they came from).
        path: the CSV file.
        actor: recorded in the audit log as the author of every change.
        progress: called as ``progress(stage, done, total)``.

    Raises:
        ImportFailed: listing every problem in the file; the database is left unchanged.
    """
    rows = parse_events_file(path, (lambda d, t: progress("checking", d, t)) if progress else None)
    batch = f"import-{uuid.uuid4().hex[:12]}"
    report = TableImportReport(file=path.name, rows=len(rows), batch=batch)
    with engine.begin() as connection:
        writer = Writer(connection, actor=actor, batch=batch)
        cd_ids = _prosecutions(connection, sorted({r.row_id for r in rows}))
        missing = [
            ImportProblem(
                path.name,
                r.line,
                "row_id",
                r.row_id,
                "the row id of a prosecution in the database (import its cases file first)",
            )
            for r in rows
            if r.row_id not in cd_ids
        ]
        if missing:
            raise ImportFailed(missing)
        source_ids = _source_ids(connection, writer, rows)
        wanted: dict[tuple[int, str, int], tuple[EventRow, Row]] = {}
        seen: dict[tuple[int, str], int] = {}
        for r in rows:
            cd_id = cd_ids[r.row_id]
            position = FILE_POSITION + seen.get((cd_id, r.kind), 0)
            seen[(cd_id, r.kind)] = position - FILE_POSITION + 1
            wanted[(cd_id, r.kind, position)] = (
                r,
                {
                    "case_defendant_id": cd_id,
                    "kind": r.kind,
                    "position": position,
                    "date_edtf": r.date.edtf,
                    "date_lower": r.date.lower,
                    "date_upper": r.date.upper,
                    "date_note": r.date.note,
                    "detail": r.detail,
                    "sentence_months": r.sentence_months,
                },
            )
        held = {
            (e["case_defendant_id"], e["kind"], e["position"]): e
            for e in _existing(
                connection,
                event,
                event.c.case_defendant_id,
                sorted(set(cd_ids.values())),
                event.c.position >= FILE_POSITION,
            )
        }
        event_ids: dict[tuple[int, str, int], int] = {}
        new: list[tuple[tuple[int, str, int], Row]] = []
        for key, (_, values) in wanted.items():
            current = held.pop(key, None)
            if current is None:
                new.append((key, values))
            else:
                writer.update(event, current["id"], values, current=current)
                event_ids[key] = current["id"]
        stale_ids = sorted(e["id"] for e in held.values())
        for cited in _existing(
            connection,
            evidence,
            evidence.c.target_id,
            stale_ids,
            evidence.c.target_table == "event",
        ):
            writer.delete(evidence, cited["id"], reason=f"its event is no longer in {path.name}")
        for stale_id in stale_ids:
            writer.delete(event, stale_id, reason=f"no longer in {path.name}")
        inserted = writer.insert_many(event, [values for _, values in new])
        event_ids.update({key: i for (key, _), i in zip(new, inserted, strict=True)})
        if progress:
            progress("writing", 1, 2)
        _link_sources(connection, writer, wanted, event_ids, source_ids)
        if progress:
            progress("writing", 2, 2)
        report.changes = summarise_counts(writer.counts.items())
    return report


def _link_sources(
    connection: Any,
    writer: Writer,
    wanted: dict[tuple[int, str, int], tuple[EventRow, Row]],
    event_ids: dict[tuple[int, str, int], int],
    source_ids: dict[str, int],
) -> None:
    """Each event cites its row's source, with the row's quote; other citations of the event
    (added by hand with `nsdocket evidence add`) are left alone."""
    links = {(source_ids[r.source.key], event_ids[key]): r.quote for key, (r, _) in wanted.items()}
    have = {
        (e["source_id"], e["target_id"]): e
        for e in _existing(
            connection,
            evidence,
            evidence.c.target_id,
            sorted(set(event_ids.values())),
            evidence.c.target_table == "event",
            evidence.c.field == "",
        )
    }
    new: list[Row] = []
    for (source_id, event_id), quote in links.items():
        current = have.get((source_id, event_id))
        if current is None:
            new.append(
                {
                    "source_id": source_id,
                    "target_table": "event",
                    "target_id": event_id,
                    "field": "",
                    "quote": quote,
                }
            )
        elif current["quote"] != quote:
            writer.update(evidence, current["id"], {"quote": quote}, current=current)
    writer.insert_many(evidence, new)
