"""The throwaway PostgreSQL cluster of `make test`: only the test role connects, and `stop`
removes it."""

from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "test-postgres.sh"

pytestmark = pytest.mark.slow


def _run(port: int, *args: str) -> str:
    env = {**os.environ, "NSDOCKET_PG_PORT": str(port)}
    env.pop("NSDOCKET_PG_DIR", None)
    done = subprocess.run(
        ["bash", str(SCRIPT), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.skipif(
    not shutil.which("pg_ctl") and not list(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")),
    reason="PostgreSQL is not installed (make test installs it)",
)
def test_only_the_test_role_connects_and_stop_removes_the_cluster() -> None:
    port = random.randint(55000, 56000)
    url = _run(port, "start")
    try:
        parsed = make_url(url)
        assert parsed.username == "nsdocket_test" and parsed.password
        engine = create_engine(url)
        with engine.connect() as c:
            assert c.execute(text("select current_user")).scalar() == "nsdocket_test"
        engine.dispose()
        # The superuser, with or without a password, and the test role without its password
        # are refused over TCP.
        for other in (
            parsed.set(username="postgres", password=None),
            parsed.set(username="postgres", password=parsed.password),
            parsed.set(password="wrong"),
        ):
            refused = create_engine(other.render_as_string(hide_password=False))
            with pytest.raises(OperationalError):
                refused.connect()
            refused.dispose()
        # A second start reuses the running cluster and its password.
        assert _run(port, "start") == url
    finally:
        _run(port, "stop")
    assert not _listening(port)
    assert not Path(f"/tmp/nsdocket-pg-{port}").exists()
