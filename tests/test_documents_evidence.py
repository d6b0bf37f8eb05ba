"""Citing an exact passage of a stored document as evidence, and seeing it in the coding."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from nsdocket.coding.store import CodingInput, codings_for, save_coding
from nsdocket.db.documents_schema import document
from nsdocket.db.schema import audit_log, charge, coding, coding_answer, event, evidence
from nsdocket.documents.evidence import cite_passage, passages_for
from tests.conftest import invoke
from tests.test_documents_add import add_folder, doc_id, mixed_folder

LAI = 45  # the prosecution of Jimmy Lai in the bundled data
PASSAGE = "Lai Chee-ying is sentenced to 20 years' imprisonment."


@pytest.fixture
def lai(loaded: Engine, tmp_path: Path) -> dict[str, Any]:
    """The mixed folder stored; the judgment's id, the passage's offsets and Lai's coding."""
    add_folder(loaded, mixed_folder(tmp_path, big=False))
    html = doc_id(loaded, "lai-sentence.html")
    with loaded.connect() as c:
        text = c.execute(select(document.c.text).where(document.c.id == html)).scalar_one()
        coding_id = c.execute(
            select(coding.c.id).where(coding.c.case_defendant_id == LAI)
        ).scalar_one()
        question = c.execute(
            select(coding_answer.c.question).where(coding_answer.c.coding_id == coding_id)
        ).scalars()
        questions = sorted(question)
    start = text.index(PASSAGE)
    return {
        "document": html,
        "start": start,
        "end": start + len(PASSAGE),
        "coding": coding_id,
        "question": questions[0],
    }


def cite(runner: CliRunner, db_url: str, lai: dict[str, Any], *extra: str) -> tuple[int, str, str]:
    return invoke(
        runner,
        db_url,
        "evidence",
        "add",
        "--document",
        str(lai["document"]),
        "--start",
        str(lai["start"]),
        "--end",
        str(lai["end"]),
        *extra,
    )


def test_a_coding_cites_a_passage_and_shows_the_quote(
    runner: CliRunner, db_url: str, loaded: Engine, lai: dict[str, Any]
) -> None:
    code, out, err = cite(
        runner, db_url, lai, "--for", "coding", str(lai["coding"]), "--field", lai["question"]
    )
    assert code == 0, err
    assert f"document {lai['document']} {lai['start']}-{lai['end']} → coding" in out
    assert PASSAGE in out
    with loaded.connect() as c:
        row = c.execute(select(evidence).where(evidence.c.document_id.is_not(None))).mappings()
        [cited] = list(row)
        source_id = c.execute(
            select(document.c.source_id).where(document.c.id == lai["document"])
        ).scalar_one()
        audited = c.execute(
            select(audit_log.c.action).where(
                audit_log.c.table_name == "evidence", audit_log.c.row_id == cited["id"]
            )
        ).scalars()
        assert list(audited) == ["insert"]
    assert cited["quote"] == PASSAGE
    assert (cited["span_start"], cited["span_end"]) == (lai["start"], lai["end"])
    assert (cited["target_table"], cited["target_id"]) == ("coding", lai["coding"])
    assert cited["source_id"] == source_id and cited["field"] == lai["question"]

    # the coding shows the quoted text, in JSON and to a person
    [seed] = codings_for(loaded, LAI)
    passages = [e for e in seed["evidence"] if e["document_id"] == lai["document"]]
    assert [(e["quote"], e["span_start"]) for e in passages] == [(PASSAGE, lai["start"])]
    code, out, _ = invoke(runner, db_url, "codings", "list", str(LAI), "--json")
    assert PASSAGE in {e["quote"] for e in json.loads(out)[0]["evidence"]}
    code, out, _ = invoke(runner, db_url, "codings", "list", str(LAI))
    assert code == 0 and PASSAGE in " ".join(out.split())  # rich wraps long lines


