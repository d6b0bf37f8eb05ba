"""Benchmark 3: the case list page and its JSON vs Datasette's table page, on the same file.

Both servers run on loopback (127.0.0.1) as a user starts them: ``nsdocket serve`` and
``datasette serve``, each with its defaults, on a copy of the same generated SQLite file. A
bounded load is sent from this process: ``CONCURRENCY`` client threads share a fixed number of
requests per page (no more, and never past ``TIME_LIMIT`` seconds), after a few warm-up
requests. Latency is measured per request (send to last byte); p50 and p95 are reported.
Both lists show 100 rows a page (Datasette's default; nsdocket's is 50, asked for 100).
The pages are fetched anonymously, so nsdocket serves its public view (withheld names
scrubbed), as a reader sees it.
"""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from common import BIN, ROOT, data_dir, db_for, log, versions

CONCURRENCY = 4
REQUESTS = 200
WARM_UP = 5
TIME_LIMIT = 120.0
TARGET = 0.5


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(url: str, child: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise RuntimeError(f"server exited with {child.returncode}")
        try:
            if httpx.get(url, timeout=30).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


# The dashboard with its filters changed request by request (no two requests in a row alike).
DASHBOARD_FILTERS = (
    "", "?year=2020", "?year=2021", "?year=2022&since=true", "?law=NSL", "?law=CAP200",
    "?kind=person", "?as_of=2023-06-30", "?final_only=true", "?scope=nsl-only",
    "?year=2023&law=NSL", "?as_of=2022-12-31&kind=person",
)  # fmt: skip
DASHBOARD_TARGET_P95 = 0.5  # seconds, at 100k


def first_visits(urls: list[str]) -> dict[str, Any]:
    """Each URL once, one client, in turn: what the first visitor to a filter set waits (the
    dashboard keeps a filter set's figures until the data changes, so only this is cold)."""
    latencies = []
    with httpx.Client(timeout=120) as client:
        for url in urls:
            start = time.perf_counter()
            client.get(url).raise_for_status()
            latencies.append(time.perf_counter() - start)
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "p50": round(statistics.median(ordered), 4),
        "max": round(ordered[-1], 4),
    }


def load(url: str | list[str]) -> dict[str, Any]:
    """Send the bounded load to one URL (or to several in turn); latencies in seconds."""
    urls = [url] if isinstance(url, str) else url
    turn = [0]
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    remaining = [REQUESTS]
    deadline = time.monotonic() + TIME_LIMIT
    size = [0]

    def worker() -> None:
        with httpx.Client(timeout=60) as client:
            while time.monotonic() < deadline:
                with lock:
                    if remaining[0] <= 0:
                        return
                    remaining[0] -= 1
                    target = urls[turn[0] % len(urls)]
                    turn[0] += 1
                start = time.perf_counter()
                try:
                    response = client.get(target)
                    body = response.content
                except httpx.HTTPError as exc:
                    with lock:
                        failures.append(type(exc).__name__)
                    continue
                took = time.perf_counter() - start
                with lock:
                    if response.status_code == 200:
                        latencies.append(took)
                        size[0] = len(body)
                    else:
                        failures.append(str(response.status_code))

    with httpx.Client(timeout=120) as client:
        for _ in range(WARM_UP):
            client.get(urls[0]).raise_for_status()
    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    if not latencies:
        raise RuntimeError(f"{url}: no successful request ({failures[:5]})")
    ordered = sorted(latencies)
    return {
        "requests": len(latencies),
        "failures": len(failures),
        "p50": round(statistics.median(ordered), 4),
        "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 4),
        "max": round(ordered[-1], 4),
        "requests_per_second": round(len(latencies) / wall, 2),
        "bytes": size[0],
    }


def _server(command: list[str | Path]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(c) for c in command], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _stop(child: subprocess.Popen[bytes]) -> None:
    child.terminate()
    try:
        child.wait(timeout=20)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def bench_size(size: str) -> dict[str, Any]:
    """Both servers on one size, one after the other (never both under load at once)."""
    source = db_for(size)
    db = data_dir() / f"web-{size}.db"
    shutil.copyfile(source, db)
    ours_port, peer_port = _free_port(), _free_port()
    out: dict[str, Any] = {}
    ours = _server([BIN / "nsdocket", "--db", db, "serve", "--port", ours_port])
    try:
        base = f"http://127.0.0.1:{ours_port}"
        _wait_until_up(f"{base}/cases.json?limit=1", ours)
        out["nsdocket_page"] = load(f"{base}/cases?limit=100")
        out["nsdocket_json"] = load(f"{base}/cases.json?limit=100")
        boards = [f"{base}/{f}" for f in DASHBOARD_FILTERS]
        out["nsdocket_dashboard_cold"] = first_visits(boards)
        out["nsdocket_dashboard"] = load(boards)
    finally:
        _stop(ours)
    peer = _server([BIN / "datasette", "serve", db, "--port", peer_port, "--host", "127.0.0.1"])
    try:
        base = f"http://127.0.0.1:{peer_port}/{db.stem}"
        _wait_until_up(f"{base}.json", peer)
        out["datasette_page"] = load(f"{base}/case")
        out["datasette_json"] = load(f"{base}/case.json")
    finally:
        _stop(peer)
    for key, value in out.items():
        spread = f"p95 {value['p95']:.3f} s" if "p95" in value else f"max {value['max']:.3f} s"
        log(f"web {size} {key}: p50 {value['p50']:.3f} s, {spread}")
    page_ratio = out["nsdocket_page"]["p95"] / out["datasette_page"]["p95"]
    json_ratio = out["nsdocket_json"]["p95"] / out["datasette_page"]["p95"]
    db.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return {
        **out,
        "p95_ratio_page": round(page_ratio, 3),
        "p95_ratio_json": round(json_ratio, 3),
        "p95_ratio_json_to_datasette_json": round(
            out["nsdocket_json"]["p95"] / out["datasette_json"]["p95"], 3
        ),
        "target": f"page and JSON p95 <= {TARGET}x Datasette's table page (HTML); the "
        f"dashboard with a filter changed p95 < {DASHBOARD_TARGET_P95} s",
        "dashboard_filters": list(DASHBOARD_FILTERS),
        "dashboard_met": out["nsdocket_dashboard"]["p95"] < DASHBOARD_TARGET_P95,
        "met": page_ratio <= TARGET and json_ratio <= TARGET,
    }


def run(sizes: dict[str, int]) -> dict[str, Any]:
    """Every size (the number of runs is not used: each page gets REQUESTS requests)."""
    return {
        "benchmark": "web: /cases and /cases.json vs Datasette's table page (p50/p95 seconds)",
        "versions": versions("nsdocket", "datasette", "fastapi", "uvicorn", "httpx"),
        "load": {
            "concurrency": CONCURRENCY,
            "requests_per_page": REQUESTS,
            "warm_up": WARM_UP,
            "time_limit_seconds": TIME_LIMIT,
            "client": "httpx threads on 127.0.0.1",
        },
        "sizes": {size: bench_size(size) for size in sizes},
    }


if __name__ == "__main__":
    print(run({sys.argv[1]: 1}))
