"""Reading the audit log: a row's history, and reverting a row to an earlier state."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    DateTime,
    Engine,
    Table,
    and_,
    func,
    or_,
    select,
)

from nsdocket.db.schema import audit_log, metadata
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


def _covering(table_name: str, row_id: int) -> Any:
    """The audit entries of one row: its own, and those for many rows whose ids include it."""
    own = and_(audit_log.c.row_id == row_id, audit_log.c.row_id_last.is_(None))
    many = and_(audit_log.c.row_id_last >= row_id, audit_log.c.row_id <= row_id)
    return select(audit_log).where(audit_log.c.table_name == table_name, or_(own, many))


def row_image(after: dict[str, Any] | None, row_id: int) -> dict[str, Any] | None:
    """The copy of row ``row_id`` in an entry's ``after`` (which may hold many rows)."""
    if after is None or "rows" not in after or "columns" not in after:
        return after
    columns, rows = after["columns"], after["rows"]
    first = rows[0][0] if rows else None
    # Ids are usually consecutive: look there first, then search.
    at = row_id - first if isinstance(first, int) else -1
    if 0 <= at < len(rows) and rows[at][0] == row_id:
        return dict(zip(columns, rows[at], strict=True))
    for values in rows:
        if values[0] == row_id:
            return dict(zip(columns, values, strict=True))
    return None


def entry_for_row(mapping: Any, row_id: int) -> AuditEntry | None:
    """An audit log row as the entry of row ``row_id`` (None when it does not cover it)."""
    data = dict(mapping)
    last = data.pop("row_id_last", None)
    if last is None:
        return AuditEntry(**data)
    after = row_image(data["after"], row_id)
    if after is None:
        return None
    return AuditEntry(**{**data, "row_id": row_id, "after": after})


def entries_in(mapping: Any, only: Collection[int] | None = None) -> list[AuditEntry]:
    """An audit log row as one entry per row it stands for, in id order: itself for a change
    to one row, one entry per inserted row for an entry of many (each with its own image).

    Args:
        mapping: the audit log row.
        only: keep only the rows whose ids are in it (None: every row).
    """
    data = dict(mapping)
    last = data.pop("row_id_last", None)
    if last is None:
        return [AuditEntry(**data)] if only is None or data["row_id"] in only else []
    after = data["after"]
    columns = after["columns"]
    return [
        AuditEntry(
            **{**data, "row_id": values[0], "after": dict(zip(columns, values, strict=True))}
        )
        for values in after["rows"]
        if only is None or values[0] in only
    ]


def changes_between(
    connection: Connection,
    tables: Sequence[str],
    *,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    newest_first: bool = False,
    touching: Mapping[str, Collection[int]] | None = None,
) -> Iterator[AuditEntry]:
    """Every audited change to rows of ``tables`` made from ``start`` to ``end`` (both
    included; None: no bound), one entry per changed row, oldest first or newest first.

    Args:
        connection: an open connection.
        tables: audited table names.
        start: the first moment counted (UTC).
        end: the last moment counted (UTC).
        newest_first: the latest change first (the log is read lazily, so a caller may stop).
        touching: per table, the ids of the rows wanted: an entry for many inserted rows that
            holds none of them is not read, and only the wanted rows of one that does are
            given. Entries for one row are all given (a row deleted since is no longer known
            by id), for the caller to keep or leave.
    """
    for name in tables:
        audited_table(name)
    conditions: list[ColumnElement[bool]] = [audit_log.c.table_name.in_(list(tables))]
    if start is not None:
        conditions.append(audit_log.c.at >= start)
    if end is not None:
        conditions.append(audit_log.c.at <= end)
    wanted = {k: set(v) for k, v in (touching or {}).items() if k in tables}
    for name, ids in wanted.items():
        # An entry for many rows of this table counts only when its id range meets the ids.
        skip = and_(
            audit_log.c.table_name == name,
            audit_log.c.row_id_last.is_not(None),
            or_(
                audit_log.c.row_id_last < min(ids, default=0),
                audit_log.c.row_id > max(ids, default=-1),
            ),
        )
        conditions.append(~skip)
    order = audit_log.c.id.desc() if newest_first else audit_log.c.id
    stmt = select(audit_log).where(*conditions).order_by(order)
    rows = connection.execute(stmt.execution_options(yield_per=200)).mappings()
    for row in rows:
        only = wanted.get(row["table_name"]) if row["row_id_last"] is not None else None
        entries = entries_in(row, only)
        yield from reversed(entries) if newest_first else entries


def first_and_last_change(engine: Engine) -> tuple[dt.datetime | None, dt.datetime | None]:
    """When the audit log's first and latest entries were made (None, None when it is empty)."""
    with engine.connect() as connection:
        span = select(func.min(audit_log.c.at), func.max(audit_log.c.at))
        first, last = connection.execute(span).one()
    return first, last


