"""The events CSV: one dated step of a prosecution per row, each with its source.

Columns: ``row_id`` (the seed row id of the prosecution), ``event`` (a kind from
`nsdocket.event_kinds.EVENT_KINDS`), ``date`` (as precise as the source: ``2021-03-04``,
``2021-03``, ``2021~``), ``detail``, ``source_url`` and ``source_quote`` (a short quote, for
when the address may not last); optionally ``sentence_months``. Parsing is pure: it returns
`EventRow` objects or raises `ImportFailed` listing every problem in the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nsdocket.dates import DateError, PartialDate, parse_date
from nsdocket.event_kinds import EVENT_KINDS
from nsdocket.ingest.csvfile import read_csv
from nsdocket.ingest.errors import ImportFailed, ImportProblem
from nsdocket.ingest.seed_rows import MAX_CELL_CHARS, MAX_QUOTE_CHARS, SourceSpec, source_spec

EVENT_COLUMNS = ("row_id", "event", "date", "detail", "source_url", "source_quote")
OPTIONAL_EVENT_COLUMNS = ("sentence_months",)
_MONTHS = re.compile(r"\d{1,4}")


@dataclass(frozen=True)
class EventRow:
    """One validated row of an events file."""

    line: int
    row_id: str
    kind: str
    date: PartialDate
    detail: str
    source: SourceSpec
    quote: str
    sentence_months: int | None = None


def _parse(line: int, cells: dict[str, str]) -> tuple[EventRow | None, list[tuple[str, str]]]:
    """The row, or None and its problems as (column, what was expected)."""
    problems: list[tuple[str, str]] = []

    def problem(column: str, expected: str) -> None:
        problems.append((column, expected))

    row_id = cells.get("row_id", "")
    if not row_id:
        problem("row_id", "the row id of a prosecution (this column is required)")
    kind = cells.get("event", "")
    if kind not in EVENT_KINDS:
        problem("event", f"one of {', '.join(EVENT_KINDS)}")
    date = parse_date("")
    if not cells.get("date"):
        problem("date", "the date of the event (YYYY, YYYY-MM or YYYY-MM-DD)")
    else:
        try:
            date = parse_date(cells["date"])
        except DateError as exc:
            problem("date", f"a real date (YYYY, YYYY-MM or YYYY-MM-DD): {exc}")
    url = cells.get("source_url", "")
    if not url:
        problem("source_url", "the address of the source that reports this event")
    quote = cells.get("source_quote", "")
    if len(quote) > MAX_QUOTE_CHARS:
        problem("source_quote", f"a short quote (at most {MAX_QUOTE_CHARS} characters)")
    months: int | None = None
    if cells.get("sentence_months"):
        if _MONTHS.fullmatch(cells["sentence_months"]):
            months = int(cells["sentence_months"])
        else:
            problem("sentence_months", "a whole number of months")
    for column, value in cells.items():
        if len(value) > MAX_CELL_CHARS:
            problem(column, f"at most {MAX_CELL_CHARS} characters")
    if problems:
        return None, problems
    row = EventRow(
        line=line,
        row_id=row_id,
        kind=kind,
        date=date,
        detail=cells.get("detail", ""),
        source=source_spec(url),
        quote=quote,
        sentence_months=months,
    )
    return row, problems


def parse_events_file(
    path: Path, progress: Callable[[int, int], None] | None = None
) -> list[EventRow]:
    """Read and validate an events CSV file.

    Raises:
        ImportFailed: listing every problem found in the file, with line and column.
    """
    records = read_csv(path, EVENT_COLUMNS, OPTIONAL_EVENT_COLUMNS)
    rows: list[EventRow] = []
    problems: list[ImportProblem] = []
    for done, record in enumerate(records, start=1):
        cells = {column: value.strip() for column, value in record.values.items()}
        row, found = _parse(record.line, cells)
        for column, expected in found:
            problems.append(
                ImportProblem(path.name, record.line, column, cells.get(column, ""), expected)
            )
        if row is not None:
            rows.append(row)
        if progress is not None:
            progress(done, len(records))
    if problems:
        raise ImportFailed(problems)
    return rows
