"""Claim checking as a fact-checker runs it: stored claims, a claims file, an article, a draft."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from nsdocket.coding.review import adjudicate
from nsdocket.db.schema import case_defendant, claim
from nsdocket.stats.compute import Options
from nsdocket.stats.figures import figure
from tests.conftest import SHARED, invoke

ARTICLE = SHARED / "fixtures" / "article_amnesty_2025_nsl.txt"


def arithmetic(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The checks of the numbers against each other, from `claims extract --json`."""
    return [a for number in data["claims"] for a in number["arithmetic"]]


def test_extract_from_the_article(runner: CliRunner, db_url: str) -> None:
    if not ARTICLE.exists():
        pytest.skip("../shared is not beside the checkout")
    code, out, err = invoke(runner, db_url, "claims", "extract", str(ARTICLE), "--json")
    assert code == 0, err
    checks = arithmetic(json.loads(out))
    text = ARTICLE.read_text(encoding="utf-8")
    share = next(c for c in checks if c["claim"]["text"] == "84.6%" and c["kind"] == "share")
    start, end = share["claim"]["start"], share["claim"]["end"]
    assert text[start:end] == "84.6%"
    assert share["link"]["denominator"] == 189
    assert share["check"]["verdict"] == "inconsistent"
    assert (
        "nearest possible values are 84.1% (159/189) and 84.7% (160/189)"
        in (share["check"]["reason"])
    )
    over = next(
        c for c in checks if c["kind"] == "restatement" and c["claim"]["text"].lower() == "over 80%"
    )
    assert over["check"]["verdict"] == "consistent"


def test_extract_from_stdin(runner: CliRunner, db_url: str) -> None:
    result = runner.invoke(
        __import__("nsdocket.cli.main", fromlist=["app"]).app,
        ["--db", db_url, "claims", "extract", "-", "--json"],
        input="Of 78 concluded cases, 66 (84.6%) involved peaceful expression.",
    )
    checks = arithmetic(json.loads(result.stdout))
    assert any(c["check"]["verdict"] == "consistent" for c in checks)


def test_stored_claims_get_verdicts_audited_and_drift(
    runner: CliRunner, db_url: str, loaded: Engine
) -> None:
    code, out, err = invoke(runner, db_url, "claims", "check", "--json")
    assert code == 0, err
    results = {r["claim_id"]: r for r in json.loads(out)}
    press = next(r for r in results.values() if r["claim"]["denominator"] == 189)
    assert press["verdict"] == "inconsistent"
    assert press["figure"] is not None  # compared with the database's figure
    amnesty = next(r for r in results.values() if r["claim"]["denominator"] == 78)
    assert amnesty["verdict"] == "consistent"
    with loaded.connect() as c:
        stored = dict(c.execute(select(claim.c.verdict, claim.c.id)).all())
    assert "inconsistent" in stored
    code, out, _ = invoke(runner, db_url, "history", "claim", str(press["claim_id"]), "--json")
    assert [e["action"] for e in json.loads(out)] == ["insert", "update"]
    code, out, _ = invoke(runner, db_url, "claims", "check", "--drift")
    assert "no claim's figure has changed" in out
    # New knowledge: a reviewer decides one concluded NSL defendant's conduct was not expression.
    with loaded.connect() as c:
        tam = c.execute(
            select(case_defendant.c.id).where(case_defendant.c.seed_row_id == "R002")
        ).scalar_one()
    adjudicate(loaded, tam, "legitimate_expression", "no", reason="test", reviewer="lee")
    code, out, _ = invoke(runner, db_url, "claims", "check", "--drift", "--json")
    drifted = json.loads(out)
    assert drifted and all(d["drifted"] for d in drifted)
    assert amnesty["claim_id"] in {d["claim_id"] for d in drifted}


def test_claims_file(runner: CliRunner, db_url: str, loaded: Engine, tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        "publisher,date,claim,numerator,denominator,percent_as_published,scope,source_url\n"
        "Paper,2025-07-01,convictions involving legitimate expression,,189,84.6,NSL,\n"
        "Paper,2025-07-01,share of arrests,160,189,84.7,NSL,\n"
    )
    code, out, _ = invoke(runner, db_url, "claims", "check", "--file", str(path), "--json")
    verdicts = [c["verdict"] for c in json.loads(out)]
    assert code == 0 and verdicts == ["inconsistent", "consistent"]


