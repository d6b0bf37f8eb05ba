"""Injection: SQL and full-text syntax in every query parameter, hostile text in every stored field.

Every query parameter of every GET route gets SQL, FTS and hostile strings: no response is a
5xx, none shows a planted sensitive marker, and the database is unchanged afterwards. Then the
importer gets a file whose every cell is a hostile string: each cell is either stored as it is
or refused with a clean problem, and every page, export, the release and the report still work.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from nsdocket import users
from nsdocket.db.schema import case, case_defendant, defendant
from nsdocket.ingest.errors import ImportFailed
from nsdocket.ingest.load_cases import import_cases
from nsdocket.ingest.seed_rows import SEED_COLUMNS
from nsdocket.queries.export import dumps, exportable_tables
from nsdocket.stats.figures import ALL_MEASURES
from tests.conftest import invoke, seed_rows, write_csv
from tests.load.site import FAST_HASHER, TeamSite, browser, team_site
from tests.test_reliability_confidential import body_text, leaks, plant
from tests.test_web_access import api_routes

SQL = [
    "' OR '1'='1",
    '\'; DROP TABLE "case"; --',
    "'; DROP TABLE case; --",
    "1 UNION SELECT password_hash FROM user_account --",
    "1) OR (1=1",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "1; DELETE FROM defendant",
]
FTS = ['"unbalanced', "NEAR(hong kong)", "a AND", "OR", "*", "-", "a:*", "!!", "& |", "title:x"]
HOSTILE = [
    "<script>alert('x')</script>",
    "\u202eevil\u202c \u200fשלום\u200f",
    "{{ 7*7 }}",
    '=HYPERLINK("http://x")',
    "L" + "o" * 10_000 + "ng",
    "nul\x00byte",  # NUL
    "line\r\nbreak",
    "😀 𠜎 香港",
    "-1",
    "99999999999",
]
NUL = "nul\x00byte"
QUERY_VALUES = [*SQL, *FTS, *(h for h in HOSTILE if h != NUL)]  # NUL: its own test below


@pytest.fixture
def site(loaded: Engine) -> Iterator[TeamSite]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "HASHER", FAST_HASHER)
        built = team_site(loaded)
        plant(built)
        yield built


def query_targets(site: TeamSite) -> list[tuple[str, str]]:
    """(path, parameter) for every query parameter of every public GET route."""
    targets = []
    for route in api_routes(site.app):
        if "GET" not in route.methods:
            continue
        path = route.path.replace("{measure}", ALL_MEASURES[0])
        if "{" in path:
            continue
        targets.extend((path, p.alias) for p in route.dependant.query_params)
    return targets


def test_query_parameters_take_sql_and_fts_syntax(site: TeamSite) -> None:
    before = dumps(site.engine)
    anonymous = browser(site.app, raise_errors=False)
    targets = query_targets(site)
    assert {("/cases", "q"), ("/cases", "sort"), ("/cases", "law")} <= set(targets)
    problems, count = [], 0
    for path, param in targets:
        for number, value in enumerate(QUERY_VALUES):
            # Every other value goes to the JSON twin: both renderings see each kind of value.
            url = ("/index" if path == "/" else path) + ".json" if number % 2 else path
            response = anonymous.get(url, params={param: value})
            count += 1
            if response.status_code >= 500:
                problems.append(f"{url}?{param}={value[:40]!r}: {response.status_code}")
            elif leaks(body_text(response)):
                problems.append(f"{url}?{param}={value[:40]!r} shows a marker")
    print(f"\ninjection: {len(targets)} parameters x {len(QUERY_VALUES)} values, {count} requests")
    assert not problems, "\n".join(problems[:30])
    assert dumps(site.engine) == before, "reading changed nothing"


def test_a_nul_byte_in_any_query_parameter(site: TeamSite) -> None:
    anonymous = browser(site.app, raise_errors=False)
    failed = []
    for path, param in query_targets(site):
        for url in (path, ("/index" if path == "/" else path) + ".json"):
            status = anonymous.get(url, params={param: NUL}).status_code
            if status >= 500:
                failed.append(f"{url}?{param}: {status}")
    assert not failed, failed


def hostile_file(tmp_path: Path) -> tuple[Path, list[dict[str, str]], list[dict[str, str]]]:
    """A case file with one row per hostile string, every cell but the row id set to it."""
    templates = [
        {**row, "case_group": f"HKSAR v Hostile Person {i}", "defendant": f"Hostile Person {i}"}
        for i, row in enumerate(seed_rows()[1 : 1 + len(HOSTILE)])
    ]
    rows = [
        {
            **{column: text for column in SEED_COLUMNS},
            "row_id": f"H{i:03d}",
        }
        for i, text in enumerate(HOSTILE)
    ]
    return write_csv(tmp_path / "hostile.csv", list(SEED_COLUMNS), rows), rows, templates


def count_cases(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(case)).scalar_one())


def record_lines(path: Path) -> dict[int, int]:
    """The line each record of a CSV file starts on, mapped to the record's index."""
    starts = {}
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        start = 2
        for index, _ in enumerate(reader):
            starts[start] = index
            start = reader.line_num + 1
    return starts


