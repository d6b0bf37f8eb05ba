"""Every change to data goes through `Writer`, which records it in the audit log.

The audit row is written in the same transaction as the change, so a rolled-back import leaves
no trace in either. Rows are inserted in batches (executemany) to keep large imports fast.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Connection, DateTime, Table, insert, select, update
from sqlalchemy import delete as sql_delete
from sqlalchemy.engine import Dialect

from nsdocket.db.facts import mark_dirty
from nsdocket.db.schema import AUDITED_TABLES, audit_log

Row = dict[str, Any]


class StaleVersionError(RuntimeError):
    """An edit was based on a version of the row that is no longer current."""

    def __init__(self, table: str, row_id: int, expected: int, current: Row) -> None:
        super().__init__(
            f"{table} {row_id} was changed by someone else (you edited version {expected}, "
            f"it is now version {current.get('version')})"
        )
        self.table = table
        self.row_id = row_id
        self.expected = expected
        self.current = current


class RowNotFoundError(LookupError):
    """No row with that id."""


def jsonable(value: Any) -> Any:
    """Turn a column value into something JSON can hold (dates become ISO text)."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def row_dict(row: Mapping[Any, Any]) -> Row:
    """A database row as a JSON-ready dict."""
    return {str(key): jsonable(value) for key, value in row.items()}


#: Below this many rows an insert's audit entry is serialised in Python (same result).
_SQL_AUDIT_MIN_ROWS = 2
#: From this many rows, one insert's rows are audited by one entry holding every row's image
#: (``after`` = ``{"columns": [...], "rows": [[...], ...]}``, ``row_id`` .. ``row_id_last`` the
#: ids it covers); `nsdocket.db.audit` reads either form as one change per row.
BATCH_AUDIT_MIN_ROWS = 2


def _json_value(column: Column[Any]) -> str:
    """SQLite SQL giving a stored column value as `row_dict` gives it in JSON."""
    name = f'"{column.name}"'
    if isinstance(column.type, Boolean):
        return f"CASE WHEN {name} IS NULL THEN NULL WHEN {name} THEN json('true') ELSE json('false') END"  # noqa: E501
    if isinstance(column.type, JSON):
        return f"json({name})"
    if isinstance(column.type, DateTime):
        # stored as 'YYYY-MM-DD HH:MM:SS.ffffff'; isoformat() has a T and drops zero microseconds
        return (
            f"CASE WHEN substr({name}, 20) = '.000000' THEN replace(substr({name}, 1, 19), ' ', 'T')"  # noqa: E501
            f" ELSE replace({name}, ' ', 'T') END"
        )
    return name


def _bind_values(
    table: Table, keys: list[str], rows: Sequence[Row], dialect: Dialect
) -> list[tuple[Any, ...]]:
    """Each row's values of ``keys`` as the driver takes them: only the columns whose type
    converts values (JSON, dates, booleans) go through the type's bind processing."""
    values_of = operator.itemgetter(*keys) if len(keys) > 1 else lambda row: (row[keys[0]],)
    converters = [
        (position, convert)
        for position, key in enumerate(keys)
        if (convert := table.c[key].type.bind_processor(dialect)) is not None
    ]
    if not converters:
        return [values_of(row) for row in rows]
    params: list[tuple[Any, ...]] = []
    for row in rows:
        values = list(values_of(row))
        for position, convert in converters:
            values[position] = convert(values[position])
        params.append(tuple(values))
    return params


