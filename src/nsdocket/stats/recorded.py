"""The ``as recorded`` clock: the database as it stood at the end of a day, from the audit log.

Every insert, update and delete is in the audit log with the row's state after it, so the
state of every audited table at any moment can be rebuilt: each row as its last change made by
then left it. `recorded_engine` rebuilds it into a private in-memory SQLite database with the
same schema, where the figures run as they do on the live one. A published figure can so be
checked against what the database held the day it was published, whatever was coded or
corrected since.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections import OrderedDict

from sqlalchemy import Engine, create_engine, func, insert, select
from sqlalchemy.pool import StaticPool

from nsdocket.db.audit import rows_as_recorded
from nsdocket.db.schema import AUDITED_TABLES, audit_log, metadata
from nsdocket.stats.options import Options
from nsdocket.stats.population import end_of

_CACHE: OrderedDict[tuple[str, dt.date, int], Engine] = OrderedDict()
_LOCK = threading.Lock()
_KEPT = 4


def _build(engine: Engine, day: dt.date) -> Engine:
    until = end_of(day)
    assert until is not None
    # One in-memory database, kept and read by whichever thread asks next (the web app's
    # worker threads take turns): the connection is not tied to the thread that built it.
    target = create_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    tables = [t for t in metadata.sorted_tables if t.name in AUDITED_TABLES]
    with target.begin() as out:
        # Only the audited tables and what figures keep beside them (facts are rebuilt there).
        metadata.create_all(
            out,
            tables=[*tables, *(metadata.tables[n] for n in ("prosecution_facts", "facts_meta"))],
        )
        with engine.connect() as source:
            for table in tables:
                rows = rows_as_recorded(source, table, until)
                for start in range(0, len(rows), 5000):
                    out.execute(insert(table), rows[start : start + 5000])
    return target


def recorded_engine(engine: Engine, day: dt.date) -> Engine:
    """A database holding what ``engine`` held at the end of ``day`` (UTC), rebuilt from the
    audit log; kept for the next figure of the same day until the log grows."""
    with engine.connect() as connection:
        last = connection.execute(select(func.max(audit_log.c.id))).scalar() or 0
    key = (engine.url.render_as_string(hide_password=False), day, int(last))
    with _LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
        built = _build(engine, day)
        _CACHE[key] = built
        while len(_CACHE) > _KEPT:
            _, old = _CACHE.popitem(last=False)
            old.dispose()
        return built


def clocked(engine: Engine, options: Options) -> tuple[Engine, Options]:
    """The engine to read and the options to read it with: under the ``as recorded`` clock,
    the database rebuilt as it stood that day, its facts as of the same day unless the options
    name another as-of date."""
    if options.as_recorded is None:
        return engine, options
    as_of = options.as_of or options.as_recorded
    return recorded_engine(engine, options.as_recorded), dataclasses.replace(options, as_of=as_of)
