"""The published figures the tool exists to audit, beside the bundled data's, gap by gap.

Amnesty International's June 2025 figures: 66 of 78 concluded NSL cases; 108 of 127 with the
SNSO and sedition; bail denied in almost 90%; an average of 11 months' pre-trial detention.
"""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from nsdocket.stats.seed_compare import compare_with_published
from tests.conftest import invoke

SEED_FIGURES = {
    "concluded NSL cases involving legitimate expression": ("legitimate_expression", "nsl-only"),
    "concluded NSL + SNSO + sedition cases involving legitimate expression": (
        "legitimate_expression",
        "amnesty-2025",
    ),
    "charged defendants denied bail": ("bail_denied", "amnesty-2025"),
    "those denied bail spent on average 11 months in detention before trial": (
        "pretrial_detention",
        "amnesty-2025",
    ),
}


def _by_text(engine: Engine) -> dict[str, object]:
    rows = compare_with_published(engine)
    return {
        next((k for k in SEED_FIGURES if r.published.startswith(k)), r.published): r for r in rows
    }


def test_each_seed_figure_has_a_database_number(loaded: Engine) -> None:
    rows = _by_text(loaded)
    for text, (measure, scope) in SEED_FIGURES.items():
        row = rows[text]
        fig = row.figure  # type: ignore[attr-defined]
        assert fig is not None, text
        assert (fig.measure, fig.scope) == (measure, scope), text
        assert fig.numerator > 0, f"{text}: the database has a number, not an empty figure"
        if measure != "pretrial_detention":
            assert fig.denominator and fig.value is not None


def test_a_share_gap_is_split_into_named_parts_row_by_row(loaded: Engine) -> None:
    row = _by_text(loaded)["concluded NSL cases involving legitimate expression"]
    fig, gaps = row.figure, row.gaps  # type: ignore[attr-defined]
    labels = [g.label for g in gaps]
    later = next(g for g in gaps if g.label.startswith("in the database's denominator today"))
    assert later.count == len(later.rows) > 0
    # Jimmy Lai was convicted in December 2025: counted today, not as of 30 June 2025.
    assert any(r.startswith("Jimmy Lai") and "verdict 2025-12-15" in r for r in later.rows)
    uncoded = next(g for g in gaps if g.label.endswith("not coded"))
    assert any(r.startswith("Lawrence Lau") for r in uncoded.rows), "the 47's acquittals"
    assert any(label.startswith("the same figure counted by case") for label in labels)
    rest = next(g for g in gaps if g.label.startswith("counted by the publisher and not"))
    assert rest.count == 78 - fig.denominator
    # Every prosecution named in a gap is in the database under that name.
    assert all(re.search(r"\(prosecution \d+: ", r) for g in gaps for r in g.rows)


def test_the_detention_figure_is_an_average_with_its_gap(loaded: Engine) -> None:
    row = _by_text(loaded)["those denied bail spent on average 11 months in detention before trial"]
    fig = row.figure  # type: ignore[attr-defined]
    assert row.published_value == "11"  # type: ignore[attr-defined]
    assert fig.stats["mean"] > 0 and fig.numerator >= 40
    assert any("mean" in g.label for g in row.gaps)  # type: ignore[attr-defined]


@pytest.mark.parametrize("as_json", [False, True])
def test_compare_seed_cli(runner: CliRunner, db_url: str, loaded: Engine, as_json: bool) -> None:
    args = ["compare-seed", *(["--json"] if as_json else [])]
    code, out, err = invoke(runner, db_url, *args)
    assert code == 0, err
    if as_json:
        rows = json.loads(out)
        assert all("gaps" in r for r in rows)
        return
    for text in ("66 of 78", "108 of 127", "denied bail — 90%", "11 months"):
        assert text in out.replace("\n", " "), text
    assert "· Jimmy Lai Chee-ying (prosecution" in out


def test_report_as_of_has_a_number_for_every_headline_figure(
    runner: CliRunner, db_url: str, loaded: Engine
) -> None:
    code, out, err = invoke(runner, db_url, "stats", "--as-of", "2025-06-30", "--json")
    assert code == 0, err
    for f in json.loads(out):
        assert f["numerator"] > 0, f["measure"]
        assert "no people to count" not in f["headline"] and "no values" not in f["headline"]


def test_the_report_as_of_the_anniversary_has_every_figure(
    runner: CliRunner, db_url: str, loaded: Engine, tmp_path: object
) -> None:
    out_file = tmp_path / "report.html"  # type: ignore[operator]
    code, _, err = invoke(runner, db_url, "report", "--as-of", "2025-06-30", "--out", str(out_file))
    assert code == 0, err
    html = out_file.read_text(encoding="utf-8")
    assert "no people to count" not in html and "no values" not in html
    assert 'data-clock="as of"' in html
