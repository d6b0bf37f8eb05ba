"""A full coding round through the web: two coders disagree, a reviewer adjudicates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from nsdocket import users
from tests.test_web_support import (  # noqa: F401
    PASSWORD,
    Site,
    build_site,
    fast_hashing,
    login,
    session_csrf,
)

pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def fresh(tmp_path: Path) -> Site:
    site = build_site(tmp_path)
    users.add_user(site.engine, "coder2", "coder", PASSWORD, actor="test")
    return site


def final_form(source_id: int, legitimate: str, token: str) -> dict[str, Any]:
    return {
        "csrf_token": token,
        "q.conduct_kinds": ["speech"],
        "q.violence": "none",
        "q.incitement_claimed": "no",
        "q.protected_under": ["iccpr_19"],
        "q.legitimate_expression": legitimate,
        "e.violence": str(source_id),
        "eq.violence": "no violence is alleged",
        "e.legitimate_expression": str(source_id),
        "note": "coded from the judgment",
        "status": "final",
    }


def legitimate_figure(browser: Any) -> dict[str, Any]:
    figures = browser.get("/index.json").json()["figures"]
    return next(f for f in figures if f["measure"] == "legitimate_expression")


def test_a_full_coding_round(fresh: Site) -> None:
    cd = fresh.case_defendant_id
    coder, coder2 = login(fresh.app, "coder"), login(fresh.app, "coder2")
    page = coder.get(f"/code/{cd}.json").json()
    assert page["coding"] is None
    question_ids = {q["id"] for q in page["codebook"]["questions"]}
    html = HTMLParser(coder.get(f"/code/{cd}").text)
    for qid in ("conduct_kinds", "violence", "legitimate_expression"):
        assert qid in question_ids
        assert html.css_first(f"fieldset#q\\.{qid}-set") is not None, qid
    source_id = page["prosecution"]["sources"][0]["id"]
    before = legitimate_figure(coder)

    saved = coder.post(f"/code/{cd}", data=final_form(source_id, "yes", session_csrf(coder)))
    assert saved.status_code == 303 and saved.headers["location"] == f"/code/{cd}"
    mine = coder.get(f"/code/{cd}.json").json()["coding"]
    assert mine["status"] == "final" and mine["answers"]["legitimate_expression"] == "yes"
    assert {e["field"] for e in mine["evidence"]} == {"violence", "legitimate_expression"}
    assert coder2.get(f"/code/{cd}.json").json()["coding"] is None, "codings are independent"
    second = coder2.post(f"/code/{cd}", data=final_form(source_id, "no", session_csrf(coder2)))
    assert second.status_code == 303

    reviewer = login(fresh.app, "reviewer")
    queue = reviewer.get("/review.json").json()["disagreements"]
    item = next(d for d in queue if d["question"] == "legitimate_expression")
    assert item["case_defendant_id"] == cd
    assert item["answers"] == {"coder": "yes", "coder2": "no"}
    assert legitimate_figure(reviewer) != before, "the headline figure moves with the codings"

    token = session_csrf(reviewer)
    missing_reason = reviewer.post(
        f"/review/{cd}/legitimate_expression", data={"answer": "yes", "csrf_token": token}
    )
    assert missing_reason.status_code == 400 and "reason" in missing_reason.text
    decided = reviewer.post(
        f"/review/{cd}/legitimate_expression",
        data={"answer": "yes", "reason": "the judgment finds speech only", "csrf_token": token},
    )
    assert decided.status_code == 303
    queue = reviewer.get("/review.json").json()["disagreements"]
    assert all(
        not (d["case_defendant_id"] == cd and d["question"] == "legitimate_expression")
        for d in queue
    )
    after = legitimate_figure(reviewer)
    assert after["basis"].get("adjudicated", 0) >= 1

    side_by_side = reviewer.get(f"/defendants/{fresh.defendant_id}.json").json()
    codings = side_by_side["defendant"]["prosecutions"][0]["codings"]
    assert {"coder", "coder2"} <= {c["coder"] for c in codings}
    public = login(fresh.app, "anonymous").get(f"/defendants/{fresh.defendant_id}.json").json()
    assert "codings" not in public["defendant"]["prosecutions"][0]


def test_coding_problems_are_listed_and_input_kept(fresh: Site) -> None:
    cd = fresh.case_defendant_id
    coder = login(fresh.app, "coder")
    token = session_csrf(coder)
    response = coder.post(
        f"/code/{cd}",
        data={"csrf_token": token, "q.violence": "none", "status": "final"},
    )
    assert response.status_code == 400
    tree = HTMLParser(response.text)
    problems = tree.css_first("[role=alert]")
    assert problems is not None and "required answer missing" in problems.text()
    kept = tree.css_first("input[name='q.violence'][value='none']")
    assert kept is not None and "checked" in kept.attributes
    draft = coder.post(
        f"/code/{cd}", data={"csrf_token": token, "q.violence": "none", "status": "draft"}
    )
    assert draft.status_code == 303


def test_evidence_must_be_one_of_the_defendants_sources(fresh: Site) -> None:
    cd = fresh.case_defendant_id
    coder = login(fresh.app, "coder")
    form = final_form(999_999, "yes", session_csrf(coder))
    response = coder.post(f"/code/{cd}", data=form)
    assert response.status_code == 400
    assert "pick one of this defendant" in response.text


def test_a_stale_form_is_refused(fresh: Site) -> None:
    cd = fresh.case_defendant_id
    coder = login(fresh.app, "coder")
    token = session_csrf(coder)
    base = {"csrf_token": token, "q.violence": "none", "status": "draft"}
    coder.post(f"/code/{cd}", data=base)
    version = coder.get(f"/code/{cd}.json").json()["coding"]["version"]
    coder.post(f"/code/{cd}", data={**base, "q.violence": "alleged", "version": str(version)})
    stale = coder.post(f"/code/{cd}", data={**base, "q.violence": "none", "version": str(version)})
    assert stale.status_code == 409
    assert "changed by someone else" in stale.text


def test_coding_an_unknown_prosecution_is_404(fresh: Site) -> None:
    coder = login(fresh.app, "coder")
    assert coder.get("/code/999999").status_code == 404
    response = coder.post("/code/999999", data={"csrf_token": session_csrf(coder)})
    assert response.status_code == 404
