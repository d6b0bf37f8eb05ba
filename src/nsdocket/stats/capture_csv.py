"""Reading capture histories from a CSV file: one column per list, a row per person or history.

Every column is a list (0 or 1 in each row), except the count column when there is one: then
each row is a history and the count says how many people have it. Problems are reported all at
once, each with the file, line and column, as the importers do.
"""

from __future__ import annotations

import csv
from pathlib import Path

from nsdocket.ingest.csvfile import CsvReader
from nsdocket.ingest.errors import ImportFailed, ImportProblem
from nsdocket.stats.capture_histories import CaptureDataError, CaptureHistories, parse_flag

__all__ = ["read_capture_csv"]


def _peek_header(path: Path) -> list[str] | None:
    """The first non-blank row of the file, or None when it cannot be read that simply (the
    strict reader then says why)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle, strict=True):
                if "".join(row).strip():
                    return [name.strip() for name in row]
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    return None


def read_capture_csv(path: Path, count_column: str = "count") -> CaptureHistories:
    """Read capture histories from ``path``.

    Args:
        path: a UTF-8 CSV file with a header. Each column is a list, holding 0 or 1; if a
            column is named ``count_column``, each row is a history and that column holds how
            many people have it (whole numbers, 0 or more), otherwise each row is a person.
        count_column: the name of the count column.

    Raises:
        ImportFailed: every problem found (a missing or unreadable file, a column without a
            name or given twice, fewer than 2 lists, a value not 0 or 1, a bad count, a row
            with every list 0, a list no one is on), each with its line and column.
    """
    header = _peek_header(path)
    reader = CsvReader(path, required=header or ())
    name = reader.name
    problems: list[ImportProblem] = []
    if any(not column for column in reader.header):
        reader.close()
        raise ImportFailed([ImportProblem(name, 1, "", "", "a column has no name")])
    aggregated = count_column in reader.header
    lists = [column for column in reader.header if column != count_column]
    if len(lists) < 2:
        reader.close()
        found = ", ".join(lists) or "none"
        raise ImportFailed(
            [
                ImportProblem(
                    name,
                    1,
                    "",
                    "",
                    f"{len(lists)} list column{'' if len(lists) == 1 else 's'} ({found}): "
                    "estimating who no list recorded needs at least 2 lists",
                )
            ]
        )
    rows: list[tuple[tuple[int, ...], int]] = []
    for record in reader:
        flags: list[int] = []
        for column in lists:
            try:
                flags.append(parse_flag(record.values[column]))
            except CaptureDataError as exc:
                problems.append(ImportProblem(name, record.line, column, exc.value, exc.message))
        count = 1
        if aggregated:
            text = record.values[count_column].strip()
            if not (text.isascii() and text.isdigit()):
                problems.append(
                    ImportProblem(
                        name,
                        record.line,
                        count_column,
                        text,
                        "a count must be a whole number 0 or more",
                    )
                )
                continue
            count = int(text)
        if len(flags) != len(lists):
            continue
        if not any(flags):
            problems.append(
                ImportProblem(
                    name,
                    record.line,
                    "",
                    "",
                    "every list is 0: people on no list cannot be observed (that number is "
                    "what is estimated); leave such rows out",
                )
            )
            continue
        rows.append((tuple(flags), count))
    problems = sorted([*reader.problems, *problems], key=lambda problem: problem.line)
    if problems:
        raise ImportFailed(problems)
    try:
        return CaptureHistories.from_counts(lists, rows)
    except CaptureDataError as exc:
        raise ImportFailed([ImportProblem(name, 0, exc.column, "", exc.message)]) from None