def test_hostile_strings_in_every_stored_field(
    site: TeamSite, db_url: str, runner: CliRunner, tmp_path: Path
) -> None:
    path, rows, templates = hostile_file(tmp_path)
    before = dumps(site.engine)
    cases_before = count_cases(site.engine)
    # Each refused cell gets its original value back and the file is tried again; problems
    # come in stages (file, then rows), so it can take a few passes.
    rejected: set[tuple[int, str]] = set()
    for _ in range(5):
        try:
            report = import_cases(site.engine, path, actor="test")
            break
        except ImportFailed as refused:
            assert dumps(site.engine) == before, "a refused file writes nothing"
            assert all(p.expected for p in refused.problems)
            row_at = record_lines(path)
            for problem in refused.problems:
                line, column = problem.line, problem.column
                assert column in SEED_COLUMNS and line in row_at, str(problem)
                rows[row_at[line]][column] = templates[row_at[line]][column]
                rejected.add((row_at[line], column))
            write_csv(path, list(SEED_COLUMNS), rows)
    else:
        pytest.fail("the file was still refused after reverting every refused cell")
    stored = sum(1 for row in rows for c in SEED_COLUMNS if c != "row_id" and row[c] in HOSTILE)
    print(
        f"\nhostile import: {len(HOSTILE)} strings x {len(SEED_COLUMNS) - 1} columns: "
        f"{stored} cells stored, {len(rejected)} refused with a problem"
    )
    assert stored >= len(HOSTILE) * 5, "most text columns take any text"
    assert report is not None
    with site.engine.connect() as connection:
        names = set(connection.execute(select(defendant.c.name)).scalars())
        new_cases = connection.execute(
            select(case_defendant.c.case_id, case_defendant.c.defendant_id).where(
                case_defendant.c.seed_row_id.in_([row["row_id"] for row in rows])
            )
        ).all()
    assert count_cases(site.engine) == cases_before + len(HOSTILE), "every row imported"
    kept = [text for text in HOSTILE if text in names]
    assert kept, "hostile names are stored as they are"
    check_pages(site, new_cases)
    check_outputs(db_url, runner, tmp_path)


def check_pages(site: TeamSite, pairs: list[Any]) -> None:
    urls = ["/", "/cases?limit=200", *(f"/figures/{m}?limit=1000" for m in ALL_MEASURES)]
    for case_id, defendant_id in pairs:
        urls += [f"/cases/{case_id}", f"/defendants/{defendant_id}"]
    for text in HOSTILE[:4]:
        urls.append("/cases?" + urlencode({"q": text}))
    for who in ("anonymous", "admin"):
        client = browser(site.app, who, raise_errors=False)
        for url in urls:
            path, _, query = url.partition("?")
            twin = ("/index" if path == "/" else path) + ".json" + (f"?{query}" if query else "")
            for target in (url, twin):
                response = client.get(target)
                assert response.status_code == 200, (who, target, response.status_code)


def check_outputs(db_url: str, runner: CliRunner, tmp_path: Path) -> None:
    for table in exportable_tables():
        code, _, err = invoke(runner, db_url, "export", table, "--format", "json")
        assert code == 0, (table, err)
    code, _, err = invoke(runner, db_url, "release", str(tmp_path / "release"))
    assert code == 0, err
    as_of = dt.date.today().isoformat()
    out = tmp_path / "report.html"
    code, _, err = invoke(runner, db_url, "report", "--as-of", as_of, "--out", str(out))
    assert code == 0, err
    assert "<script>alert('x')</script>" not in out.read_text(encoding="utf-8")


def test_a_nul_byte_is_a_clean_problem(loaded: Engine, tmp_path: Path) -> None:
    row = {**seed_rows()[1], "row_id": "N001", "notes": "before\x00after"}
    path = write_csv(tmp_path / "nul.csv", list(SEED_COLUMNS), [row])
    before = dumps(loaded)
    with pytest.raises(ImportFailed, match="NUL") as refused:
        import_cases(loaded, path)
    assert [(p.line, p.column) for p in refused.value.problems] == [(2, "notes")]
    assert dumps(loaded) == before


def test_a_prosecution_already_in_the_database_is_a_clean_problem(
    loaded: Engine, tmp_path: Path
) -> None:
    row = {**seed_rows()[5], "row_id": "D001"}
    path = write_csv(tmp_path / "again.csv", list(SEED_COLUMNS), [row])
    before = dumps(loaded)
    with pytest.raises(ImportFailed):
        import_cases(loaded, path)
    assert dumps(loaded) == before
