"""Ambiguous links reviewed; sentences proposed, then accepted (audited) or rejected."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from nsdocket.db.documents_schema import document_case, proposal
from nsdocket.db.schema import audit_log, case_defendant, evidence
from nsdocket.db.writer import Writer
from nsdocket.documents.linking import case_keys, plan_links
from nsdocket.documents.proposals import Candidate, name_forms, plan_sentence_proposals
from nsdocket.extract import find_sentences
from tests.conftest import invoke
from tests.test_documents_add import add_folder, doc_id, mixed_folder, share_case_number

LEE, LAI = 40, 45  # prosecutions in the bundled data, both with a blank sentence

# --- pure planning, table-driven -------------------------------------------------------------

TAM = Candidate(1, 100, ("Tam Tak-chi", "譚得志"), None)
CHAN = Candidate(2, 100, ("Chan Tai Man",), None)
DONE = Candidate(3, 100, ("Wong Siu Ming",), 24)

PLANS: list[tuple[str, list[Candidate], list[tuple[int, int]]]] = [
    ("Tam Tak-chi was sentenced to 40 months' imprisonment.", [TAM, CHAN], [(1, 40)]),
    ("TAM TAK CHI: 3 years and 4 months' imprisonment.", [TAM, CHAN], [(1, 40)]),
    ("Tam Tak-chi and Chan Tai Man: 40 months' imprisonment.", [TAM, CHAN], [(2, 40)]),
    ("40 months' imprisonment for Chan Tai Man.", [TAM, CHAN], [(2, 40)]),
    ("譚得志被判監禁40個月。", [TAM, CHAN], [(1, 40)]),
    ("Tam Tak-chi. The starting point was 5 years.", [TAM, CHAN], []),
    ("Tam Tak-chi: 6 months' imprisonment, suspended for 2 years.", [TAM, CHAN], []),
    ("Tam Tak-chi was fined HK$5,000.", [TAM, CHAN], []),
    ("Wong Siu Ming was sentenced to 30 months' imprisonment.", [DONE, TAM], []),
    ("The defendant was sentenced to 40 months' imprisonment.", [TAM], [(1, 40)]),
    ("The defendants were sentenced to 40 months' imprisonment.", [TAM, CHAN], []),
    ("Tam Tak-chi was convicted.\n\nHe was sentenced to 40 months.", [TAM, CHAN], []),
    ("Tam Tak-chi: 40 months. Chan Tai Man: 3 years.", [TAM, CHAN], [(1, 40), (2, 36)]),
    ("Tam Tak-chi: 40 months, reduced on appeal to 36 months.", [TAM, CHAN], [(1, 40), (1, 36)]),
    ("Tam: 40 months' imprisonment.", [TAM, CHAN], []),
    ("Someone else got 10 years. Chan Tai Man got 3 years.", [TAM, CHAN], [(2, 36)]),
]


@pytest.mark.parametrize(("text", "candidates", "expected"), PLANS)
def test_plan_sentence_proposals(
    text: str, candidates: list[Candidate], expected: list[tuple[int, int]]
) -> None:
    spans = [(i, s.start, s.end, s.fields) for i, s in enumerate(find_sentences(text))]
    planned = plan_sentence_proposals(text, spans, candidates)
    assert [(p.case_defendant_id, p.months) for p in planned] == expected
    for p in planned:  # the quoted passage holds the sentence
        assert p.passage_start <= spans[p.span_id][1] < spans[p.span_id][2] <= p.passage_end


@pytest.mark.parametrize(
    ("name", "zh", "aliases", "forms"),
    [
        ("Tam Tak-chi", "", [], ("Tam Tak-chi",)),
        ("Benny Tai Yiu-ting", "戴耀廷", [], ("Benny Tai Yiu-ting", "戴耀廷", "Tai Yiu-ting")),
        ("Lai Man-ling", "", ["Lorie"], ("Lai Man-ling",)),
        ("Ma Chun-man", "", ["Captain America 2.0"], ("Ma Chun-man", "Captain America 2.0")),
        ("Madonna", "", [], ()),
    ],
)
def test_name_forms(name: str, zh: str, aliases: list[str], forms: tuple[str, ...]) -> None:
    assert name_forms(name, zh, aliases) == forms


def test_case_keys_and_ambiguous_plans() -> None:
    assert case_keys("DCCC 927-929/2020; HCMP 1/2021", "[2021] HKCFI 2200") == {
        "DCCC 927/2020",
        "DCCC 928/2020",
        "DCCC 929/2020",
        "HCMP 1/2021",
        "[2021] HKCFI 2200",
    }
    index = {"HCCC 69/2022": (7, 8), "[2021] HKCFA 3": (10,), "HCCC 1/2020": (1,)}
    spans = [
        (1, "case_number", {"numbers": ["HCCC 69/2022"]}, "HCCC 69/2022"),
        (2, "citation", {"normalised": "[2021] HKCFA 3"}, "[2021] HKCFA 3"),
        (3, "case_number", {"numbers": ["HCCC 1/2020", "HCCC 2/2020"]}, "HCCC 1-2/2020"),
        (4, "date", {}, "1 May 2020"),
    ]
    planned = {(p.case_id, p.span_id, p.ambiguous) for p in plan_links(index, spans)}
    assert planned == {(7, 1, True), (8, 1, True), (10, 2, False), (1, 3, False)}


# --- the review session through the CLI ------------------------------------------------------


@pytest.fixture
def stored(unmerged: Engine, tmp_path: Path) -> Engine:
    """The mixed folder stored, with HCCC 69/2022 shared by cases 7 and 8."""
    share_case_number(unmerged)
    add_folder(unmerged, mixed_folder(tmp_path, big=False))
    return unmerged


def cli_json(runner: CliRunner, db_url: str, *args: str) -> Any:
    code, out, err = invoke(runner, db_url, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def sentence(engine: Engine, prosecution: int) -> int | None:
    with engine.connect() as c:
        return c.execute(
            select(case_defendant.c.sentence_months).where(case_defendant.c.id == prosecution)
        ).scalar_one()


def test_review_an_ambiguous_link_then_accept_the_proposal(
    runner: CliRunner, db_url: str, stored: Engine
) -> None:
    report = doc_id(stored, "hk47.txt")
    ambiguous = cli_json(runner, db_url, "documents", "links")
    assert [(r["document_id"], r["case_id"]) for r in ambiguous] == [(report, 7), (report, 8)]
    code, out, _ = invoke(runner, db_url, "documents", "links")
    assert code == 0 and "HCCC 69/2022" in out and "ambiguous" in out

    to_eight = next(r["id"] for r in ambiguous if r["case_id"] == 8)
    code, out, err = invoke(runner, db_url, "documents", "confirm-link", str(to_eight))
    assert code == 0 and "2 link(s) changed" in out, err
    assert cli_json(runner, db_url, "documents", "links") == []
    statuses = {
        r["case_id"]: r["status"]
        for r in cli_json(runner, db_url, "documents", "links", "--status", "all")
        if r["document_id"] == report
    }
    assert statuses == {7: "dismissed", 8: "confirmed"}

    code, out, _ = invoke(runner, db_url, "documents", "relink")
    assert code == 0 and "1 new proposal(s)" in out
    pending = cli_json(runner, db_url, "proposals", "list")
    lee = next(p for p in pending if p["target_id"] == LEE)
    assert (lee["value"], lee["current"], lee["defendant"]) == ("40", None, "Lee Yue-shun")
    assert "Lee Yue-shun was sentenced to 40 months' imprisonment." in lee["passage"]
    code, out, _ = invoke(runner, db_url, "proposals", "list")
    assert "Lee Yue-shun" in out and "(now blank)" in out

    # never applied silently: still blank until a person accepts
    assert sentence(stored, LEE) is None
    code, out, err = invoke(runner, db_url, "--actor", "ana", "proposals", "accept", str(lee["id"]))
    assert code == 0, err
    assert sentence(stored, LEE) == 40
    with stored.connect() as c:
        change = (
            c.execute(
                select(audit_log).where(
                    audit_log.c.table_name == "case_defendant", audit_log.c.row_id == LEE
                )
            )
            .mappings()
            .all()[-1]
        )
        cited = c.execute(
            select(evidence).where(evidence.c.target_table == "case_defendant")
        ).mappings()
        [passage] = [e for e in cited if e["target_id"] == LEE and e["document_id"]]
    assert (change["actor"], change["action"]) == ("ana", "update")
    assert change["reason"] == f"proposal {lee['id']} from document {report}"
    assert change["before"]["sentence_months"] is None and change["after"]["sentence_months"] == 40
    assert (passage["field"], passage["asserted_value"]) == ("sentence_months", "40")
    assert passage["quote"] == lee["passage"] and passage["document_id"] == report

    code, _, err = invoke(runner, db_url, "proposals", "accept", str(lee["id"]))
    assert code == 1 and "already accepted" in err
    code, out, _ = invoke(runner, db_url, "documents", "relink")
    assert "0 new proposal(s)" in out


def test_reject_keeps_the_row_and_the_proposal_does_not_come_back(
    runner: CliRunner, db_url: str, stored: Engine
) -> None:
    [lai] = cli_json(runner, db_url, "proposals", "list")
    assert (lai["target_id"], lai["value"]) == (LAI, "240")
    code, out, err = invoke(
        runner, db_url, "proposals", "reject", str(lai["id"]), "--reason", "not final"
    )
    assert code == 0 and "rejected" in out, err
    assert sentence(stored, LAI) is None
    assert cli_json(runner, db_url, "proposals", "list") == []
    [rejected] = cli_json(runner, db_url, "proposals", "list", "--status", "rejected")
    assert rejected["decided_by"] == "cli"
    invoke(runner, db_url, "documents", "relink")
    assert len(cli_json(runner, db_url, "proposals", "list", "--status", "all")) == 1
    code, _, err = invoke(runner, db_url, "proposals", "reject", str(lai["id"]))
    assert code == 1 and "already rejected" in err
    code, _, err = invoke(runner, db_url, "proposals", "accept", "999")
    assert code == 1 and "proposal 999 does not exist" in err


def test_a_proposal_for_a_row_that_moved_on_is_refused(
    runner: CliRunner, db_url: str, stored: Engine
) -> None:
    with stored.begin() as c:
        Writer(c, actor="bea").update(case_defendant, LAI, {"sentence_months": 200})
        proposal_id = c.execute(select(proposal.c.id)).scalar_one()
    code, _, err = invoke(runner, db_url, "proposals", "accept", str(proposal_id))
    assert code == 1 and "is now 200, not blank" in err
    assert sentence(stored, LAI) == 200


def test_dismiss_a_link(runner: CliRunner, db_url: str, stored: Engine) -> None:
    with stored.connect() as c:
        link = c.execute(
            select(document_case.c.id).where(document_case.c.case_id == 10)
        ).scalar_one()
    code, out, _ = invoke(runner, db_url, "documents", "dismiss-link", str(link))
    assert code == 0 and f"dismissed link {link}" in out
    assert cli_json(runner, db_url, "documents", "list", "--case", "10") == []
    code, _, err = invoke(runner, db_url, "documents", "confirm-link", "999")
    assert code == 1 and "does not exist" in err
