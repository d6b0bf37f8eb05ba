"""Opening a database and bringing its schema up to date with Alembic."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect

if TYPE_CHECKING:
    from alembic.config import Config

SQLITE_BUSY_TIMEOUT_MS = 30_000
#: The newest migration. A database that records it is opened without loading Alembic (a
#: quarter of a second on every command); tests/test_roundtrip.py checks it is Alembic's head.
SCHEMA_HEAD = "0012"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout."""
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(url: str) -> Config:
    """An Alembic configuration pointing at the migrations shipped in the package."""
    from alembic.config import Config

    config = Config()
    location = resources.files("nsdocket.db") / "migrations"
    config.set_main_option("script_location", str(location))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Apply every migration up to ``revision``."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def current_revision(engine: Engine) -> str | None:
    """The schema version the database records, or None for an empty database."""
    with engine.connect() as connection:
        return _recorded_revision(connection)


def head_revision(url: str) -> str | None:
    """The newest schema version this release of nsdocket knows."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def open_database(url: str, *, migrate: bool = True) -> Engine:
    """Open the database at ``url``, bringing its schema up to date first when ``migrate``.

    A SQLite file that does not exist yet is created. The migrations run on a connection of
    the returned engine, so no second connection pool is left behind.
    """
    engine = make_engine(url)
    if migrate:
        with engine.connect() as connection:
            if _recorded_revision(connection) == SCHEMA_HEAD:
                return engine
        from alembic import command

        config = alembic_config(url)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    return engine


def _recorded_revision(connection: Connection) -> str | None:
    """What Alembic recorded in ``alembic_version``, read without loading Alembic."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    found = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
    return found[0] if len(found) == 1 else None
