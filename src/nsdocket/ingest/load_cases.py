"""Writing validated seed rows into the database, atomically and idempotently.

Every row maps to natural keys (a case by its case number or title, a defendant by kind and
name, a prosecution by the seed row id), so importing the same file twice changes nothing and a
changed row updates its records, each change audited. The whole file is one transaction,
written as it is checked (`nsdocket.ingest.checking`).

Each table's records are written by :mod:`nsdocket.ingest.row_loader`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine

from nsdocket.db.writer import Writer, summarise_counts
from nsdocket.ingest.checking import check_messages, checked_in_child, use_child
from nsdocket.ingest.cycles import without_cycle_collection
from nsdocket.ingest.duplicates import DuplicateCase, find_duplicate_cases
from nsdocket.ingest.errors import ImportFailed, ImportProblem
from nsdocket.ingest.row_loader import _Loader
from nsdocket.ingest.seed_codings import load_seed_codings
from nsdocket.ingest.seed_rows import SeedRow
from nsdocket.reference import ensure_reference, load_lawbook

Progress = Callable[[str, int, int], None]
#: Likely duplicate pairs an import's report holds by default (it counts every one).
DUPLICATES_KEPT = 1000


@dataclass
class ImportReport:
    """What an import did: counts by table and action, warnings and things to review."""

    file: str
    rows: int
    batch: str
    changes: dict[str, dict[str, int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    likely_duplicates: list[DuplicateCase] = field(default_factory=list)
    #: how many likely duplicate pairs there are (`likely_duplicates` may hold only the first)
    likely_duplicate_count: int = 0
    shared_defendants: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when the import wrote anything besides reference data."""
        return any(
            n for table, actions in self.changes.items() for n in actions.values() if table != "law"
        )


def import_cases(
    engine: Engine,
    path: Path,
    *,
    actor: str = "import",
    progress: Progress | None = None,
    in_child: bool | None = None,
    duplicates_kept: int | None = DUPLICATES_KEPT,
) -> ImportReport:
    """Import a seed-format CSV file: all of it or nothing.

    The checking pass (parsing and validating every row, `nsdocket.ingest.checking`) and the
    writing pass run together, a chunk of rows at a time, in one transaction: a large file is
    checked in a child process while this one writes the rows already checked. Memory holds a
    few chunks and the identifiers of what was written, whatever the file's size. A problem
    anywhere stops the writing; the checking goes on to the end of the file, so that every
    problem is listed, and the transaction is rolled back.

    Args:
        engine: the database.
        path: the CSV file.
        actor: recorded in the audit log as the author of every change.
        progress: called as ``progress(stage, done, total)``, stage ``checking`` (records
            read) and ``writing`` (rows written), ``total`` an upper bound until the end.
        in_child: check the file in a child process; by default, for a large file on a
            machine with a second core (`nsdocket.ingest.checking.use_child`).
        duplicates_kept: how many likely duplicate pairs the report holds (the first, by
            case id; None: all). `ImportReport.likely_duplicate_count` counts all of them.

    Returns:
        What changed, warnings, likely duplicate cases and people found in several cases.

    Raises:
        ImportFailed: listing every problem in the file; the database is left unchanged.
    """
    book = load_lawbook()
    child = use_child(path) if in_child is None else in_child
    messages = checked_in_child(path) if child else check_messages(path)
    batch = f"import-{uuid.uuid4().hex[:12]}"
    report = ImportReport(file=path.name, rows=0, batch=batch)
    with without_cycle_collection(), closing(messages), engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA cache_size=-65536")
        writer = Writer(connection, actor=actor, batch=batch)
        ref = ensure_reference(connection, writer, book)
        loader = _Loader(connection, writer, ref, path.name)
        found: list[ImportProblem] = []  # by the writing pass
        for message in messages:
            if message[0] == "rows":
                _, rows, checked, total, problems = message
                if progress:
                    progress("checking", checked, total)
                report.rows += len(rows)
                report.warnings.extend(w for row in rows for w in row.warnings)
                if problems or found:
                    continue  # the import will fail: nothing more is written
                _write_chunk(connection, writer, loader, rows, found, report.warnings)
                if progress:
                    progress("writing", report.rows, total)
            elif message[0] == "checked":
                _, problems, report.shared_defendants = message
                if problems or found:
                    # Raised inside the import's transaction: nothing written so far is kept.
                    raise ImportFailed(_all_problems(problems, found))
                if progress:
                    progress("checking", report.rows, report.rows)
                    progress("writing", report.rows, report.rows)
            elif message[0] == "cases":
                loader.settle_cases(message[1], report.warnings)
        touched = loader.close_cases(report.warnings)
        report.likely_duplicates, report.likely_duplicate_count = find_duplicate_cases(
            connection, touched, duplicates_kept
        )
        report.changes = summarise_counts(writer.counts.items())
    return report


def _write_chunk(
    connection: Connection,
    writer: Writer,
    loader: _Loader,
    rows: list[SeedRow],
    problems: list[ImportProblem],
    warnings: list[str],
) -> None:
    loader.open_cases(rows)
    defendant_ids = loader.load_defendants(rows)
    prosecutions = loader.load_prosecutions(rows, defendant_ids, problems)
    loader.load_charges_and_events(prosecutions)
    loader.load_sources(prosecutions)
    loader.load_names()
    load_seed_codings(
        connection, writer, prosecutions, loader.source_ids, warnings, fresh=loader.fresh
    )


def _all_problems(
    checked: list[ImportProblem], written: list[ImportProblem]
) -> list[ImportProblem]:
    """The checking pass's problems and the writing pass's, one per line: a row the checking
    pass already faults (a defendant given two rows in one case) is not listed twice."""
    lines = {p.line for p in checked}
    return sorted([*checked, *(p for p in written if p.line not in lines)], key=lambda p: p.line)
