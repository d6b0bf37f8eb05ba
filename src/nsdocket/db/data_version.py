"""Results kept until the data changes: keyed by the newest audit entry and today's date.

Every change to the data is an audit entry written in the same transaction (the writer's
rule), so the newest audit id names the state of the data, across processes and backends.
Figures "as of today" also depend on the date. A result computed from the data is reused while
both stay the same, and recomputed on the first request after a change.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from sqlalchemy import Engine, func, select

from nsdocket.db.schema import audit_log

T = TypeVar("T")


def data_version(engine: Engine) -> int:
    """The id of the newest audit entry (0 for a database never written)."""
    with engine.connect() as connection:
        return int(connection.execute(select(func.max(audit_log.c.id))).scalar() or 0)


class UntilChanged(Generic[T]):
    """A small least-recently-used store of results, each valid for one state of the data.

    Example:
        >>> checks = UntilChanged[list[int]](size=8)  # doctest: +SKIP
        >>> checks.get(engine, ("scope", "nsl-only"), lambda: compute())  # doctest: +SKIP
    """

    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._kept: OrderedDict[tuple[int, int, dt.date, Hashable], T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, engine: Engine, key: Hashable, compute: Callable[[], T]) -> T:
        """The result for ``key`` in the data's current state, computed if not kept."""
        full = (id(engine), data_version(engine), dt.date.today(), key)
        with self._lock:
            if full in self._kept:
                self._kept.move_to_end(full)
                return self._kept[full]
        value = compute()
        with self._lock:
            stale = [k for k in self._kept if k[0] == full[0] and k[1:3] != full[1:3]]
            for k in stale:
                del self._kept[k]
            self._kept[full] = value
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return value
