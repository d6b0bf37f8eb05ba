"""`nsdocket changes --since`: an import in January, edits in March; what changed since March 1st
is exactly those edits, per case and in words, with the headline figure that moved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from nsdocket.db.schema import audit_log
from nsdocket.follow import what_changed
from nsdocket.stats.figures import ALL_MEASURES
from tests.conftest import invoke
from tests.following import (
    EDITED,
    ROWS,
    SINCE,
    VERDICT_DETAIL,
    Followed,
    build_followed,
    edit_later,
    mark_sensitive,
)

EXPECTED = [
    f"added verdict event of Chow Hang-tung (2025-03-04): {VERDICT_DETAIL}",
    "prosecution of Chow Hang-tung: verdict: pending -> convicted",
    "added coding of Lee Cheuk-yan by alice (draft)",
]


@pytest.fixture
def followed(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Followed:
    return build_followed(engine, tmp_path, monkeypatch)


def changes_json(runner: CliRunner, db_url: str, *args: str) -> dict:
    code, out, err = invoke(runner, db_url, "changes", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def words(report: dict) -> list[str]:
    return [c["words"] for g in report["cases"] for c in g["changes"]]


def test_changes_since_lists_exactly_the_later_edits(
    followed: Followed, db_url: str, runner: CliRunner
) -> None:
    report = changes_json(runner, db_url, "--since", SINCE.isoformat())
    assert words(report) == EXPECTED
    (group,) = report["cases"]
    assert group["case_id"] == followed.case_id
    assert group["path"] == f"/cases/{followed.case_id}"
    assert group["title"] == "HKSAR v HK Alliance, Lee Cheuk-yan, Albert Ho, Chow Hang-tung"
    assert {c["at"] for c in group["changes"]} == {EDITED.isoformat()}
    assert [c["actor"] for c in group["changes"]] == ["import", "editor", "alice"]
    verdict = group["changes"][1]
    assert verdict["fields"] == [
        {
            "field": "outcome",
            "label": "verdict",
            "before": "pending",
            "after": "convicted",
            "words": "verdict: pending -> convicted",
        }
    ]
    assert report["counts"] == {
        "event": {"insert": 1},
        "prosecution": {"update": 1},
        "coding": {"insert": 1},
    }
    # The verdict moved one figure, and only that one is listed.
    assert [(f["measure"], f["then"], f["now"]) for f in report["figures"]] == [
        ("convicted", "1", "2")
    ]
    assert report["figures"][0]["words"] == "convicted: 1 -> 2"


def test_the_text_output_names_the_case_its_link_and_the_figure(
    followed: Followed, db_url: str, runner: CliRunner
) -> None:
    code, out, err = invoke(
        runner, db_url, "changes", "--since", "2025-03-01", "--base-url", "https://nsd.example/"
    )
    assert code == 0, err
    assert f"https://nsd.example/cases/{followed.case_id}" in out
    assert "HKSAR v HK Alliance" in out
    for line in EXPECTED:
        assert line in out
    assert "convicted" in out.split("Changes since")[0], "the figures table comes first"
    assert "Tong Ying" not in out, "nothing from the January import"


def test_every_figure_with_the_flag(followed: Followed, db_url: str, runner: CliRunner) -> None:
    report = changes_json(runner, db_url, "--since", "2025-03-01", "--all-figures")
    assert [f["measure"] for f in report["figures"]] == list(ALL_MEASURES)
    assert [f["measure"] for f in report["figures"] if f["moved"]] == ["convicted"]


def test_nothing_from_before_the_date_and_nothing_after_until(
    followed: Followed, db_url: str, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_later(followed, monkeypatch)
    march = changes_json(runner, db_url, "--since", "2025-03-01", "--until", "2025-03-31")
    assert words(march) == EXPECTED
    april = changes_json(runner, db_url, "--since", "2025-04-01")
    assert words(april) == ["defendant Tong Ying-kit: notes: none -> appeal dropped"]
    assert april["cases"][0]["case_id"] == followed.other_case_id
    assert april["figures"] == [], "a note moves no figure"
    quiet = changes_json(runner, db_url, "--since", "2025-03-06", "--until", "2025-03-31")
    assert quiet["cases"] == [] and quiet["figures"] == []
    # Until a day: the figures are those recorded by its end, not today's.
    assert march["figures"][0]["words"] == "convicted: 1 -> 2"


def test_an_import_is_one_audit_entry_read_as_every_row(
    followed: Followed, db_url: str, runner: CliRunner
) -> None:
    with followed.engine.connect() as connection:
        batched = connection.execute(
            select(func.count()).where(audit_log.c.row_id_last.is_not(None))
        ).scalar_one()
    assert batched >= 3, "the January import wrote entries for many rows"
    january = changes_json(runner, db_url, "--since", "2025-01-01", "--until", "2025-01-31")
    counts = january["counts"]
    assert counts["prosecution"] == {"insert": len(ROWS)}
    assert counts["defendant"] == {"insert": len(ROWS)}
    assert counts["case"] == {"insert": 2}
    assert "added prosecution of Chow Hang-tung: verdict: pending" in words(january)


def test_the_public_view_withholds_a_sensitive_defendant(
    followed: Followed, db_url: str, runner: CliRunner
) -> None:
    name = mark_sensitive(followed)
    public = changes_json(runner, db_url, "--since", "2025-03-01", "--public")
    text = json.dumps(public, ensure_ascii=False)
    assert name not in text and "Chow" not in text
    assert "[withheld] (defendant" in text
    assert "alice" not in text and "editor" not in text, "no coders or editors in public"
    said = words(public)
    assert "added coding of Lee Cheuk-yan (draft)" in said
    assert any("verdict: pending -> convicted" in w for w in said)
    # The team's view names them.
    team = changes_json(runner, db_url, "--since", "2025-03-01")
    assert "prosecution of Chow Hang-tung: verdict: pending -> convicted" in words(team)


def test_the_library_and_the_cli_agree(followed: Followed, db_url: str, runner: CliRunner) -> None:
    report = what_changed(followed.engine, SINCE, with_figures=False)
    cli = changes_json(runner, db_url, "--since", SINCE.isoformat())
    assert [c.words for g in report.cases for c in g.changes] == words(cli)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "March"], "--since must be a date"),
        (["--since", "2025-03-01", "--until", "2025-02-01"], "is before since"),
        (["--since", "2999-01-01"], "is after today"),
    ],
)
def test_bad_dates_are_clear_errors(
    followed: Followed, db_url: str, runner: CliRunner, args: list[str], message: str
) -> None:
    code, _, err = invoke(runner, db_url, "changes", *args)
    assert code == 1
    assert message in err
