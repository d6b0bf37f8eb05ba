"""Alembic environment: runs migrations on the URL nsdocket passes in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from nsdocket.db import auth_schema as _auth  # noqa: F401  (its tables share `metadata`)
from nsdocket.db.documents_schema import include_object
from nsdocket.db.engine import make_engine
from nsdocket.db.schema import metadata

config = context.config


def run_migrations_online() -> None:
    """Run the migrations in one transaction on a live connection."""
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None
    given: Connection | None = config.attributes.get("connection")
    if given is not None:
        _run(given)
        return
    with make_engine(url).connect() as connection:
        _run(connection)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        # the full-text index (FTS5 shadow tables, PostgreSQL GIN indexes) is made by hand
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
