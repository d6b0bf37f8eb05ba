"""Export then import into an empty database gives the same export; the schema matches code."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from typer.testing import CliRunner

from nsdocket.db.documents_schema import include_object
from nsdocket.db.engine import open_database
from nsdocket.db.schema import metadata
from nsdocket.ingest.load_cases import import_cases
from nsdocket.ingest.seed_rows import SEED_COLUMNS
from nsdocket.queries.export import dump, restore
from tests.conftest import invoke, seed_rows, write_csv

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\x00"),
    max_size=40,
)
DATES = st.one_of(
    st.just(""),
    st.dates().map(lambda d: d.isoformat()[: 4 + 6 * (d.day % 2)]),
    st.dates().map(lambda d: f"{d.isoformat()[:7]} (approx)"),
    st.just("(guilty plea)"),
)


@st.composite
def seed_files(draw: st.DrawFn) -> list[dict[str, str]]:
    templates = seed_rows()
    count = draw(st.integers(min_value=1, max_value=6))
    rows = []
    for i in range(count):
        base = dict(draw(st.sampled_from(templates)))
        base.update(
            row_id=f"T{i}",
            case_group=f"HKSAR v {draw(st.sampled_from(['A', 'B', 'C']))} (DCCC {i}/2021)",
            defendant=f"Person {i}" if base["entity_type"] in ("person",) else base["defendant"],
            arrest_date=draw(DATES),
            conduct_summary=draw(TEXT).strip(),
            notes=draw(TEXT).strip(),
        )
        if base["entity_type"] not in ("person",):
            base["defendant"] = (
                f"{base['defendant']} {i}" if "+" not in base["defendant"] else base["defendant"]
            )
        rows.append(base)
    # one group row per file at most: the named person in it must be unique per case
    seen_group = False
    out = []
    for r in rows:
        if r["entity_type"].startswith("group"):
            if seen_group:
                continue
            seen_group = True
        out.append(r)
    return out


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed_files())
def test_export_import_export_is_stable(rows: list[dict[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(Path(tmp) / "gen.csv", list(SEED_COLUMNS), rows)
        first = open_database(f"sqlite:///{tmp}/a.db")
        import_cases(first, path)
        exported = dump(first)
        second = open_database(f"sqlite:///{tmp}/b.db")
        restore(second, json.loads(json.dumps(exported)), actor="test")
        again = dump(second)
        # the restore itself is one more audit entry; everything else is identical
        restore_entries = [e for e in again["tables"]["audit_log"] if e["action"] == "restore"]
        assert len(restore_entries) == 1
        again["tables"]["audit_log"] = [
            e for e in again["tables"]["audit_log"] if e["action"] != "restore"
        ]
        assert again == exported
        first.dispose()
        second.dispose()


def test_cli_dump_and_restore(
    runner: CliRunner, db_url: str, loaded: Engine, tmp_path: Path
) -> None:
    backup = tmp_path / "backup.json"
    code, _, _ = invoke(runner, db_url, "export", "all", "--out", str(backup))
    assert code == 0
    copy_url = f"sqlite:///{tmp_path / 'copy.db'}"
    code, _, err = invoke(runner, copy_url, "import", "dump", str(backup))
    assert code == 0, err
    code, _, err = invoke(runner, copy_url, "import", "dump", str(backup))
    assert code == 1 and "the database is not empty" in err
    for table in ("defendant", "charge", "event"):
        _, a, _ = invoke(runner, db_url, "export", table, "-f", "json", "--include-sensitive")
        _, b, _ = invoke(runner, copy_url, "export", table, "-f", "json", "--include-sensitive")
        assert a == b


def test_migrations_match_the_schema_in_code(engine: Engine) -> None:
    with engine.connect() as connection:
        # the full-text index (FTS5 tables, PostgreSQL GIN indexes) is hand-made in migration 0004
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_restore_into_the_same_backend_then_keep_writing(
    db_url: str, loaded: Engine, tmp_path: Path
) -> None:
    from tests.backends import drop_postgres_database, new_postgres_database

    data = json.loads(json.dumps(dump(loaded)))
    target = (
        new_postgres_database() if db_url.startswith("postgresql") else f"sqlite:///{tmp_path}/c.db"
    )
    copy = open_database(target)
    try:
        restore(copy, data, actor="test")
        # new rows get fresh ids after a restore (sequences moved past the restored ids)
        import_cases(copy, Path(__file__).resolve().parent / "data" / "one_row.csv")
        copy_dump = dump(copy)
        ids = [r["id"] for r in copy_dump["tables"]["case"]]
        assert len(ids) == len(set(ids)) == len(data["tables"]["case"]) + 1
    finally:
        copy.dispose()
        if target.startswith("postgresql"):
            drop_postgres_database(target)


def test_schema_head_is_the_newest_migration(engine: Engine) -> None:
    from nsdocket.db.engine import SCHEMA_HEAD, current_revision, head_revision

    assert SCHEMA_HEAD == head_revision(str(engine.url)) == current_revision(engine)


def test_an_up_to_date_database_opens_without_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    open_database(url).dispose()  # migrated here, in this process
    check = (
        "import sys; from nsdocket.db.engine import open_database; "
        f"open_database({url!r}); "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'numpy')); "
        "print(loaded)"
    )
    out = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
