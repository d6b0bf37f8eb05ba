"""Atom feeds and the /changes page over real HTTP, read as a feed reader reads them (feedparser):
valid Atom, entries with stable tag ids, titles, links to case pages and dates; the public view
only, so a sensitive defendant's name never appears and their feed does not exist; the case-list
filter feed holds only the cases the filter finds."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import httpx
import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from sqlalchemy import Engine, select

from nsdocket.db.schema import case, defendant
from nsdocket.follow import what_changed
from nsdocket.web import create_app
from nsdocket.web.auth import CSRF_COOKIE, WebSettings
from tests.following import EDITED, SINCE, Followed, build_followed, mark_sensitive
from tests.live_server import serving
from tests.test_web_safety import MARKERS, plant_markers
from tests.test_web_support import PASSWORD, Site, build_site, fast_hashing  # noqa: F401

ATOM = "application/atom+xml"


def parsed(base: str, path: str) -> Any:
    """Fetch a feed over HTTP and parse it; checks that it is valid Atom."""
    return fetched(base, path)[0]


def fetched(base: str, path: str) -> tuple[Any, str]:
    """A feed over HTTP, parsed and checked as valid Atom, with its text."""
    response = httpx.get(base + path, timeout=60)
    assert response.status_code == 200, (path, response.text[:300])
    assert response.headers["content-type"].startswith(ATOM), path
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, (path, feed.get("bozo_exception"))
    assert feed.version == "atom10", path
    assert feed.feed.title and feed.feed.id.startswith("tag:"), path
    assert feed.feed.updated_parsed is not None, path
    ids = [e.id for e in feed.entries]
    assert len(ids) == len(set(ids)), f"{path}: entry ids repeat"
    for entry in feed.entries:
        assert entry.id.startswith("tag:127.0.0.1,"), entry.id
        assert entry.title and entry.summary, path
        assert entry.link.startswith(base + "/"), entry.link
        assert entry.updated_parsed is not None and entry.published_parsed is not None
    return feed, response.text


def case_ids_linked(feed: Any, base: str) -> set[int]:
    prefix = base + "/cases/"
    return {int(e.link.removeprefix(prefix)) for e in feed.entries if e.link.startswith(prefix)}


# --- the story built by hand, on each backend -----------------------------------------------


@pytest.fixture
def story(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, Followed]]:
    followed = build_followed(engine, tmp_path, monkeypatch)
    with serving(create_app(engine, WebSettings())) as base:
        yield base, followed


def test_a_case_feed_tells_the_march_edits(story: tuple[str, Followed]) -> None:
    base, followed = story
    feed = parsed(base, f"/feeds/case/{followed.case_id}.atom")
    assert feed.feed.title == (
        "Changes to HKSAR v HK Alliance, Lee Cheuk-yan, Albert Ho, Chow Hang-tung"
    )
    assert feed.feed.link == f"{base}/cases/{followed.case_id}"
    march = [e for e in feed.entries if e.updated_parsed[:3] == (2025, 3, 5)]
    january = [e for e in feed.entries if e.updated_parsed[:3] == (2025, 1, 10)]
    assert len(feed.entries) == len(march) + len(january) == 4, "three edits, one import"
    assert all(e.link == f"{base}/cases/{followed.case_id}" for e in feed.entries)
    assert tuple(march[0].updated_parsed[:6]) == EDITED.timetuple()[:6]
    said = "\n".join(e.summary for e in march)
    assert "prosecution of Chow Hang-tung: verdict: pending -> convicted" in said
    assert "added verdict event of Chow Hang-tung (2025-03-04)" in said
    assert "added coding of Lee Cheuk-yan (draft)" in said
    assert "alice" not in said and "first look" not in said, "the team's coding work stays in"
    titles = [e.title for e in march]
    assert any(t.endswith("verdict: pending -> convicted") for t in titles), titles
    assert "added case HKSAR v HK Alliance" in january[0].summary
    # Newest first, and the same ids on every reading.
    assert feed.entries[-1] is january[0]
    again = parsed(base, f"/feeds/case/{followed.case_id}.atom")
    assert [e.id for e in again.entries] == [e.id for e in feed.entries]


def test_the_defendant_feed_holds_only_their_changes(story: tuple[str, Followed]) -> None:
    base, followed = story
    feed = parsed(base, f"/feeds/defendant/{followed.convicted_defendant}.atom")
    assert feed.feed.title == "Changes about Chow Hang-tung"
    said = "\n".join(e.summary for e in feed.entries)
    assert "verdict: pending -> convicted" in said
    assert "Lee Cheuk-yan" not in said, "another defendant's coding is not theirs"
    case_feed = parsed(base, f"/feeds/case/{followed.case_id}.atom")
    assert not {e.id for e in feed.entries} & {e.id for e in case_feed.entries}


def test_the_database_feed_and_a_filter_feed(story: tuple[str, Followed]) -> None:
    base, followed = story
    everything = parsed(base, "/feeds/changes.atom")
    assert case_ids_linked(everything, base) == {followed.case_id, followed.other_case_id}
    pending = parsed(base, "/feeds/cases.atom?status=pending")
    assert case_ids_linked(pending, base) == {followed.case_id}
    assert pending.feed.link == f"{base}/cases?status=pending"
    assert "status pending" in pending.feed.title
    none = parsed(base, "/feeds/cases.atom?q=nobody+by+this+name")
    assert none.entries == []
    assert httpx.get(base + "/feeds/cases.atom?status=lost").status_code == 400


def test_a_sensitive_defendant_has_no_feed_and_no_name_in_any(
    story: tuple[str, Followed],
) -> None:
    base, followed = story
    name = mark_sensitive(followed)
    response = httpx.get(f"{base}/feeds/defendant/{followed.convicted_defendant}.atom")
    assert response.status_code == 404
    assert (
        httpx.get(f"{base}/feeds/defendant/{followed.convicted_defendant}.atom.json").status_code
        == 404
    )
    for path in (
        f"/feeds/case/{followed.case_id}.atom",
        "/feeds/changes.atom",
        "/feeds/cases.atom?law=NSL",
        f"/feeds/case/{followed.case_id}.atom.json",
    ):
        text = httpx.get(base + path).text
        assert name not in text and "Chow" not in text, path
    feed = parsed(base, f"/feeds/case/{followed.case_id}.atom")
    assert any("[withheld] (defendant" in e.summary for e in feed.entries)


def test_the_changes_page_over_http(story: tuple[str, Followed]) -> None:
    base, followed = story
    html = httpx.get(f"{base}/changes?since={SINCE.isoformat()}")
    assert html.status_code == 200
    tree = HTMLParser(html.text)
    assert tree.css_first("h1").text() == "What changed since 2025-03-01"  # type: ignore[union-attr]
    heading = tree.css_first("article.changed-case h3 a")
    assert heading is not None and heading.attributes["href"] == f"/cases/{followed.case_id}"
    lines = [li.text(separator=" ") for li in tree.css("ul.changes li")]
    assert len(lines) == 3
    assert any("verdict: pending -> convicted" in line for line in lines)
    (figure,) = tree.css("table.deltas tbody tr")
    assert figure.css_first("th a").attributes["href"] == "/figures/convicted"  # type: ignore[union-attr]
    assert [td.text() for td in figure.css("td")] == ["1", "2"]
    alternate = tree.css_first("link[rel=alternate]")
    assert alternate is not None and alternate.attributes["type"] == ATOM
    assert alternate.attributes["href"] == "/feeds/changes.atom"
    twin = httpx.get(f"{base}/changes.json?since={SINCE.isoformat()}").json()
    expected = what_changed(followed.engine, SINCE, public=True).to_json()
    assert twin == expected
    assert httpx.get(f"{base}/changes?since=soon").status_code == 400
    assert httpx.get(f"{base}/changes?since=2025-03-01&until=2025-01-01").status_code == 400


# --- the bundled data, one defendant planted sensitive ---------------------------------------


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Site, dict]]:
    from nsdocket import users
    from tests.test_web_support import FAST_HASHER

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "HASHER", FAST_HASHER)
        site = build_site(tmp_path_factory.mktemp("feeds"))
        ids = plant_markers(site.engine)
        with serving(site.app) as base:
            yield base, site, ids
    site.engine.dispose()


def sensitive_names(engine: Engine) -> set[str]:
    """Every full name of every sensitive defendant (one-word aliases such as "Law" are
    common words, and the feeds' own words use them)."""
    names: set[str] = set()
    with engine.connect() as connection:
        rows = connection.execute(
            select(defendant.c.name, defendant.c.name_zh, defendant.c.aliases).where(
                defendant.c.sensitive.is_(True)
            )
        )
        for name, name_zh, aliases in rows:
            names |= {n for n in (name, name_zh, *aliases) if n and (" " in n or not n.isascii())}
    return names


@pytest.mark.slow
def test_no_feed_names_a_sensitive_defendant(bundled: tuple[str, Site, dict]) -> None:
    base, site, planted = bundled
    names = sensitive_names(site.engine) | {v for v in MARKERS.values() if isinstance(v, str)}
    names.add(MARKERS["aliases"][0])
    with site.engine.connect() as connection:
        case_ids = connection.execute(select(case.c.id)).scalars().all()
        people = connection.execute(select(defendant.c.id, defendant.c.sensitive)).all()
    paths = ["/feeds/changes.atom", "/feeds/cases.atom?law=NSL", "/feeds/cases.atom?kind=person"]
    paths += [f"/feeds/case/{i}.atom" for i in case_ids]
    paths += [f"/feeds/defendant/{i}.atom" for i, sensitive in people if not sensitive]
    assert any(sensitive for _, sensitive in people)
    started = time.monotonic()
    for path in paths:
        _, text = fetched(base, path)
        found = [n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.I)]
        assert not found, f"{path} names {found}"
    print(f"\n{len(paths)} feeds read in {time.monotonic() - started:.1f} s")
    for person, sensitive in people:
        if sensitive:
            assert httpx.get(f"{base}/feeds/defendant/{person}.atom").status_code == 404
    # A logged-in viewer sees names on pages, but a feed is the public view for everyone.
    with httpx.Client(base_url=base) as viewer:
        viewer.get("/login")
        viewer.post(
            "/login",
            data={
                "username": "viewer",
                "password": PASSWORD,
                "csrf_token": viewer.cookies[CSRF_COOKIE],
            },
        )
        assert MARKERS["name"] in viewer.get(f"/defendants/{planted['defendant']}").text
        assert MARKERS["name"] not in viewer.get(f"/feeds/case/{planted['case']}.atom").text
        assert viewer.get(f"/feeds/defendant/{planted['defendant']}.atom").status_code == 404


