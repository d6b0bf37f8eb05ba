"""Where the database lives: ``--db``, else ``NSDOCKET_DATABASE_URL``, else ``./nsdocket.db``."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DATABASE_FILE = "nsdocket.db"
ENV_DATABASE_URL = "NSDOCKET_DATABASE_URL"


def database_url(db: str | None = None) -> str:
    """Resolve the database URL.

    Args:
        db: a SQLAlchemy URL or a path to a SQLite file, as given with ``--db``.

    Returns:
        A SQLAlchemy URL.
    """
    value = db or os.environ.get(ENV_DATABASE_URL) or DEFAULT_DATABASE_FILE
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def database_folder(url: str) -> Path:
    """The folder of a SQLite database file, else the current folder (for files that belong
    beside the database, such as the first admin's password)."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and url[len(prefix) :] not in ("", ":memory:"):
        return Path(url[len(prefix) :]).parent
    return Path.cwd()
