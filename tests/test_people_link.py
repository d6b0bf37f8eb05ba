"""People across sources, as a user works with them: linking an outside list, listing likely
duplicates, merging two records of one person (dry run, audited, refused when it cannot be,
undone by its batch), and the names an import records with their sources."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from nsdocket.db.schema import audit_log, case_defendant, defendant, defendant_name
from nsdocket.ingest.load_cases import import_cases
from nsdocket.queries.export import dumps
from tests.conftest import bundled_header, invoke, seed_rows, write_csv

LIST_HEADER = ["name", "chinese_name", "aliases", "birth_year", "case", "arrest_date"]


def _id(engine: Engine, name: str) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(select(defendant.c.id).where(defendant.c.name == name)).scalar_one()
        )


def _without_audit(text: str) -> dict[str, object]:
    """A dump without its audit log and row versions (an undo is itself a change)."""
    data = json.loads(text)
    data["tables"].pop("audit_log")
    for rows in data["tables"].values():
        for row in rows:
            row.pop("version", None)
    return data


def _second_record(tmp_path: Path) -> Path:
    """Chow Hang-tung again, spelled another way, in another case (as a second source has her)."""
    row = dict(next(r for r in seed_rows() if r["defendant"] == "Chow Hang-tung"))
    row.update(
        row_id="X001",
        case_group="HKSAR v CHOW Hang Tung (WKCC 9999/2023)",
        defendant="Tonyee CHOW Hang-tung",
        aliases="",
    )
    return write_csv(tmp_path / "second.csv", bundled_header(), [row])


def test_link_people_matches_each_row_with_a_probability_and_reasons(
    runner: CliRunner, db_url: str, loaded: Engine, tmp_path: Path
) -> None:
    rows = [
        {"name": "", "chinese_name": "黎智英"},
        {"name": "LEUNG Kwok-hung", "case": "HCCC 69/2022"},
        {"name": "Liang Guoxiong"},
        {"name": "Wholly Unknown Person"},
        {"name": "Joshua Wong", "case": "HCCC 69/2022"},
        {"name": "Long Hair", "case": "HCCC 69/2022"},  # the alias the bundled data records
    ]
    path = write_csv(tmp_path / "list.csv", LIST_HEADER, rows)
    code, out, err = invoke(runner, db_url, "link", "people", str(path), "--json")
    assert code == 0, err
    found = {m["line"]: m for m in json.loads(out)}
    assert found[2]["defendant_id"] == _id(loaded, "Jimmy Lai Chee-ying")
    assert found[3]["defendant_id"] == found[4]["defendant_id"] == _id(loaded, "Leung Kwok-hung")
    assert found[5]["defendant_id"] is None
    assert found[6]["name"] == "Joshua Wong Chi-fung"
    assert found[7]["defendant_id"] == _id(loaded, "Leung Kwok-hung")
    for m in found.values():
        assert set(m) >= {"line", "defendant_id", "name", "probability", "reasons"}
        assert 0 <= m["probability"] <= 1 and m["reasons"]
    assert found[3]["probability"] >= 0.9 and any("same case" in r for r in found[3]["reasons"])
    code, out, _ = invoke(runner, db_url, "link", "people", str(path))
    assert code == 0 and "5 of 6 matched" in out


def test_a_bad_list_is_refused_with_line_and_column(
    runner: CliRunner, db_url: str, loaded: Engine, tmp_path: Path
) -> None:
    rows = [
        {"name": "Chan Tai-man", "birth_year": "nineteen"},
        {"name": "", "chinese_name": "", "aliases": "Someone"},
        {"name": "Lee Siu-ming", "arrest_date": "2021-02-30"},
    ]
    path = write_csv(tmp_path / "bad.csv", LIST_HEADER, rows)
    code, out, err = invoke(runner, db_url, "link", "people", str(path))
    text = out + err
    assert code != 0 and "nothing was matched" in text
    for where in ("bad.csv:2", "birth_year", "bad.csv:3", "bad.csv:4", "arrest_date"):
        assert where in text, text


def test_a_duplicate_is_listed_merged_and_the_merge_undone(
    runner: CliRunner, db_url: str, loaded: Engine, tmp_path: Path
) -> None:
    second = _second_record(tmp_path)
    import_cases(loaded, second, actor="test")
    keep, other = _id(loaded, "Chow Hang-tung"), _id(loaded, "Tonyee CHOW Hang-tung")
    code, out, err = invoke(runner, db_url, "defendants", "duplicates", "--json")
    assert code == 0, err
    pairs = {(p["defendant_id"], p["other_id"]): p for p in json.loads(out)}
    assert (keep, other) in pairs and pairs[(keep, other)]["probability"] >= 0.9
    before = dumps(loaded)
    code, out, err = invoke(runner, db_url, "defendants", "merge", str(keep), str(other),
                            "--reason", "one person", "--dry-run")  # fmt: skip
    assert code == 0, err
    assert "dry run" in out and dumps(loaded) == before
    code, out, err = invoke(runner, db_url, "defendants", "merge", str(keep), str(other),
                            "--reason", "one person", "--json")  # fmt: skip
    assert code == 0, err
    report = json.loads(out)
    with loaded.connect() as connection:
        owners = (
            connection.execute(
                select(case_defendant.c.defendant_id).where(
                    case_defendant.c.id.in_(report["prosecutions"])
                )
            )
            .scalars()
            .all()
        )
        gone = connection.execute(select(defendant.c.id).where(defendant.c.id == other)).first()
        audited = connection.execute(
            select(func.count()).where(audit_log.c.batch == report["batch"])
        ).scalar()
    assert owners == [keep] and gone is None and audited
    assert "Tonyee CHOW Hang-tung" in report["defendant_after"]["aliases"]
    code, out, err = invoke(runner, db_url, "revert-batch", report["batch"])
    assert code == 0, err
    assert _without_audit(dumps(loaded)) == _without_audit(before)


def test_after_a_merge_importing_the_other_record_again_fills_the_kept_one(
    runner: CliRunner, db_url: str, loaded: Engine, tmp_path: Path
) -> None:
    second = _second_record(tmp_path)
    import_cases(loaded, second, actor="test")
    keep, other = _id(loaded, "Chow Hang-tung"), _id(loaded, "Tonyee CHOW Hang-tung")
    code, _, err = invoke(runner, db_url, "defendants", "merge", str(keep), str(other),
                          "--reason", "one person")  # fmt: skip
    assert code == 0, err
    import_cases(loaded, second, actor="test")
    with loaded.connect() as connection:
        again = connection.execute(
            select(func.count()).where(defendant.c.name == "Tonyee CHOW Hang-tung")
        ).scalar()
        owners = (
            connection.execute(
                select(case_defendant.c.defendant_id).where(case_defendant.c.seed_row_id == "X001")
            )
            .scalars()
            .all()
        )
    assert again == 0 and owners == [keep]


def test_a_merge_that_cannot_be_is_refused(runner: CliRunner, db_url: str, loaded: Engine) -> None:
    # Two people in one case are two people.
    a, b = _id(loaded, "Chow Hang-tung"), _id(loaded, "Lee Cheuk-yan")
    before = dumps(loaded)
    code, out, err = invoke(runner, db_url, "defendants", "merge", str(a), str(b),
                            "--reason", "test")  # fmt: skip
    assert code != 0 and "both prosecuted in" in out + err
    code, out, err = invoke(runner, db_url, "defendants", "merge", str(a), str(a),
                            "--reason", "test")  # fmt: skip
    assert code != 0 and "itself" in out + err
    assert dumps(loaded) == before


def test_an_import_records_every_name_with_its_source(loaded: Engine) -> None:
    chow = _id(loaded, "Chow Hang-tung")
    with loaded.connect() as connection:
        names = connection.execute(
            select(defendant_name.c.name, defendant_name.c.form, defendant_name.c.source_id).where(
                defendant_name.c.defendant_id == chow
            )
        ).all()
    forms = {(n, f) for n, f, _ in names}
    assert ("Chow Hang-tung", "reported") in forms and ("鄒幸彤", "chinese") in forms
    assert all(s is not None for _, _, s in names)
