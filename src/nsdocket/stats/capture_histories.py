"""Who is on which list: capture histories for estimating how many people no list recorded.

A capture history says, for one person, which of k source lists name them (1) and which do not
(0). People on no list are never seen, so the 2^k - 1 histories with at least one 1 are the
observed cells of the table; the all-zero cell is what `nsdocket.stats.estimate` estimates.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

__all__ = ["CaptureDataError", "CaptureHistories", "histories", "parse_flag"]

History = tuple[int, ...]

# Beyond this the number of cells (2^k - 1) and of candidate models grows faster than a
# command-line estimate should wait for, and cells become too sparse to say anything.
MAX_LISTS = 6


class CaptureDataError(ValueError):
    """Input that is not a set of capture histories; says which row and column, if any."""

    def __init__(self, message: str, *, row: int | None = None, column: str = "", value: str = ""):
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column
        self.value = value

    def __str__(self) -> str:
        where = f"row {self.row + 1}: " if self.row is not None else ""
        column = f"column '{self.column}': " if self.column else ""
        value = f"value {self.value!r}: " if self.value else ""
        return f"{where}{column}{value}{self.message}"


@cache
def histories(k: int) -> tuple[History, ...]:
    """The 2^k - 1 observable histories of k lists, in Rcapture's order (111, 110, ..., 001)."""
    return tuple(h for h in itertools.product((1, 0), repeat=k) if any(h))


def parse_flag(text: str | int) -> int:
    """Read one cell of a list column: 0 or 1 (also "0"/"1" with spaces around).

    Raises:
        CaptureDataError: anything else.
    """
    if isinstance(text, bool) or not isinstance(text, int | str):
        raise CaptureDataError("must be 0 or 1", value=str(text))
    stripped = text.strip() if isinstance(text, str) else str(text)
    if stripped not in ("0", "1"):
        raise CaptureDataError("must be 0 or 1", value=str(text))
    return int(stripped)


def _check_lists(lists: Sequence[str]) -> tuple[str, ...]:
    names = tuple(lists)
    if len(names) < 2:
        raise CaptureDataError(
            f"{len(names)} list{'' if len(names) == 1 else 's'} given: estimating who no list "
            "recorded needs at least 2 lists (the overlap between lists is what it rests on)"
        )
    if len(names) > MAX_LISTS:
        raise CaptureDataError(f"{len(names)} lists given: at most {MAX_LISTS} are supported")
    if any(not name.strip() for name in names):
        raise CaptureDataError("a list has no name")
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise CaptureDataError(f"list names given twice: {', '.join(duplicated)}")
    return names


@dataclass(frozen=True)
class CaptureHistories:
    """How many people have each observable history on the named lists.

    Attributes:
        lists: the list names, in column order.
        counts: people per history, aligned with ``histories(len(lists))`` (zeros included).
    """

    lists: tuple[str, ...]
    counts: tuple[int, ...]

    @property
    def k(self) -> int:
        """The number of lists."""
        return len(self.lists)

    @property
    def observed(self) -> int:
        """People on at least one list."""
        return sum(self.counts)

    def cells(self) -> list[tuple[History, int]]:
        """Each observable history with its count, in Rcapture's order."""
        return list(zip(histories(self.k), self.counts, strict=True))

    def on_list(self, index: int) -> int:
        """People on the list at ``index``."""
        return sum(c for h, c in self.cells() if h[index])

    def on_every_list(self) -> int:
        """People on all the lists at once."""
        return self.counts[0]

    def label(self, history: History) -> str:
        """A history in words: the lists it is on, joined by '+', e.g. 'police+court'."""
        return "+".join(name for name, on in zip(self.lists, history, strict=True) if on)

    @classmethod
    def from_counts(
        cls, lists: Sequence[str], rows: Iterable[tuple[Sequence[int | str], int]]
    ) -> CaptureHistories:
        """Build from aggregated histories: ``(flags, count)`` pairs, one per history.

        A history given on several rows has its counts added up; histories not given count 0.

        Raises:
            CaptureDataError: fewer than 2 lists (or more than 6), a flag not 0 or 1, a row of
                the wrong width, a negative count, an all-zero history, a list nobody is on,
                or no one at all.
        """
        names = _check_lists(lists)
        index = {h: i for i, h in enumerate(histories(len(names)))}
        counts = [0] * len(index)
        for row, (flags, count) in enumerate(rows):
            history = _history(names, flags, row)
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise CaptureDataError(
                    "a count must be a whole number 0 or more", row=row, value=str(count)
                )
            if not any(history):
                raise CaptureDataError(
                    "every list is 0: people on no list cannot be observed (that number is "
                    "what is estimated)",
                    row=row,
                )
            counts[index[history]] += count
        found = cls(names, tuple(counts))
        found._check_not_empty()
        return found

    @classmethod
    def from_people(
        cls, lists: Sequence[str], rows: Iterable[Sequence[int | str]]
    ) -> CaptureHistories:
        """Build from one row per person with a 0/1 flag for each list.

        Raises:
            CaptureDataError: as `from_counts`; a row with every flag 0 is an error too.
        """
        return cls.from_counts(lists, ((flags, 1) for flags in rows))

    def _check_not_empty(self) -> None:
        if not self.observed:
            raise CaptureDataError("no one is on any list")
        for i, name in enumerate(self.lists):
            if not self.on_list(i):
                raise CaptureDataError(
                    f"no one is on list '{name}': a list without people says nothing about "
                    "who was missed; leave its column out",
                    column=name,
                )


def _history(names: tuple[str, ...], flags: Sequence[int | str], row: int) -> History:
    if len(flags) != len(names):
        raise CaptureDataError(f"{len(flags)} values where there are {len(names)} lists", row=row)
    history: list[int] = []
    for name, flag in zip(names, flags, strict=True):
        try:
            history.append(parse_flag(flag))
        except CaptureDataError as exc:
            raise CaptureDataError(exc.message, row=row, column=name, value=exc.value) from None
    return tuple(history)
