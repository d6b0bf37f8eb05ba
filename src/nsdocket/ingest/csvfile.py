"""Reading CSV files strictly: UTF-8, the expected header, one dict per record with its line."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from nsdocket.ingest.errors import ImportFailed, ImportProblem


@dataclass(frozen=True)
class CsvRecord:
    """One record of a CSV file, with the line it starts on."""

    line: int
    values: dict[str, str]


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 4]
        raise ImportFailed(
            [ImportProblem(path.name, line, "", repr(bad), "bytes that are not UTF-8")]
        ) from None


def read_csv(path: Path, required: Sequence[str], optional: Sequence[str] = ()) -> list[CsvRecord]:
    """Read a CSV file and check its header.

    Args:
        path: the file.
        required: columns that must be present.
        optional: columns that may be present; any other column is a problem.

    Raises:
        ImportFailed: for a missing file, non-UTF-8 bytes, an empty file, a wrong header, a
            row with the wrong number of fields or a NUL byte (every such problem listed).
    """
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed([ImportProblem(name, 0, "", "", f"cannot read: {exc}")]) from None
    text = _decode(path, data)
    if not text.strip():
        raise ImportFailed([ImportProblem(name, 0, "", "", "the file is empty")])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise ImportFailed([ImportProblem(name, 1, "", "", f"unreadable header: {exc}")]) from None
    problems: list[ImportProblem] = []
    for column in required:
        if column not in header:
            problems.append(ImportProblem(name, 1, column, "", "missing column"))
    allowed = set(required) | set(optional)
    for column in header:
        if column not in allowed:
            problems.append(
                ImportProblem(
                    name, 1, column, "", f"unknown column (expected: {', '.join(required)})"
                )
            )
    seen: set[str] = set()
    for column in header:
        if column in seen:
            problems.append(ImportProblem(name, 1, column, "", "column appears twice"))
        seen.add(column)
    if problems:
        raise ImportFailed(problems)
    records: list[CsvRecord] = []
    line = reader.line_num + 1
    has_nul = "\x00" in text
    try:
        for fields in reader:
            if not "".join(fields).strip():
                line = reader.line_num + 1
                continue
            if len(fields) != len(header):
                problems.append(
                    ImportProblem(
                        name,
                        line,
                        "",
                        "",
                        f"{len(fields)} fields where the header has {len(header)}",
                    )
                )
            else:
                values = dict(zip(header, fields, strict=True))
                # PostgreSQL cannot store NUL in text, and no field of ours means one.
                if has_nul:
                    problems.extend(
                        ImportProblem(
                            name, line, column, value.replace("\x00", "\\0"), "no NUL bytes"
                        )
                        for column, value in values.items()
                        if "\x00" in value
                    )
                records.append(CsvRecord(line, values))
            line = reader.line_num + 1
    except csv.Error as exc:
        problems.append(ImportProblem(name, line, "", "", f"malformed CSV: {exc}"))
    if problems:
        raise ImportFailed(problems)
    if not records:
        raise ImportFailed([ImportProblem(name, 0, "", "", "the file has a header but no rows")])
    return records