def now() -> dt.datetime:
    """The current time in UTC, without tzinfo (stored as UTC everywhere)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Writer:
    """Audited inserts, updates and deletes on one open connection (inside a transaction).

    Args:
        connection: a connection with a transaction begun by the caller.
        actor: who makes the change (a user name, ``import:FILE``, ``system``).
        batch: an id shared by all changes of one operation (an import, a revert).
    """

    def __init__(self, connection: Connection, actor: str, batch: str = "") -> None:
        self.connection = connection
        self.actor = actor
        self.batch = batch
        self.counts: dict[tuple[str, str], int] = {}

    def _audit(self, entries: Sequence[Row], reason: str = "", rows: int = 1) -> None:
        """Write audit entries, each standing for ``rows`` changed rows."""
        if not entries:
            return
        at = now()
        for entry in entries:
            entry.setdefault("reason", reason)
            entry.setdefault("row_id_last", None)
            entry.update(at=at, actor=self.actor, batch=self.batch)
            key = (entry["table_name"], entry["action"])
            self.counts[key] = self.counts.get(key, 0) + rows
        self.connection.execute(insert(audit_log), list(entries))

    def insert_many(
        self, table: Table, rows: Sequence[Row], reason: str = "", *, audit: bool = True
    ) -> list[int]:
        """Insert rows and return their new ids, in order.

        With ``audit=False`` the caller must call `audit_inserted` for the rows before the
        transaction commits (an import that settles some values of its new rows only once the
        whole file is read records each row once, as it is committed).
        """
        if not rows:
            return []
        ids = self._insert_sqlite(table, rows)
        if ids is None:
            result = self.connection.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), list(rows)
            )
            ids = [r[0] for r in result]
        if table.name == "case_defendant":
            mark_dirty(
                self.connection,
                table.name,
                [{**r, "id": i} for r, i in zip(rows, ids, strict=True)],
            )
        else:
            mark_dirty(self.connection, table.name, rows)
        if not audit or self._audit_inserted_in_sql(table, list(rows[0]), ids, reason):
            return ids
        self._audit_inserts(table, list(rows[0]), ids, rows, reason)
        return ids

    def _audit_inserts(
        self, table: Table, keys: list[str], ids: list[int], rows: Sequence[Row], reason: str
    ) -> None:
        """Audit inserted rows from their values in Python: many rows as one entry holding
        every row's image, a single row as its own entry."""
        if len(rows) < BATCH_AUDIT_MIN_ROWS:
            self._audit(
                [
                    {
                        "action": "insert",
                        "table_name": table.name,
                        "row_id": row_id,
                        "before": None,
                        "after": row_dict({"id": row_id, **{k: row[k] for k in keys}}),
                    }
                    for row_id, row in zip(ids, rows, strict=True)
                ],
                reason,
            )
            return
        self._audit(
            [
                {
                    "action": "insert",
                    "table_name": table.name,
                    "row_id": min(ids),
                    "row_id_last": max(ids),
                    "before": None,
                    "after": {
                        "columns": ["id", *keys],
                        "rows": [
                            [jsonable(row_id), *(jsonable(row[k]) for k in keys)]
                            for row_id, row in zip(ids, rows, strict=True)
                        ],
                    },
                }
            ],
            reason,
            rows=len(rows),
        )

    def audit_inserted(
        self, table: Table, keys: list[str], ids: Iterable[int], reason: str = ""
    ) -> None:
        """Record the insert of rows written by ``insert_many(..., audit=False)``, with the
        values of ``keys`` they hold now."""
        ordered = sorted(ids)
        if not ordered or self._audit_inserted_in_sql(table, keys, ordered, reason):
            return
        found: dict[int, Row] = {}
        for start in range(0, len(ordered), 500):
            stmt = select(table).where(table.c.id.in_(ordered[start : start + 500]))
            found.update((int(r["id"]), dict(r)) for r in self.connection.execute(stmt).mappings())
        self._audit_inserts(table, keys, ordered, [found[i] for i in ordered], reason)

    def _insert_sqlite(self, table: Table, rows: Sequence[Row]) -> list[int] | None:
        """On SQLite, one plain executemany with the column types' own bind processing, the
        new ids read from ``last_insert_rowid()``: SQLite gives each new row of an integer
        primary key the next id, and no other writer can insert while this transaction holds
        the write lock, so a batch's ids are consecutive. None when the caller must insert
        (another database, one row, explicit ids, or Python-side column defaults).
        """
        keys = list(rows[0])
        if (
            self.connection.dialect.name != "sqlite"
            or len(rows) < _SQL_AUDIT_MIN_ROWS
            or "id" in keys
            or list(table.primary_key.columns) != [table.c.id]
            or any(key not in table.c for key in keys)
            or any(c.default is not None for c in table.c if c.name not in keys)
        ):
            return None
        params = _bind_values(table, keys, rows, self.connection.dialect)
        columns = ", ".join(f'"{key}"' for key in keys)
        self.connection.exec_driver_sql(
            f'INSERT INTO "{table.name}" ({columns}) VALUES ({", ".join("?" for _ in keys)})',
            params,
        )
        last = int(self.connection.exec_driver_sql("SELECT last_insert_rowid()").scalar_one())
        return list(range(last - len(rows) + 1, last + 1))

    def _audit_inserted_in_sql(
        self, table: Table, keys: list[str], ids: list[int], reason: str
    ) -> bool:
        """On SQLite, write the one audit entry of freshly inserted rows with an INSERT ...
        SELECT that builds its row images inside the database (``json_array`` over the same
        columns, values as `jsonable` gives them) instead of serialising every row in Python.

        Only for a contiguous block of new ids (what one executemany gives on SQLite) and
        tables whose keys are all columns; returns False when the caller must do it instead.
        """
        if (
            self.connection.dialect.name != "sqlite"
            or len(ids) < max(_SQL_AUDIT_MIN_ROWS, BATCH_AUDIT_MIN_ROWS)
            or ids[-1] - ids[0] != len(ids) - 1
            or ids != sorted(ids)
            or any(key not in table.c for key in keys)
        ):
            return False
        columns = ["id", *keys]
        values = ", ".join(_json_value(table.c[key]) for key in columns)
        names = ", ".join(f"'{key}'" for key in columns)
        at = audit_log.c.at.type.bind_processor(self.connection.dialect)
        stamp = now()
        self.connection.exec_driver_sql(
            "INSERT INTO audit_log (at, actor, action, table_name, row_id, row_id_last, before, "
            f"after, batch, reason) SELECT ?, ?, 'insert', ?, ?, ?, NULL, json_object('columns', "
            f"json_array({names}), 'rows', json_group_array(json_array({values}))), ?, ? "
            f'FROM (SELECT * FROM "{table.name}" WHERE id BETWEEN ? AND ? ORDER BY id)',
            (
                at(stamp) if at else stamp,
                self.actor,
                table.name,
                ids[0],
                ids[-1],
                self.batch,
                reason,
                ids[0],
                ids[-1],
            ),
        )
        key = (table.name, "insert")
        self.counts[key] = self.counts.get(key, 0) + len(ids)
        return True

    def insert(self, table: Table, row: Row, reason: str = "") -> int:
        """Insert one row and return its id."""
        return self.insert_many(table, [row], reason)[0]

    def get(self, table: Table, row_id: int) -> Row:
        """The current row, or `RowNotFoundError`."""
        found = self.connection.execute(select(table).where(table.c.id == row_id)).mappings()
        row = found.first()
        if row is None:
            raise RowNotFoundError(f"{table.name} {row_id} does not exist")
        return dict(row)

    def update(
        self,
        table: Table,
        row_id: int,
        changes: Mapping[str, Any],
        *,
        expected_version: int | None = None,
        reason: str = "",
        current: Row | None = None,
    ) -> bool:
        """Change some columns of a row; return False when nothing actually changed.

        Raises:
            StaleVersionError: when ``expected_version`` is given and the row has moved on.
        """
        before = current if current is not None else self.get(table, row_id)
        if expected_version is not None and before.get("version") != expected_version:
            raise StaleVersionError(table.name, row_id, expected_version, row_dict(before))
        diff = {k: v for k, v in changes.items() if k != "version" and before.get(k) != v}
        if not diff:
            return False
        values = dict(diff)
        statement = update(table).where(table.c.id == row_id)
        if "version" in table.c:
            values["version"] = table.c.version + 1
            statement = statement.where(table.c.version == before["version"])
        result = self.connection.execute(statement.values(**values))
        if result.rowcount != 1:
            raise StaleVersionError(
                table.name, row_id, int(before["version"]), row_dict(self.get(table, row_id))
            )
        after = {**before, **diff}
        mark_dirty(self.connection, table.name, [before, after])
        if "version" in table.c:
            after["version"] = int(before["version"]) + 1
        self._audit(
            [
                {
                    "action": "update",
                    "table_name": table.name,
                    "row_id": row_id,
                    "before": row_dict(before),
                    "after": row_dict(after),
                }
            ],
            reason,
        )
        return True

    def upsert(
        self, table: Table, key: Mapping[str, Any], values: Mapping[str, Any], reason: str = ""
    ) -> int:
        """Update the row whose ``key`` columns match, or insert it; return its id.

        Both the update and the insert are audited; an update that changes nothing writes
        nothing.
        """
        found = (
            self.connection.execute(select(table).where(*(table.c[k] == v for k, v in key.items())))
            .mappings()
            .first()
        )
        if found is None:
            return self.insert(table, {**key, **values}, reason)
        self.update(table, found["id"], values, current=dict(found), reason=reason)
        return int(found["id"])

    def delete(self, table: Table, row_id: int, reason: str = "") -> None:
        """Delete a row, keeping its last state in the audit log."""
        before = self.get(table, row_id)
        mark_dirty(self.connection, table.name, [before])
        self.connection.execute(sql_delete(table).where(table.c.id == row_id))
        self._audit(
            [
                {
                    "action": "delete",
                    "table_name": table.name,
                    "row_id": row_id,
                    "before": row_dict(before),
                    "after": None,
                }
            ],
            reason,
        )

    def restore(self, table: Table, values: Row, reason: str) -> None:
        """Re-insert a deleted row with its old id (used by revert)."""
        self.connection.execute(insert(table).values(**values))
        mark_dirty(self.connection, table.name, [values])
        self._audit(
            [
                {
                    "action": "insert",
                    "table_name": table.name,
                    "row_id": values["id"],
                    "before": None,
                    "after": row_dict(values),
                }
            ],
            reason,
        )


def audited_table(name: str) -> Table:
    """The table called ``name``, if it is one that the audit log covers."""
    try:
        return AUDITED_TABLES[name]
    except KeyError:
        known = ", ".join(sorted(AUDITED_TABLES))
        raise KeyError(f"unknown table '{name}' (known: {known})") from None


def summarise_counts(counts: Iterable[tuple[tuple[str, str], int]]) -> dict[str, dict[str, int]]:
    """Group writer counts as {table: {action: n}}."""
    out: dict[str, dict[str, int]] = {}
    for (table, action), n in counts:
        out.setdefault(table, {})[action] = n
    return out
