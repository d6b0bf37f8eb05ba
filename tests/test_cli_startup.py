"""The command starts fast: building the commands (and `nsdocket --help`) imports no heavy library.

Each check runs in a fresh interpreter, since this test session has imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from nsdocket.cli import choices

# What a command imports when it runs, and `--help` must not: the database layer and migrations,
# password hashing, PDF and HTML parsing, charts, PDF writing, the web app and its server, and
# the library packages that pull these in.
HEAVY_MODULES = (
    "sqlalchemy",
    "alembic",
    "argon2",
    "numpy",
    "scipy",
    "statsmodels",
    "pypdf",
    "selectolax",
    "altair",
    "vl_convert",
    "weasyprint",
    "fastapi",
    "uvicorn",
    "nsdocket.db",
    "nsdocket.users",
    "nsdocket.claims",
    "nsdocket.coding",
    "nsdocket.documents",
    "nsdocket.extract",
    "nsdocket.ingest",
    "nsdocket.queries",
    "nsdocket.stats",
)


def _modules_after(code: str) -> set[str]:
    """The names in ``sys.modules`` after a fresh interpreter runs ``code``."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def _heavy(loaded: set[str]) -> list[str]:
    return sorted(
        name for name in loaded if any(name == h or name.startswith(f"{h}.") for h in HEAVY_MODULES)
    )


def test_importing_the_cli_loads_no_heavy_module() -> None:
    assert _heavy(_modules_after("import nsdocket.cli.main")) == []


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["import", "--help"],
        ["documents", "--help"],
        ["cases", "--help"],
        ["estimate", "--help"],
    ],
)
def test_help_loads_no_heavy_module(args: list[str]) -> None:
    code = (
        "from typer.testing import CliRunner\n"
        "from nsdocket.cli.main import app\n"
        f"result = CliRunner().invoke(app, {args!r})\n"
        "assert result.exit_code == 0, result.output"
    )
    assert _heavy(_modules_after(code)) == []


def test_importing_users_hashes_no_password() -> None:
    code = (
        "import nsdocket.users\n"
        "assert nsdocket.users._dummy_hash.cache_info().misses == 0, 'hashed at import'"
    )
    _modules_after(code)


def test_help_choices_are_the_library_values() -> None:
    from nsdocket.db.auth_schema import ROLES
    from nsdocket.db.documents_schema import DOCUMENT_KINDS
    from nsdocket.db.lineage import LINK_KINDS, LINK_STATUSES
    from nsdocket.queries.cases import CASE_STATUSES, ENTITY_KINDS
    from nsdocket.stats.figures import ALL_MEASURES
    from nsdocket.stats.scopes import DEFAULT_SCOPE

    assert choices.CASE_STATUSES == CASE_STATUSES
    assert choices.ENTITY_KINDS == ENTITY_KINDS
    assert choices.DOCUMENT_KINDS == DOCUMENT_KINDS
    assert (choices.LINK_KINDS, choices.LINK_STATUSES) == (LINK_KINDS, LINK_STATUSES)
    assert choices.ROLES == ROLES
    assert choices.DEFAULT_SCOPE == DEFAULT_SCOPE
    assert choices.ALL_MEASURES == ALL_MEASURES
