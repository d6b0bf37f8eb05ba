"""The claim page: stored claims with live verdicts (never saved from a page view), a text checked
with its numbers highlighted, and one number checked against its denominator."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from sqlalchemy import func, select

from nsdocket.claims.database import check_stored_claims
from nsdocket.db.schema import audit_log, claim
from nsdocket.db.writer import Writer
from nsdocket.web.routes.claims import MAX_NUMBERS, MAX_TEXT
from tests.test_web_safety import HOSTILE, MARKERS, assert_inert, plant_markers
from tests.test_web_support import (  # noqa: F401
    Site,
    build_site,
    client,
    csrf_of,
    fast_hashing,
    login,
    session_csrf,
    site,
)

ARTICLE = (
    "Amnesty says 84.6% of the 189 convictions punished legitimate expression. "
    "In 66 of 78 (84.6%) concluded cases there was no violence."
)


def test_stored_claims_are_checked_live_and_not_saved(site: Site) -> None:  # noqa: F811
    with site.engine.connect() as connection:
        before = connection.execute(select(claim).order_by(claim.c.id)).mappings().all()
        audits = connection.execute(select(func.count()).select_from(audit_log)).scalar_one()
    data = client(site.app).get("/claims.json").json()
    library = check_stored_claims(site.engine, actor="test", save=False)
    assert [(s["claim_id"], s["verdict"], s["reason"]) for s in data["stored"]] == [
        (s.claim_id, s.check.verdict.value, s.check.reason) for s in library
    ]
    assert data["text_check"] is None and data["number_check"] is None
    assert {s["publisher"] for s in data["stored"]} >= {"Amnesty International"}
    with site.engine.connect() as connection:
        after = connection.execute(select(claim).order_by(claim.c.id)).mappings().all()
        audits_after = connection.execute(select(func.count()).select_from(audit_log)).scalar_one()
    assert after == before and audits_after == audits, "a page view writes nothing"
    tree = HTMLParser(client(site.app).get("/claims").text)
    rows = tree.css("table.stored tbody tr")
    assert len(rows) == len(library)
    assert rows[0].css_first(".verdict") is not None


def test_the_stored_checks_are_reused_until_the_data_changes(site: Site) -> None:  # noqa: F811
    browser = client(site.app)
    first = browser.get("/claims.json").json()["stored"]
    again = browser.get("/claims.json").json()["stored"]
    assert again == first
    claim_id = first[0]["claim_id"]
    with site.engine.begin() as connection:
        # 84.6% of 189 cannot be: whatever the verdict was, it is now inconsistent
        Writer(connection, actor="test").update(
            claim, claim_id, {"numerator": None, "denominator": 189, "percent": "84.6"}
        )
    changed = browser.get("/claims.json").json()["stored"]
    assert changed[0]["verdict"] == "inconsistent"
    assert changed[0]["reason"] != first[0]["reason"]


def test_a_text_is_checked_with_its_numbers_highlighted(site: Site) -> None:  # noqa: F811
    browser = client(site.app)
    data = browser.get("/claims.json", params={"text": ARTICLE}).json()["text_check"]
    assert data["text"] == ARTICLE
    share = next(c for c in data["checks"] if c["claim"]["start"] == ARTICLE.index("84.6%"))
    assert share["kind"] == "share" and share["check"]["verdict"] == "inconsistent"
    assert share["link"]["text"] == "189"
    ratio = next(c for c in data["checks"] if c["kind"] == "ratio")
    assert ratio["check"]["verdict"] == "consistent"
    for number in data["numbers"]:
        assert ARTICLE[number["start"] : number["end"]] == number["text"]

    html = browser.get("/claims", params={"text": ARTICLE}).text
    shown = HTMLParser(html).css_first("#checked-text")
    assert shown is not None
    assert shown.text() == ARTICLE, "the whole text, unchanged, around the marks"
    marks = {(m.text(), m.attributes.get("class")) for m in shown.css("mark")}
    assert ("84.6%", "inconsistent") in marks
    assert ("189", "count") in marks
    first = shown.css_first("mark.inconsistent")
    assert first is not None and "cannot be a share of 189" in (first.attributes["title"] or "")
    link = HTMLParser(html).css_first("table.checks a")
    assert link is not None and link.attributes["href"] == "#" + str(first.attributes["id"])


@pytest.mark.parametrize("who", ["anonymous", "viewer"])
def test_long_texts_are_posted_with_the_csrf_token(site: Site, who: str) -> None:  # noqa: F811
    browser = login(site.app, who)
    token = csrf_of(browser) if who == "anonymous" else session_csrf(browser)
    long_text = (ARTICLE + " ") * 35
    assert len(long_text) > 4000, "longer than a link carries"
    response = browser.post("/claims", data={"text": long_text, "csrf_token": token})
    assert response.status_code == 200
    assert len(HTMLParser(response.text).css("#checked-text mark.inconsistent")) == 35
    twin = browser.post("/claims.json", data={"text": ARTICLE, "csrf_token": token}).json()
    assert twin["text_check"]["text"] == ARTICLE
    refused = browser.post("/claims", data={"text": ARTICLE})
    assert refused.status_code == 403, "no token, no check"
    too_long = browser.post(
        "/claims.json", data={"text": "1" * (MAX_TEXT + 1), "csrf_token": token}
    )
    assert too_long.status_code == 422
    assert browser.get("/claims.json", params={"text": "9" * 5000}).status_code == 422


@pytest.mark.parametrize("packed", ["84.6% of 189. " * 1400, "1 " * 9000, "八成 " * 3000])
def test_a_text_packed_with_numbers_is_refused_quickly(site: Site, packed: str) -> None:  # noqa: F811
    browser = client(site.app)
    started = time.monotonic()
    response = browser.post(
        "/claims.json", data={"text": packed[:MAX_TEXT], "csrf_token": csrf_of(browser)}
    )
    assert response.status_code == 400
    assert f"more than {MAX_NUMBERS} numbers" in response.json()["error"]
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("fields", "verdict"),
    [
        ({"percent": "84.6", "denominator": "189"}, "inconsistent"),
        ({"percent": "84.6", "numerator": "66", "denominator": "78"}, "consistent"),
        ({"percent": "80", "qualifier": "over", "denominator": "189"}, "consistent"),
        ({"numerator": "80", "denominator": "78"}, "inconsistent"),
        ({"percent": "84.6"}, "not_checkable"),
    ],
)
def test_a_number_and_its_denominator(
    site: Site,  # noqa: F811
    fields: dict[str, str],
    verdict: str,
) -> None:
    browser = client(site.app)
    data = browser.get("/claims.json", params=fields).json()["number_check"]
    assert data["verdict"] == verdict, data["reason"]
    tree = HTMLParser(browser.get("/claims", params=fields).text)
    heading = tree.css_first("#number-result .verdict")
    assert heading is not None and heading.text() == verdict.replace("_", " ")
    kept = tree.css_first("input#percent")
    assert kept is not None and kept.attributes["value"] == fields.get("percent", "")


def test_the_words_bring_in_our_figure(site: Site) -> None:  # noqa: F811
    fields = {
        "percent": "84.6",
        "denominator": "78",
        "numerator": "66",
        "words": "concluded NSL cases involving legitimate expression",
    }
    data = client(site.app).get("/claims.json", params=fields).json()["number_check"]
    assert data["figure"] is not None
    assert "legitimate expression" in data["figure"]["figure"]["label"]


@pytest.mark.parametrize(
    "query",
    [
        {"denominator": "-1", "percent": "5"},
        {"numerator": "1e9", "percent": "5"},
        {"percent": "5", "qualifier": "roughly"},
        {"denominator": "9" * 40, "percent": "5"},
        {"denominator": "189", "percent": "1e400"},
        {"denominator": "999999999999", "percent": "0"},
        {"denominator": "100001", "percent": "50", "qualifier": "over"},
        {"denominator": "189", "percent": "NaN"},
        {"denominator": "189", "percent": "9" * 31},
    ],
)
def test_bad_numbers_are_clear_errors(site: Site, query: dict[str, str]) -> None:  # noqa: F811
    response = client(site.app).get("/claims.json", params=query)
    assert response.status_code in (400, 422)
    assert response.json()["error"]


def test_hostile_text_is_shown_as_text(site: Site) -> None:  # noqa: F811
    text = " ".join(HOSTILE[:-1]) + " 84.6% of 189 people. " + HOSTILE[-1]
    browser = client(site.app)
    response = browser.post("/claims", data={"text": text, "csrf_token": csrf_of(browser)})
    assert response.status_code == 200
    assert_inert(response.text, "/claims")
    shown = HTMLParser(response.text).css_first("#checked-text")
    assert shown is not None and shown.text() == text


def test_public_claims_withhold_sensitive_names(tmp_path: Path) -> None:
    built = build_site(tmp_path)
    plant_markers(built.engine)
    with built.engine.begin() as connection:
        Writer(connection, "test").insert(
            claim,
            {
                "publisher": "A paper",
                "date_edtf": "2025-01-02",
                "text": f"{MARKERS['name']} was among the 84.6% of 189",
                "percent": "84.6",
                "denominator": 189,
            },
        )
    public = client(built.app).get("/claims.json").text
    assert MARKERS["name"] not in public and "[withheld] was among" in public
    assert MARKERS["name"] not in client(built.app).get("/claims").text
    assert MARKERS["name"] in login(built.app, "viewer").get("/claims.json").text


def test_slash_ratios_and_ranges_are_highlighted_by_verdict(site: Site) -> None:  # noqa: F811
    text = (
        "In 66/78 (86%) concluded cases (HCCC 69/2022 among them) there was no violence. "
        "Bail was refused to between 80% and 90% of the 78 defendants."
    )
    browser = client(site.app)
    data = browser.get("/claims.json", params={"text": text}).json()["text_check"]
    ranged = next(n for n in data["numbers"] if n["upper"] is not None)
    assert (ranged["text"], ranged["value"], ranged["upper"]) == ("between 80% and 90%", "80", "90")
    shown = HTMLParser(browser.get("/claims", params={"text": text}).text).css_first(
        "#checked-text"
    )
    assert shown is not None and shown.text() == text
    marks = {(m.text(), m.attributes.get("class")) for m in shown.css("mark")}
    assert ("66/78", "inconsistent") in marks
    assert ("between 80% and 90%", "consistent") in marks
    assert not [m for m in marks if "69" in m[0]]
