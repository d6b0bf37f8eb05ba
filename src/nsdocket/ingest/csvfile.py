"""Reading CSV files strictly: UTF-8, the expected header, one dict per record with its line."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from nsdocket.ingest.errors import ImportFailed, ImportProblem


@dataclass(frozen=True)
class CsvRecord:
    """One record of a CSV file, with the line it starts on."""

    line: int
    values: dict[str, str]


def _first_bad_byte(path: Path) -> tuple[int, bytes]:
    """The line and the first bytes of the first sequence in the file that is not UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as handle:
        for raw in handle:
            try:
                decoder.decode(raw)
            except UnicodeDecodeError as exc:
                return line, raw[exc.start : exc.start + 4]
            line += 1
    return line, b""


def count_lines(path: Path) -> int:
    """How many lines a file has (an upper bound on its records, for progress bars); 0 when
    it cannot be read."""
    lines = 0
    try:
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                lines += block.count(b"\n")
    except OSError:
        return 0
    return lines


class CsvReader:
    """A CSV file read record by record, in constant memory.

    Iterating yields each well-formed record; the problems of the others (a wrong number of
    fields, a NUL byte, malformed quoting) are collected in `problems` for the caller to report
    with its own. The header is checked on creation.

    Raises:
        ImportFailed: (on creation) a missing or empty file, a wrong header; (while iterating)
            bytes that are not UTF-8, with the line they are on.
    """

    def __init__(self, path: Path, required: Sequence[str], optional: Sequence[str] = ()) -> None:
        self.path = path
        self.name = path.name
        self.problems: list[ImportProblem] = []
        self.records = 0
        try:
            self._handle: IO[str] = path.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise ImportFailed(
                [ImportProblem(self.name, 0, "", "", f"cannot read: {exc}")]
            ) from None
        try:
            self.header = self._read_header(required, optional)
        except BaseException:
            self._handle.close()
            raise

    def _decode_failed(self) -> ImportFailed:
        line, bad = _first_bad_byte(self.path)
        return ImportFailed(
            [ImportProblem(self.name, line, "", repr(bad), "bytes that are not UTF-8")]
        )

    def _read_header(self, required: Sequence[str], optional: Sequence[str]) -> list[str]:
        name = self.name
        self._reader = csv.reader(self._handle, strict=True)
        try:
            first = next(self._reader, None)
            while first is not None and not "".join(first).strip():
                first = next(self._reader, None)
        except UnicodeDecodeError:
            raise self._decode_failed() from None
        except csv.Error as exc:
            raise ImportFailed(
                [ImportProblem(name, 1, "", "", f"unreadable header: {exc}")]
            ) from None
        if first is None:
            raise ImportFailed([ImportProblem(name, 0, "", "", "the file is empty")])
        header = [h.strip() for h in first]
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
        return header

    def __iter__(self) -> Iterator[CsvRecord]:
        name, header, reader = self.name, self.header, self._reader
        width = len(header)
        line = reader.line_num + 1
        try:
            for fields in reader:
                if not "".join(fields).strip():
                    line = reader.line_num + 1
                    continue
                if len(fields) != width:
                    self.problems.append(
                        ImportProblem(
                            name, line, "", "", f"{len(fields)} fields where the header has {width}"
                        )
                    )
                else:
                    values = dict(zip(header, fields, strict=True))
                    # PostgreSQL cannot store NUL in text, and no field of ours means one.
                    if any("\x00" in value for value in fields):
                        self.problems.extend(
                            ImportProblem(
                                name, line, column, value.replace("\x00", "\\0"), "no NUL bytes"
                            )
                            for column, value in values.items()
                            if "\x00" in value
                        )
                    else:
                        self.records += 1
                        yield CsvRecord(line, values)
                line = reader.line_num + 1
        except UnicodeDecodeError:
            raise self._decode_failed() from None
        except csv.Error as exc:
            self.problems.append(ImportProblem(name, line, "", "", f"malformed CSV: {exc}"))
        finally:
            self._handle.close()
        if not self.records and not self.problems:
            self.problems.append(
                ImportProblem(name, 0, "", "", "the file has a header but no rows")
            )

    def close(self) -> None:
        """Close the file (iterating to the end closes it too)."""
        self._handle.close()


def read_csv(path: Path, required: Sequence[str], optional: Sequence[str] = ()) -> list[CsvRecord]:
    """Read a (small) CSV file whole and check its header; see `CsvReader` for large ones.

    Args:
        path: the file.
        required: columns that must be present.
        optional: columns that may be present; any other column is a problem.

    Raises:
        ImportFailed: for a missing file, non-UTF-8 bytes, an empty file, a wrong header, a
            row with the wrong number of fields or a NUL byte (every such problem listed).
    """
    reader = CsvReader(path, required, optional)
    records = list(reader)
    if reader.problems:
        raise ImportFailed(reader.problems)
    return records
