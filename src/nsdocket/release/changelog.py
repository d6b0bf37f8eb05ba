"""What changed since a previous release: rows added, changed and removed, table by table.

Both releases are compared as published (withheld and scrubbed), so a change to a withheld
value shows as no change, and the changelog never names a withheld value, only row ids and
column names.
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from nsdocket.release.tables import TableData

# Ids listed per kind of change in CHANGELOG.md; changes.json lists them all.
LISTED = 40


class ReleaseError(ValueError):
    """A release that cannot be written or compared (a used folder, not a release)."""


@dataclass
class TableChanges:
    """The changes to one table between two releases.

    Attributes:
        table: the table's name.
        rows: rows in the new release.
        previous_rows: rows in the previous release (0 when the table is new).
        added: ids of rows that are new.
        changed: for each changed row's id, the columns whose values differ.
        removed: ids of rows no longer in the release.
    """

    table: str
    rows: int
    previous_rows: int
    added: list[int] = field(default_factory=list)
    changed: dict[int, list[str]] = field(default_factory=dict)
    removed: list[int] = field(default_factory=list)

    @property
    def any(self) -> bool:
        """True when anything changed."""
        return bool(self.added or self.changed or self.removed)


Rows = dict[int, dict[str, str]]


def _by_id(columns: tuple[str, ...] | list[str], rows: Any) -> Rows:
    out: Rows = {}
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        out[int(record["id"])] = record
    return out


def read_release(folder: Path) -> dict[str, Rows]:
    """Every table of a previous release, by table name and row id.

    Raises:
        ReleaseError: when the folder holds no ``datapackage.json`` or a resource is missing.
    """
    descriptor = folder / "datapackage.json"
    if not descriptor.is_file():
        raise ReleaseError(f"{folder} is not an nsdocket release (no datapackage.json)")
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    out: dict[str, Rows] = {}
    for resource in package.get("resources", []):
        path = folder / str(resource["path"])
        if not path.is_file():
            raise ReleaseError(f"{folder}: {resource['path']} is listed but missing")
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            columns = next(reader)
            out[str(resource["name"])] = _by_id(columns, reader)
    return out


def compare(previous: dict[str, Rows], current: list[TableData]) -> list[TableChanges]:
    """Table-by-table changes from ``previous`` to ``current`` (dropped tables last)."""
    out: list[TableChanges] = []
    for table in current:
        now = _by_id(table.columns, table.rows)
        before = previous.get(table.name, {})
        changes = TableChanges(table.name, len(now), len(before))
        changes.added = sorted(set(now) - set(before))
        changes.removed = sorted(set(before) - set(now))
        for row_id in sorted(set(now) & set(before)):
            old, new = before[row_id], now[row_id]
            columns = [c for c in new if old.get(c) != new[c]]
            columns += [c for c in old if c not in new]
            if columns:
                changes.changed[row_id] = columns
        out.append(changes)
    names = {t.name for t in current}
    for name, rows in sorted(previous.items()):
        if name not in names:
            out.append(TableChanges(name, 0, len(rows), removed=sorted(rows)))
    return out


def _ids(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:LISTED])
    return shown + (f" and {len(ids) - LISTED} more" if len(ids) > LISTED else "")


def changelog_markdown(changes: list[TableChanges] | None, since: str | None) -> str:
    """CHANGELOG.md: a table of counts, then the ids per table."""
    if changes is None:
        return (
            "# Changes\n\nNo previous release was given (`nsdocket release OUT_DIR --since "
            "PREVIOUS_DIR` lists rows added, changed and removed).\n"
        )
    lines = [
        "# Changes",
        "",
        f"Compared with the release in `{since}`. Withheld values are compared as withheld.",
        "",
        "| table | rows | before | added | changed | removed |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for c in changes:
        lines.append(
            f"| {c.table} | {c.rows} | {c.previous_rows} | {len(c.added)} | "
            f"{len(c.changed)} | {len(c.removed)} |"
        )
    for c in changes:
        if not c.any:
            continue
        lines += ["", f"## {c.table}", ""]
        if c.added:
            lines.append(f"- added: {_ids(c.added)}")
        if c.changed:
            shown = [f"{i} ({', '.join(cols)})" for i, cols in list(c.changed.items())[:LISTED]]
            more = len(c.changed) - LISTED
            lines.append(
                f"- changed: {'; '.join(shown)}" + (f" and {more} more" if more > 0 else "")
            )
        if c.removed:
            lines.append(f"- removed: {_ids(c.removed)}")
    if not any(c.any for c in changes):
        lines += ["", "Nothing changed."]
    return "\n".join(lines) + "\n"


def changes_json(changes: list[TableChanges] | None, since: str | None) -> dict[str, Any]:
    """changes.json: every id, for programs."""
    return {
        "since": since,
        "tables": [asdict(c) for c in changes] if changes is not None else None,
    }