def test_lint_a_draft(runner: CliRunner, db_url: str, loaded: Engine, tmp_path: Path) -> None:
    convicted = figure(loaded, "convicted", "government", Options(with_rows=False)).numerator
    draft = tmp_path / "draft.md"
    draft.write_text(
        f"# Five years on\n\nUnder all national-security laws, {convicted} people were convicted.\n"
    )
    code, out, _ = invoke(runner, db_url, "claims", "lint", str(draft))
    assert code == 0 and "0 of 1 numbers do not match" in out
    draft.write_text(f"Under all national-security laws, {convicted + 3} people were convicted.\n")
    code, out, _ = invoke(runner, db_url, "claims", "lint", str(draft), "--json")
    findings = json.loads(out)
    assert code == 1
    assert findings[0]["ok"] is False and findings[0]["database"] == str(convicted)


def test_extract_finds_slash_ratios_and_ranges(runner: CliRunner, db_url: str) -> None:
    text = (
        "In 66/78 (84.6%) concluded cases there was no violence; HCCC 69/2022 was one. "
        "Bail was refused to between 80% and 90% of the 78 defendants."
    )
    result = runner.invoke(
        __import__("nsdocket.cli.main", fromlist=["app"]).app,
        ["--db", db_url, "claims", "extract", "-", "--json"],
        input=text,
    )
    checks = arithmetic(json.loads(result.stdout))
    summary = [(c["kind"], c["claim"]["text"], c["check"]["verdict"]) for c in checks]
    assert summary == [
        ("ratio", "66/78", "consistent"),
        ("share", "84.6%", "consistent"),
        ("share", "between 80% and 90%", "consistent"),
    ]
    ranged = checks[2]
    assert (ranged["claim"]["value"], ranged["claim"]["upper"]) == ("80", "90")
    assert ranged["check"]["claim"]["percent_upper"] == "90"
    result = runner.invoke(
        __import__("nsdocket.cli.main", fromlist=["app"]).app,
        ["--db", db_url, "claims", "extract", "-"],
        input=text,
    )
    assert result.exit_code == 0 and "66/78" in result.stdout and "HCCC" not in result.stdout


def test_lint_a_range(runner: CliRunner, db_url: str, loaded: Engine, tmp_path: Path) -> None:
    share = figure(loaded, "legitimate_expression", "nsl-only", Options(with_rows=False))
    assert share.value is not None
    percent = round(share.value * 100)
    draft = tmp_path / "draft.md"
    words = "of concluded NSL cases involved peaceful expression."
    draft.write_text(f"{percent - 2}-{percent + 2}% {words}\n")
    code, out, _ = invoke(runner, db_url, "claims", "lint", str(draft), "--json")
    (finding,) = json.loads(out)
    assert code == 0 and finding["ok"] is True, finding
    assert finding["text"] == f"{percent - 2}-{percent + 2}%"
    draft.write_text(f"{percent - 9}-{percent - 3}% {words}\n")
    code, out, _ = invoke(runner, db_url, "claims", "lint", str(draft), "--json")
    (finding,) = json.loads(out)
    assert code == 1 and finding["ok"] is False


@pytest.mark.parametrize(
    ("words", "quote", "verdict"),
    [
        ("more than 80% wrongly criminalized", "", "consistent"),  # 66/78 = 84.6% > 80%
        ("80% wrongly criminalized", "More than 80% of people convicted", "consistent"),
        ("80% wrongly criminalized", "", "inconsistent"),  # bare 80% must round: 84.6 does not
        ("fewer than 80% wrongly criminalized", "", "inconsistent"),
    ],
)
def test_a_claim_file_reads_the_qualifier_its_words_give(
    runner: CliRunner, tmp_path: Path, words: str, quote: str, verdict: str
) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        "publisher,date,claim,numerator,denominator,percent_as_published,scope,source_url,quote\n"
        f"Amnesty,2025-06-30,{words},66,78,80,NSL,,{quote}\n"
    )
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    code, out, _ = invoke(runner, db, "claims", "check", "--file", str(path), "--json")
    assert code == 0 and [c["verdict"] for c in json.loads(out)] == [verdict]
