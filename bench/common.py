"""What every benchmark shares: data sizes and paths, timing a child process, saving results."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
BIN = Path(sys.executable).parent
SIZES = {"1k": 1_000, "100k": 100_000, "1m": 1_000_000}
SEED = 2020


def data_dir() -> Path:
    """Where generated CSVs and databases go (not in the repository): $NSDOCKET_BENCH_DATA."""
    path = Path(os.environ.get("NSDOCKET_BENCH_DATA", "/tmp/nsdocket-bench"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def csv_for(size: str) -> Path:
    """The generated seed CSV of a size, written on first use."""
    from generate import write_csv

    path = data_dir() / f"cases-{size}.csv"
    if not path.exists():
        write_csv(path, SIZES[size], SEED)
    return path


def db_for(size: str) -> Path:
    """A database of a size built by the generator (import + two coders), on first use."""
    from generate import build_database

    path = data_dir() / f"cases-{size}.db"
    if not path.exists():
        partial = path.with_suffix(".partial.db")
        # The likely-duplicates report of the import is skipped at 1M (see generate.py).
        build_database(partial, SIZES[size], SEED, csv_for(size), duplicate_check=size != "1m")
        partial.rename(path)
    return path


@dataclass
class Measured:
    """One child process: wall and CPU seconds, peak resident memory (MiB) of its largest
    process and of its whole process tree at once, exit code, output."""

    seconds: float
    cpu_seconds: float
    peak_mib: float
    code: int
    stdout: str
    stderr: str
    peak_tree_mib: float = 0.0


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants now (KiB), from /proc."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    break
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


class _TreeSampler(threading.Thread):
    """Samples a process tree's resident memory every 50 ms until stopped (a child process
    checking an import runs beside it: wait4 gives only the larger of the two)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            self.peak_kib = max(self.peak_kib, _tree_rss_kib(self.pid))


def run_measured(command: Sequence[str | Path], *, env: dict[str, str] | None = None) -> Measured:
    """Run a command to the end; the peak memory of its largest process comes from wait4, the
    peak of its whole tree at once from sampling /proc."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            [str(c) for c in command],
            stdout=out,
            stderr=err,
            text=True,
            env={**os.environ, **(env or {})},
            cwd=ROOT,
        )
        sampler = _TreeSampler(child.pid)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        return Measured(
            seconds,
            cpu,
            usage.ru_maxrss / 1024,
            child.returncode,
            out.read(),
            err.read(),
            max(sampler.peak_kib, usage.ru_maxrss) / 1024,
        )


def run_checked(command: Sequence[str | Path], **kwargs: Any) -> Measured:
    """`run_measured`, raising with the command's stderr when it fails."""
    result = run_measured(command, **kwargs)
    if result.code != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{result.stderr[-3000:]}")
    return result


def summary(values: Sequence[float], digits: int = 4) -> dict[str, Any]:
    """Median, min, max and every run, rounded."""
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
        "runs": [round(v, digits) for v in values],
    }


def versions(*packages: str) -> dict[str, str]:
    """Installed versions of the named distributions."""
    out = {"python": platform.python_version()}
    for name in packages:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def machine() -> dict[str, Any]:
    """The machine a result was measured on."""
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        memory = 0.0
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "memory_gib": round(memory, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def save(name: str, result: dict[str, Any]) -> Path:
    """Write ``bench/results/<name>.json`` with the date and machine added."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    stamped = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        **result,
    }
    path.write_text(json.dumps(stamped, indent=2, ensure_ascii=False) + "\n")
    return path


def load(name: str) -> dict[str, Any] | None:
    """A saved result, or None."""
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def log(message: str) -> None:
    """A progress line on stderr."""
    print(f"[bench {dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)
