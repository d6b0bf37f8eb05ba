"""The web app under uvicorn on a free loopback port, in a child process.

Run as ``python -m tests.load.server DB_URL PORT``; :func:`running_server` does that and waits
until the server answers. The server only ever listens on 127.0.0.1.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port on the loopback address that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(db_url: str, log: Path, *, start_seconds: float = 120) -> Iterator[str]:
    """Start uvicorn over ``db_url`` in a child process; yield its base URL; stop it after.

    Args:
        db_url: the database the app serves (migrated on start).
        log: where the server's own output goes (read it when a test fails).
        start_seconds: how long to wait for the first answer.
    """
    port = free_port()
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.load.server", db_url, str(port)],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + start_seconds
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}: {log.read_text()}")
            try:
                if httpx.get(f"{base}/login", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not answer in {start_seconds} s: {log.read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def main(argv: list[str]) -> None:
    """Serve the app over ``argv[0]`` on 127.0.0.1:``argv[1]`` (no access log)."""
    import uvicorn

    from nsdocket.web.app import create_app

    db_url, port = argv[0], int(argv[1])
    uvicorn.run(create_app(db_url), host=HOST, port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main(sys.argv[1:])
