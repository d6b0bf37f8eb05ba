"""The open data release: a valid data package, checksums, a changelog, and nothing sensitive."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from nsdocket.db.schema import case, case_defendant, claim, defendant, evidence, source
from nsdocket.db.writer import Writer
from nsdocket.release import ReleaseError, verify_checksums, write_release
from nsdocket.release.tables import RELEASED
from tests.conftest import invoke

# Values planted in sensitive fields; none may appear in any released file.
MARKERS = (
    "zqxmarker",  # the sensitive defendant's name, also put into a case title and notes
    "zqxalias",
    "標記測試者",
    "zqx-marker.example",  # a sensitive source's address
    "zqxsourcetitle",
)
# The bundled data's own sensitive defendants (minors), named in a case title.
BUNDLED_SENSITIVE = re.compile(rb"wong\W{0,3}chun\W{0,3}wai|ho\W{0,3}yu\W{0,3}wang")


def plant_markers(engine: Engine) -> int:
    """Mark one defendant and one source sensitive, with marker values in every withheld
    field and in free text elsewhere (case title, conduct summary, evidence quote); return the
    defendant's id."""
    with engine.begin() as connection:
        cd = (
            connection.execute(select(case_defendant).order_by(case_defendant.c.id).limit(1))
            .mappings()
            .one()
        )
        writer = Writer(connection, actor="test")
        writer.update(
            defendant,
            cd["defendant_id"],
            {
                "sensitive": True,
                "name": "Zqxmarker Namewon",
                "name_key": "zqxmarker namewon",
                "name_original": "Zqxmarker Namewon, 16",
                "name_zh": "標記測試者",
                "aliases": ["Zqxalias Markertwo"],
                "age": 16,
            },
            reason="test: plant markers",
        )
        writer.update(case, cd["case_id"], {"title": "HKSAR v Zqxmarker Namewon (HCCC 1/2099)"})
        writer.update(
            case_defendant,
            cd["id"],
            {"conduct_summary": "ZQXMARKER-NAMEWON posted; also known as Zqxalias Markertwo"},
        )
        src = (
            connection.execute(
                select(evidence.c.source_id).where(
                    evidence.c.target_table == "case_defendant", evidence.c.target_id == cd["id"]
                )
            )
            .scalars()
            .first()
        )
        assert src is not None
        writer.update(
            source,
            src,
            {
                "sensitive": True,
                "url": "https://zqx-marker.example/story-3",
                "title": "Zqxsourcetitle about a minor",
                "source_key": "https://zqx-marker.example/story-3",
            },
        )
    return int(cd["defendant_id"])


