"""What a new user reads on the terminal: figures that fit the terminal, why a later stage can
exceed an earlier one, and field names that say what they hold."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from nsdocket.cli.common import console
from nsdocket.stats.figures import headline_figures
from tests.conftest import invoke
from tests.test_figures import small as small


@pytest.mark.parametrize("width", [60, 80, 100])
def test_figures_in_a_narrow_terminal_are_blocks_that_fit(
    runner: CliRunner, db_url: str, loaded: Engine, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setattr(console, "_width", width)
    code, out, err = invoke(runner, db_url, "stats", "--as-of", "2025-06-30")
    assert code == 0, err
    lines = out.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= width
    assert "┃" not in out, "no table squeezed into columns a few characters wide"
    assert "legitimate_expression (person)" in out and "left out" in out
    # A measure name is never broken across lines.
    assert not any(line.strip() in ("legitimate_expr", "ession") for line in lines)


def test_figures_in_a_wide_terminal_are_a_table(
    runner: CliRunner, db_url: str, loaded: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(console, "_width", 400)
    code, out, _ = invoke(runner, db_url, "stats", "--as-of", "2025-06-30")
    assert code == 0 and "┃ measure" in out


def test_stats_json_is_for_machines(runner: CliRunner, db_url: str, loaded: Engine) -> None:
    code, out, _ = invoke(runner, db_url, "stats", "--as-of", "2025-06-30", "--json")
    figures = json.loads(out)
    assert code == 0 and {f["measure"] for f in figures} >= {"arrested", "bail_denied"}


def test_a_later_stage_above_an_earlier_one_says_why(small: Engine) -> None:
    # Under the government scope the company Beta Media Ltd is charged and convicted but has no
    # arrest recorded: charged 5 (Alpha, Beta, Gamma, Delta, Epsilon) beside arrested 4.
    figures = {f.measure: f for f in headline_figures(small, "government")}
    assert (figures["arrested"].numerator, figures["charged"].numerator) == (4, 5)
    assert figures["charged"].stage_note == (
        "above 4 arrested: 1 of the charged have no arrest recorded by the as-of date"
    )
    assert figures["arrested"].stage_note == ""
    assert figures["convicted"].numerator == 4 and figures["convicted"].stage_note == ""
    assert figures["charged"].to_json()["stage_note"] == figures["charged"].stage_note


def test_the_stage_note_is_printed_beside_the_figure(
    runner: CliRunner,
    db_url: str,
    small: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(console, "_width", 80)
    code, out, _ = invoke(runner, db_url, "stats", "--scope", "government")
    assert code == 0
    charged = out.split("\ncharged (")[1].split("\n\n")[0]
    assert "why" in charged and "no arrest recorded" in charged


def test_the_age_flag_says_what_it_holds(runner: CliRunner, db_url: str, loaded: Engine) -> None:
    code, out, _ = invoke(runner, db_url, "export", "defendant", "-f", "json")
    rows = json.loads(out)
    assert code == 0 and all("age_is_at_arrest" in r and "age_at_arrest" not in r for r in rows)
