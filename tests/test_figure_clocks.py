"""The two clocks of a figure, on a hand-built database whose history is set by hand.

Everything in the small database (see `tests.test_figures`) is recorded as of 1 June 2025: the
audit log is moved back to that day. Then, "today", a reviewer's final coding is added and a
correction is imported. Under ``--as-of 2025-06-30`` both count (facts by then, judged with
today's codings and corrections); under ``--as-recorded 2025-06-30`` neither does (the database
as it stood that day).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update
from typer.testing import CliRunner

from nsdocket.coding.store import CodingInput, EvidenceRef, save_coding
from nsdocket.db.schema import audit_log, case_defendant, source
from nsdocket.ingest.load_cases import import_cases
from nsdocket.ingest.seed_rows import SEED_COLUMNS
from nsdocket.stats.figures import figure, headline_figures
from nsdocket.stats.options import Options
from tests.conftest import invoke, write_csv
from tests.test_figures import COMPLETE, ROWS
from tests.test_figures import small as small

PUBLISHED = dt.date(2025, 6, 30)
RECORDED = dt.datetime(2025, 6, 1, 12, 0)


def _backdate(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(update(audit_log).values(at=RECORDED))


def _cd(engine: Engine, row_id: str) -> int:
    with engine.connect() as c:
        return int(
            c.execute(
                select(case_defendant.c.id).where(case_defendant.c.seed_row_id == row_id)
            ).scalar_one()
        )


def _code_epsilon_yes(engine: Engine) -> None:
    """A reviewer's final coding of A6 (Epsilon, acquitted, so concluded), made today."""
    with engine.connect() as c:
        src = c.execute(select(source.c.id).limit(1)).scalar_one()
    refs = [EvidenceRef(src, "agreed facts")]
    save_coding(
        engine,
        _cd(engine, "A6"),
        "reviewer-today",
        CodingInput(
            answers={**COMPLETE, "legitimate_expression": "yes"},
            evidence={"legitimate_expression": refs, "violence": refs},
        ),
        status="final",
    )


def _correct_delta(engine: Engine, tmp_path: Path) -> None:
    """Today's correction: Delta (A4) was in fact acquitted, not convicted."""
    rows = []
    for rid, title, name, kind, arrest, law, charge, verdict, vdate, months, sdate, label in ROWS:
        if rid == "A4":
            verdict, months, sdate, label = "acquitted", "", "", "acquitted"
        rows.append(
            {
                **dict.fromkeys(SEED_COLUMNS, ""),
                "row_id": rid,
                "case_group": title,
                "defendant": name,
                "entity_type": kind,
                "arrest_date": arrest,
                "law": law,
                "charge": charge,
                "verdict": verdict,
                "verdict_date": vdate,
                "sentence_months": months,
                "sentence_date": sdate,
                "sentence": f"{months} months" if months else "",
                "first_pass_label": label,
                "key_sources": f"https://example.org/{rid}",
            }
        )
    import_cases(engine, write_csv(tmp_path / "corrected.csv", list(SEED_COLUMNS), rows))


def test_a_coding_made_after_the_date_counts_as_of_and_not_as_recorded(small: Engine) -> None:
    _backdate(small)
    before = figure(small, "legitimate_expression", "amnesty-2025", Options(as_of=PUBLISHED))
    _code_epsilon_yes(small)
    as_of = figure(small, "legitimate_expression", "amnesty-2025", Options(as_of=PUBLISHED))
    recorded = figure(
        small, "legitimate_expression", "amnesty-2025", Options(as_recorded=PUBLISHED)
    )
    # Epsilon was acquitted: an acquittal is concluded, and today's coding makes it count.
    assert before.denominator == 3 and before.excluded.get("not coded") == 1
    assert (as_of.numerator, as_of.denominator) == (2, 4)
    assert as_of.basis.get("single") == 1
    # As the database stood on publication day, Epsilon had no coding.
    assert (recorded.numerator, recorded.denominator) == (1, 3)
    assert recorded.excluded.get("not coded") == 1
    assert recorded.clock == "as recorded" and recorded.recorded_as_of == PUBLISHED
    assert recorded.as_of == PUBLISHED, "facts as of the same day unless told otherwise"
    assert "as recorded on 2025-06-30" in recorded.headline()
    assert as_of.clock == "as of" and "as of 2025-06-30" in as_of.headline()


def test_a_correction_made_after_the_date_changes_as_of_and_not_as_recorded(
    small: Engine, tmp_path: Path
) -> None:
    _backdate(small)
    _correct_delta(small, tmp_path)
    as_of = {f.measure: f for f in headline_figures(small, "amnesty-2025", PUBLISHED)}
    recorded = {
        f.measure: f for f in headline_figures(small, "amnesty-2025", as_recorded=PUBLISHED)
    }
    # Today: Alpha and Gamma convicted, Delta and Epsilon acquitted.
    assert as_of["convicted"].numerator == 2 and as_of["acquitted"].numerator == 2
    # As recorded then: Delta was still convicted.
    assert recorded["convicted"].numerator == 3 and recorded["acquitted"].numerator == 1
    assert all(f.clock == "as recorded" for f in recorded.values())
    # The live database is untouched by the rebuild.
    again = {f.measure: f for f in headline_figures(small, "amnesty-2025", PUBLISHED)}
    assert again["convicted"].numerator == 2


def test_as_recorded_before_anything_was_recorded_is_empty(small: Engine) -> None:
    _backdate(small)
    fig = figure(small, "arrested", "amnesty-2025", Options(as_recorded=dt.date(2025, 5, 31)))
    assert fig.numerator == 0 and fig.excluded == {}


@pytest.mark.parametrize("option", ["--as-of", "--as-recorded"])
def test_stats_cli_names_its_clock(
    runner: CliRunner, db_url: str, small: Engine, option: str
) -> None:
    _backdate(small)
    _code_epsilon_yes(small)
    code, out, err = invoke(runner, db_url, "stats", option, "2025-06-30", "--json")
    assert code == 0, err
    legit = {f["measure"]: f for f in json.loads(out)}["legitimate_expression"]
    expected = {"--as-of": ("as of", None, 4), "--as-recorded": ("as recorded", "2025-06-30", 3)}
    clock, recorded, denominator = expected[option]
    assert (legit["clock"], legit["recorded_as_of"], legit["denominator"]) == (
        clock,
        recorded,
        denominator,
    )
    code, out, _ = invoke(runner, db_url, "stats", option, "2025-06-30")
    assert code == 0 and ("as recorded on 2025-06-30" in out) == (option == "--as-recorded")


def test_stats_without_as_of_uses_today(runner: CliRunner, db_url: str, small: Engine) -> None:
    code, out, _ = invoke(runner, db_url, "stats", "--json")
    assert code == 0
    assert {f["as_of"] for f in json.loads(out)} == {dt.date.today().isoformat()}
