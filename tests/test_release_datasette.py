"""The release as a user opens it: `datasette nsdocket.db -m metadata.json` in its own process."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, func, select

from nsdocket.db.schema import charge
from nsdocket.release import write_release


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_datasette_serves_a_table_page(loaded: Engine, tmp_path: Path) -> None:
    out = tmp_path / "release"
    write_release(loaded, out)
    port = _free_port()
    datasette = Path(sys.executable).with_name("datasette")
    command = [str(datasette), "serve", "nsdocket.db", "-m", "metadata.json"]
    process = subprocess.Popen(
        [*command, "-h", "127.0.0.1", "-p", str(port)],
        cwd=out,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                page = httpx.get(f"{base}/nsdocket/charge", timeout=5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.2)
        assert page.status_code == 200
        with loaded.connect() as connection:
            charges = connection.execute(select(func.count()).select_from(charge)).scalar_one()
        assert f"{charges} rows" in page.text
        assert "Charges of a prosecution" in page.text  # the description from metadata.json
        assert "CC-BY-4.0" in page.text
        rows = httpx.get(f"{base}/nsdocket/case.json?_shape=array", timeout=5).json()
        assert rows[0]["title"].startswith("HKSAR v Tong Ying Kit")
    finally:
        process.terminate()
        process.wait(timeout=10)
