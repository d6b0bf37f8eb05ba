"""Benchmark 1: ``nsdocket import cases`` vs ``sqlite-utils insert --csv`` on the same CSV.

Both are run as the commands a user types, from a fresh database file, alternating run by run
so that a change in the machine's load hits both alike. nsdocket's database gets its schema
first (``nsdocket db upgrade``, not timed); sqlite-utils creates its one table as it goes.
nsdocket's time includes parsing and validating every cell, writing eight tables, the draft
codings and the audit log. A re-import of the unchanged file (which must change nothing) is
timed too. Peak memory is the whole process tree's at once (nsdocket checks a large file in a
second process beside the one writing), sampled every 50 ms.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from common import BIN, csv_for, data_dir, log, run_checked, summary, versions

TARGET = 1.0


def _fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])


def bench_size(size: str, runs: int) -> dict[str, Any]:
    """Time both tools ``runs`` times on the CSV of one size."""
    source = csv_for(size)
    rows = sum(1 for _ in source.open(encoding="utf-8")) - 1
    ours, again, peer = [], [], []
    ours_cpu, again_cpu, peer_cpu = [], [], []
    ours_mib, peer_mib = [], []
    work = data_dir()
    for run in range(runs):
        db = _fresh(work / f"import-{size}.db")
        run_checked([BIN / "nsdocket", "--db", db, "db", "upgrade"])
        first = run_checked([BIN / "nsdocket", "--db", db, "import", "cases", source])
        ours.append(first.seconds)
        ours_cpu.append(first.cpu_seconds)
        ours_mib.append(first.peak_tree_mib)
        second = run_checked([BIN / "nsdocket", "--db", db, "import", "cases", source])
        again.append(second.seconds)
        again_cpu.append(second.cpu_seconds)
        assert "already up to date" in second.stdout, second.stdout[:500]
        assert _count(db, "case_defendant") >= rows
        audit_rows = _count(db, "audit_log")
        peer_db = _fresh(work / f"import-{size}-sqlite-utils.db")
        theirs = run_checked([BIN / "sqlite-utils", "insert", peer_db, "cases", source, "--csv"])
        assert _count(peer_db, "cases") == rows
        peer.append(theirs.seconds)
        peer_cpu.append(theirs.cpu_seconds)
        peer_mib.append(theirs.peak_tree_mib)
        log(
            f"import {size} run {run + 1}/{runs}: nsdocket {first.seconds:.2f} s "
            f"(again {second.seconds:.2f} s), sqlite-utils {theirs.seconds:.2f} s"
        )
    ours_s, peer_s = summary(ours), summary(peer)
    ours_rate = rows / ours_s["median"]
    peer_rate = rows / peer_s["median"]
    return {
        "rows": rows,
        "csv_megabytes": round(source.stat().st_size / 1e6, 2),
        "nsdocket": {
            "seconds": ours_s,
            "rows_per_second": round(ours_rate),
            "cpu_seconds": summary(ours_cpu),
            "peak_mib": round(max(ours_mib), 1),
            "audit_rows_written": audit_rows,
        },
        "nsdocket_reimport_unchanged": {
            "seconds": summary(again),
            "rows_per_second": round(rows / summary(again)["median"]),
            "cpu_seconds": summary(again_cpu),
        },
        "sqlite_utils": {
            "seconds": peer_s,
            "rows_per_second": round(peer_rate),
            "cpu_seconds": summary(peer_cpu),
            "peak_mib": round(max(peer_mib), 1),
        },
        "ratio": round(ours_rate / peer_rate, 3),
        "ratio_cpu": round(summary(peer_cpu)["median"] / summary(ours_cpu)["median"], 3),
        "reimport_ratio": round((rows / summary(again)["median"]) / peer_rate, 3),
        "target": f">= {TARGET}x sqlite-utils rows/s",
        "met": ours_rate / peer_rate >= TARGET,
    }


def run(sizes: dict[str, int]) -> dict[str, Any]:
    """Every size, with its number of runs."""
    return {
        "benchmark": "import: nsdocket import cases vs sqlite-utils insert --csv (rows/s)",
        "versions": versions("nsdocket", "sqlite-utils", "SQLAlchemy"),
        "sizes": {size: bench_size(size, runs) for size, runs in sizes.items()},
    }
