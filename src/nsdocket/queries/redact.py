"""Withholding fields marked sensitive from anything that leaves through a public door."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from nsdocket.db.schema import metadata

WITHHELD = "[withheld]"

# Per table: the flag column, and the fields withheld when the flag is set.
SENSITIVE_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "defendant": ("sensitive", ("name", "name_key", "name_original", "name_zh", "aliases", "age")),
    "source": ("sensitive", ("url", "title", "source_key", "content_hash")),
}


def redact_row(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``row`` with its sensitive fields withheld when the row is flagged sensitive."""
    rule = SENSITIVE_FIELDS.get(table)
    if rule is None:
        return dict(row)
    flag, fields = rule
    if not row.get(flag):
        return dict(row)
    out = dict(row)
    for name in fields:
        if name not in out:
            continue
        if name == "aliases":
            out[name] = []
        elif name == "age" or name in ("url", "content_hash"):
            out[name] = None
        elif name in ("name_key", "source_key"):
            out[name] = f"{WITHHELD}-{row.get('id')}"
        else:
            out[name] = WITHHELD
    return out


def display_name(row: dict[str, Any], *, public: bool) -> str:
    """How a defendant is named: withheld in public views when marked sensitive."""
    if public and row.get("sensitive"):
        return f"{WITHHELD} (defendant {row.get('id')})"
    return str(row.get("name", ""))


def sensitive_rows(connection: Connection) -> set[tuple[str, int]]:
    """``(table, id)`` of every row flagged sensitive now."""
    found: set[tuple[str, int]] = set()
    for name, (flag, _) in SENSITIVE_FIELDS.items():
        table = metadata.tables[name]
        ids = connection.execute(select(table.c.id).where(table.c[flag].is_(True))).scalars()
        found.update((name, int(row_id)) for row_id in ids)
    return found


def redact_copy(table: str, copy: dict[str, Any]) -> dict[str, Any]:
    """An earlier copy of a row that is sensitive now (from the audit log), with its sensitive
    fields withheld whatever its flag said then; the flag itself is kept as it was."""
    rule = SENSITIVE_FIELDS.get(table)
    if rule is None:
        return dict(copy)
    flag = rule[0]
    shown = redact_row(table, {**copy, flag: True})
    if flag in copy:
        shown[flag] = copy[flag]
    else:
        shown.pop(flag, None)
    return shown
