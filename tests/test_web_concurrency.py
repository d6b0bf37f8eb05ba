"""Concurrent edits of one coding, on SQLite and PostgreSQL: a save based on a version that has
moved on is refused with 409 and the current values, never written over them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from sqlalchemy import func, select

from nsdocket.coding.store import codings_for
from nsdocket.db.schema import audit_log
from tests.test_web_coding import final_form
from tests.test_web_support import Site, build_site, fast_hashing, login, session_csrf  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def team(tmp_path: Path, db_url: str) -> Iterator[Site]:
    built = build_site(tmp_path, url=db_url)
    yield built
    built.engine.dispose()


def form_version(browser: Any, cd: int) -> str:
    """The version the coding form carries, read from the page as a browser would send it."""
    node = HTMLParser(browser.get(f"/code/{cd}").text).css_first("input[name=version]")
    assert node is not None
    return str(node.attributes["value"])


def saved(site: Site, coder: str = "coder") -> dict[str, Any]:
    return next(c for c in codings_for(site.engine, site.case_defendant_id) if c["coder"] == coder)


def coding_updates(site: Site) -> int:
    with site.engine.connect() as connection:
        return int(
            connection.execute(
                select(func.count())
                .select_from(audit_log)
                .where(audit_log.c.table_name == "coding", audit_log.c.action == "update")
            ).scalar_one()
        )


def test_two_browsers_one_coder_the_second_save_is_refused(team: Site) -> None:
    cd, source = team.case_defendant_id, team.source_id
    laptop, phone = login(team.app, "coder"), login(team.app, "coder")
    first = laptop.post(f"/code/{cd}", data=final_form(source, "unclear", session_csrf(laptop)))
    assert first.status_code == 303
    laptop_version, phone_version = form_version(laptop, cd), form_version(phone, cd)
    assert laptop_version == phone_version != "0"

    form = {**final_form(source, "yes", session_csrf(laptop)), "version": laptop_version}
    assert laptop.post(f"/code/{cd}", data=form).status_code == 303
    updates = coding_updates(team)
    stale = {**final_form(source, "no", session_csrf(phone)), "version": phone_version}
    refused = phone.post(f"/code/{cd}", data=stale)
    assert refused.status_code == 409
    assert saved(team)["answers"]["legitimate_expression"] == "yes", "nothing overwritten"
    assert coding_updates(team) == updates, "the refused save wrote nothing"

    page = HTMLParser(refused.text)
    alert = page.css_first("#conflict")
    assert alert is not None and "Not saved" in alert.text()
    assert "legitimate_expression: no" in alert.text(), "what the phone sent is listed"
    checked = page.css_first("input[name='q.legitimate_expression'][checked]")
    assert checked is not None and checked.attributes["value"] == "yes", "the current values"
    newer = page.css_first("input[name=version]")
    assert newer is not None and newer.attributes["value"] == str(saved(team)["version"])

    twin = phone.post(f"/code/{cd}.json", data=stale)
    assert twin.status_code == 409
    body = twin.json()
    assert "changed by someone else" in body["error"]
    assert body["current"]["answers"] == saved(team)["answers"]
    assert body["current"]["version"] == saved(team)["version"]
    assert body["conflict"]["submitted"]["answers"]["legitimate_expression"] == "no"

    again = {**stale, "version": str(body["current"]["version"])}
    assert phone.post(f"/code/{cd}", data=again).status_code == 303, "saved knowingly"
    assert saved(team)["answers"]["legitimate_expression"] == "no"


def test_two_first_saves_from_empty_forms(team: Site) -> None:
    cd, source = team.case_defendant_id, team.source_id
    laptop, phone = login(team.app, "coder"), login(team.app, "coder")
    assert form_version(laptop, cd) == form_version(phone, cd) == "0"
    yes = {**final_form(source, "yes", session_csrf(laptop)), "version": "0"}
    assert laptop.post(f"/code/{cd}", data=yes).status_code == 303
    no = {**final_form(source, "no", session_csrf(phone)), "version": "0"}
    assert phone.post(f"/code/{cd}", data=no).status_code == 409
    assert saved(team)["answers"]["legitimate_expression"] == "yes"


def test_other_coders_never_conflict(team: Site) -> None:
    cd, source = team.case_defendant_id, team.source_id
    coder, reviewer = login(team.app, "coder"), login(team.app, "reviewer")
    versions = form_version(coder, cd), form_version(reviewer, cd)
    for browser, version, answer in ((coder, versions[0], "yes"), (reviewer, versions[1], "no")):
        form = {**final_form(source, answer, session_csrf(browser)), "version": version}
        assert browser.post(f"/code/{cd}", data=form).status_code == 303
    assert saved(team, "coder")["answers"]["legitimate_expression"] == "yes"
    assert saved(team, "reviewer")["answers"]["legitimate_expression"] == "no"


def test_saves_at_the_same_moment_one_wins_the_rest_are_409(team: Site) -> None:
    cd, source = team.case_defendant_id, team.source_id
    tabs = [login(team.app, "coder") for _ in range(6)]
    start = tabs[0].post(f"/code/{cd}", data=final_form(source, "unclear", session_csrf(tabs[0])))
    assert start.status_code == 303
    version = form_version(tabs[0], cd)
    answers = ["yes", "no", "yes", "no", "yes", "no"]
    forms = [
        {**final_form(source, a, session_csrf(t)), "version": version, "note": f"tab {i}"}
        for i, (t, a) in enumerate(zip(tabs, answers, strict=True))
    ]
    gate = threading.Barrier(len(tabs))
    results: list[int] = [0] * len(tabs)

    def save(i: int) -> None:
        gate.wait()
        results[i] = tabs[i].post(f"/code/{cd}", data=forms[i]).status_code

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(tabs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(results) == [303] + [409] * (len(tabs) - 1), results
    winner = results.index(303)
    now = saved(team)
    assert now["note"] == f"tab {winner}", "the stored coding is the winner's, whole"
    assert now["answers"]["legitimate_expression"] == answers[winner]
    assert now["version"] == int(version) + 1
