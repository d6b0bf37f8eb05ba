"""Run the benchmarks side by side with their peers and write ``bench/results/*.json``.

Run from the repository root (``make bench`` does)::

    .venv/bin/python bench/run.py                       # 1k and 100k, every benchmark
    .venv/bin/python bench/run.py --sizes 1m --only import,figures
    .venv/bin/python bench/run.py --report              # only rewrite bench/README.md

Generated data goes to ``$NSDOCKET_BENCH_DATA`` (default ``/tmp/nsdocket-bench``) and is reused
by later runs. A size's results replace that size's earlier results and leave other sizes
alone, so 1M can be run on its own. The summary table in ``bench/README.md`` is rewritten
from the results files at the end (`report.py`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_figures
import bench_import
import bench_web
import report
from common import BENCH, load, log, run_checked, save

BENCHMARKS = ("import", "figures", "web", "extraction")
RUNS = {"1k": 5, "100k": 3, "1m": 1}


def _merge(name: str, fresh: dict[str, Any]) -> dict[str, Any]:
    old = load(name) or {}
    return {**fresh, "sizes": {**old.get("sizes", {}), **fresh["sizes"]}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1k,100k", help="comma-separated: 1k, 100k, 1m")
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="benchmarks to run")
    parser.add_argument("--runs", type=int, help="runs per measurement (default by size)")
    parser.add_argument("--extraction-mb", type=float, default=20.0)
    parser.add_argument("--report", action="store_true", help="only rewrite the summary")
    args = parser.parse_args(argv)
    if not args.report:
        sizes = {s: args.runs or RUNS[s] for s in args.sizes.split(",") if s}
        chosen = set(args.only.split(","))
        unknown = chosen - set(BENCHMARKS)
        if unknown:
            parser.error(f"unknown benchmarks: {', '.join(sorted(unknown))}")
        for name, module in (
            ("import", bench_import),
            ("figures", bench_figures),
            ("web", bench_web),
        ):
            if name in chosen:
                log(f"{name}: sizes {', '.join(sizes)}")
                save(name, _merge(name, module.run(sizes)))
        if "extraction" in chosen:
            log("extraction (bench/extract_bench.py)")
            run_checked([sys.executable, BENCH / "extract_bench.py", "--mb", args.extraction_mb])
    path = report.write()
    log(f"summary written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
