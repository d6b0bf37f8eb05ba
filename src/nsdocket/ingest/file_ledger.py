"""What an import's checking pass must remember of the whole file, kept on disk.

Some checks span the whole file: a row id used twice, a defendant given two rows in one case,
a person named by several rows, and what all the rows of a case say of it (its court, numbers,
citations and outcomes). Holding those in Python dictionaries cost about 900 bytes a row, most
of an import's memory at a million rows. The ledger writes them, a batch at a time, to a private
temporary SQLite database (deleted when closed, or if the process dies) and answers the checks
with a few queries once the file has been read.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from types import TracebackType

from nsdocket.ingest.errors import ImportProblem
from nsdocket.ingest.row_loader import CasePlan
from nsdocket.ingest.seed_rows import SeedRow
from nsdocket.names import name_key

_BATCH = 5000
_SEPARATOR = "\x1f"

_SCHEMA = """
PRAGMA journal_mode=OFF;
PRAGMA synchronous=OFF;
PRAGMA cache_size=-16384;
PRAGMA temp_store=FILE;
CREATE TABLE row_id (row_id TEXT NOT NULL, line INTEGER NOT NULL);
CREATE TABLE pair (pair TEXT NOT NULL, row_id TEXT NOT NULL, line INTEGER NOT NULL,
                   written TEXT NOT NULL);
CREATE TABLE person (name_key TEXT NOT NULL, name TEXT NOT NULL, row_id TEXT NOT NULL);
CREATE TABLE case_row (case_key TEXT NOT NULL, title TEXT NOT NULL, court TEXT NOT NULL,
                       numbers TEXT NOT NULL, citations TEXT NOT NULL, outcome TEXT NOT NULL);
"""
# Built once the file is read: sorting then indexing is cheaper than indexing row by row.
_INDEXES = """
CREATE INDEX row_id_key ON row_id (row_id);
CREATE INDEX pair_key ON pair (pair);
CREATE INDEX person_key ON person (name_key);
CREATE INDEX case_row_key ON case_row (case_key);
"""


class FileLedger:
    """The file-wide facts of one import's checking pass, in a temporary database.

    Args:
        file: the file's name, for the problems found.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        # An empty name opens a private temporary database on disk, removed when closed.
        self._db = sqlite3.connect("")
        self._db.executescript(_SCHEMA)
        self._row_ids: list[tuple[str, int]] = []
        self._pairs: list[tuple[str, str, int, str]] = []
        self._people: list[tuple[str, str, str]] = []
        self._cases: list[tuple[str, str, str, str, str, str]] = []
        self._indexed = False

    def record_id(self, row_id: str, line: int) -> None:
        """Note the row id of one record of the file (valid or not)."""
        if row_id:
            self._row_ids.append((row_id, line))
            if len(self._row_ids) >= _BATCH:
                self._flush()

    def add(self, row: SeedRow) -> None:
        """Note what one valid row says of its case and defendants."""
        self._cases.append(
            (
                row.case_key,
                row.case_title,
                row.court,
                _SEPARATOR.join(row.case_numbers),
                _SEPARATOR.join(row.citations),
                row.outcome,
            )
        )
        for spec in row.defendants:
            key = name_key(spec.name.name)
            pair = f"{row.case_key}{_SEPARATOR}{spec.kind}{_SEPARATOR}{key}"
            self._pairs.append((pair, row.row_id, row.line, spec.name.original))
            if spec.kind == "person":
                self._people.append((key, spec.name.name, row.row_id))
        if len(self._cases) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        db = self._db
        db.executemany("INSERT INTO row_id VALUES (?, ?)", self._row_ids)
        db.executemany("INSERT INTO pair VALUES (?, ?, ?, ?)", self._pairs)
        db.executemany("INSERT INTO person VALUES (?, ?, ?)", self._people)
        db.executemany("INSERT INTO case_row VALUES (?, ?, ?, ?, ?, ?)", self._cases)
        self._row_ids, self._pairs, self._people, self._cases = [], [], [], []

    def _ready(self) -> sqlite3.Connection:
        self._flush()
        if not self._indexed:
            self._db.executescript(_INDEXES)
            self._indexed = True
        return self._db

    def problems(self) -> list[ImportProblem]:
        """Row ids used twice, and defendants given two rows in one case (each later row)."""
        db = self._ready()
        found = [
            ImportProblem(
                self.file, line, "row_id", row_id, f"a unique row id (also on line {first})"
            )
            for row_id, line, first in db.execute(
                "SELECT r.row_id, r.line, d.first FROM row_id r JOIN "
                "(SELECT row_id, min(line) AS first FROM row_id GROUP BY row_id "
                "HAVING count(*) > 1) d USING (row_id) WHERE r.line > d.first ORDER BY r.line"
            )
        ]  # fmt: skip
        found += [
            ImportProblem(
                self.file, line, "defendant", written,
                f"one row per defendant in a case (already in row {first_row})",
            )
            for line, written, first_row in db.execute(
                "SELECT p.line, p.written, f.row_id FROM pair p JOIN "
                "(SELECT pair, min(rowid) AS first FROM pair GROUP BY pair HAVING count(*) > 1) d "
                "USING (pair) JOIN pair f ON f.rowid = d.first WHERE p.rowid > d.first "
                "ORDER BY p.rowid"
            )
        ]  # fmt: skip
        return found

    def shared_defendants(self) -> list[tuple[str, tuple[str, ...]]]:
        """People named by several rows: the name as a later row gives it, and every row
        naming them (the first one first), in the order they were found to be shared."""
        db = self._ready()
        db.execute("DROP TABLE IF EXISTS shared")
        db.execute(
            "CREATE TEMP TABLE shared AS SELECT name_key FROM person GROUP BY name_key "
            "HAVING count(DISTINCT row_id) > 1"
        )
        first: dict[str, str] = {}
        names: dict[str, str] = {}
        rows: dict[str, list[str]] = {}
        for key, name, row_id in db.execute(
            "SELECT name_key, name, row_id FROM person WHERE name_key IN "
            "(SELECT name_key FROM shared) ORDER BY rowid"
        ):
            earliest = first.setdefault(key, row_id)
            if earliest != row_id:
                rows.setdefault(key, [earliest]).append(row_id)
                names.setdefault(key, name)
        return [(names[key], tuple(ids)) for key, ids in rows.items()]

    def case_plans(self, chunk: int = 500) -> Iterator[list[tuple[str, CasePlan]]]:
        """What the rows say of each case, a chunk of cases at a time, in the order the file
        first names them."""
        db = self._ready()
        db.execute("DROP TABLE IF EXISTS case_order")
        db.execute(
            "CREATE TEMP TABLE case_order AS SELECT case_key, min(rowid) AS first "
            "FROM case_row GROUP BY case_key"
        )
        rows = db.execute(
            "SELECT r.case_key, r.title, r.court, r.numbers, r.citations, r.outcome "
            "FROM case_row r JOIN case_order o USING (case_key) ORDER BY o.first, r.rowid"
        )
        out: list[tuple[str, CasePlan]] = []
        for key, title, court, numbers, citations, outcome in rows:
            if not out or out[-1][0] != key:
                if len(out) >= chunk:
                    yield out
                    out = []
                out.append((key, CasePlan(title)))
            out[-1][1].add_values(
                court,
                numbers.split(_SEPARATOR) if numbers else (),
                citations.split(_SEPARATOR) if citations else (),
                outcome,
            )
        if out:
            yield out

    def close(self) -> None:
        """Delete the temporary database."""
        self._db.close()

    def __enter__(self) -> FileLedger:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
