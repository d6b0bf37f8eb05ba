"""Importing the two small tables that come beside the cases: official figures and claims.

Both are validated in full before anything is written, keyed by a natural key so that a second
import of the same file changes nothing, and written in one audited transaction.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, select

from nsdocket.dates import DateError, parse_date
from nsdocket.db.schema import claim, official_figure, source
from nsdocket.db.writer import Row, Writer, summarise_counts
from nsdocket.ingest.csvfile import CsvRecord, read_csv
from nsdocket.ingest.errors import ImportFailed, ImportProblem
from nsdocket.ingest.seed_rows import source_spec

FIGURE_COLUMNS = (
    "as_of",
    "publisher",
    "kind",
    "scope",
    "arrested",
    "charged",
    "convicted",
    "note",
    "source_url",
)
CLAIM_COLUMNS = (
    "publisher",
    "date",
    "claim",
    "numerator",
    "denominator",
    "percent_as_published",
    "scope",
    "source_url",
)
FIGURE_OPTIONAL = ("remanded", "on_bail", "quote")
CLAIM_OPTIONAL = ("value", "quote")
FIGURE_KINDS = ("official", "ngo", "press", "academic")


@dataclass
class TableImportReport:
    """What an import of a small table did."""

    file: str
    rows: int
    batch: str
    changes: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        """True when any row was inserted, updated or deleted."""
        return any(n for actions in self.changes.values() for n in actions.values())


class _Cells:
    """Typed reading of one record's cells, collecting problems."""

    def __init__(self, file: str, record: CsvRecord, problems: list[ImportProblem]) -> None:
        self.file = file
        self.record = record
        self.problems = problems

    def text(self, column: str, required: bool = False) -> str:
        value = self.record.values.get(column, "").strip()
        if required and not value:
            self.problem(column, value, "a value (this column is required)")
        return value

    def problem(self, column: str, value: str, expected: str) -> None:
        self.problems.append(ImportProblem(self.file, self.record.line, column, value, expected))

    def count(self, column: str) -> int | None:
        value = self.text(column)
        if not value:
            return None
        if not re.fullmatch(r"\d{1,9}", value):
            self.problem(column, value, "a whole number of people, or empty")
            return None
        return int(value)

    def percent(self, column: str) -> str | None:
        value = self.text(column)
        if not value:
            return None
        try:
            number = Decimal(value.rstrip("%").strip())
        except InvalidOperation:
            self.problem(column, value, "a percentage such as 84.6, or empty")
            return None
        if not Decimal(0) <= number <= Decimal(100):
            self.problem(column, value, "a percentage between 0 and 100")
            return None
        return value.rstrip("%").strip()

    def number(self, column: str) -> str | None:
        """A stated value that is neither a count nor a share (an average of 11 months)."""
        value = self.text(column)
        if not value:
            return None
        try:
            Decimal(value)
        except InvalidOperation:
            self.problem(column, value, "a number such as 11 or 10.5, or empty")
            return None
        return value

    def date(self, column: str, required: bool = False) -> Any:
        value = self.text(column, required)
        try:
            return parse_date(value)
        except DateError as exc:
            self.problem(column, value, f"a real date (YYYY, YYYY-MM or YYYY-MM-DD): {exc}")
            return parse_date("")


def _source_id(connection: Connection, writer: Writer, text: str) -> int | None:
    if not text.strip():
        return None
    spec = source_spec(text)
    found = connection.execute(select(source.c.id).where(source.c.source_key == spec.key)).first()
    if found is not None:
        return int(found[0])
    return writer.insert(
        source,
        {
            "source_key": spec.key,
            "url": spec.url,
            "title": spec.title,
            "publisher": spec.publisher,
            "kind": spec.kind,
        },
    )


