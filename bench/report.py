"""The summary table of ``bench/README.md`` and ``results/scaling.json``, from the results files.

The README's text outside the markers is written by hand; only the part between
``<!-- summary:start -->`` and ``<!-- summary:end -->`` is replaced.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from common import BENCH, RESULTS, load

START, END = "<!-- summary:start -->", "<!-- summary:end -->"
ORDER = ("1k", "100k", "1m")


def _met(value: bool | None) -> str:
    return "n/a" if value is None else ("**met**" if value else "**missed**")


def _median(found: dict[str, Any] | None) -> str:
    return "?" if not found else f"{found['median']:.3f}"


def _cold(cold: dict[str, Any] | None) -> str:
    """The first visit to each filter set (nothing kept yet), when the run measured it."""
    if not cold:
        return ""
    return f"; first visit to each: p50 {cold['p50']:.3f}, max {cold['max']:.3f}"


def _mib(side: dict[str, Any]) -> str:
    """ ", 123 MiB" when the run recorded its peak memory."""
    return f", {side['peak_mib']:,.0f} MiB" if side.get("peak_mib") is not None else ""


def _rows() -> list[list[str]]:
    rows: list[list[str]] = []
    imported = load("import") or {"sizes": {}}
    for size in ORDER:
        r = imported["sizes"].get(size)
        if r:
            rows.append(
                [
                    "1 import (rows/s, peak MiB)",
                    size,
                    f"{r['nsdocket']['rows_per_second']:,} (re-import "
                    f"{r['nsdocket_reimport_unchanged']['rows_per_second']:,})"
                    + _mib(r["nsdocket"]),
                    f"sqlite-utils {r['sqlite_utils']['rows_per_second']:,}"
                    + _mib(r["sqlite_utils"]),
                    f"{r['ratio']}x",
                    ">= 1.0x",
                    _met(r["met"]),
                ]
            )
    figures = load("figures") or {"sizes": {}}
    for size in ORDER:
        r = figures["sizes"].get(size)
        if r:
            rows.append(
                [
                    "2 headline figures (s, peak MiB)",
                    size,
                    f"{r['nsdocket']['seconds']['median']:.3f} s (as of today "
                    f"{_median(r['nsdocket'].get('as_of_today_seconds'))}"
                    f" s), {r['nsdocket']['peak_mib']:.0f} MiB; facts rebuilt in "
                    f"{r['nsdocket'].get('facts_rebuild_seconds', '?')} s",
                    f"DuckDB by hand {r['duckdb']['seconds']['median']:.3f} s, "
                    f"{r['duckdb']['peak_mib']:.0f} MiB; SQLite by hand "
                    f"{r['sqlite']['seconds']['median']:.3f} s",
                    f"{r['ratio_to_duckdb']}x DuckDB ({r['ratio_to_sqlite_by_hand']}x SQLite)",
                    "<= 1.0x DuckDB; < 0.3 s at 100k, < 2 s at 1M",
                    _met(r["met"]),
                ]
            )
    web = load("web") or {"sizes": {}}
    for size in ORDER:
        r = web["sizes"].get(size)
        if r:
            rows.append(
                [
                    "3 case list p50/p95 (s)",
                    size,
                    f"page {r['nsdocket_page']['p50']:.3f}/{r['nsdocket_page']['p95']:.3f}; "
                    f"JSON {r['nsdocket_json']['p50']:.3f}/{r['nsdocket_json']['p95']:.3f}",
                    f"Datasette page {r['datasette_page']['p50']:.3f}/"
                    f"{r['datasette_page']['p95']:.3f}; JSON {r['datasette_json']['p50']:.3f}/"
                    f"{r['datasette_json']['p95']:.3f}",
                    f"page {r['p95_ratio_page']}x, JSON {r['p95_ratio_json']}x",
                    "p95 <= 0.5x",
                    _met(r["met"]),
                ]
            )
            board = r.get("nsdocket_dashboard")
            if board:
                rows.append(
                    [
                        "3 dashboard, a filter changed each request, p50/p95 (s)",
                        size,
                        f"{board['p50']:.3f}/{board['p95']:.3f} "
                        f"({len(r['dashboard_filters'])} filter sets in turn)"
                        + _cold(r.get("nsdocket_dashboard_cold")),
                        "-",
                        "-",
                        "p95 < 0.5 s at 100k",
                        _met(r["dashboard_met"]),
                    ]
                )
    extraction = load("extraction")
    if extraction:
        rows.append(
            [
                "4 extraction (MB/s)",
                f"{extraction['corpus']['megabytes_utf8']} MB",
                f"{extraction['nsdocket']['mb_per_second_wall']} (CPU "
                f"{extraction['nsdocket']['mb_per_second_cpu']})",
                f"plain re {extraction['plain_re']['mb_per_second_wall']} (CPU "
                f"{extraction['plain_re']['mb_per_second_cpu']})",
                f"{extraction['ratio_wall']}x (CPU {extraction['ratio_cpu']}x)",
                ">= 0.5x",
                _met(extraction["ratio_wall"] >= 0.5 and extraction["ratio_cpu"] >= 0.5),
            ]
        )
    return rows


def scaling() -> dict[str, Any]:
    """How each benchmark's own figure grows with the number of defendants."""
    out: dict[str, Any] = {}
    for name, pick in (
        ("import", lambda r: {"nsdocket_seconds": r["nsdocket"]["seconds"]["median"],
                              "sqlite_utils_seconds": r["sqlite_utils"]["seconds"]["median"]}),
        ("figures", lambda r: {"nsdocket_seconds": r["nsdocket"]["seconds"]["median"],
                               "sqlite_seconds": r["sqlite"]["seconds"]["median"],
                               "duckdb_seconds": r["duckdb"]["seconds"]["median"]}),
        ("web", lambda r: {"nsdocket_page_p95": r["nsdocket_page"]["p95"],
                           "datasette_page_p95": r["datasette_page"]["p95"]}),
    ):  # fmt: skip
        result = load(name) or {"sizes": {}}
        out[name] = {s: pick(result["sizes"][s]) for s in ORDER if s in result["sizes"]}
    return out


