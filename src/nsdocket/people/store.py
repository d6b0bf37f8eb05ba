"""The names a defendant is known by, each with the source that gives it (`defendant_name`).

An import records, for each defendant it names, the English name as the row reports it, the
Chinese name and the aliases, citing the row's first source; a merge moves the other
defendant's names to the one kept. Matching reads them all (`nsdocket.people.link`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select

from nsdocket.db.schema import defendant_name
from nsdocket.db.writer import Row, Writer
from nsdocket.names import name_key

FORMS = ("reported", "chinese", "alias", "romanised")


@dataclass(frozen=True)
class KnownName:
    """One name of one defendant, and where it was found."""

    defendant_id: int
    name: str
    form: str
    source_id: int | None = None


def names_of_row(
    defendant_id: int,
    reported: str,
    chinese: str,
    aliases: Sequence[str],
    source_id: int | None,
) -> list[KnownName]:
    """The names one imported row gives its defendant."""
    out = [KnownName(defendant_id, reported, "reported", source_id)]
    if chinese:
        out.append(KnownName(defendant_id, chinese, "chinese", source_id))
    out += [KnownName(defendant_id, a, "alias", source_id) for a in aliases if a]
    return [n for n in out if n.name.strip()]


def record_names(
    connection: Connection, writer: Writer, names: Iterable[KnownName], fresh: set[int]
) -> int:
    """Add the names not yet held (by defendant, form and name key); return how many were
    added. ``fresh`` names defendants inserted in this transaction, which hold none yet."""
    wanted: dict[tuple[int, str, str], KnownName] = {}
    for n in names:
        wanted.setdefault((n.defendant_id, n.form, name_key(n.name)), n)
    older = sorted({d for d, _, _ in wanted if d not in fresh})
    held: set[tuple[int, str, str]] = set()
    for start in range(0, len(older), 500):
        stmt = select(
            defendant_name.c.defendant_id, defendant_name.c.form, defendant_name.c.name_key
        ).where(defendant_name.c.defendant_id.in_(older[start : start + 500]))
        held.update((r[0], r[1], r[2]) for r in connection.execute(stmt))
    new: list[Row] = [
        {
            "defendant_id": n.defendant_id,
            "name": n.name,
            "name_key": key[2],
            "form": n.form,
            "source_id": n.source_id,
            "note": "",
        }
        for key, n in wanted.items()
        if key not in held
    ]
    writer.insert_many(defendant_name, new)
    return len(new)


def known_names(connection: Connection, defendant_ids: Sequence[int]) -> dict[int, list[Row]]:
    """Every recorded name of these defendants."""
    out: dict[int, list[Row]] = {}
    ids = sorted(set(defendant_ids))
    for start in range(0, len(ids), 500):
        stmt = select(defendant_name).where(
            defendant_name.c.defendant_id.in_(ids[start : start + 500])
        )
        for r in connection.execute(stmt.order_by(defendant_name.c.id)).mappings():
            out.setdefault(int(r["defendant_id"]), []).append(dict(r))
    return out
