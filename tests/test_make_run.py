"""`make run` from a clean clone in a temporary folder: install, load, summarise."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_make_run_from_a_clean_clone(tmp_path: Path) -> None:
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.fail("git and make are needed to test `make run`")
    clone = tmp_path / "nsdocket"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "NSDOCKET_"))}
    env["NSDOCKET_NO_SERVE"] = "1"
    result = subprocess.run(
        ["make", "run"], cwd=clone, env=env, capture_output=True, text=True, timeout=1200
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (clone / "nsdocket.db").exists()
    assert "imported hk_cases_seed.csv: 71 rows" in result.stdout
    assert "23 cases, 71 defendants, 72 prosecutions" in result.stdout
