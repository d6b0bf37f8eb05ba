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
from nsdocket.ingest.row_loader import _Loader
from nsdocket.ingest.seed_codings import load_seed_codings
from nsdocket.ingest.seed_rows import SeedRow, parse_seed_file
from nsdocket.names import name_key
from nsdocket.reference import ensure_reference, load_lawbook

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


def _check_pairs(rows: list[SeedRow], file: str) -> list[ImportProblem]:
    seen: dict[tuple[str, str, str], str] = {}
    problems = []
    for row in rows:
        for spec in row.defendants:
            key = (row.case_key, spec.kind, name_key(spec.name.name))
            if key in seen:
                problems.append(
                    ImportProblem(
                        file,
                        row.line,
                        "defendant",
                        spec.name.original,
                        f"one row per defendant in a case (already in row {seen[key]})",
                    )
                )
            seen[key] = row.row_id
    return problems


def _shared_defendants(rows: list[SeedRow]) -> list[tuple[str, tuple[str, ...]]]:
    by_person: dict[tuple[str, str], list[str]] = {}
    names: dict[tuple[str, str], str] = {}
    for row in rows:
        for spec in row.defendants:
            if spec.kind == "person":
                key = (row.case_key, name_key(spec.name.name))
                by_person.setdefault(key[1:] and (spec.kind, key[1]), []).append(row.row_id)
                names[(spec.kind, key[1])] = spec.name.name
    return [(names[k], tuple(v)) for k, v in by_person.items() if len(v) > 1]


def import_cases(
    engine: Engine,
    path: Path,
    *,
    actor: str = "import",
    progress: Progress | None = None,
) -> ImportReport:
    """Import a seed-format CSV file: all of it or nothing.

    Args:
        engine: the database.
        path: the CSV file.
        actor: recorded in the audit log as the author of every change.
        progress: called as ``progress(stage, done, total)``.

    Returns:
        What changed, warnings, likely duplicate cases and people found in several cases.

    Raises:
        ImportFailed: listing every problem in the file; the database is left unchanged.
    """
    book = load_lawbook()
    rows = parse_seed_file(
        path, book, (lambda d, t: progress("checking", d, t)) if progress else None
    )
    problems = _check_pairs(rows, path.name)
    if problems:
        raise ImportFailed(problems)
    batch = f"import-{uuid.uuid4().hex[:12]}"
    report = ImportReport(file=path.name, rows=len(rows), batch=batch)
    for row in rows:
        report.warnings.extend(row.warnings)
    with engine.begin() as connection:
        writer = Writer(connection, actor=actor, batch=batch)
        ref = ensure_reference(connection, writer, book)
        loader = _Loader(connection, writer, ref, path.name)
        stages = 5
        case_ids = loader.load_cases(rows, report.warnings)
        if progress:
            progress("writing", 1, stages)
        defendant_ids = loader.load_defendants(rows)
        if progress:
            progress("writing", 2, stages)
        prosecutions = loader.load_prosecutions(rows, case_ids, defendant_ids)
        if progress:
            progress("writing", 3, stages)
        loader.load_charges_and_events(prosecutions)
        if progress:
            progress("writing", 4, stages)
        loader.load_sources(prosecutions)
        source_ids = {key: int(r["id"]) for key, r in loader.sources.items()}
        load_seed_codings(connection, writer, prosecutions, source_ids, report.warnings)
        if progress:
            progress("writing", 5, stages)
        report.likely_duplicates = find_duplicate_cases(connection, set(case_ids.values()))
        report.changes = summarise_counts(writer.counts.items())
    report.shared_defendants = _shared_defendants(rows)
    return report