def test_passages_for_events_and_charges(
    runner: CliRunner, db_url: str, loaded: Engine, lai: dict[str, Any]
) -> None:
    with loaded.connect() as c:
        sentence_event = c.execute(
            select(event.c.id).where(event.c.case_defendant_id == LAI, event.c.kind == "sentence")
        ).scalar_one()
        first_charge = (
            c.execute(
                select(charge.c.id).where(charge.c.case_defendant_id == LAI).order_by(charge.c.id)
            )
            .scalars()
            .first()
        )
    code, _, err = cite(
        runner, db_url, lai, "--for", "event", str(sentence_event),
        "--field", "sentence_months", "--value", "240",
    )  # fmt: skip
    assert code == 0, err
    code, _, err = cite(runner, db_url, lai, "--for", "charge", str(first_charge))
    assert code == 0, err
    [on_event] = passages_for(loaded, "event", sentence_event)
    assert (on_event["quote"], on_event["asserted_value"]) == (PASSAGE, "240")
    [on_charge] = passages_for(loaded, "charge", first_charge)
    assert on_charge["document_title"].startswith("HKSAR v LAI CHEE YING")

    # citing the same document again for the same row and field replaces the passage
    cite_passage(
        loaded,
        document_id=lai["document"],
        start=lai["start"],
        end=lai["start"] + 13,
        target_table="charge",
        target_id=first_charge,
        actor="test",
    )
    [again] = passages_for(loaded, "charge", first_charge)
    assert again["quote"] == "Lai Chee-ying" and again["id"] == on_charge["id"]


BAD_PASSAGES = [
    (["--start", "10", "--end", "10"], "is not inside document"),
    (["--start", "0", "--end", "999999"], "is not inside document"),
    (["--start", "-5", "--end", "3"], "is not inside document"),
    (["--end", "3"], "needs --start and --end"),
    (["--start", "0", "--end", "3", "--quote", "made up"], "--quote is taken from"),
    (["--start", "0", "--end", "3", "--source", "1"], "either --source or --document"),
    (["--start", "0", "--end", "3", "--table", "event", "--id", "1"], "not both"),
]


def test_bad_passages_are_refused(
    runner: CliRunner, db_url: str, loaded: Engine, lai: dict[str, Any]
) -> None:
    for args, message in BAD_PASSAGES:
        code, _, err = invoke(
            runner, db_url, "evidence", "add", "--document", str(lai["document"]),
            "--for", "coding", str(lai["coding"]), *args,
        )  # fmt: skip
        assert code == 1 and message in err, (args, err)
    with loaded.connect() as c:
        assert c.execute(select(evidence).where(evidence.c.document_id.is_not(None))).all() == []


def test_unknown_targets_are_refused(
    runner: CliRunner, db_url: str, loaded: Engine, lai: dict[str, Any]
) -> None:
    code, _, err = cite(runner, db_url, lai, "--for", "coding", "99999")
    assert code == 1 and "coding 99999 does not exist" in err
    code, _, err = cite(runner, db_url, lai, "--for", "coding", str(lai["coding"]), "--field", "x")
    assert code == 1 and "does not answer 'x'" in err
    code, _, err = cite(runner, db_url, lai, "--for", "claim", "1")
    assert code == 1 and "can be cited for" in err
    code, _, err = invoke(
        runner, db_url, "evidence", "add", "--document", "999", "--start", "0", "--end", "3",
        "--for", "coding", str(lai["coding"]),
    )  # fmt: skip
    assert code == 1 and "document 999 does not exist" in err
    code, _, err = invoke(runner, db_url, "evidence", "add", "--start", "0", "--end", "3")
    assert code == 1 and "either --source or --document" in err


def test_saving_the_coding_again_keeps_the_passage(loaded: Engine, lai: dict[str, Any]) -> None:
    cite_passage(
        loaded,
        document_id=lai["document"],
        start=lai["start"],
        end=lai["end"],
        target_table="coding",
        target_id=lai["coding"],
        field=lai["question"],
        actor="test",
    )
    [seed] = codings_for(loaded, LAI)
    sheet = CodingInput(answers=dict(seed["answers"]), note="revised by hand")
    save_coding(loaded, LAI, seed["coder"], sheet, status="draft")
    [after] = codings_for(loaded, LAI)
    assert after["note"] == "revised by hand"
    assert [e["quote"] for e in after["evidence"] if e["document_id"]] == [PASSAGE]
