"""The fast paths give what the plain paths give: a SQLite import's rows and audit log, the
scrubber's replacements. (Speed itself is measured by `bench/`, never by tests.)"""

from __future__ import annotations

import json
import random
import re
import sqlite3
from pathlib import Path

import pytest

import nsdocket.db.writer as writer_module
from nsdocket.data import bundled_path
from nsdocket.db.engine import open_database
from nsdocket.ingest.load_cases import import_cases
from nsdocket.queries.redact import WITHHELD
from nsdocket.queries.scrub import Scrubber, _name_pattern

_TIMES = ("at", "created_at", "updated_at", "finalised_at", "batch")  # differ run to run


def _imported_twice(path: Path, fast: bool, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(writer_module, "_SQL_AUDIT_MIN_ROWS", 2 if fast else 10**12)
    engine = open_database(f"sqlite:///{path}")
    seed = bundled_path("cases")
    import_cases(engine, seed)
    import_cases(engine, seed)
    engine.dispose()
    return path


def _without_times(value: object) -> object:
    """The value with timestamps reduced to 'set or not', and booleans told apart from 0/1."""
    if isinstance(value, dict) and set(value) == {"columns", "rows"}:  # many rows' images
        return [_without_times(dict(zip(value["columns"], r, strict=True))) for r in value["rows"]]
    if isinstance(value, dict):
        return {k: (v is None) if k in _TIMES else _without_times(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_times(v) for v in value]
    if isinstance(value, bool):
        return f"bool:{value}"
    return value


def _tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as connection:
        names = [
            n
            for (n,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND name NOT LIKE '%fts%'"
            )
        ]
        out = {}
        for name in names:
            columns = [
                c[1]
                for c in connection.execute(f'PRAGMA table_info("{name}")')
                if c[1] not in _TIMES
            ]
            select = ", ".join(f'"{c}"' for c in columns)
            rows = connection.execute(f'SELECT {select} FROM "{name}" ORDER BY 1').fetchall()
            if name == "audit_log":
                at = columns.index("before"), columns.index("after")
                rows = [
                    tuple(
                        _without_times(json.loads(v)) if i in at and v else v
                        for i, v in enumerate(row)
                    )
                    for row in rows
                ]
            out[name] = rows
    return out


def test_an_import_on_sqlite_writes_the_same_rows_and_audit_log_as_the_plain_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _tables(_imported_twice(tmp_path / "fast.db", True, monkeypatch))
    plain = _tables(_imported_twice(tmp_path / "plain.db", False, monkeypatch))
    assert fast.keys() == plain.keys()
    with sqlite3.connect(tmp_path / "fast.db") as connection:
        images = connection.execute(
            "SELECT sum(coalesce(row_id_last - row_id + 1, 1)) FROM audit_log"
        ).fetchone()[0]
    assert images > 500
    for table in plain:
        assert fast[table] == plain[table], table


def test_the_scrubber_replaces_what_a_plain_alternation_of_its_terms_replaces() -> None:
    names = ("Chan Ka-ka", "Wong Siu Ming", "Lee", "Lam Hoi-ting", "陳大文", "Tony Chan Tai-man")
    literals = ("https://x.example/a", "Secret Title")
    scrubber = Scrubber(names=names, literals=literals)
    parts = [_name_pattern(n) for n in names] + [re.escape(t) for t in literals]
    ordered = sorted({p for p in parts if p}, key=lambda p: (-len(p), p))
    plain = re.compile("|".join(ordered), re.IGNORECASE)
    bits = [
        *("chan ka ka", "CHAN  Ka-Ka", "wong_siu.ming", "xwong siu ming", "陳大文", " ", "-"),
        *("Tony Chan Tai-man", "https://x.example/a", "secret title", "Lam Hoi ting'", "&amp;"),
    ]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(bits) for _ in range(rng.randint(1, 8)))
        assert scrubber.text(text) == plain.sub(WITHHELD, text), text
