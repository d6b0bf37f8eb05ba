"""Grouping by one integer: several small-valued columns packed into a single key.

SQLite groups by sorting; with a dozen columns (the categories of six measures, the laws, the
coding basis, two year labels) comparing the keys is most of a figure's time. Packed into one
integer (each column a digit of its own base) the same grouping takes a fraction of it, and
the key unpacks back to the same values here. A key that would not fit in 62 bits is not
packed (`packed` gives None) and the caller groups by the columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Integer, case, cast, literal

from nsdocket.db.facts import BASES, YEAR_UNCERTAIN, YEAR_UNDATED

_LIMIT = 2**62


@dataclass(frozen=True)
class Digit:
    """One column of a packed key: its SQL as a whole number in [0, base), and the function
    giving back the column's value from that number."""

    sql: Any
    base: int
    value: Callable[[int], Any]


def small_int(expr: Any, low: int, high: int) -> Digit:
    """An integer column whose values lie in [low, high]."""
    return Digit(expr - low if low else expr, high - low + 1, lambda n: n + low)


def flag(expr: Any) -> Digit:
    """A 0/1 (or boolean) column."""
    return Digit(case((expr, 1), else_=0), 2, bool)


def constant(value: Any) -> Digit:
    """A column with one value throughout."""
    return Digit(literal(0), 1, lambda _: value)


def basis(expr: Any) -> Digit:
    """A coding basis (one of `BASES`)."""
    codes = {name: i for i, name in enumerate(BASES)}
    return Digit(case(codes, value=expr, else_=len(BASES)), len(BASES) + 1, _basis_name)


def _basis_name(n: int) -> str:
    if n >= len(BASES):
        raise ValueError("a coding basis outside BASES cannot be unpacked")
    return BASES[n]


def year(expr: Any) -> Digit:
    """A year label: a four-digit year, 'undated' or 'year uncertain'."""
    sql = case(
        (expr == YEAR_UNDATED, 0),
        (expr == YEAR_UNCERTAIN, 1),
        else_=cast(expr, Integer),
    )
    return Digit(sql, 10000, _year_label)


def _year_label(n: int) -> str:
    return YEAR_UNDATED if n == 0 else YEAR_UNCERTAIN if n == 1 else str(n)


def packed(digits: Sequence[Digit]) -> Any | None:
    """The SQL of the packed key (the first digit varies slowest), or None when it does not fit."""
    size = 1
    for d in digits:
        size *= d.base
    if size >= _LIMIT or not digits:
        return None
    key: Any = cast(literal(0), BigInteger)
    for d in digits:
        key = key * d.base + d.sql
    return key


def unpacked(key: int, digits: Sequence[Digit]) -> tuple[Any, ...]:
    """The column values a packed key stands for."""
    out = []
    for d in reversed(digits):
        key, n = divmod(key, d.base)
        out.append(d.value(n))
    return tuple(reversed(out))
