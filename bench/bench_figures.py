"""Benchmark 2: the headline figures vs the same counts by hand in DuckDB (and in SQLite).

Each side runs in its own process (so that its peak memory is its own), on the same generated
database: one untimed warm-up, then ``runs`` timed computations of the whole headline set.

- ``nsdocket``: ``headline_figures(engine, with_rows=False)`` (six measures and two
  distributions, with breakdowns by law and by year), reading the facts kept by every write
  (`nsdocket.db.facts`); also timed as of today (the CLI's default), and the full rebuild of
  those facts (what an upgrade or a restore costs once, and what every write pays for the
  prosecutions it touches);
- ``sqlite``: the hand-written SQL of ``figures_sql.py`` on the same SQLite file;
- ``duckdb``: the same SQL on a DuckDB copy of the tables it reads (the copy is made once and
  not timed; its loading time is reported).

Before timing, the three sides' numbers are compared; a difference fails the benchmark.
Run one side alone: ``python bench/bench_figures.py nsdocket|sqlite|duckdb DB RUNS``.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from common import data_dir, db_for, log, run_checked, summary, versions

TARGET_RATIO = 1.0  # against DuckDB by hand
TARGET_SECONDS = {"100k": 0.3, "1m": 2.0}
_TABLES = {
    "case_defendant": "id INTEGER, case_id INTEGER, defendant_id INTEGER, outcome VARCHAR, "
    "sentence_months INTEGER",
    "defendant": "id INTEGER, kind VARCHAR",
    "charge": "id INTEGER, case_defendant_id INTEGER, offence_id INTEGER, outcome VARCHAR",
    "offence": "id INTEGER, law_id INTEGER, provision VARCHAR, name VARCHAR",
    "law": "id INTEGER, code VARCHAR",
    "event": "id INTEGER, case_defendant_id INTEGER, kind VARCHAR, date_lower DATE, "
    "date_upper DATE",
    "coding": "id INTEGER, case_defendant_id INTEGER, codebook_id INTEGER, coder VARCHAR, "
    "status VARCHAR",
    "coding_answer": "id INTEGER, coding_id INTEGER, question VARCHAR, charge_id INTEGER, "
    "value VARCHAR",
    "codebook": "id INTEGER, key VARCHAR, version VARCHAR",
    "adjudication": "id INTEGER, case_defendant_id INTEGER, codebook_id INTEGER, "
    "question VARCHAR, answer VARCHAR",
}


def duckdb_copy(db: Path) -> tuple[Path, float]:
    """A DuckDB file holding the tables the figures read (made once); and its load seconds."""
    import duckdb

    target = db.with_suffix(".duckdb")
    if target.exists():
        return target, 0.0
    start = time.perf_counter()
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(db)
    duck = duckdb.connect(str(partial))
    for table, schema in _TABLES.items():
        columns = ", ".join(c.split()[0] for c in schema.split(", "))
        path = data_dir() / f"{db.stem}-{table}.csv"
        with path.open("w", newline="") as handle:
            csv.writer(handle).writerows(source.execute(f"SELECT {columns} FROM {table}"))
        duck.execute(f"CREATE TABLE {table} ({schema})")
        duck.execute(f"COPY {table} FROM '{path}' (HEADER false, NULLSTR '')")
        path.unlink()
    duck.close()
    source.close()
    partial.rename(target)
    return target, time.perf_counter() - start


def _side(name: str, db: Path, runs: int) -> dict[str, Any]:
    from figures_sql import hand_figures, nsdocket_numbers

    from nsdocket.coding.codebook import bundled_codebook
    from nsdocket.stats.scopes import DEFAULT_SCOPE, get_scope

    cb = bundled_codebook()
    scope = get_scope(DEFAULT_SCOPE)
    compute: Any
    if name == "nsdocket":
        import datetime as dt

        from nsdocket.coding.codebook import bundled_codebook as codebook
        from nsdocket.db.engine import open_database
        from nsdocket.db.facts import ensure_facts, facts_meta
        from nsdocket.stats.facts import _codebook_id
        from nsdocket.stats.figures import headline_figures

        engine = open_database(f"sqlite:///{db}")
        with engine.begin() as connection:
            connection.execute(facts_meta.delete())
            start = time.perf_counter()
            ensure_facts(connection, _codebook_id(connection, codebook()))
            rebuild = time.perf_counter() - start
        today = dt.date.today()

        def compute() -> Any:
            return nsdocket_numbers(headline_figures(engine, scope, with_rows=False))

        def compute_today() -> Any:
            return headline_figures(engine, scope, today, with_rows=False)
    elif name == "sqlite":
        connection = sqlite3.connect(db)

        def compute() -> Any:
            return hand_figures(
                lambda sql: connection.execute(sql).fetchall(), scope, cb.id, cb.version
            )
    else:
        import duckdb

        duck = duckdb.connect(str(db))

        def compute() -> Any:
            return hand_figures(lambda sql: duck.execute(sql).fetchall(), scope, cb.id, cb.version)

    numbers = compute()  # warm-up: caches, page cache, compiled statements
    seconds, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        compute()
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    out: dict[str, Any] = {"seconds": seconds, "cpu_seconds": cpu, "numbers": numbers}
    if name == "nsdocket":
        compute_today()
        today_seconds = []
        for _ in range(runs):
            start = time.perf_counter()
            compute_today()
            today_seconds.append(time.perf_counter() - start)
        out["as_of_today_seconds"] = today_seconds
        out["facts_rebuild_seconds"] = rebuild
    return out


def bench_size(size: str, runs: int) -> dict[str, Any]:
    """All three sides on the database of one size."""
    from figures_sql import same_numbers

    db = db_for(size)
    duck, load_seconds = duckdb_copy(db)
    out: dict[str, Any] = {}
    numbers: dict[str, Any] = {}
    for side, path in (("nsdocket", db), ("sqlite", db), ("duckdb", duck)):
        measured = run_checked([sys.executable, __file__, side, path, runs])
        result = json.loads(measured.stdout)
        numbers[side] = result["numbers"]
        out[side] = {
            "seconds": summary(result["seconds"]),
            "cpu_seconds": summary(result["cpu_seconds"]),
            "peak_mib": round(measured.peak_mib, 1),
        }
        if side == "nsdocket":
            out[side]["as_of_today_seconds"] = summary(result["as_of_today_seconds"])
            out[side]["facts_rebuild_seconds"] = round(result["facts_rebuild_seconds"], 3)
        log(f"figures {size} {side}: median {out[side]['seconds']['median']:.3f} s")
    problems = same_numbers(numbers["nsdocket"], numbers["sqlite"])
    problems += [f"duckdb: {p}" for p in same_numbers(numbers["nsdocket"], numbers["duckdb"])]
    if problems:
        raise AssertionError("the figures differ:\n" + "\n".join(problems[:20]))
    ours = out["nsdocket"]["seconds"]["median"]
    ratio = ours / out["duckdb"]["seconds"]["median"]
    today = out["nsdocket"]["as_of_today_seconds"]["median"]
    limit = TARGET_SECONDS.get(size)
    met = ratio <= TARGET_RATIO and (limit is None or max(ours, today) < limit)
    return {
        **out,
        "duckdb_load_seconds": round(load_seconds, 2) if load_seconds else "reused",
        "ratio_to_sqlite_by_hand": round(ours / out["sqlite"]["seconds"]["median"], 3),
        "ratio_to_duckdb": round(ratio, 3),
        "same_numbers": True,
        "headline": {
            m: {k: v for k, v in n.items() if k in ("numerator", "denominator")}
            for m, n in numbers["nsdocket"].items()
            if "numerator" in n
        },
        "target": f"<= {TARGET_RATIO}x DuckDB by hand; under 0.3 s at 100k and 2 s at 1M",
        "met": met,
    }


def run(sizes: dict[str, int]) -> dict[str, Any]:
    """Every size, with its number of runs."""
    return {
        "benchmark": "headline figures: nsdocket vs the same counts by hand (SQLite, DuckDB)",
        "versions": versions("nsdocket", "SQLAlchemy", "duckdb"),
        "sqlite": sqlite3.sqlite_version,
        "sizes": {size: bench_size(size, runs) for size, runs in sizes.items()},
    }


if __name__ == "__main__":
    side, path, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    print(json.dumps(_side(side, path, count), default=str))
