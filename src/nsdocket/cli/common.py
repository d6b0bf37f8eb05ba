"""What every CLI command shares: the database option, error messages, JSON output."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

from nsdocket.config import database_url

if TYPE_CHECKING:
    from sqlalchemy import Engine

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


@cache
def user_error_types() -> tuple[type[Exception], ...]:
    """Errors that are the user's input, not a bug: shown as one clear line each, exit 1."""
    # Imported here, not at the top: the modules that raise them pull in SQLAlchemy, which
    # `nsdocket --help` should not wait for.
    from nsdocket.coding.codebook import CodebookError
    from nsdocket.db.audit import RevertError
    from nsdocket.db.writer import RowNotFoundError, StaleVersionError
    from nsdocket.queries.export import RestoreError

    return (
        RowNotFoundError,
        RevertError,
        RestoreError,
        StaleVersionError,
        CodebookError,
        KeyError,
    )


@dataclass
class State:
    """Options given before the command (``nsdocket --db FILE ...``)."""

    db: str | None = None
    actor: str = "cli"
    stats_options: tuple[str, str | None, str | None, str, bool] | None = None

    @property
    def url(self) -> str:
        """The database URL these options select."""
        return database_url(self.db)


def state(ctx: typer.Context) -> State:
    """The shared options of this invocation."""
    found = ctx.find_root().obj
    return found if isinstance(found, State) else State()


_ENGINES: dict[str, Engine] = {}


def engine_for(ctx: typer.Context) -> Engine:
    """Open (and migrate, once per process) the database this invocation names."""
    from nsdocket.db.engine import open_database

    url = state(ctx).url
    if url not in _ENGINES:
        _ENGINES[url] = open_database(url)
    return _ENGINES[url]


def dispose_cached_engines() -> None:
    """Close the connection pools of every database opened by commands in this process."""
    for engine in _ENGINES.values():
        engine.dispose()
    _ENGINES.clear()


def fail(message: str) -> typer.Exit:
    """Print an error line and return the exit to raise."""
    err_console.print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
    return typer.Exit(1)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the library's input errors into clear messages and a non-zero exit."""
    from sqlalchemy.exc import OperationalError

    from nsdocket.ingest.errors import ImportFailed

    try:
        yield
    except ImportFailed as exc:
        count = len(exc.problems)
        err_console.print(
            f"[bold red]error:[/] {exc.not_done}: {count} problem{'s' if count != 1 else ''} found",
            markup=True,
        )
        for problem in exc.problems:
            err_console.print(f"  {problem}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    except user_error_types() as exc:
        text = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        raise fail(str(text)) from None
    except OperationalError as exc:
        raise fail(f"database error: {exc.orig}") from None


def print_json(data: Any) -> None:
    """Write JSON to standard output (not through rich, so it stays machine-readable)."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
