"""Reading the audit log: a row's history, and reverting a row to an earlier state."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, DateTime, Engine, Table, func, select

from nsdocket.db.schema import audit_log
from nsdocket.db.writer import RowNotFoundError, Writer, audited_table


@dataclass(frozen=True)
class AuditEntry:
    """One recorded change to one row."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    table_name: str
    row_id: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    batch: str
    reason: str

    def changed_fields(self) -> dict[str, tuple[Any, Any]]:
        """Fields whose value differs between before and after, as (before, after)."""
        before = self.before or {}
        after = self.after or {}
        return {
            key: (before.get(key), after.get(key))
            for key in sorted(set(before) | set(after))
            if before.get(key) != after.get(key) and key != "version"
        }


class RevertError(ValueError):
    """The requested revert does not make sense (wrong row, unknown audit id)."""


def history(engine: Engine, table_name: str, row_id: int) -> list[AuditEntry]:
    """Every audited change to one row, oldest first."""
    audited_table(table_name)
    with engine.connect() as connection:
        rows = connection.execute(
            select(audit_log)
            .where(audit_log.c.table_name == table_name, audit_log.c.row_id == row_id)
            .order_by(audit_log.c.id)
        ).mappings()
        return [AuditEntry(**dict(r)) for r in rows]


def decode_row(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """Turn a JSON-ready row (dates as ISO text) back into column values for ``table``."""
    state = {k: v for k, v in row.items() if k in table.c}
    for column in table.c:
        value = state.get(column.name)
        if not isinstance(value, str):
            continue
        if isinstance(column.type, DateTime):
            state[column.name] = dt.datetime.fromisoformat(value)
        elif isinstance(column.type, Date):
            state[column.name] = dt.date.fromisoformat(value)
    return state


def _state_after(table: Table, entry: AuditEntry) -> dict[str, Any] | None:
    return None if entry.after is None else decode_row(table, entry.after)


def revert(
    engine: Engine, table_name: str, row_id: int, to_audit_id: int, *, actor: str
) -> AuditEntry | None:
    """Put a row back as it was right after audit entry ``to_audit_id``; the revert is audited.

    A row that was deleted is re-inserted with its old id; reverting to the state after a delete
    deletes the row. Returns the audit entry the revert wrote, or None when nothing changed.

    Raises:
        RevertError: when the audit entry does not exist or belongs to another row.
    """
    table = audited_table(table_name)
    entries = {e.id: e for e in history(engine, table_name, row_id)}
    target = entries.get(to_audit_id)
    if target is None:
        raise RevertError(f"audit entry {to_audit_id} is not a change to {table_name} {row_id}")
    wanted = _state_after(table, target)
    reason = f"revert to audit entry {to_audit_id}"
    with engine.begin() as connection:
        writer = Writer(connection, actor=actor, batch=f"revert-{uuid.uuid4().hex[:12]}")
        try:
            current: dict[str, Any] | None = writer.get(table, row_id)
        except RowNotFoundError:
            current = None
        if wanted is None and current is not None:
            writer.delete(table, row_id, reason=reason)
        elif wanted is not None and current is None:
            writer.restore(table, wanted, reason=reason)
        elif wanted is not None and current is not None:
            changes = {k: v for k, v in wanted.items() if k not in ("id", "version")}
            writer.update(table, row_id, changes, current=current, reason=reason)
        if not writer.counts:
            return None
    return history(engine, table_name, row_id)[-1]


def rows_as_recorded(connection: Any, table: Table, until: dt.datetime) -> list[dict[str, Any]]:
    """Every row of ``table`` as the audit log says it stood at ``until``: each row's state
    after its last audited change made by then (a row whose last change was a delete is
    gone), as column values."""
    last = (
        select(audit_log.c.row_id, func.max(audit_log.c.id).label("last"))
        .where(audit_log.c.table_name == table.name, audit_log.c.at <= until)
        .group_by(audit_log.c.row_id)
        .subquery("last_change")
    )
    stmt = (
        select(audit_log.c.after)
        .join(last, last.c.last == audit_log.c.id)
        .where(audit_log.c.action != "delete")
        .order_by(audit_log.c.row_id)
    )
    return [decode_row(table, after) for after in connection.execute(stmt).scalars() if after]