def test_the_filter_feed_holds_only_the_cases_the_list_finds(
    bundled: tuple[str, Site, dict],
) -> None:
    base, _, _ = bundled
    for query in ("law=NSL&status=pending", "kind=company", "year=2021", "law=SNSO", "q=Alliance"):
        listed = httpx.get(f"{base}/cases.json?{query}&limit=500").json()
        matching = {c["id"] for c in listed["cases"]}
        feed = parsed(base, f"/feeds/cases.atom?{query}")
        linked = case_ids_linked(feed, base)
        assert linked, query
        assert linked <= matching, (query, linked - matching)
        # The case list page advertises the same feed.
        page = HTMLParser(httpx.get(f"{base}/cases?{query}").text)
        alternate = page.css_first("link[rel=alternate][type='application/atom+xml']")
        assert alternate is not None
        assert alternate.attributes["href"] == f"/feeds/cases.atom?{query}"


def test_pages_advertise_their_feeds(bundled: tuple[str, Site, dict]) -> None:
    base, site, planted = bundled

    def alternate(path: str) -> str | None:
        tree = HTMLParser(httpx.get(base + path).text)
        node = tree.css_first("link[rel=alternate][type='application/atom+xml']")
        return None if node is None else node.attributes.get("href")

    assert alternate("/") == "/feeds/changes.atom"
    assert alternate("/changes") == "/feeds/changes.atom"
    assert alternate(f"/cases/{site.case_id}") == f"/feeds/case/{site.case_id}.atom"
    with site.engine.connect() as connection:
        shown = connection.execute(
            select(defendant.c.id).where(defendant.c.sensitive.is_(False)).limit(1)
        ).scalar_one()
    assert alternate(f"/defendants/{shown}") == f"/feeds/defendant/{shown}.atom"
    assert alternate(f"/defendants/{planted['defendant']}") is None, "no feed of a withheld one"
    feed = parsed(base, f"/feeds/case/{site.case_id}.atom")
    twin = httpx.get(f"{base}/feeds/case/{site.case_id}.atom.json").json()
    assert [e["title"] for e in twin["entries"]] == [e.title for e in feed.entries]
    updated = dt.datetime.fromisoformat(twin["updated"])
    assert tuple(feed.feed.updated_parsed[:6]) == updated.timetuple()[:6]
