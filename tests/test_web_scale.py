"""The case list stays fast: a fixed number of queries per page, and quick at 100,000 defendants."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, insert, select

from nsdocket.db.engine import open_database
from nsdocket.db.schema import case, case_defendant, charge, defendant, jurisdiction, law
from nsdocket.db.schema import event as event_table
from nsdocket.web import create_app
from nsdocket.web.auth import WebSettings
from tests.test_web_support import Site, client, site  # noqa: F401


@contextmanager
def count_queries(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_case_list_queries_do_not_grow_with_the_page(site: Site) -> None:  # noqa: F811
    browser = client(site.app)
    counts = []
    for limit in (1, 10, 200):
        with count_queries(site.engine) as seen:
            assert browser.get(f"/cases.json?limit={limit}&law=NSL").status_code == 200
        counts.append(len(seen))
    assert counts[0] == counts[1] == counts[2], counts


def fill_database(engine: Engine, defendants: int, per_case: int = 5) -> None:
    """Many synthetic prosecutions, written in bulk (test data, not an import)."""
    with engine.begin() as connection:
        hk = connection.execute(insert(jurisdiction).values(code="hk", name="Hong Kong"))
        hk_id = hk.inserted_primary_key[0]
        nsl = connection.execute(
            insert(law).values(
                jurisdiction_id=hk_id,
                code="NSL",
                name="National Security Law",
                short_name="NSL",
                national_security=True,
            )
        ).inserted_primary_key[0]
        cases = defendants // per_case
        connection.execute(
            insert(case),
            [
                {
                    "id": i,
                    "jurisdiction_id": hk_id,
                    "case_key": f"DCCC {i}/2022",
                    "key_aliases": [],
                    "title": f"HKSAR v Person {i}",
                    "status": ("concluded", "pending")[i % 2],
                }
                for i in range(1, cases + 1)
            ],
        )
        connection.execute(
            insert(defendant),
            [
                {
                    "id": i,
                    "kind": "person",
                    "name": f"Person {i}",
                    "name_key": f"person {i}",
                    "name_original": f"Person {i}",
                    "aliases": [],
                }
                for i in range(1, defendants + 1)
            ],
        )
        connection.execute(
            insert(case_defendant),
            [
                {"id": i, "case_id": (i - 1) // per_case + 1, "defendant_id": i, "outcome": "x"}
                for i in range(1, defendants + 1)
            ],
        )
        connection.execute(
            insert(charge),
            [
                {
                    "case_defendant_id": i,
                    "position": 1,
                    "text": "t",
                    "law_id": nsl if i % 3 else None,
                    "outcome": "x",
                }
                for i in range(1, defendants + 1)
            ],
        )
        connection.execute(
            insert(event_table),
            [
                {
                    "case_defendant_id": i,
                    "kind": "arrest",
                    "date_edtf": "2021",
                    "date_lower": dt.date(2020 + i % 5, 1, 1),
                    "date_upper": dt.date(2020 + i % 5, 12, 31),
                }
                for i in range(1, defendants + 1)
            ],
        )


@pytest.mark.slow
def test_case_list_is_fast_at_100k_defendants(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'big.db'}")
    fill_database(engine, 100_000)
    with engine.connect() as connection:
        assert connection.execute(select(defendant.c.id).where(defendant.c.id == 100_000)).first()
    browser = client(create_app(engine, WebSettings()))
    for url in (
        "/cases.json?limit=50",
        "/cases.json?limit=50&offset=19900",
        "/cases.json?law=NSL&status=pending&limit=50",
        "/cases.json?kind=person&q=person%2077&limit=50",
        "/cases.json?year=2022&limit=50",
        "/cases?limit=200&law=NSL",
    ):
        browser.get(url)  # warm the page cache once
        started = time.perf_counter()
        response = browser.get(url)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, url
        assert elapsed < 2.0, f"{url} took {elapsed:.2f}s"
    assert browser.get("/cases.json?limit=1").json()["total"] == 20_000
    # Arrests fall in 2020-2024 by defendant id modulo 5: every case's first arrest is in 2020,
    # and the year filter reads the first arrest, so no case is listed under 2022.
    assert browser.get("/cases.json?year=2020&limit=1").json()["total"] == 20_000
    assert browser.get("/cases.json?year=2022&limit=1").json()["total"] == 0
    engine.dispose()


def test_withheld_rows_are_read_through_an_index(tmp_path: Path) -> None:
    """Every public page reads the sensitive rows; that read must not scan the tables."""
    engine = open_database(f"sqlite:///{tmp_path / 'plan.db'}")
    with engine.connect() as connection:
        for table in ("defendant", "source"):
            plan = connection.exec_driver_sql(
                f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE sensitive IS 1"
            ).all()
            details = " ".join(str(row[-1]) for row in plan)
            assert f"ix_{table}_sensitive" in details, details
    engine.dispose()


def test_withheld_names_are_compiled_before_the_first_visitor(site: Site) -> None:  # noqa: F811
    from nsdocket.queries import scrub

    scrub._pattern_for.cache_clear()
    with client(site.app) as browser:  # entering runs the app's start-up
        assert scrub._pattern_for.cache_info().currsize == 1, "compiled at start-up"
        assert browser.get("/cases").status_code == 200
        assert scrub._pattern_for.cache_info().misses == 1, "the first visitor compiled nothing"


def test_concurrent_first_requests_compile_the_pattern_once() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from nsdocket.queries import scrub

    scrub._pattern_for.cache_clear()
    # enough names that compiling takes a while, so that the four requests overlap
    names = tuple(f"Name{i:05d} Surname{i % 97:03d}-tai" for i in range(3000))
    with ThreadPoolExecutor(max_workers=4) as pool:
        patterns = list(pool.map(lambda _: scrub.compiled_pattern(names, ()), range(4)))
    assert scrub._pattern_for.cache_info().misses == 1
    assert all(p is patterns[0] for p in patterns)
