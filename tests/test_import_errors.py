"""Bad input gets a clear message naming file, line and field, and leaves the database as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from nsdocket.ingest.errors import ImportFailed
from nsdocket.ingest.load_cases import import_cases
from nsdocket.ingest.seed_rows import SEED_COLUMNS
from nsdocket.ingest.small_tables import import_claims
from nsdocket.queries.export import dumps
from tests.conftest import invoke, seed_rows, write_csv


def _bad_file(tmp_path: Path, column: str, value: str, row: int = 0) -> Path:
    rows = seed_rows()[:5]
    rows[row] = {**rows[row], column: value}
    return write_csv(tmp_path / "bad.csv", list(SEED_COLUMNS), rows)


def _problems(engine: Engine, path: Path) -> list[str]:
    before = dumps(engine)
    with pytest.raises(ImportFailed) as info:
        import_cases(engine, path)
    assert dumps(engine) == before, "a failed import changed the database"
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("arrest_date", "2021-13-45", "bad.csv:2: column 'arrest_date' value '2021-13-45'"),
        ("verdict_date", "2020-02-30", "bad.csv:2: column 'verdict_date' value '2020-02-30'"),
        ("law", "Martian Law", "unknown law 'Martian Law'"),
        ("charge", "secession (NSL art.99)", "unknown provision NSL 99"),
        ("charge", "sedition (Cap.999 s.1)", "unknown law 'Cap.999'"),
        ("entity_type", "robot", "column 'entity_type' value 'robot'"),
        ("sentence_months", "ten", "a whole number of months"),
        ("verdict", "maybe", "column 'verdict' value 'maybe'"),
        ("defendant", "", "column 'defendant'"),
    ],
)
def test_bad_cells(loaded: Engine, tmp_path: Path, column: str, value: str, expected: str) -> None:
    problems = _problems(loaded, _bad_file(tmp_path, column, value))
    assert any(expected in p for p in problems), problems


def test_every_problem_listed_in_one_pass(loaded: Engine, tmp_path: Path) -> None:
    rows = seed_rows()[:5]
    rows[1] = {**rows[1], "arrest_date": "2021-13-45"}
    rows[3] = {**rows[3], "law": "Martian Law"}
    problems = _problems(loaded, write_csv(tmp_path / "bad.csv", list(SEED_COLUMNS), rows))
    assert any("bad.csv:3:" in p for p in problems) and any("bad.csv:5:" in p for p in problems)


def test_wrong_and_missing_header(loaded: Engine, tmp_path: Path) -> None:
    rows = [{("name" if k == "defendant" else k): v for k, v in r.items()} for r in seed_rows()[:2]]
    header = ["name" if c == "defendant" else c for c in SEED_COLUMNS]
    problems = _problems(loaded, write_csv(tmp_path / "bad.csv", header, rows))
    assert "bad.csv:1: column 'defendant' missing column" in problems
    assert any("column 'name'" in p and "unknown column" in p for p in problems)


def test_duplicate_row_id(loaded: Engine, tmp_path: Path) -> None:
    rows = seed_rows()[:3]
    rows[2] = {**rows[2], "row_id": rows[0]["row_id"]}
    problems = _problems(loaded, write_csv(tmp_path / "bad.csv", list(SEED_COLUMNS), rows))
    assert any("bad.csv:4: column 'row_id'" in p and "also on line 2" in p for p in problems)


def test_non_utf8_bytes(loaded: Engine, tmp_path: Path) -> None:
    path = _bad_file(tmp_path, "notes", "placeholder")
    path.write_bytes(path.read_bytes().replace(b"placeholder", b"caf\xe9 \xff"))
    problems = _problems(loaded, path)
    assert problems == [p for p in problems if "bad.csv:2" in p and "not UTF-8" in p]


def test_empty_file_and_header_only(loaded: Engine, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert _problems(loaded, empty) == ["empty.csv: the file is empty"]
    header_only = write_csv(tmp_path / "header.csv", list(SEED_COLUMNS), [])
    assert _problems(loaded, header_only) == ["header.csv: the file has a header but no rows"]


def test_ragged_row(loaded: Engine, tmp_path: Path) -> None:
    path = _bad_file(tmp_path, "notes", "x")
    lines = path.read_text().splitlines()
    lines[3] = lines[3] + ",extra"
    path.write_text("\n".join(lines) + "\n")
    assert any("bad.csv:4:" in p and "21 fields" in p for p in _problems(loaded, path))


def test_hostile_strings_are_stored_as_text(engine: Engine, tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script>'; DROP TABLE case; -- \u202eevil 中文"
    path = _bad_file(tmp_path, "conduct_summary", hostile)
    import_cases(engine, path)
    assert hostile in dumps(engine)


@pytest.mark.slow
def test_ten_thousand_rows_with_one_bad_row_at_the_end(loaded: Engine, tmp_path: Path) -> None:
    template = seed_rows()[1]
    rows = [
        {
            **template,
            "row_id": f"X{i:05d}",
            "case_group": f"HKSAR v Person {i} (DCCC {i}/2021)",
            "defendant": f"Person Number-{i}",
        }
        for i in range(10_000)
    ]
    rows[-1] = {**rows[-1], "arrest_date": "2020-02-30"}
    problems = _problems(loaded, write_csv(tmp_path / "big.csv", list(SEED_COLUMNS), rows))
    assert problems == [p for p in problems if p.startswith("big.csv:10001: column 'arrest_date'")]
    assert len(problems) == 1


def test_bad_claims_file(loaded: Engine, tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        "publisher,date,claim,numerator,denominator,percent_as_published,scope,source_url\n"
        "A,2025-06-30,x,90,78,84.6,NSL,\n"
        "B,2025-02-30,y,1,2,fifty,NSL,\n"
    )
    before = dumps(loaded)
    with pytest.raises(ImportFailed) as info:
        import_claims(loaded, path)
    text = [str(p) for p in info.value.problems]
    assert any("claims.csv:2: column 'numerator'" in t for t in text)
    assert any("claims.csv:3: column 'date'" in t for t in text)
    assert any("claims.csv:3: column 'percent_as_published'" in t for t in text)
    assert dumps(loaded) == before


def test_cli_reports_problems_without_traceback(
    runner: CliRunner, db_url: str, loaded: Engine, tmp_path: Path
) -> None:
    path = _bad_file(tmp_path, "arrest_date", "2021-13-45")
    code, out, err = invoke(runner, db_url, "import", "cases", str(path))
    assert code == 1
    assert "nothing was imported: 1 problem found" in err
    assert "bad.csv:2: column 'arrest_date'" in err
    assert "Traceback" not in out + err
    code, _, err = invoke(runner, db_url, "import", "cases", str(tmp_path / "missing.csv"))
    assert code == 1 and "missing.csv: cannot read" in err
