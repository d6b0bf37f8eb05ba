"""The core CLI as a user runs it: init, list, show, export, history, revert, conflicts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from nsdocket.db.schema import case, case_defendant, defendant, event, source
from nsdocket.db.writer import Writer
from tests.conftest import invoke, seed_rows, write_csv


def test_init_loads_bundled_data_and_summary_matches(runner: CliRunner, db_url: str) -> None:
    code, out, _ = invoke(runner, db_url, "init")
    assert code == 0, out
    rows = seed_rows()
    assert f"imported hk_cases.csv: {len(rows)} rows" in out
    assert "merged case 8 into case 7" in out
    code, out, _ = invoke(runner, db_url, "summary", "--json")
    summary = json.loads(out)
    assert summary["prosecutions"] == len(rows)
    assert summary["defendants_by_kind"]["company"] == sum(
        1 for r in rows if r["entity_type"] == "company"
    )
    assert summary["people_in_groups"] == 0
    code, out, _ = invoke(runner, db_url, "init")
    assert "already up to date: hk_cases.csv" in out
    assert "already up to date: hk_events.csv" in out and "merged case" not in out


def test_cases_list_filters(runner: CliRunner, db_url: str, loaded: Engine) -> None:
    code, out, _ = invoke(runner, db_url, "cases", "list", "--json", "--kind", "company")
    data = json.loads(out)
    titles = sorted(c["title"] for c in data["cases"])
    assert code == 0 and data["total"] == 2
    assert titles == [
        "HKSAR v Chung Pui-kuen & ors (Stand News)",
        "HKSAR v Lai Chee Ying & Apple Daily companies",
    ]
    _, out, _ = invoke(runner, db_url, "cases", "list", "--json", "--law", "SNSO")
    snso = json.loads(out)["cases"]
    assert snso and all("SNSO" in c["laws"] for c in snso)
    _, out, _ = invoke(runner, db_url, "cases", "list", "--json", "--year", "2024")
    assert all(
        c["first_arrest"] is None or c["first_arrest"] <= "2024-12-31"
        for c in json.loads(out)["cases"]
    )
    code, _, err = invoke(runner, db_url, "cases", "list", "--status", "bogus")
    assert code == 1 and "unknown status 'bogus'" in err
    code, out, _ = invoke(runner, db_url, "cases", "list")
    with loaded.connect() as c:
        cases = c.execute(select(func.count()).select_from(case)).scalar_one()
    assert code == 0 and f"{cases} cases" in out


def test_show_case_and_defendant(runner: CliRunner, db_url: str, loaded: Engine) -> None:
    with loaded.connect() as c:
        chow = c.execute(
            select(defendant.c.id).where(defendant.c.name == "Chow Hang-tung")
        ).scalar_one()
    code, out, _ = invoke(runner, db_url, "defendants", "show", str(chow), "--json")
    detail = json.loads(out)
    # the Alliance's subversion case, its notice case and the 2024 SNSO arrests
    assert code == 0 and len(detail["prosecutions"]) == 3
    code, out, _ = invoke(runner, db_url, "cases", "show", "1")
    assert code == 0 and "Tong Ying-kit" in out and "2021-07-27" in out and "wikisource" in out
    code, _, err = invoke(runner, db_url, "cases", "show", "9999")
    assert code == 1 and "case 9999 does not exist" in err


def test_export_withholds_sensitive_fields(
    runner: CliRunner, db_url: str, loaded: Engine, tmp_path: Path
) -> None:
    out_file = tmp_path / "defendants.csv"
    code, _, _ = invoke(runner, db_url, "export", "defendant", "--out", str(out_file))
    rows = list(csv.DictReader(io.StringIO(out_file.read_text())))
    with loaded.connect() as c:
        defendants = c.execute(select(func.count()).select_from(defendant)).scalar_one()
    assert code == 0 and len(rows) == defendants
    text = out_file.read_text()
    assert "Ho Yu-wang" not in text and "[withheld]" in text
    code, out, _ = invoke(
        runner, db_url, "export", "defendant", "-f", "json", "--include-sensitive"
    )
    assert "Ho Yu-wang" in out
    code, _, err = invoke(runner, db_url, "export", "nope")
    assert code == 1 and "unknown table 'nope'" in err


def test_history_and_revert(runner: CliRunner, db_url: str, loaded: Engine) -> None:
    with loaded.begin() as c:
        row_id = c.execute(
            select(defendant.c.id).where(defendant.c.name == "Tong Ying-kit")
        ).scalar_one()
        Writer(c, actor="alice").update(defendant, row_id, {"name_zh": "唐英杰"})
        Writer(c, actor="bob").update(defendant, row_id, {"name_zh": "wrong"})
    code, out, _ = invoke(runner, db_url, "history", "defendant", str(row_id), "--json")
    entries = json.loads(out)
    assert [e["action"] for e in entries] == ["insert", "update", "update"]
    assert [e["actor"] for e in entries][1:] == ["alice", "bob"]
    code, out, _ = invoke(
        runner, db_url, "revert", "defendant", str(row_id), "--to", str(entries[0]["id"])
    )
    assert code == 0, out
    with loaded.connect() as c:
        assert (
            c.execute(select(defendant.c.name_zh).where(defendant.c.id == row_id)).scalar_one()
            == "唐英傑"
        )
    _, out, _ = invoke(runner, db_url, "history", "defendant", str(row_id), "--json")
    last = json.loads(out)[-1]
    assert last["actor"] == "cli" and last["reason"].startswith("revert to audit entry")
    code, _, err = invoke(runner, db_url, "revert", "defendant", str(row_id), "--to", "1")
    assert code == 1 and "is not a change to defendant" in err
    code, _, err = invoke(runner, db_url, "history", "nosuch", "1")
    assert code == 1 and "unknown table 'nosuch'" in err


def test_revert_a_delete_restores_the_row(runner: CliRunner, db_url: str, loaded: Engine) -> None:
    with loaded.begin() as c:
        ev = c.execute(select(event).limit(1)).mappings().one()
        Writer(c, actor="alice").delete(event, ev["id"])
    _, out, _ = invoke(runner, db_url, "history", "event", str(ev["id"]), "--json")
    first = json.loads(out)[0]["id"]
    code, out, _ = invoke(runner, db_url, "revert", "event", str(ev["id"]), "--to", str(first))
    assert code == 0, out
    with loaded.connect() as c:
        back = c.execute(select(event).where(event.c.id == ev["id"])).mappings().one()
    assert back["date_lower"] == ev["date_lower"] and back["kind"] == ev["kind"]


def test_conflicting_sources_side_by_side(runner: CliRunner, db_url: str, loaded: Engine) -> None:
    with loaded.connect() as c:
        arrest = c.execute(
            select(event.c.id)
            .join(case_defendant, case_defendant.c.id == event.c.case_defendant_id)
            .where(case_defendant.c.seed_row_id == "R004", event.c.kind == "arrest")
        ).scalar_one()
        s1, s2 = c.execute(select(source.c.id).order_by(source.c.id).limit(2)).scalars().all()
    code, out, _ = invoke(runner, db_url, "conflicts")
    assert "no conflicting sources" in out
    for sid, value in ((s1, "2020-09-06"), (s2, "2020-09-07")):
        code, out, err = invoke(
            runner,
            db_url,
            "evidence",
            "add",
            "--source",
            str(sid),
            "--table",
            "event",
            "--id",
            str(arrest),
            "--field",
            "date_edtf",
            "--value",
            value,
        )
        assert code == 0, err
    code, out, _ = invoke(runner, db_url, "conflicts", "--json")
    found = json.loads(out)
    assert len(found) == 1 and found[0]["chosen"] == "2020-09-06"
    assert sorted(a["value"] for a in found[0]["assertions"]) == ["2020-09-06", "2020-09-07"]
    code, _, err = invoke(
        runner,
        db_url,
        "evidence",
        "add",
        "--source",
        str(s1),
        "--table",
        "event",
        "--id",
        str(arrest),
        "--field",
        "nofield",
        "--value",
        "x",
    )
    assert code == 1 and "event has no field 'nofield'" in err


def test_version_and_help(runner: CliRunner, db_url: str) -> None:
    code, out, _ = invoke(runner, db_url, "--help")
    assert code == 0 and "cases" in out and "import" in out
    code, out, _ = invoke(runner, db_url, "db", "upgrade")
    assert code == 0 and "schema at version" in out


def test_a_long_import_report_lists_the_first_notes_and_counts_the_rest(
    runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    first = seed_rows()[0]
    rows = []
    for i in range(25):  # 25 cases, each with two rows naming different courts: 25 warnings
        for j, court in enumerate(("CFI", "DC")):
            rows.append(
                {
                    **first,
                    "row_id": f"W{i:02d}{j}",
                    "case_group": f"HKSAR v Person {i} (DCCC {i + 1}/2021)",
                    "defendant": f"Person {i}-{j}",
                    "court": court,
                }
            )
    path = write_csv(tmp_path / "many.csv", list(first), rows)
    code, out, err = invoke(runner, db_url, "import", "cases", str(path))
    assert code == 0, err
    assert "25 warnings:" in out and "... 5 more warnings (--all lists every one)" in out
    assert out.count("rows name different courts") == 20
    code, out, err = invoke(runner, db_url, "import", "cases", str(path), "--all")
    assert code == 0, err
    assert out.count("rows name different courts") == 25 and "more warnings" not in out
