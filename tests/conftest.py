"""Shared fixtures: fresh file databases, the bundled data loaded, the CLI runner."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from nsdocket.cli.common import dispose_cached_engines
from nsdocket.cli.main import app
from nsdocket.data import bundled_path
from nsdocket.db.engine import open_database
from nsdocket.ingest.bundled import load_bundled
from nsdocket.ingest.load_cases import import_cases
from tests.backends import (
    drop_postgres_database,
    new_postgres_database,
    new_sqlite_database,
    postgres_admin_url,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL for a new, empty database: a SQLite file, or a PostgreSQL database.

    PostgreSQL is required in CI (CI=true) and skipped elsewhere when no server can be started.
    """
    if request.param == "sqlite":
        yield new_sqlite_database(tmp_path / "test.db")
        dispose_cached_engines()
        return
    if postgres_admin_url() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL could not be started (scripts/test-postgres.sh)")
        pytest.skip("no PostgreSQL test server (run scripts/test-postgres.sh)")
    url = new_postgres_database()
    yield url
    dispose_cached_engines()
    drop_postgres_database(url)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated, empty database."""
    eng = open_database(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    """A database with the bundled Hong Kong data loaded as `make run` loads it."""
    load_bundled(engine, actor="test")
    return engine


@pytest.fixture
def unmerged(engine: Engine) -> Engine:
    """The bundled cases file alone, as the compiled sources wrote it: before the recorded
    case merges (the Hong Kong 47 case is still cases 7 and 8), with no events file."""
    import_cases(engine, bundled_path("cases"), actor="test")
    return engine


@pytest.fixture
def runner() -> CliRunner:
    """Runs the CLI in-process, as a user would type it."""
    return CliRunner()


def invoke(runner: CliRunner, db_url: str, *args: str) -> tuple[int, str, str]:
    """Run ``nsdocket --db URL ARGS``; return exit code, stdout and stderr."""
    result = runner.invoke(app, ["--db", db_url, *args])
    return result.exit_code, result.stdout, result.stderr


def bundled_header() -> list[str]:
    """The columns of the bundled cases file, in its order."""
    with bundled_path("cases").open(encoding="utf-8") as handle:
        return next(csv.reader(handle))


def seed_rows() -> list[dict[str, str]]:
    """The bundled cases CSV as dicts."""
    with bundled_path("cases").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    """Write rows to a CSV file in a temporary folder; return the path."""
    buffer = io.StringIO()
    # A test picks its header; cells of other columns (the bundled file has more) are left out.
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path
