"""Parsed rows kept on disk between an import's checking pass and its writing pass.

The checking pass parses every row once; rather than hold them all in memory (or parse the
file twice), it writes them here in chunks, and the writing pass reads them back a chunk at a
time. The file is an anonymous temporary file: it disappears when closed, or if the process
dies.
"""

from __future__ import annotations

import gc
import pickle
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")

CHUNK_ROWS = 2000


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector (reference counting still frees memory as usual).

    An import makes millions of short-lived objects; each round of the collector walks every
    live one, which cost two thirds of the time of reading a chunk back from the spill file.
    The rows hold no reference cycles, so nothing waits for the collector; it runs once after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect()


class Spill(Generic[T]):
    """Items written in chunks to a temporary file, read back in the same chunks."""

    def __init__(self, chunk: int = CHUNK_ROWS) -> None:
        self.chunk = chunk
        self.count = 0
        self._file = tempfile.TemporaryFile(prefix="nsdocket-import-")  # noqa: SIM115 - closed by close()
        self._pending: list[T] = []
        self._chunks = 0

    def add(self, item: T) -> None:
        """Keep one more item."""
        self._pending.append(item)
        self.count += 1
        if len(self._pending) >= self.chunk:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            pickle.dump(self._pending, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._chunks += 1
            self._pending = []

    def chunks(self) -> Iterator[list[T]]:
        """The items, a chunk at a time, in the order they were added."""
        self._flush()
        self._file.seek(0)
        for _ in range(self._chunks):
            chunk: list[T] = pickle.load(self._file)  # written by this process, never shared
            yield chunk

    def close(self) -> None:
        """Delete the file."""
        self._file.close()

    def __enter__(self) -> Spill[T]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