def history(engine: Engine, table_name: str, row_id: int) -> list[AuditEntry]:
    """Every audited change to one row, oldest first (accounts' too)."""
    if table_name not in metadata.tables:
        audited_table(table_name)  # names the tables there are
    with engine.connect() as connection:
        rows = connection.execute(_covering(table_name, row_id).order_by(audit_log.c.id))
        found = (entry_for_row(r, row_id) for r in rows.mappings())
        return [e for e in found if e is not None]


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


def revert_batch(engine: Engine, batch: str, *, actor: str) -> int:
    """Undo every change made under one batch id (a merge, an import), newest first: each
    row changed goes back to its state before the batch's first change to it (a row the batch
    inserted is deleted, one it deleted restored). The undo is itself one audited batch.
    Returns how many rows changed.

    Raises:
        RevertError: no change was recorded under that batch, or a row has changed since.
    """
    with engine.begin() as connection:
        found = connection.execute(
            select(audit_log).where(audit_log.c.batch == batch).order_by(audit_log.c.id)
        ).mappings()
        changes: list[tuple[str, int, dict[str, Any] | None, int]] = []
        for entry in found:
            first, last = entry["row_id"], entry["row_id_last"]
            for row_id in range(first, (last if last is not None else first) + 1):
                changes.append((entry["table_name"], row_id, entry["before"], entry["id"]))
        if not changes:
            raise RevertError(f"no change was recorded under batch '{batch}'")
        before: dict[tuple[str, int], dict[str, Any] | None] = {}
        for table_name, row_id, state, _ in changes:
            before.setdefault((table_name, row_id), state)
        later = connection.execute(
            select(audit_log.c.table_name, audit_log.c.row_id).where(
                audit_log.c.id > changes[-1][3], audit_log.c.batch != batch
            )
        ).all()
        touched = {(t, r) for t, r in later} & set(before)
        if touched:
            table_name, row_id = sorted(touched)[0]
            raise RevertError(
                f"{table_name} {row_id} has changed since batch '{batch}'; revert it by hand"
            )
        writer = Writer(connection, actor=actor, batch=f"revert-{uuid.uuid4().hex[:12]}")
        reason = f"revert of batch {batch}"
        undone: set[tuple[str, int]] = set()
        for table_name, row_id, _, _ in reversed(changes):
            if (table_name, row_id) in undone:
                continue
            undone.add((table_name, row_id))
            table = audited_table(table_name)
            wanted = before[(table_name, row_id)]
            try:
                current: dict[str, Any] | None = writer.get(table, row_id)
            except RowNotFoundError:
                current = None
            if wanted is None and current is not None:
                writer.delete(table, row_id, reason=reason)
            elif wanted is not None and current is None:
                writer.restore(table, decode_row(table, wanted), reason=reason)
            elif wanted is not None and current is not None:
                state = decode_row(table, wanted)
                changes_back = {k: v for k, v in state.items() if k not in ("id", "version")}
                writer.update(table, row_id, changes_back, current=current, reason=reason)
        return sum(writer.counts.values())


def rows_as_recorded(connection: Any, table: Table, until: dt.datetime) -> list[dict[str, Any]]:
    """Every row of ``table`` as the audit log says it stood at ``until``: each row's state
    after its last audited change made by then (a row whose last change was a delete is
    gone), as column values."""
    by_row = and_(audit_log.c.table_name == table.name, audit_log.c.at <= until)
    last = (
        select(audit_log.c.row_id, func.max(audit_log.c.id).label("last"))
        .where(by_row, audit_log.c.row_id_last.is_(None))
        .group_by(audit_log.c.row_id)
        .subquery("last_change")
    )
    latest: dict[int, tuple[int, dict[str, Any] | None]] = {}
    stmt = select(audit_log.c.id, audit_log.c.row_id, audit_log.c.action, audit_log.c.after)
    for entry in connection.execute(stmt.join(last, last.c.last == audit_log.c.id)):
        latest[entry.row_id] = (entry.id, None if entry.action == "delete" else entry.after)
    # Entries for many inserted rows: each row's image counts unless a later entry of its own
    # says otherwise.
    many = stmt.where(by_row, audit_log.c.row_id_last.is_not(None)).order_by(audit_log.c.id)
    for entry in connection.execute(many):
        columns = entry.after["columns"]
        for values in entry.after["rows"]:
            row_id = values[0]
            if row_id not in latest or latest[row_id][0] < entry.id:
                latest[row_id] = (entry.id, dict(zip(columns, values, strict=True)))
    return [
        decode_row(table, after) for _, (_, after) in sorted(latest.items()) if after is not None
    ]
