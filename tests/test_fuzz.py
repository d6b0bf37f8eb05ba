"""Fuzzing with hypothesis: the CSV importer, the date parser, the extractors, the claim checker.

Each must either succeed or fail with its own clear error, and never leave a partial write.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nsdocket.claims import check_claim, check_text, extract_claims
from nsdocket.claims.results import Claim
from nsdocket.dates import DateError, parse_date
from nsdocket.db.engine import open_database
from nsdocket.extract import extract_all
from nsdocket.ingest.errors import ImportFailed
from nsdocket.ingest.load_cases import import_cases
from nsdocket.ingest.seed_rows import SEED_COLUMNS
from nsdocket.queries.export import dumps
from tests.conftest import seed_rows, write_csv

ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
    max_size=200,
)
DATE_LIKE = st.from_regex(r"\A[0-9]{1,4}(-[0-9]{1,2}(-[0-9]{1,2})?)?( \(.{0,10}\))?\Z")


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_TEXT, DATE_LIKE))
def test_date_parser_never_crashes(cell: str) -> None:
    try:
        parsed = parse_date(cell)
    except DateError as exc:
        assert str(exc)
        return
    if parsed.lower is not None:
        assert parsed.upper is not None and parsed.lower <= parsed.upper


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_extractors_keep_their_spans(text: str) -> None:
    for span in extract_all(text):
        assert text[span.start : span.end] == span.text
    for found in extract_claims(text):
        assert text[found.start : found.end] == found.text
    check_text(text)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.none(), st.integers(min_value=-5, max_value=10_000)),
    st.one_of(st.none(), st.integers(min_value=-5, max_value=10_000)),
    st.one_of(st.none(), st.from_regex(r"\A-?[0-9]{1,3}(\.[0-9]{0,3})?%?\Z"), ANY_TEXT),
    st.sampled_from([None, "over", "at least", "almost", "about", "fewer than", "nonsense"]),
)
def test_claim_checker_always_gives_a_verdict(
    numerator: int | None, denominator: int | None, percent: str | None, qualifier: str | None
) -> None:
    result = check_claim(Claim("fuzz", numerator, denominator, percent, qualifier))
    assert result.verdict.value in ("consistent", "inconsistent", "not_checkable")
    assert result.reason


COLUMN = st.sampled_from(list(SEED_COLUMNS))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 4), COLUMN, ANY_TEXT), min_size=1, max_size=4))
def test_importer_all_or_nothing(edits: list[tuple[int, str, str]]) -> None:
    rows = [dict(r) for r in seed_rows()[:5]]
    for index, column, value in edits:
        rows[index][column] = value
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(f"sqlite:///{tmp}/fuzz.db")
        path = write_csv(Path(tmp) / "fuzz.csv", list(SEED_COLUMNS), rows)
        before = dumps(engine)
        try:
            import_cases(engine, path)
        except ImportFailed as exc:
            assert exc.problems and all(p.file == "fuzz.csv" for p in exc.problems)
            assert dumps(engine) == before
        engine.dispose()