def _figure_row(cells: _Cells) -> Row:
    as_of = cells.date("as_of", required=True)
    if cells.text("as_of") and as_of.lower != as_of.upper:
        cells.problem("as_of", cells.text("as_of"), "a full date (YYYY-MM-DD)")
    kind = cells.text("kind", required=True)
    if kind and kind not in FIGURE_KINDS:
        cells.problem("kind", kind, f"one of {', '.join(FIGURE_KINDS)}")
    return {
        "as_of": as_of.lower,
        "publisher": cells.text("publisher", required=True),
        "kind": kind,
        "scope": cells.text("scope", required=True),
        "arrested": cells.count("arrested"),
        "charged": cells.count("charged"),
        "convicted": cells.count("convicted"),
        "remanded": cells.count("remanded"),
        "on_bail": cells.count("on_bail"),
        "note": cells.text("note"),
        "quote": cells.text("quote"),
    }


def _claim_row(cells: _Cells) -> Row:
    date = cells.date("date")
    numerator = cells.count("numerator")
    denominator = cells.count("denominator")
    if numerator is not None and denominator is not None and numerator > denominator:
        cells.problem("numerator", str(numerator), "a numerator no larger than the denominator")
    if denominator == 0:
        cells.problem("denominator", "0", "a denominator above zero")
    return {
        "publisher": cells.text("publisher", required=True),
        "date_edtf": date.edtf,
        "date_lower": date.lower,
        "text": cells.text("claim", required=True),
        "numerator": numerator,
        "denominator": denominator,
        "percent": cells.percent("percent_as_published"),
        "value": cells.number("value"),
        "scope_text": cells.text("scope"),
        "quote": cells.text("quote"),
    }


def _import_table(
    engine: Engine,
    path: Path,
    columns: tuple[str, ...],
    table: Table,
    to_row: Callable[[_Cells], Row],
    key_columns: tuple[str, ...],
    actor: str,
    optional: tuple[str, ...] = (),
) -> TableImportReport:
    records = read_csv(path, columns, optional)
    problems: list[ImportProblem] = []
    parsed: list[tuple[Row, str]] = []
    seen: dict[tuple[Any, ...], int] = {}
    for record in records:
        cells = _Cells(path.name, record, problems)
        row = to_row(cells)
        key = tuple(row[k] for k in key_columns)
        if key in seen:
            cells.problem(
                key_columns[-1],
                str(key[-1]),
                f"a row not already given on line {seen[key]} (same {', '.join(key_columns)})",
            )
        seen[key] = record.line
        parsed.append((row, cells.text("source_url")))
    if problems:
        raise ImportFailed(problems)
    batch = f"import-{uuid.uuid4().hex[:12]}"
    report = TableImportReport(path.name, len(parsed), batch)
    with engine.begin() as connection:
        writer = Writer(connection, actor=actor, batch=batch)
        existing = {
            tuple(r[k] for k in key_columns): dict(r)
            for r in connection.execute(select(table)).mappings()
        }
        for row, source_text in parsed:
            row["source_id"] = _source_id(connection, writer, source_text)
            current = existing.get(tuple(row[k] for k in key_columns))
            if current is None:
                writer.insert(table, row)
            else:
                writer.update(table, current["id"], row, current=current)
        report.changes = summarise_counts(writer.counts.items())
    return report


def import_official_figures(
    engine: Engine, path: Path, *, actor: str = "import"
) -> TableImportReport:
    """Import a CSV of published arrest, charge and conviction totals (all rows or none).

    Raises:
        ImportFailed: listing every problem in the file; the database is left unchanged.
    """
    return _import_table(
        engine,
        path,
        FIGURE_COLUMNS,
        official_figure,
        _figure_row,
        ("as_of", "publisher", "scope"),
        actor,
        FIGURE_OPTIONAL,
    )


def import_claims(engine: Engine, path: Path, *, actor: str = "import") -> TableImportReport:
    """Import a CSV of published claims (all rows or none).

    Raises:
        ImportFailed: listing every problem in the file; the database is left unchanged.
    """
    return _import_table(
        engine,
        path,
        CLAIM_COLUMNS,
        claim,
        _claim_row,
        ("publisher", "date_edtf", "text"),
        actor,
        CLAIM_OPTIONAL,
    )
