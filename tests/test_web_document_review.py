"""A reviewer decides in the browser what documents suggest: links first, then proposed facts."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, select

from nsdocket import users
from nsdocket.db.documents_schema import document_case
from nsdocket.db.schema import audit_log, evidence
from nsdocket.web import create_app
from nsdocket.web.auth import WebSettings
from tests.test_documents_add import add_folder, doc_id, mixed_folder, share_case_number
from tests.test_documents_proposals import LAI, LEE, sentence
from tests.test_web_support import PASSWORD, fast_hashing, login, session_csrf  # noqa: F401


@pytest.fixture
def app(unmerged: Engine, tmp_path: Path, fast_hashing: None) -> FastAPI:  # noqa: F811
    """The mixed folder stored (HCCC 69/2022 shared by cases 7 and 8), a coder and a reviewer."""
    share_case_number(unmerged)
    add_folder(unmerged, mixed_folder(tmp_path, big=False))
    for role in ("coder", "reviewer"):
        users.add_user(unmerged, role, role, PASSWORD, actor="test")
    return create_app(unmerged, WebSettings())


def test_confirm_a_link_then_accept_and_reject_proposals(app: FastAPI, unmerged: Engine) -> None:
    reviewer = login(app, "reviewer")
    token = session_csrf(reviewer)
    queue = reviewer.get("/review/documents.json").json()
    [group] = queue["ambiguous_links"]
    assert group["span_text"] == "HCCC 69/2022"
    assert {c["case_id"] for c in group["candidates"]} == {7, 8}
    [lai] = queue["proposals"]
    assert (lai["target_id"], lai["value"], lai["current"]) == (LAI, "240", None)

    page = reviewer.get("/review/documents")
    assert page.status_code == 200
    assert "HCCC 69/2022" in page.text and "Confirm this case" in page.text
    assert lai["passage"][:40] in page.text

    coder = login(app, "coder")
    refused = coder.post(
        f"/review/proposals/{lai['id']}/accept", data={"csrf_token": session_csrf(coder)}
    )
    assert refused.status_code == 403 and sentence(unmerged, LAI) is None

    to_eight = next(c["link_id"] for c in group["candidates"] if c["case_id"] == 8)
    confirmed = reviewer.post(
        f"/review/links/{to_eight}", data={"csrf_token": token, "decision": "confirm"}
    )
    assert confirmed.status_code == 303 and confirmed.headers["location"] == "/review/documents"
    report = doc_id(unmerged, "hk47.txt")
    with unmerged.connect() as c:
        statuses = dict(
            c.execute(
                select(document_case.c.case_id, document_case.c.status).where(
                    document_case.c.document_id == report
                )
            ).all()
        )
        actors = set(
            c.execute(
                select(audit_log.c.actor).where(audit_log.c.table_name == "document_case")
            ).scalars()
        )
    assert statuses == {7: "dismissed", 8: "confirmed"}
    assert "web:reviewer" in actors

    # confirming case 8 lets the document's sentence for Lee Yue-shun be proposed at once
    queue = reviewer.get("/review/documents.json").json()
    assert queue["ambiguous_links"] == []
    lee = next(p for p in queue["proposals"] if p["target_id"] == LEE)
    assert (lee["value"], lee["case_id"]) == ("40", 8)

    accepted = reviewer.post(
        f"/review/proposals/{lee['id']}/accept",
        data={"csrf_token": token},
        headers={"Accept": "application/json"},
    )
    assert accepted.status_code == 200, accepted.text
    assert sentence(unmerged, LEE) == 40
    with unmerged.connect() as c:
        cited = c.execute(
            select(evidence).where(evidence.c.id == accepted.json()["evidence_id"])
        ).one()
    assert (cited.target_id, cited.asserted_value, cited.quote) == (LEE, "40", lee["passage"])

    again = reviewer.post(f"/review/proposals/{lee['id']}/accept", data={"csrf_token": token})
    assert again.status_code == 409 and "already accepted" in again.text

    rejected = reviewer.post(
        f"/review/proposals/{lai['id']}/reject",
        data={"csrf_token": token, "reason": "not the final sentence"},
    )
    assert rejected.status_code == 303 and sentence(unmerged, LAI) is None
    with unmerged.connect() as c:
        reasons = c.execute(
            select(audit_log.c.reason).where(
                audit_log.c.table_name == "proposal", audit_log.c.row_id == lai["id"]
            )
        ).scalars()
        assert "not the final sentence" in list(reasons)
    assert reviewer.get("/review/documents.json").json()["proposals"] == []


@pytest.mark.parametrize(
    ("path", "data", "status"),
    [
        ("/review/links/{link}", {"decision": "merge"}, 400),
        ("/review/links/999999", {"decision": "confirm"}, 404),
        ("/review/proposals/999999/accept", {}, 404),
        ("/review/proposals/999999/reject", {"reason": "x"}, 404),
    ],
)
def test_bad_decisions_are_refused_and_change_nothing(
    app: FastAPI, unmerged: Engine, path: str, data: dict[str, str], status: int
) -> None:
    reviewer = login(app, "reviewer")
    [group] = reviewer.get("/review/documents.json").json()["ambiguous_links"]
    with unmerged.connect() as c:
        before = c.execute(select(audit_log.c.id)).scalars().all()
    url = path.format(link=group["candidates"][0]["link_id"])
    response = reviewer.post(url, data={"csrf_token": session_csrf(reviewer), **data})
    assert response.status_code == status, response.text
    with unmerged.connect() as c:
        assert c.execute(select(audit_log.c.id)).scalars().all() == before
