"""`make run` from a clean clone in a temporary folder: install, load, summarise, serve."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO, seed_rows


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_make_run_from_a_clean_clone(tmp_path: Path) -> None:
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.fail("git and make are needed to test `make run`")
    clone = tmp_path / "nsdocket"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "NSDOCKET_"))}
    port = _free_port()
    log = tmp_path / "make-run.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["make", "run", f"PORT={port}"],
            cwd=clone,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            page = None
            deadline = time.monotonic() + 1200
            while time.monotonic() < deadline and process.poll() is None:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/cases.json") as r:
                        page = json.load(r)
                    break
                except OSError:
                    time.sleep(1)
            text = log.read_text()
            assert page is not None, text[-4000:]
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
    assert (clone / "nsdocket.db").exists()
    rows = len(seed_rows())
    assert f"imported hk_cases.csv: {rows} rows" in text
    assert f"{rows} prosecutions" in text and "merged case 8 into case 7" in text
    assert "Headline figures" in text and "Published figures beside the database" in text
    # The first admin's hand-over: a one-time link and a private file, never the password.
    assert "/login/once/" in text and "nsdocket-first-admin.txt" in text
    password = next(
        line.removeprefix("password: ")
        for line in (clone / "nsdocket-first-admin.txt").read_text().splitlines()
        if line.startswith("password: ")
    )
    assert password not in text
    assert "press Ctrl+C to stop it" in text
    cases = len({r["case_group"] for r in seed_rows()}) - 1  # one merge recorded
    assert page["total"] == cases
