"""Writing validated seed rows into the database, atomically and idempotently.

Every row maps to natural keys (a case by its case number or title, a defendant by kind and
name, a prosecution by the seed row id), so importing the same file twice changes nothing and a
changed row updates its records, each change audited. The whole file is one transaction.

Each table's records are written by :mod:`nsdocket.ingest.row_loader`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from nsdocket.db.writer import Writer, summarise_counts
from nsdocket.ingest.duplicates import DuplicateCase, find_duplicate_cases
from nsdocket.ingest.errors import ImportFailed, ImportProblem
from nsdocket.ingest.file_ledger import FileLedger
from nsdocket.ingest.row_loader import _Loader
from nsdocket.ingest.seed_codings import load_seed_codings
from nsdocket.ingest.seed_rows import SeedReader, SeedRow
from nsdocket.ingest.spill import Spill, without_cycle_collection
from nsdocket.reference import LawBook, ensure_reference, load_lawbook

Progress = Callable[[str, int, int], None]


@dataclass
class ImportReport:
    """What an import did: counts by table and action, warnings and things to review."""

    file: str
    rows: int
    batch: str
    changes: dict[str, dict[str, int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    likely_duplicates: list[DuplicateCase] = field(default_factory=list)
    shared_defendants: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when the import wrote anything besides reference data."""
        return any(
            n for table, actions in self.changes.items() for n in actions.values() if table != "law"
        )


def _checked(
    path: Path, book: LawBook, ledger: FileLedger, spill: Spill[SeedRow], progress: Progress | None
) -> list[str]:
    """The checking pass: every row parsed and validated, kept in ``spill``, what spans rows
    noted in ``ledger``; return the rows' warnings, or raise `ImportFailed` with every problem
    in the file."""
    reader = SeedReader(
        path,
        book,
        (lambda d, t: progress("checking", d, t)) if progress else None,
        row_ids=ledger.record_id,
    )
    warnings: list[str] = []
    for row in reader:
        ledger.add(row)
        warnings.extend(row.warnings)
        spill.add(row)
    problems = [*reader.problems, *ledger.problems()]
    if problems:
        raise ImportFailed(sorted(problems, key=lambda p: p.line))
    return warnings


def import_cases(
    engine: Engine,
    path: Path,
    *,
    actor: str = "import",
    progress: Progress | None = None,
) -> ImportReport:
    """Import a seed-format CSV file: all of it or nothing.

    The file is read twice over: a checking pass parses and validates every row (keeping the
    parsed rows in a temporary file, see `nsdocket.ingest.spill`), then a writing pass writes
    them a chunk at a time in one transaction. Memory holds one chunk and the identifiers of
    what was written, whatever the file's size.

    Args:
        engine: the database.
        path: the CSV file.
        actor: recorded in the audit log as the author of every change.
        progress: called as ``progress(stage, done, total)``, stage ``checking`` (rows read)
            then ``writing`` (rows written).

    Returns:
        What changed, warnings, likely duplicate cases and people found in several cases.

    Raises:
        ImportFailed: listing every problem in the file; the database is left unchanged.
    """
    book = load_lawbook()
    with without_cycle_collection(), FileLedger(path.name) as ledger, Spill[SeedRow]() as spill:
        warnings = _checked(path, book, ledger, spill, progress)
        batch = f"import-{uuid.uuid4().hex[:12]}"
        report = ImportReport(file=path.name, rows=spill.count, batch=batch)
        report.warnings.extend(warnings)
        with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA cache_size=-65536")
            writer = Writer(connection, actor=actor, batch=batch)
            ref = ensure_reference(connection, writer, book)
            loader = _Loader(connection, writer, ref, path.name)
            case_ids = loader.load_cases(
                ledger.case_plans(loader.resolve_case_key), report.warnings
            )
            problems: list[ImportProblem] = []
            done = 0
            for rows in spill.chunks():
                defendant_ids = loader.load_defendants(rows)
                prosecutions = loader.load_prosecutions(rows, defendant_ids, problems)
                loader.load_charges_and_events(prosecutions)
                loader.load_sources(prosecutions)
                loader.load_names()
                load_seed_codings(
                    connection, writer, prosecutions, loader.source_ids, report.warnings,
                    fresh=loader.fresh,
                )  # fmt: skip
                done += len(rows)
                if progress:
                    progress("writing", done, spill.count)
            if problems:
                # Raised inside the import's transaction: nothing written so far is kept.
                raise ImportFailed(problems)
            report.likely_duplicates = find_duplicate_cases(connection, case_ids)
            report.changes = summarise_counts(writer.counts.items())
        report.shared_defendants = ledger.shared_defendants()
    return report
