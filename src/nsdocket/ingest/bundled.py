"""Loading the bundled data set: cases, events, the recorded case merges, figures and claims.

Each file is imported atomically and idempotently by its own importer; the merges file lists
cases that the compiled sources wrote two ways, and each is merged (audited, with the reason)
the first time the data is loaded, so that a new database starts reconciled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select

from nsdocket.curation.merge_cases import MergeReport, merge_cases
from nsdocket.data import bundled_path
from nsdocket.db.schema import case
from nsdocket.ingest.csvfile import read_csv
from nsdocket.ingest.errors import ImportFailed, ImportProblem
from nsdocket.ingest.load_cases import ImportReport, import_cases
from nsdocket.ingest.load_events import import_events
from nsdocket.ingest.seed_rows import case_key_for
from nsdocket.ingest.small_tables import (
    TableImportReport,
    import_claims,
    import_official_figures,
)

MERGE_COLUMNS = ("keep", "merge", "reason")


@dataclass
class BundledReport:
    """What loading the bundled data did, file by file."""

    cases: ImportReport
    events: TableImportReport
    figures: TableImportReport
    claims: TableImportReport
    merges: list[MergeReport] = field(default_factory=list)


def _case_ids_by_key(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        rows = connection.execute(select(case.c.id, case.c.case_key, case.c.key_aliases))
        out: dict[str, int] = {}
        for row in rows:
            out[row.case_key] = row.id
            for alias in row.key_aliases or []:
                out.setdefault(alias, row.id)
        return out


def apply_case_merges(engine: Engine, path: Path, *, actor: str) -> list[MergeReport]:
    """Merge the pairs of cases a merges file lists (columns ``keep``, ``merge``: case titles
    or case numbers as the cases file writes them; ``reason``). A pair already merged is
    skipped, so the file can be applied again.

    Raises:
        ImportFailed: a title that names no case in the database.
    """
    records = read_csv(path, MERGE_COLUMNS)
    ids = _case_ids_by_key(engine)
    problems: list[ImportProblem] = []
    pairs: list[tuple[int, int, str]] = []
    for record in records:
        found = {}
        for column in ("keep", "merge"):
            text = record.values[column].strip()
            case_id = ids.get(case_key_for(text))
            if case_id is None:
                problems.append(
                    ImportProblem(path.name, record.line, column, text, "a case in the database")
                )
            found[column] = case_id
        if found["keep"] is not None and found["merge"] is not None:
            pairs.append((found["keep"], found["merge"], record.values["reason"].strip()))
    if problems:
        raise ImportFailed(problems)
    return [
        merge_cases(engine, keep, other, actor=actor, reason=reason)
        for keep, other, reason in pairs
        if keep != other
    ]


def load_bundled(
    engine: Engine, *, actor: str = "bundled", jurisdiction: str = "hk"
) -> BundledReport:
    """Import the bundled data set into ``engine`` (safe to repeat: a second load changes
    nothing)."""

    def path(kind: str) -> Path:
        return bundled_path(kind, jurisdiction)

    cases = import_cases(engine, path("cases"), actor=actor)
    events = import_events(engine, path("events"), actor=actor)
    merges = apply_case_merges(engine, path("merges"), actor=actor)
    figures = import_official_figures(engine, path("figures"), actor=actor)
    claims = import_claims(engine, path("claims"), actor=actor)
    return BundledReport(cases, events, figures, claims, merges)
