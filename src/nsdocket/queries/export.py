"""Exporting tables (CSV or JSON) and whole databases (a JSON dump that `restore` reads back).

Exports of single tables withhold sensitive fields unless asked not to; a dump is a private
backup and keeps everything, including the audit log.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from typing import Any, TextIO

from sqlalchemy import Engine, delete, func, insert, select, text

from nsdocket.db.audit import decode_row
from nsdocket.db.engine import current_revision
from nsdocket.db.facts import DERIVED_TABLES, facts_meta
from nsdocket.db.schema import AUDITED_TABLES, audit_log, metadata
from nsdocket.db.writer import now, row_dict
from nsdocket.queries.redact import SENSITIVE_FIELDS, redact_copy, redact_row, sensitive_rows
from nsdocket.queries.scrub import scrubber_for

DUMP_FORMAT = "nsdocket-dump/1"
EXPORT_FORMATS = ("csv", "json")


class RestoreError(ValueError):
    """A dump that cannot be restored here (wrong format, non-empty database)."""


# Never exported table by table: accounts and sessions (password hashes, session tokens,
# one-time sign-in links).
PRIVATE_TABLES = ("user_account", "web_session", "login_link")
# Not in a dump either: sessions and sign-in links only live a short while, and the facts
# figures read are worked out again from the rest (see `nsdocket.db.facts`).
UNDUMPED_TABLES = ("alembic_version", "web_session", "login_link", *DERIVED_TABLES)


def exportable_tables() -> list[str]:
    """Names of the tables `write_export` accepts (every table but the private and derived
    ones)."""
    return [
        t.name
        for t in metadata.sorted_tables
        if t.name not in PRIVATE_TABLES and t.name not in DERIVED_TABLES
    ]


def table_rows(
    engine: Engine, table_name: str, *, include_sensitive: bool = False
) -> list[dict[str, Any]]:
    """Every row of a table ordered by id, sensitive fields withheld unless asked."""
    if (
        table_name not in metadata.tables
        or table_name in DERIVED_TABLES
        or (table_name in PRIVATE_TABLES and not include_sensitive)
    ):
        raise KeyError(f"unknown table '{table_name}' (known: {', '.join(exportable_tables())})")
    table = metadata.tables[table_name]
    with engine.connect() as connection:
        rows = [
            row_dict(r) for r in connection.execute(select(table).order_by(table.c.id)).mappings()
        ]
    if include_sensitive:
        return rows
    if table_name == audit_log.name:
        rows = _redact_audit_copies(engine, rows)
    scrub = scrubber_for(engine)
    return [scrub.row(redact_row(table_name, r)) for r in rows]


def _redact_audit_copies(engine: Engine, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Audit entries with the sensitive fields withheld from their before and after copies.

    A row that is sensitive now has every copy withheld, also those from before it was marked
    (an earlier spelling of a name, an age), which the scrubber alone would not know.
    """
    with engine.connect() as connection:
        sensitive = sensitive_rows(connection)
    redacted = []
    for row in rows:
        name = row["table_name"]
        if name in SENSITIVE_FIELDS and row.get("row_id_last") is not None:
            row = {**row, "after": _redacted_images(name, row["after"], sensitive)}
        elif (name, row["row_id"]) in sensitive:
            row = dict(row)
            for side in ("before", "after"):
                copy = row[side]
                if isinstance(copy, dict):
                    row[side] = redact_copy(name, copy)
        redacted.append(row)
    return redacted


def _redacted_images(
    name: str, after: dict[str, Any], sensitive: set[tuple[str, int]]
) -> dict[str, Any]:
    """An entry for many inserted rows with the sensitive ones' withheld fields withheld."""
    columns = after["columns"]
    rows = []
    for values in after["rows"]:
        if (name, values[0]) in sensitive:
            shown = redact_copy(name, dict(zip(columns, values, strict=True)))
            values = [shown.get(c) for c in columns]
        rows.append(values)
    return {"columns": columns, "rows": rows}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_export(
    engine: Engine,
    table_name: str,
    fmt: str,
    out: TextIO,
    *,
    include_sensitive: bool = False,
) -> int:
    """Write one table to ``out`` as CSV or JSON; return the number of rows written."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format '{fmt}' (known: {', '.join(EXPORT_FORMATS)})")
    rows = table_rows(engine, table_name, include_sensitive=include_sensitive)
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2, sort_keys=True)
        out.write("\n")
        return len(rows)
    columns = [c.name for c in metadata.tables[table_name].c]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return len(rows)


def dump(engine: Engine) -> dict[str, Any]:
    """Every table, every row, as JSON-ready data (a private backup: nothing withheld)."""
    tables = {t.name: table_rows(engine, t.name, include_sensitive=True) for t in _dump_tables()}
    return {"format": DUMP_FORMAT, "schema": current_revision(engine), "tables": tables}


def dumps(engine: Engine) -> str:
    """`dump` as canonical JSON text (sorted keys), so two dumps compare as strings."""
    buffer = io.StringIO()
    json.dump(dump(engine), buffer, ensure_ascii=False, indent=1, sort_keys=True)
    return buffer.getvalue()


def _dump_tables() -> list[Any]:
    return [t for t in metadata.sorted_tables if t.name not in UNDUMPED_TABLES]


def _reset_sequences(connection: Any) -> None:
    """After inserting rows with their ids, move each id sequence past the largest id."""
    for table in _dump_tables():
        if "id" not in table.c:
            continue
        name = connection.dialect.identifier_preparer.quote(table.name)
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {name}"
            )
        )


def restore(engine: Engine, data: dict[str, Any], *, actor: str, note: str = "") -> int:
    """Load a dump into an empty database (same ids); return the number of rows restored.

    The dump's audit log is restored as it was, and one more audit entry records the restore.

    Raises:
        RestoreError: when the dump is not an nsdocket dump or the database already has data.
    """
    if not isinstance(data, dict) or data.get("format") != DUMP_FORMAT:
        raise RestoreError(f"not an nsdocket dump (expected format {DUMP_FORMAT})")
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise RestoreError("the dump has no tables")
    unknown = sorted(set(tables) - {t.name for t in _dump_tables()})
    if unknown:
        raise RestoreError(f"the dump has tables this version does not know: {unknown}")
    count = 0
    with engine.begin() as connection:
        for table in _dump_tables():
            if table.name in AUDITED_TABLES or table.name == "audit_log":
                found = connection.execute(select(func.count()).select_from(table)).scalar_one()
                if found:
                    raise RestoreError(
                        f"the database is not empty ({table.name} has {found} rows); "
                        "restore into a new database"
                    )
        for table in _dump_tables():
            rows = [decode_row(table, r) for r in tables.get(table.name, [])]
            if rows:
                connection.execute(insert(table), rows)
                count += len(rows)
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection)
        # The facts figures read are worked out again from what was restored.
        connection.execute(delete(facts_meta))
        connection.execute(
            insert(audit_log).values(
                at=now(),
                actor=actor,
                action="restore",
                table_name="*",
                row_id=0,
                before=None,
                after={"rows": count},
                batch=f"restore-{uuid.uuid4().hex[:12]}",
                reason=note or "restored from a dump",
            )
        )
    return count
