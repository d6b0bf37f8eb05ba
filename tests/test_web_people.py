"""A reviewer merges, in the web app, two defendant records that are one person."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, func, select

from nsdocket import users
from nsdocket.db.schema import audit_log, defendant
from nsdocket.ingest.load_cases import import_cases
from nsdocket.web import create_app
from nsdocket.web.auth import WebSettings
from tests.test_people_link import _id, _second_record
from tests.test_web_support import PASSWORD, fast_hashing, login, session_csrf  # noqa: F401


@pytest.fixture
def app(loaded: Engine, tmp_path: Path, fast_hashing: None) -> FastAPI:  # noqa: F811
    """The bundled data, Chow Hang-tung recorded a second time by another source, a coder and
    a reviewer."""
    import_cases(loaded, _second_record(tmp_path), actor="test")
    for role in ("coder", "reviewer"):
        users.add_user(loaded, role, role, PASSWORD, actor="test")
    return create_app(loaded, WebSettings())


def test_a_reviewer_merges_two_records_of_one_person(app: FastAPI, loaded: Engine) -> None:
    keep, other = _id(loaded, "Chow Hang-tung"), _id(loaded, "Tonyee CHOW Hang-tung")
    reviewer = login(app, "reviewer")
    listed = reviewer.get("/review/people.json").json()
    assert any(p["defendant_id"] == keep and p["other_id"] == other for p in listed["pairs"])
    page = reviewer.get("/review/people")
    assert page.status_code == 200 and "Tonyee CHOW Hang-tung" in page.text
    form = {"keep": str(keep), "other": str(other), "reason": "one person"}

    coder = login(app, "coder")
    refused = coder.post("/review/people/merge", data={**form, "csrf_token": session_csrf(coder)})
    assert refused.status_code == 403
    forged = reviewer.post("/review/people/merge", data=form)  # no CSRF token
    assert forged.status_code in (400, 403)
    with loaded.connect() as c:
        assert c.execute(select(defendant.c.id).where(defendant.c.id == other)).first()

    merged = reviewer.post(
        "/review/people/merge", data={**form, "csrf_token": session_csrf(reviewer)}
    )
    assert merged.status_code == 303 and merged.headers["location"] == f"/defendants/{keep}"
    with loaded.connect() as c:
        assert c.execute(select(defendant.c.id).where(defendant.c.id == other)).first() is None
        actors = c.execute(
            select(func.count()).where(audit_log.c.actor == "web:reviewer",
                                       audit_log.c.table_name == "defendant")
        ).scalar()  # fmt: skip
    assert actors == 2  # the kept record updated, the other deleted

    both_in_a_case = {
        "keep": str(keep),
        "other": str(_id(loaded, "Lee Cheuk-yan")),
        "reason": "test",
        "csrf_token": session_csrf(reviewer),
    }
    conflict = reviewer.post("/review/people/merge", data=both_in_a_case)
    assert conflict.status_code == 409 and "both prosecuted" in conflict.text
