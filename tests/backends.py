"""The database backends the suite runs on: a SQLite file, and a throwaway PostgreSQL cluster.

PostgreSQL comes from `scripts/test-postgres.sh` (started by `make test`, which passes its URL in
NSDOCKET_TEST_POSTGRES_URL; started here when the variable is missing). Each test gets a new
database cloned from a migrated template, and loses it afterwards.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from nsdocket.db.engine import open_database

REPO = Path(__file__).resolve().parents[1]
# One template per test session: sessions running side by side (a developer's and a clean
# clone's) must not drop each other's template.
TEMPLATE = f"nsdocket_template_{os.getpid()}"


@cache
def sqlite_template() -> Path:
    """A migrated, empty SQLite file, made once per session (Alembic's twelve migrations take
    a quarter of a second a database); each test copies it."""
    folder = Path(tempfile.mkdtemp(prefix="nsdocket-template-"))
    path = folder / "template.db"
    engine = open_database(f"sqlite:///{path}")
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    atexit.register(shutil.rmtree, folder, True)
    return path


def new_sqlite_database(path: Path) -> str:
    """A fresh, migrated, empty SQLite database at ``path`` (a copy of the template)."""
    shutil.copyfile(sqlite_template(), path)
    return f"sqlite:///{path}"


@cache
def postgres_admin_url() -> str | None:
    """The URL of the test cluster's maintenance database, or None when there is none."""
    url = os.environ.get("NSDOCKET_TEST_POSTGRES_URL")
    if url:
        return url
    port = int(os.environ.get("NSDOCKET_PG_PORT", "54329"))
    already_running = _listening(port)
    try:
        done = subprocess.run(
            ["bash", str(REPO / "scripts" / "test-postgres.sh")],
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    # Started here, so stopped here when the session ends (make test stops its own); a cluster
    # another session started is left for it to stop.
    if not already_running:
        atexit.register(stop_test_postgres)
    return done.stdout.strip().splitlines()[-1]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def stop_test_postgres() -> None:
    """Stop the test cluster this session started."""
    subprocess.run(["bash", str(REPO / "scripts" / "test-postgres.sh"), "stop"], check=False)


def _admin() -> object:
    url = postgres_admin_url()
    assert url is not None
    return create_engine(url, isolation_level="AUTOCOMMIT", pool_size=1)


@cache
def postgres_template() -> str:
    """Create (once per session) a migrated template database; return its name."""
    admin = _admin()
    with admin.connect() as c:  # type: ignore[attr-defined]
        c.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)"))
        c.execute(text(f"CREATE DATABASE {TEMPLATE}"))
    url = make_url(postgres_admin_url() or "").set(database=TEMPLATE)
    engine = open_database(url.render_as_string(hide_password=False))
    engine.dispose()
    admin.dispose()  # type: ignore[attr-defined]
    atexit.register(_drop_template)
    return TEMPLATE


def _drop_template() -> None:
    admin = _admin()
    with admin.connect() as c:  # type: ignore[attr-defined]
        c.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)"))
    admin.dispose()  # type: ignore[attr-defined]


def new_postgres_database() -> str:
    """A fresh, migrated, empty database; returns its URL."""
    template = postgres_template()
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = _admin()
    with admin.connect() as c:  # type: ignore[attr-defined]
        c.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}"))
    admin.dispose()  # type: ignore[attr-defined]
    url = make_url(postgres_admin_url() or "").set(database=name)
    return url.render_as_string(hide_password=False)


def drop_postgres_database(url: str) -> None:
    """Drop a test database, closing whatever is still connected to it."""
    name = make_url(url).database
    admin = _admin()
    with admin.connect() as c:  # type: ignore[attr-defined]
        c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()  # type: ignore[attr-defined]