def table() -> str:
    """The summary table in Markdown."""
    header = ["benchmark", "size", "nsdocket", "peer", "ratio", "target", "result"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in _rows()]
    dates = sorted({r["date"][:10] for r in (load(n) for n in ("import", "figures", "web")) if r})
    machine = next((r["machine"] for r in (load(n) for n in ("import", "figures")) if r), {})
    versions: dict[str, str] = {}
    for name in ("import", "figures", "web"):
        versions.update((load(name) or {}).get("versions", {}))
    missing = {
        name: [size for size in ORDER if size not in (load(name) or {"sizes": {}})["sizes"]]
        for name in ("import", "figures", "web")
    }
    notes = [
        "",
        f"Measured {', '.join(dates) or 'never'} on {machine.get('platform', '?')}, "
        f"{machine.get('cpu_count', '?')} cores, {machine.get('memory_gib', '?')} GiB "
        f"(1-minute load average {machine.get('load_average_1min', '?')} at the end).",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())) + ".",
        "Each figure is the median of the runs in `results/*.json` (every run is kept there).",
    ]
    not_run = [f"{name} at {', '.join(sizes)}" for name, sizes in missing.items() if sizes]
    if not_run:
        notes.append(f"Not run: {'; '.join(not_run)} (see below).")
    return "\n".join(lines + notes)


def write(readme: Path = BENCH / "README.md") -> Path:
    """Rewrite the summary part of the README and ``results/scaling.json``."""
    (RESULTS / "scaling.json").write_text(json.dumps(scaling(), indent=2) + "\n")
    text = readme.read_text() if readme.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in text:
        text += f"\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{START}\n{table()}\n{END}{tail}")
    return readme
