"""An import killed with SIGKILL part way leaves the database as it was (and its checking
process exits); re-running completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from nsdocket.ingest.checking import CHILD_MIN_BYTES
from nsdocket.ingest.seed_rows import SEED_COLUMNS
from nsdocket.queries.export import dumps
from nsdocket.queries.summary import summarise
from tests.conftest import seed_rows, write_csv

ROWS = 8_000


def _big_file(tmp_path: Path) -> Path:
    template = seed_rows()[1]
    rows = [
        {
            **template,
            "row_id": f"K{i:05d}",
            "case_group": f"HKSAR v Person {i} (DCCC {i}/2022)",
            "defendant": f"Person Killed-{i}",
        }
        for i in range(ROWS)
    ]
    return write_csv(tmp_path / "big.csv", list(SEED_COLUMNS), rows)


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _nsdocket(db_url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "nsdocket.cli", "--db", db_url, *args]


@pytest.mark.slow
def test_sigkill_during_import_changes_nothing(db_url: str, loaded: Engine, tmp_path: Path) -> None:
    path = _big_file(tmp_path)
    before = dumps(loaded)
    env = {**os.environ, "NSDOCKET_NO_SERVE": "1"}
    process = subprocess.Popen(
        _nsdocket(db_url, "import", "cases", str(path)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    assert process.stdout is not None
    # Wait until the import has validated the file and is writing, then kill it at once: the
    # first "writing" line comes after the cases are written, inside the open transaction, and
    # the faster the import, the less time is left before it commits.
    deadline = time.monotonic() + 300
    seen = ""
    while time.monotonic() < deadline:
        chunk = process.stdout.read(1)
        if not chunk:
            break
        seen += chunk
        if "writing" in seen:
            break
    assert "writing" in seen, seen[-2000:]
    # The file is large enough to be checked in a child process while the rows are written.
    assert path.stat().st_size >= CHILD_MIN_BYTES
    checkers = _children(process.pid)
    assert checkers, "no checking process beside the import"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    # The checking process notices its reader has gone and exits.
    deadline = time.monotonic() + 60
    while any(_alive(pid) for pid in checkers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in checkers)
    assert dumps(loaded) == before
    done = subprocess.run(
        _nsdocket(db_url, "import", "cases", str(path)),
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert summarise(loaded).prosecutions == len(seed_rows()) + ROWS
