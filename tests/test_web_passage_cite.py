"""A coder cites a passage of a judgment as evidence for an answer, from the document page."""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from sqlalchemy import select

from nsdocket.db.schema import audit_log, evidence
from tests.test_web_coding import final_form
from tests.test_web_support import Site, build_site, fast_hashing, login, session_csrf  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def fresh(tmp_path: Path) -> Site:
    return build_site(tmp_path)


def test_cite_a_passage_then_finalise_on_it(fresh: Site) -> None:
    coder = login(fresh.app, "coder")
    token = session_csrf(coder)
    doc = fresh.document_id
    detail = coder.get(f"/documents/{doc}.json").json()["document"]
    case_id = next(link["case_id"] for link in detail["links"] if link["status"] == "linked")
    cd = coder.get(f"/cases/{case_id}.json").json()["case"]["prosecutions"][0]["id"]

    page = HTMLParser(coder.get(f"/documents/{doc}?passage=100-260").text)
    form = page.css_first(f"form[action='/documents/{doc}/cite']")
    assert form is not None, "a coder sees the form under a marked passage"
    offered = {o.attributes["value"] for o in form.css("select[name=case_defendant_id] option")}
    assert str(cd) in offered
    viewer = login(fresh.app, "viewer")
    assert "/cite" not in viewer.get(f"/documents/{doc}?passage=100-260").text
    assert "/cite" not in coder.get(f"/documents/{doc}").text, "no passage marked, no form"

    cite = {"csrf_token": token, "start": "100", "end": "260", "case_defendant_id": str(cd)}
    early = coder.post(f"/documents/{doc}/cite", data={**cite, "question": "violence"})
    assert early.status_code == 400 and "save a draft" in early.text

    draft = {"csrf_token": token, "q.violence": "none", "status": "draft"}
    assert coder.post(f"/code/{cd}", data=draft).status_code == 303
    unanswered = coder.post(
        f"/documents/{doc}/cite",
        data={**cite, "question": "incitement_claimed"},
        headers={"Accept": "application/json"},
    )
    assert unanswered.status_code == 400
    assert "does not answer 'incitement_claimed'" in unanswered.json()["error"]
    beyond = coder.post(
        f"/documents/{doc}/cite", data={**cite, "question": "violence", "end": "99999999"}
    )
    assert beyond.status_code == 400

    cited = coder.post(f"/documents/{doc}/cite", data={**cite, "question": "violence"})
    assert cited.status_code == 303 and cited.headers["location"] == f"/code/{cd}"
    text = (
        fresh.engine.connect()
        .exec_driver_sql("SELECT text FROM document WHERE id = ?", (doc,))
        .scalar_one()
    )
    with fresh.engine.connect() as c:
        row = c.execute(select(evidence).where(evidence.c.document_id == doc)).one()
        actor = c.execute(
            select(audit_log.c.actor).where(
                audit_log.c.table_name == "evidence", audit_log.c.row_id == row.id
            )
        ).scalar_one()
    assert (row.target_table, row.field, row.span_start, row.span_end) == (
        "coding",
        "violence",
        100,
        260,
    )
    assert row.quote == text[100:260] and actor == "web:coder"
    coding_page = coder.get(f"/code/{cd}").text
    assert "Passages of documents cited" in coding_page
    assert f"/documents/{doc}?passage=100-260" in coding_page

    # final without picking a source for violence: the passage is its evidence
    source_id = coder.get(f"/code/{cd}.json").json()["prosecution"]["sources"][0]["id"]
    form_data = final_form(source_id, "yes", token)
    del form_data["e.violence"], form_data["eq.violence"]
    saved = coder.post(f"/code/{cd}", data=form_data)
    assert saved.status_code == 303, saved.text
    mine = coder.get(f"/code/{cd}.json").json()["coding"]
    assert mine["status"] == "final"
    kept = [e for e in mine["evidence"] if e["field"] == "violence"]
    assert [e["document_id"] for e in kept] == [doc], "saving again keeps the passage"


def test_final_without_any_evidence_is_still_refused(fresh: Site) -> None:
    coder = login(fresh.app, "coder")
    token = session_csrf(coder)
    cd = fresh.case_defendant_id
    source_id = coder.get(f"/code/{cd}.json").json()["prosecution"]["sources"][0]["id"]
    form_data = final_form(source_id, "yes", token)
    del form_data["e.violence"], form_data["eq.violence"]
    refused = coder.post(f"/code/{cd}", data=form_data)
    assert refused.status_code == 400 and "violence" in refused.text
