"""The streaming import: a file larger than the process's memory limit imports; every problem
of a file is listed however far apart; rows inserted many at a time keep a readable history,
can be reverted, and survive a downgrade of the schema."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, func, select

from nsdocket.db.audit import history, revert
from nsdocket.db.engine import alembic_config, open_database
from nsdocket.db.schema import audit_log, case_defendant
from nsdocket.db.writer import Writer
from nsdocket.ingest.errors import ImportFailed
from nsdocket.ingest.load_cases import import_cases
from nsdocket.ingest.seed_rows import SEED_COLUMNS
from nsdocket.queries.export import dumps
from tests.conftest import seed_rows, write_csv

LIMIT_MIB = 400  # address space the import may add to what the loaded program already maps
SUMMARY_CHARS = 9_000


def _rows(n: int, summary: str = "") -> list[dict[str, str]]:
    template = seed_rows()[1]
    return [
        {
            **template,
            "row_id": f"S{i:06d}",
            "case_group": f"HKSAR v Streamed {i} (DCCC {i}/2023)",
            "defendant": f"Person Streamed-{i}",
            **({"conduct_summary": f"{i} {summary}"} if summary else {}),
        }
        for i in range(n)
    ]


_CHILD = textwrap.dedent(
    """
    import resource, sys
    from pathlib import Path
    from nsdocket.db.engine import open_database
    from nsdocket.ingest.load_cases import import_cases

    engine = open_database(sys.argv[1])
    with engine.connect():
        pass
    mapped = next(
        int(line.split()[1]) * 1024
        for line in open("/proc/self/status")
        if line.startswith("VmSize:")
    )
    limit = mapped + int(sys.argv[3]) * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if sys.argv[4] == "hold":  # the control: holding the file's text must fail
        text = Path(sys.argv[2]).read_text() * 2
        print("held", len(text))
        raise SystemExit(0)
    report = import_cases(engine, Path(sys.argv[2]))
    print("imported", report.rows)
    """
)


@pytest.mark.slow
def test_a_file_larger_than_the_memory_limit_imports(tmp_path: Path) -> None:
    rows = 26_000
    path = write_csv(tmp_path / "big.csv", list(SEED_COLUMNS), _rows(rows, "x" * SUMMARY_CHARS))
    size_mib = path.stat().st_size / 2**20
    assert size_mib > LIMIT_MIB / 2, size_mib
    url = f"sqlite:///{tmp_path / 'big.db'}"
    script = tmp_path / "child.py"
    script.write_text(_CHILD)

    def child(mode: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(script), url, str(path), str(LIMIT_MIB), mode],
            capture_output=True,
            text=True,
            timeout=1500,
        )

    control = child("hold")
    assert control.returncode != 0 and "MemoryError" in control.stderr, control.stdout
    done = child("import")
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"imported {rows}" in done.stdout
    engine = open_database(url)
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(case_defendant)).scalar()
    assert count == rows


@pytest.mark.parametrize("in_child", [False, True], ids=["in-process", "in-child"])
def test_every_problem_is_listed_however_far_apart(
    tmp_path: Path, loaded: Engine, in_child: bool
) -> None:
    rows = _rows(4_500)
    rows[3]["arrest_date"] = "2021-02-30"
    rows[2_500]["law"] = "Unknown Ordinance"
    rows[4_499]["verdict"] = "maybe"
    rows[4_000]["row_id"] = rows[10]["row_id"]
    # the defendant of row 20 again in its case, two chunks later
    rows[4_200] = {
        **rows[4_200],
        "case_group": rows[20]["case_group"],
        "defendant": rows[20]["defendant"],
    }
    path = write_csv(tmp_path / "bad.csv", list(SEED_COLUMNS), rows)
    before = dumps(loaded)
    with pytest.raises(ImportFailed) as failed:
        import_cases(loaded, path, in_child=in_child)
    problems = failed.value.problems
    where = {(p.line, p.column) for p in problems}
    assert {
        (5, "arrest_date"), (2502, "law"), (4501, "verdict"), (4002, "row_id"),
        (4202, "defendant"),
    } <= where  # fmt: skip
    (twice,) = [p for p in problems if p.line == 4202]
    assert (
        twice.expected == f"one row per defendant in a case (already in row {rows[20]['row_id']})"
    )
    assert dumps(loaded) == before


def _spread_rows() -> list[dict[str, str]]:
    """Rows whose cases and people span chunks: what a case's rows say of it is settled only
    once the file is read."""
    from nsdocket.ingest.checking import CHUNK_ROWS

    rows = _rows(CHUNK_ROWS * 2 + 50)
    first, later = rows[5], rows[CHUNK_ROWS + 30]
    later["case_group"] = first["case_group"]
    later["defendant"] = "Person Joining-Later"
    later["verdict"] = "pending"
    later["court"] = "High Court"
    rows[CHUNK_ROWS * 2 + 10]["defendant"] = rows[7]["defendant"]  # one person, two cases
    return rows


def test_a_file_checked_in_a_child_writes_what_one_checked_in_process_writes(
    tmp_path: Path,
) -> None:
    from tests.test_import_fast_paths import _tables

    path = write_csv(tmp_path / "rows.csv", list(SEED_COLUMNS), _spread_rows())
    written = []
    for in_child in (False, True):
        db = tmp_path / f"child-{in_child}.db"
        engine = open_database(f"sqlite:///{db}")
        report = import_cases(engine, path, in_child=in_child)
        assert not import_cases(engine, path, in_child=in_child).changed
        engine.dispose()
        written.append(_tables(db))
        assert [name for name, _ in report.shared_defendants] == [_spread_rows()[7]["defendant"]]
    assert written[0].keys() == written[1].keys()
    for table in written[0]:
        assert written[0][table] == written[1][table], table


@pytest.mark.parametrize("in_child", [False, True], ids=["in-process", "in-child"])
def test_a_case_named_in_two_chunks_is_settled_and_audited_once(
    tmp_path: Path, in_child: bool
) -> None:
    from nsdocket.db.schema import case

    rows = _spread_rows()
    engine = open_database(f"sqlite:///{tmp_path / 'settled.db'}")
    report = import_cases(
        engine, write_csv(tmp_path / "rows.csv", list(SEED_COLUMNS), rows), in_child=in_child
    )
    with engine.connect() as connection:
        settled = connection.execute(
            select(case).where(case.c.title == rows[5]["case_group"])
        ).one()
    assert "rows name different courts" in " ".join(report.warnings)
    (inserted,) = history(engine, "case", settled.id)
    assert inserted.action == "insert" and inserted.after is not None
    assert inserted.after["status"] == settled.status
    assert inserted.after["court"] == settled.court


def test_rows_inserted_many_at_a_time_have_a_history_and_revert(
    tmp_path: Path, engine: Engine
) -> None:
    path = write_csv(tmp_path / "rows.csv", list(SEED_COLUMNS), _rows(30))
    import_cases(engine, path)
    with engine.connect() as connection:
        entries = connection.execute(
            select(func.count()).where(audit_log.c.table_name == "case_defendant")
        ).scalar()
        row = connection.execute(
            select(case_defendant).where(case_defendant.c.seed_row_id == "S000017")
        ).one()
    assert entries == 1  # one entry for the 30 rows
    (inserted,) = history(engine, "case_defendant", row.id)
    assert inserted.action == "insert" and inserted.row_id == row.id
    assert inserted.after is not None and inserted.after["seed_row_id"] == "S000017"
    with engine.begin() as connection:
        Writer(connection, actor="test").update(case_defendant, row.id, {"plea": "guilty"})
    assert revert(engine, "case_defendant", row.id, inserted.id, actor="test") is not None
    with engine.connect() as connection:
        plea = connection.execute(
            select(case_defendant.c.plea).where(case_defendant.c.id == row.id)
        ).scalar()
    assert plea == row.plea
    assert [e.action for e in history(engine, "case_defendant", row.id)] == [
        "insert",
        "update",
        "update",
    ]


def test_a_downgrade_writes_entries_for_many_rows_out_row_by_row(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'down.db'}"
    engine = open_database(url)
    import_cases(engine, write_csv(tmp_path / "rows.csv", list(SEED_COLUMNS), _rows(12)))
    with engine.connect() as connection:
        images = connection.execute(
            select(func.sum(func.coalesce(audit_log.c.row_id_last - audit_log.c.row_id + 1, 1)))
        ).scalar()
    engine.dispose()
    command.downgrade(alembic_config(url), "0009")
    import sqlite3

    with sqlite3.connect(tmp_path / "down.db") as connection:
        (count,) = connection.execute("SELECT count(*) FROM audit_log").fetchone()
        columns = [c[1] for c in connection.execute("PRAGMA table_info(audit_log)")]
    assert count == images and "row_id_last" not in columns
    command.upgrade(alembic_config(url), "head")


def test_a_person_named_again_in_a_later_chunk_keeps_one_of_each_name(tmp_path: Path) -> None:
    from nsdocket.db.schema import defendant_name
    from nsdocket.ingest.checking import CHUNK_ROWS

    rows = _rows(CHUNK_ROWS + 5)
    rows[-1] = {**rows[-1], "defendant": rows[0]["defendant"]}  # same person, a later chunk
    engine = open_database(f"sqlite:///{tmp_path / 'chunks.db'}")
    report = import_cases(engine, write_csv(tmp_path / "rows.csv", list(SEED_COLUMNS), rows))
    assert report.rows == CHUNK_ROWS + 5
    with engine.connect() as connection:
        forms = connection.execute(
            select(defendant_name.c.form, func.count())
            .where(defendant_name.c.name == rows[0]["defendant"])
            .group_by(defendant_name.c.form)
        ).all()
    assert [tuple(f) for f in forms] == [("reported", 1)]