def scan(folder: Path) -> list[str]:
    """Every (file, marker) pair found: each file of the folder read as bytes, case folded."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes().lower()
        for marker in MARKERS:
            if marker.encode("utf-8") in data:
                found.append(f"{path.relative_to(folder)}: {marker}")
        if BUNDLED_SENSITIVE.search(data):
            found.append(f"{path.relative_to(folder)}: a bundled minor's name")
    return found


@pytest.fixture
def marked(loaded: Engine) -> Engine:
    """The bundled data with markers planted in sensitive fields."""
    plant_markers(loaded)
    return loaded


@pytest.fixture
def release_dir(marked: Engine, tmp_path: Path) -> Path:
    """A release of the marked database."""
    out = tmp_path / "release"
    write_release(marked, out)
    return out


def test_release_has_one_csv_per_research_table_and_no_private_table(release_dir: Path) -> None:
    csvs = sorted(p.stem for p in (release_dir / "data").glob("*.csv"))
    assert csvs == sorted(RELEASED)
    top = sorted(p.name for p in release_dir.iterdir())
    assert top == [
        "CHANGELOG.md",
        "README.md",
        "SHA256SUMS",
        "changes.json",
        "data",
        "datapackage.json",
        "metadata.json",
        "nsdocket.db",
    ]
    readme = (release_dir / "README.md").read_text(encoding="utf-8")
    for private in ("audit_log", "user_account", "web_session"):
        assert not (release_dir / "data" / f"{private}.csv").exists()
        assert f"`{private}`" in readme


def test_release_validates_as_a_frictionless_data_package(release_dir: Path) -> None:
    from frictionless import validate

    report = validate(release_dir / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])[:10]
    package = json.loads((release_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["sources"]
    by_name = {r["name"]: r for r in package["resources"]}
    assert set(by_name) == set(RELEASED)
    charge = by_name["charge"]["schema"]
    assert {
        "fields": "case_defendant_id",
        "reference": {"resource": "case_defendant", "fields": "id"},
    } in charge["foreignKeys"]


def test_a_tampered_file_fails_validation_and_checksums(release_dir: Path) -> None:
    from frictionless import validate

    assert verify_checksums(release_dir) == []
    path = release_dir / "data" / "case_defendant.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = re.sub(r"^(\d+),(\d+),", r"\1,99999,", lines[1])
    path.write_text("".join(lines), encoding="utf-8")
    assert verify_checksums(release_dir) == ["data/case_defendant.csv"]
    report = validate(release_dir / "datapackage.json")
    kinds = {row[0] for row in report.flatten(["type"])}
    assert {"foreign-key", "hash-count"} <= kinds


def test_no_sensitive_value_is_in_any_file_of_the_release(release_dir: Path) -> None:
    assert scan(release_dir) == []
    rows = (release_dir / "data" / "defendant.csv").read_text(encoding="utf-8")
    assert rows.count("[withheld]") >= 3  # the planted defendant and the two bundled minors
    cases = (release_dir / "data" / "case.csv").read_text(encoding="utf-8")
    assert "HKSAR v [withheld] (HCCC 1/2099)" in cases
    assert "HKSAR v Cho Suet-sum & [withheld]" in cases


def test_the_planted_markers_are_in_the_database_itself(marked: Engine, tmp_path: Path) -> None:
    """The scan would find them if the release leaked them: the private dump holds them."""
    from nsdocket.queries.export import dumps

    private = tmp_path / "private"
    private.mkdir()
    (private / "dump.json").write_text(dumps(marked), encoding="utf-8")
    assert len(scan(private)) == len(MARKERS) + 1  # every marker, and the bundled minors


def test_datasette_serves_the_release(release_dir: Path) -> None:
    import asyncio

    from datasette.app import Datasette

    metadata = json.loads((release_dir / "metadata.json").read_text(encoding="utf-8"))
    ds = Datasette(files=[str(release_dir / "nsdocket.db")], metadata=metadata)

    async def fetch(path: str) -> tuple[int, str]:
        response = await ds.client.get(path)
        return response.status_code, response.text

    status, page = asyncio.run(fetch("/nsdocket/case_defendant"))
    assert status == 200
    with sqlite3.connect(release_dir / "nsdocket.db") as db:
        (rows,) = db.execute("SELECT count(*) FROM case_defendant").fetchone()
    assert f"{rows} rows" in page
    assert 'data-column="outcome"' in page  # the facet from metadata.json
    status, body = asyncio.run(fetch("/nsdocket/defendant.json?_shape=array&_size=max"))
    assert status == 200
    names = [r["name"] for r in json.loads(body)]
    assert "[withheld]" in names
    assert not any("zqxmarker" in n.lower() for n in names)
    status, body = asyncio.run(fetch("/-/metadata.json"))
    assert json.loads(body)["license"] == "CC-BY-4.0"


def test_changelog_lists_rows_added_changed_and_removed(marked: Engine, tmp_path: Path) -> None:
    first = tmp_path / "first"
    write_release(marked, first)
    with marked.begin() as connection:
        writer = Writer(connection, actor="test")
        writer.update(case, 2, {"status": "pending", "notes": "appeal lodged"})
        new_claim = writer.insert(
            claim,
            {"publisher": "Test", "date_edtf": "2025-07-01", "text": "a new claim"},
        )
        writer.delete(claim, 1)
    second = tmp_path / "second"
    release = write_release(marked, second, since=first)
    assert release.changes is not None
    changes = json.loads((second / "changes.json").read_text(encoding="utf-8"))
    by_table = {t["table"]: t for t in changes["tables"]}
    assert by_table["case"]["changed"] == {"2": ["status", "notes", "version"]}
    assert by_table["claim"]["added"] == [new_claim]
    assert by_table["claim"]["removed"] == [1]
    assert by_table["charge"] == {
        "table": "charge",
        "rows": by_table["charge"]["rows"],
        "previous_rows": by_table["charge"]["rows"],
        "added": [],
        "changed": {},
        "removed": [],
    }
    text = (second / "CHANGELOG.md").read_text(encoding="utf-8")
    cases = by_table["case"]["rows"]
    assert f"| case | {cases} | {cases} | 0 | 1 | 0 |" in text
    assert "- changed: 2 (status, notes, version)" in text
    assert scan(second) == []


def test_renaming_a_sensitive_defendant_is_no_visible_change(
    marked: Engine, tmp_path: Path
) -> None:
    first = tmp_path / "first"
    write_release(marked, first)
    with marked.begin() as connection:
        row = connection.execute(
            select(defendant.c.id).where(defendant.c.name == "Zqxmarker Namewon")
        ).scalar_one()
        Writer(connection, actor="test").update(defendant, row, {"name": "Zqxmarker Renamed"})
    second = tmp_path / "second"
    write_release(marked, second, since=first)
    changes = json.loads((second / "changes.json").read_text(encoding="utf-8"))
    by_table = {t["table"]: t for t in changes["tables"]}
    assert by_table["defendant"]["changed"] == {str(row): ["version"]}
    assert scan(second) == []


def test_release_refuses_a_used_folder_and_a_since_that_is_not_a_release(
    loaded: Engine, tmp_path: Path
) -> None:
    used = tmp_path / "used"
    used.mkdir()
    (used / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ReleaseError, match="not an empty folder"):
        write_release(loaded, used)
    assert sorted(p.name for p in used.iterdir()) == ["keep.txt"]
    with pytest.raises(ReleaseError, match="not an nsdocket release"):
        write_release(loaded, tmp_path / "new", since=used)
    assert not (tmp_path / "new").exists()


def test_release_command(runner: CliRunner, db_url: str, loaded: Engine, tmp_path: Path) -> None:
    out = tmp_path / "r1"
    code, stdout, _ = invoke(runner, db_url, "release", str(out))
    assert code == 0, stdout
    assert "16 tables" in stdout
    assert "frictionless validate" in stdout
    code, stdout, _ = invoke(runner, db_url, "release", str(tmp_path / "r2"), "--since", str(out))
    assert code == 0
    assert "nothing changed since" in stdout
    code, _, stderr = invoke(runner, db_url, "release", str(out))
    assert code == 1
    assert "not an empty folder" in stderr


def test_coders_are_pseudonymous_unless_the_team_publishes_names(
    loaded: Engine, tmp_path: Path
) -> None:
    from nsdocket.coding.review import adjudicate
    from nsdocket.coding.store import CodingInput, save_coding

    with loaded.connect() as c:
        first, second = c.execute(
            select(case_defendant.c.id).order_by(case_defendant.c.id).limit(2)
        ).scalars()
    for cd, coder, answer in ((first, "Zqxcoder Ana", "none"), (second, "Zqxcoder Ben", "none")):
        save_coding(loaded, cd, coder, CodingInput(answers={"violence": answer}))
    save_coding(loaded, first, "Zqxcoder Ben", CodingInput(answers={"violence": "alleged"}))
    adjudicate(loaded, first, "violence", "none", reason="r", reviewer="Zqxreviewer Cy")

    hidden = write_release(loaded, tmp_path / "hidden")
    coders = {row["coder"] for row in csv_rows(hidden.folder / "data" / "coding.csv")}
    reviewers = {r["reviewer"] for r in csv_rows(hidden.folder / "data" / "adjudication.csv")}
    assert coders >= {"coder-1", "coder-2"} and "seed-compiler" in coders
    assert reviewers == {"coder-3"}
    for path in hidden.folder.rglob("*"):
        if path.is_file():
            assert b"zqxcoder" not in path.read_bytes().lower(), path
            assert b"zqxreviewer" not in path.read_bytes().lower(), path
    again = write_release(loaded, tmp_path / "again", since=hidden.folder)
    assert not any(c.any for c in again.changes or []), "pseudonyms are stable between releases"

    named = write_release(loaded, tmp_path / "named", coder_names=True)
    coders = {row["coder"] for row in csv_rows(named.folder / "data" / "coding.csv")}
    assert {"Zqxcoder Ana", "Zqxcoder Ben"} <= coders


def csv_rows(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
