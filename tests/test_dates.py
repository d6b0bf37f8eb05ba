"""Partial and approximate dates: parsing, bounds, errors, and the fast path against `edtf`."""

from __future__ import annotations

import datetime as dt

import pytest
from edtf import parse_edtf, struct_time_to_date
from hypothesis import given, settings
from hypothesis import strategies as st

from nsdocket.dates import DateError, edtf_bounds, parse_date


@pytest.mark.parametrize(
    ("cell", "edtf", "lower", "upper", "note"),
    [
        ("2020-07-01", "2020-07-01", "2020-07-01", "2020-07-01", ""),
        ("2020-11 (approx)", "2020-11~", "2020-11-01", "2020-11-30", "approx"),
        ("2020-08-10 (verify)", "2020-08-10?", "2020-08-10", "2020-08-10", "verify"),
        ("2024-05-28..2024-06-03", "2024-05-28/2024-06-03", "2024-05-28", "2024-06-03", ""),
        (
            "2021-11 (plea ~3 weeks before sentence)",
            "2021-11~",
            "2021-11-01",
            "2021-11-30",
            "plea ~3 weeks before sentence",
        ),
        ("2021 (date not retrieved)", "2021", "2021-01-01", "2021-12-31", "date not retrieved"),
        ("2020-2-3", "2020-02-03", "2020-02-03", "2020-02-03", ""),
        ("2024-02", "2024-02", "2024-02-01", "2024-02-29", ""),
        ("about 2021", "2021~", "2021-01-01", "2021-12-31", "about 2021"),
    ],
)
def test_date_cells(cell: str, edtf: str, lower: str, upper: str, note: str) -> None:
    parsed = parse_date(cell)
    assert (parsed.edtf, parsed.note) == (edtf, note)
    assert (parsed.lower, parsed.upper) == (
        dt.date.fromisoformat(lower),
        dt.date.fromisoformat(upper),
    )
    assert parsed.original == cell


@pytest.mark.parametrize("cell", ["(guilty plea)", "", "not known"])
def test_note_only_cells_are_unknown_dates(cell: str) -> None:
    parsed = parse_date(cell)
    assert parsed.edtf is None and parsed.lower is None and not parsed.known


@pytest.mark.parametrize(
    "cell", ["2021-13-45", "2020-02-30", "2021-00", "2023-02-29", "2024-06-03..2024-05-28"]
)
def test_impossible_dates_are_errors(cell: str) -> None:
    with pytest.raises(DateError, match=cell.split("..")[0][:7]):
        parse_date(cell)


def test_bounds_comparisons_are_explicit() -> None:
    month = parse_date("2020-11")
    assert month.possibly_on_or_before(dt.date(2020, 11, 15))
    assert not month.certainly_on_or_before(dt.date(2020, 11, 15))
    assert month.certainly_on_or_before(dt.date(2020, 11, 30))


@settings(max_examples=150, deadline=None)
@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.sampled_from(["day", "month", "year"]),
    st.sampled_from(["", "~", "?", "%"]),
)
def test_fast_bounds_agree_with_edtf(day: dt.date, precision: str, qualifier: str) -> None:
    text = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]
    text += qualifier
    parsed = parse_edtf(text)
    expected = (
        struct_time_to_date(parsed.lower_strict()),
        struct_time_to_date(parsed.upper_strict()),
    )
    assert edtf_bounds(text) == expected
