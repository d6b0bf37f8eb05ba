"""Figures on a small hand-built database whose right answers are worked out here by hand.

The database (imported through the real importer from a CSV written in the test):

| row | case | defendant | kind | arrest | charges | verdict | label |
|---|---|---|---|---|---|---|---|
| A1 | DCCC 1/2021 | Alpha Person | person | 2020-08-10 | NSL 21 | convicted 2021-03 | legitimate |
| A2 | DCCC 2/2021 | Beta Media Ltd | company | — | NSL 29 | convicted 2022-01-05 | legitimate |
| A3 | DCCC 2/2021 | Gamma Person | person | 2021-06 | NSL 23, s.53 violent | 2022-01-05 | no |
| A4 | DCCC 3/2022 | Delta Person | person | 2021 | Cap.200 s.10 | conv. 2022-07-15 | contested |
| A5 | DCCC 9/2023 | Alpha Person | person | 2023-01-10 | Cap.200 s.10 | pending | pending |
| A6 | DCCC 5/2021 | Epsilon Person | person | 2020-09-01 | NSL 22 | acq. 2021-12-01 | acquitted |

Scope amnesty-2025 counts persons charged under the NSL, the SNSO or Cap. 200 s.10: A1, A3, A4,
A5, A6 (five prosecutions of four people: Alpha is in two cases). The company A2 is counted
only by the `government` scope.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from nsdocket.coding.review import adjudicate, coder_agreement, disagreements
from nsdocket.coding.store import CodingInput, EvidenceRef, save_coding
from nsdocket.db.schema import case_defendant, source
from nsdocket.ingest.load_cases import import_cases
from nsdocket.ingest.seed_rows import SEED_COLUMNS
from nsdocket.stats.compute import Options, explain
from nsdocket.stats.figures import compare_scopes, figure, headline_figures
from nsdocket.stats.intervals import wilson_interval
from tests.conftest import invoke, write_csv

ROWS = [
    (
        "A1",
        "HKSAR v Alpha (DCCC 1/2021)",
        "Alpha Person",
        "person",
        "2020-08-10",
        "NSL",
        "incitement to secession (NSL art.21)",
        "convicted",
        "2021-03",
        "36",
        "2021-04-01",
        "legitimate_expression",
    ),
    (
        "A2",
        "HKSAR v Beta Media Ltd & Gamma (DCCC 2/2021)",
        "Beta Media Ltd",
        "company",
        "",
        "NSL",
        "collusion with foreign forces (NSL art.29)",
        "convicted",
        "2022-01-05",
        "",
        "",
        "legitimate_expression (journalism)",
    ),
    (
        "A3",
        "HKSAR v Beta Media Ltd & Gamma (DCCC 2/2021)",
        "Gamma Person",
        "person",
        "2021-06",
        "NSL + Crimes Ord. Cap.200",
        "incitement to subversion (NSL art.23); cause explosions (Cap.200 s.53)",
        "convicted",
        "2022-01-05",
        "60",
        "2022-02-01",
        "not_pure_expression (violence)",
    ),
    (
        "A4",
        "HKSAR v Delta (DCCC 3/2022)",
        "Delta Person",
        "person",
        "2021",
        "Crimes Ord. Cap.200",
        "uttering seditious words (s.10(1)(b))",
        "convicted",
        "2022-07-15",
        "12",
        "2022-08-01",
        "contested (advocacy of violent resistance)",
    ),
    (
        "A5",
        "HKSAR v Alpha (DCCC 9/2023)",
        "Alpha Person",
        "person",
        "2023-01-10",
        "Crimes Ord. Cap.200",
        "seditious publication (Cap.200 s.10)",
        "pending",
        "",
        "",
        "",
        "pending",
    ),
    (
        "A6",
        "HKSAR v Epsilon (DCCC 5/2021)",
        "Epsilon Person",
        "person",
        "2020-09-01",
        "NSL",
        "subversion (NSL art.22)",
        "acquitted",
        "2021-12-01",
        "",
        "",
        "acquitted",
    ),
]


@pytest.fixture
def small(engine: Engine, tmp_path: Path) -> Engine:
    rows = []
    for rid, case, name, kind, arrest, law, charge, verdict, vdate, months, sdate, label in ROWS:
        row = dict.fromkeys(SEED_COLUMNS, "")
        row.update(
            row_id=rid,
            case_group=case,
            defendant=name,
            entity_type=kind,
            arrest_date=arrest,
            law=law,
            charge=charge,
            verdict=verdict,
            verdict_date=vdate,
            sentence_months=months,
            sentence_date=sdate,
            sentence=f"{months} months" if months else "",
            first_pass_label=label,
            key_sources=f"https://example.org/{rid}",
        )
        rows.append(row)
    import_cases(engine, write_csv(tmp_path / "small.csv", list(SEED_COLUMNS), rows))
    return engine


def _cd(engine: Engine, row_id: str) -> int:
    with engine.connect() as c:
        return int(
            c.execute(
                select(case_defendant.c.id).where(case_defendant.c.seed_row_id == row_id)
            ).scalar_one()
        )


def test_counts_by_person_and_prosecution(small: Engine) -> None:
    people = figure(small, "arrested", "amnesty-2025")
    assert (people.numerator, people.denominator, people.unit) == (4, None, "person")
    assert figure(small, "arrested", "amnesty-2025", Options(unit="prosecution")).numerator == 5
    convicted = figure(small, "convicted", "amnesty-2025")
    assert convicted.numerator == 3  # Alpha (A1), Gamma, Delta; Epsilon acquitted
    assert convicted.breakdown["by_law"] == {"NSL": 2, "CAP200": 1}
    assert figure(small, "acquitted", "amnesty-2025").numerator == 1
    assert figure(small, "convicted", "government").numerator == 4  # the company too


def test_as_of_uses_date_bounds_explicitly(small: Engine) -> None:
    fig = figure(small, "arrested", "amnesty-2025", Options(as_of=dt.date(2021, 6, 15)))
    # Alpha (2020-08-10) and Epsilon (2020-09-01) certainly; Gamma (2021-06) and Delta (2021)
    # straddle the date, so they are left out and said to be uncertain.
    assert fig.numerator == 2
    assert fig.excluded == {"arrest date uncertain at the as-of date": 2}
    later = figure(small, "arrested", "amnesty-2025", Options(as_of=dt.date(2021, 12, 31)))
    assert later.numerator == 4


def test_legitimate_expression_share_with_unclear_bounds(small: Engine) -> None:
    fig = figure(small, "legitimate_expression", "amnesty-2025")
    # Concluded and coded: Alpha yes (A1; A5 is pending), Gamma no, Delta unclear.
    assert (fig.numerator, fig.denominator, fig.unclear) == (1, 3, 1)
    assert fig.bounds == pytest.approx((1 / 3, 2 / 3))
    assert fig.interval == pytest.approx(wilson_interval(1, 3))
    assert fig.excluded == {"not coded": 1}  # Epsilon, acquitted, first pass did not code
    assert fig.basis == {"draft": 3} and fig.single_coded == 3
    assert any("draft" in note for note in fig.notes)
    assert sorted(fig.row_ids) == sorted(_cd(small, r) for r in ("A1", "A3", "A4"))
    with_companies = figure(small, "legitimate_expression", "government")
    assert (with_companies.numerator, with_companies.denominator) == (2, 4)
    cases = figure(small, "legitimate_expression", "amnesty-2025", Options(unit="case"))
    # Case DCCC 2/2021 has Gamma (no) only among persons; case units: A1 yes, A3 no, A4 unclear.
    assert (cases.numerator, cases.denominator) == (1, 3)


def test_final_only_leaves_drafts_out(small: Engine) -> None:
    fig = figure(small, "legitimate_expression", "amnesty-2025", Options(include_drafts=False))
    assert fig.denominator == 0 and fig.value is None
    assert fig.excluded["only draft codings (drafts not counted)"] == 3


def test_as_of_counts_todays_codings_of_facts_by_then(small: Engine) -> None:
    day = dt.date(2021, 12, 31)
    then = figure(small, "legitimate_expression", "amnesty-2025", Options(as_of=day))
    # Concluded by then: A1 (coded yes) and A6 (acquitted, not coded); the drafts were made
    # today and count under the as-of clock.
    assert (then.numerator, then.denominator) == (1, 1)
    assert then.excluded["not coded"] == 1
    assert then.clock == "as of" and then.recorded_as_of is None


def _final(engine: Engine, row: str, coder: str, answer: str) -> None:
    with engine.connect() as c:
        src = c.execute(select(source.c.id).limit(1)).scalar_one()
    refs = [EvidenceRef(src, "the agreed facts")]
    save_coding(
        engine,
        _cd(engine, row),
        coder,
        CodingInput(
            answers={**COMPLETE, "legitimate_expression": answer},
            evidence={"legitimate_expression": refs, "violence": refs},
        ),
        status="final",
    )


COMPLETE = {
    "conduct_kinds": ["speech"],
    "violence": "none",
    "incitement_claimed": "no",
    "protected_under": ["iccpr_19"],
}


def test_final_codings_agreement_and_adjudication(small: Engine) -> None:
    for row, a, b in (
        ("A1", "yes", "yes"),
        ("A3", "no", "no"),
        ("A4", "unclear", "no"),
        ("A6", "yes", "no"),
    ):
        _final(small, row, "ana", a)
        _final(small, row, "ben", b)
    (result,) = [r for r in coder_agreement(small) if r.question == "legitimate_expression"]
    # Hand-computed: p_o = 2/4; p_e = .5*.25 + .25*.75 + .25*0 = .3125; kappa = .1875/.6875.
    assert result.cohen_kappa == pytest.approx(0.1875 / 0.6875)
    # Coincidences: o_yy=2, o_nn=2, o_un=o_nu=1, o_yn=o_ny=1; n_yes=3, n_no=4, n_unclear=1.
    assert result.krippendorff_alpha == pytest.approx(1 - 7 * 4 / (2 * (12 + 3 + 4)))
    assert result.percent_agreement == pytest.approx(0.5) and result.n_units == 4
    queue = disagreements(small)
    assert [(d.case_defendant_id, d.answers) for d in queue] == [
        (_cd(small, "A4"), {"ana": "unclear", "ben": "no"}),
        (_cd(small, "A6"), {"ana": "yes", "ben": "no"}),
    ]
    fig = figure(small, "legitimate_expression", "amnesty-2025", Options(include_drafts=False))
    # Agreed: A1 yes, A3 no; A4 disagreement; A6 acquitted and disagreed.
    assert (fig.numerator, fig.denominator) == (1, 2)
    assert fig.basis == {"agreed": 2}
    assert fig.excluded["coders disagree, awaiting adjudication"] == 2
    adjudicate(
        small,
        _cd(small, "A4"),
        "legitimate_expression",
        "unclear",
        reason="record too thin",
        reviewer="lee",
    )
    fig = figure(small, "legitimate_expression", "amnesty-2025", Options(include_drafts=False))
    assert (fig.numerator, fig.denominator, fig.unclear) == (1, 3, 1)
    assert fig.basis == {"agreed": 2, "adjudicated": 1}
    assert [d.case_defendant_id for d in disagreements(small)] == [_cd(small, "A6")]


def test_verdict_month_straddles_the_as_of_date(small: Engine) -> None:
    day = dt.date(2021, 3, 15)
    fig = figure(small, "convicted", "amnesty-2025", Options(as_of=day))
    # Alpha's verdict is dated only 2021-03: it may or may not have come by the 15th. Gamma,
    # Delta and Epsilon's verdicts come later.
    assert fig.numerator == 0
    assert fig.excluded == {
        "verdict date uncertain at the as-of date": 1,
        "other verdict, or verdict after the as-of date": 3,
    }


@pytest.mark.parametrize("as_of", [None, dt.date(2021, 3, 15), dt.date(2022, 1, 31)])
def test_headline_figures_equal_each_figure_alone(small: Engine, as_of: dt.date | None) -> None:
    # The headline table classifies its scope once for all figures; each figure must be what
    # it is when computed alone.
    together = headline_figures(small, "amnesty-2025", as_of)
    alone = [
        figure(small, f.measure, "amnesty-2025", Options(as_of=as_of, unit=f.unit))
        for f in together
    ]
    for f in together:
        f.stage_note = ""  # said of the table, not of a figure alone
    assert [f.to_json() for f in together] == [f.to_json() for f in alone]
    if as_of == dt.date(2022, 1, 31):
        legit = together[4]
        # Concluded by then: Alpha (A1, yes), Gamma (no) and Epsilon (acquitted, not coded).
        assert legit.measure == "legitimate_expression"
        assert (legit.numerator, legit.denominator) == (1, 2)
        assert legit.excluded["not coded"] == 1


def test_sentence_distribution(small: Engine) -> None:
    fig = figure(small, "sentence_months", "amnesty-2025")
    assert fig.stats["n"] == 3 and fig.value == 36
    # Inclusive quartiles of 12, 36, 60: positions 0.5 and 1.5 -> 24 and 48.
    assert (fig.stats["q1"], fig.stats["q3"]) == (24, 48)
    assert (
        fig.breakdown["by_offence"][
            "CAP200 10 seditious offences (uttering seditious "
            "words, seditious publications, seditious acts)"
        ]["n"]
        == 1
    )


def test_explain_lists_every_row_and_why(small: Engine) -> None:
    rows = explain(
        small,
        "legitimate_expression",
        __import__("nsdocket.stats.scopes", fromlist=["get_scope"]).get_scope("amnesty-2025"),
        Options(),
    )
    by_row = {r.case_defendant_id: (r.category, r.counted_in) for r in rows}
    assert by_row[_cd(small, "A1")] == ("yes", "numerator")
    assert by_row[_cd(small, "A3")] == ("no", "denominator only")
    assert by_row[_cd(small, "A5")] == ("not concluded (no verdict by the as-of date)", "excluded")
    assert len(rows) == 5


def test_compare_scopes_changes_the_denominator(small: Engine) -> None:
    figures = {f.scope: f for f in compare_scopes(small, "legitimate_expression")}
    assert figures["amnesty-2025"].denominator == 3
    assert figures["government"].denominator == 4
    assert figures["nsl-only"].denominator == 2  # A1 and A3; Delta is Cap.200 only


def test_stats_cli(runner: CliRunner, db_url: str, small: Engine) -> None:
    code, out, err = invoke(runner, db_url, "stats", "--json")
    assert code == 0, err
    figures = {f["measure"]: f for f in json.loads(out)}
    assert figures["legitimate_expression"]["numerator"] == 1
    assert figures["legitimate_expression"]["denominator"] == 3
    code, out, _ = invoke(runner, db_url, "stats", "--compare-scopes", "legitimate_expression")
    assert code == 0 and "government" in out and "nsl-only" in out
    code, out, _ = invoke(
        runner, db_url, "stats", "--scope", "nsl-only", "explain", "legitimate_expression", "--json"
    )
    assert code == 0 and len(json.loads(out)) == 3  # A1, A3, A6
    code, _, err = invoke(runner, db_url, "stats", "--scope", "bogus")
    assert code == 1 and "unknown scope 'bogus'" in err
    code, _, err = invoke(runner, db_url, "stats", "--as-of", "2021-13-01")
    assert code == 1 and "--as-of must be a date" in err
    code, out, _ = invoke(runner, db_url, "stats", "--unit", "case")
    assert code == 0 and "legitimate_expression" in out


def test_code_and_adjudicate_cli(
    runner: CliRunner, db_url: str, small: Engine, tmp_path: Path
) -> None:
    cd = _cd(small, "A4")
    with small.connect() as c:
        src = c.execute(select(source.c.id).limit(1)).scalar_one()
    sheet = tmp_path / "ana.yaml"
    sheet.write_text(
        "answers:\n  conduct_kinds: [speech]\n  violence: none\n  incitement_claimed: 'no'\n"
        "  protected_under: [iccpr_19]\n  legitimate_expression: 'yes'\n"
        f"evidence:\n  legitimate_expression: [{{source: {src}, quote: slogans only}}]\n"
        f"  violence: [{src}]\n"
    )
    code, out, err = invoke(
        runner, db_url, "code", str(cd), "--coder", "ana", "--answers", str(sheet), "--final"
    )
    assert code == 0, out + err
    bad = tmp_path / "bad.yaml"
    bad.write_text("answers:\n  legitimate_expression: maybe\n")
    code, out, err = invoke(
        runner, db_url, "code", str(cd), "--coder", "ben", "--answers", str(bad), "--final"
    )
    assert code == 1 and "not saved" in err and "value 'maybe' not allowed" in out
    code, out, _ = invoke(runner, db_url, "codings", "list", str(cd), "--json")
    coders = {c["coder"]: c for c in json.loads(out)}
    assert coders["ana"]["answers"]["legitimate_expression"] == "yes"
    assert coders["ana"]["evidence"][0]["quote"] == "slogans only"
    code, out, err = invoke(
        runner,
        db_url,
        "adjudicate",
        str(cd),
        "--answer",
        "perhaps",
        "--reason",
        "x",
        "--reviewer",
        "lee",
    )
    assert code == 1 and "'perhaps' is not an answer" in err
    code, out, _ = invoke(
        runner,
        db_url,
        "adjudicate",
        str(cd),
        "--answer",
        "yes",
        "--reason",
        "speech only",
        "--reviewer",
        "lee",
    )
    assert code == 0 and "legitimate_expression = yes" in out


def test_codings_import_is_atomic(
    runner: CliRunner, db_url: str, small: Engine, tmp_path: Path
) -> None:
    cd1, cd3 = _cd(small, "A1"), _cd(small, "A3")
    good = tmp_path / "round1.csv"
    good.write_text(
        "prosecution_id,coder,status,question,value\n"
        f"{cd1},cat,draft,legitimate_expression,yes\n"
        f"{cd1},cat,draft,conduct_kinds,speech\n"
        f"{cd1},cat,draft,conduct_kinds,publication\n"
        f"{cd3},cat,draft,legitimate_expression,no\n"
    )
    code, out, err = invoke(runner, db_url, "codings", "import", str(good))
    assert code == 0 and "imported 2 codings" in out, err
    bad = tmp_path / "round2.csv"
    bad.write_text(
        "prosecution_id,coder,status,question,value\n"
        f"{cd1},dan,draft,legitimate_expression,yes\n"
        "99999,dan,draft,legitimate_expression,no\n"
        f"{cd3},dan,sometimes,legitimate_expression,no\n"
    )
    code, _, err = invoke(runner, db_url, "codings", "import", str(bad))
    assert code == 1 and "round2.csv:4: column 'status'" in err
    code, out, _ = invoke(runner, db_url, "codings", "list", str(cd1), "--json")
    assert "dan" not in {c["coder"] for c in json.loads(out)}


def test_code_interactively(runner: CliRunner, db_url: str, small: Engine) -> None:
    from nsdocket.cli.main import app

    cd = _cd(small, "A1")
    with small.connect() as c:
        src = c.execute(select(source.c.id).limit(1)).scalar_one()
    answers = [
        "speech",  # conduct_kinds
        "none",
        str(src),
        "",  # violence, its evidence and quote
        "no",  # incitement_claimed (hides the incitement tests)
        "iccpr_19",  # protected_under
        "",  # court_interpretation
        "yes",
        str(src),
        "banners and slogans",  # legitimate_expression, evidence, quote
        "",  # notes
        "walked through in a test",  # coding note
        "y",  # mark final
    ]
    result = runner.invoke(
        app, ["--db", db_url, "code", str(cd), "--coder", "eve"], input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Alpha Person" in result.stdout and "example.org/A1" in result.stdout
    assert "saved final coding" in result.stdout
    _, out, _ = invoke(runner, db_url, "codings", "list", str(cd), "--json")
    eve = next(c for c in json.loads(out) if c["coder"] == "eve")
    assert eve["answers"]["legitimate_expression"] == "yes"
    assert eve["status"] == "final" and eve["note"] == "walked through in a test"
