"""Where sources disagree: evidence links that assert different values for one field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from nsdocket.db.schema import evidence, source
from nsdocket.db.writer import Writer, audited_table


@dataclass(frozen=True)
class Assertion:
    """What one source says a field's value is."""

    source_id: int
    source: str
    value: str
    quote: str


@dataclass(frozen=True)
class Conflict:
    """A field whose sources disagree, with the value the row holds now."""

    table: str
    row_id: int
    field: str
    chosen: Any
    assertions: tuple[Assertion, ...]


def assert_value(
    engine: Engine,
    *,
    source_id: int,
    table: str,
    row_id: int,
    field: str,
    value: str | None,
    quote: str = "",
    actor: str,
) -> int:
    """Record that a source asserts ``value`` for ``table.field`` of one row; return the link id.

    The row itself is not changed: the chosen value stays until a person edits it.
    """
    target = audited_table(table)
    if field and field not in target.c:
        raise KeyError(f"{table} has no field '{field}'")
    with engine.begin() as connection:
        writer = Writer(connection, actor=actor)
        writer.get(target, row_id)
        writer.get(source, source_id)
        key = {"source_id": source_id, "target_table": table, "target_id": row_id, "field": field}
        return writer.upsert(evidence, key, {"asserted_value": value, "quote": quote})


def find_conflicts(engine: Engine) -> list[Conflict]:
    """Every field for which two or more sources assert different values."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(evidence, source.c.url, source.c.title, source.c.source_key)
            .join(source, source.c.id == evidence.c.source_id)
            .where(evidence.c.asserted_value.is_not(None), evidence.c.field != "")
            .order_by(evidence.c.target_table, evidence.c.target_id, evidence.c.field)
        ).mappings()
        grouped: dict[tuple[str, int, str], list[Assertion]] = {}
        for r in rows:
            grouped.setdefault((r["target_table"], r["target_id"], r["field"]), []).append(
                Assertion(
                    r["source_id"],
                    r["url"] or r["title"] or r["source_key"],
                    r["asserted_value"],
                    r["quote"],
                )
            )
        out: list[Conflict] = []
        for (table, row_id, field), assertions in grouped.items():
            if len({a.value for a in assertions}) < 2:
                continue
            target = audited_table(table)
            chosen = connection.execute(
                select(target.c[field]).where(target.c.id == row_id)
            ).scalar_one_or_none()
            out.append(Conflict(table, row_id, field, chosen, tuple(assertions)))
    return out
