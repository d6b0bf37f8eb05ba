"""In a real browser: a reviewer decides what documents suggest (an ambiguous case link, then a
proposed fact accepted and one rejected), and a reader follows a case from an Atom feed entry
to its page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import feedparser
import httpx
import pytest
from sqlalchemy import Engine, select

from nsdocket import users
from nsdocket.data import bundled_path
from nsdocket.db.documents_schema import document_case
from nsdocket.db.engine import open_database
from nsdocket.db.schema import case
from nsdocket.ingest.load_cases import import_cases
from nsdocket.web import create_app
from nsdocket.web.auth import WebSettings
from tests.browser.actions import LAPTOP, log_in
from tests.live_server import serving
from tests.test_documents_add import add_folder, doc_id, mixed_folder, share_case_number
from tests.test_documents_proposals import LAI, LEE, sentence
from tests.test_web_support import FAST_HASHER, PASSWORD

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Engine]]:
    """The bundled cases before their recorded merges, the mixed folder of documents added
    (HCCC 69/2022 shared by cases 7 and 8), a reviewer; served on a free port."""
    root = tmp_path_factory.mktemp("following")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "HASHER", FAST_HASHER)
        engine = open_database(f"sqlite:///{root / 'db.sqlite'}")
        import_cases(engine, bundled_path("cases"), actor="test")
        share_case_number(engine)
        add_folder(engine, mixed_folder(root, big=False))
        users.add_user(engine, "reviewer", "reviewer", PASSWORD, actor="test")
        with serving(create_app(engine, WebSettings())) as base:
            yield base, engine
        engine.dispose()


@pytest.fixture
def tab(browser: Any, reviewed: tuple[str, Engine]) -> Iterator[Any]:
    base, _ = reviewed
    context = browser.new_context(base_url=base, viewport=LAPTOP)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    yield page
    context.close()
    assert not problems, problems


def _statuses(engine: Engine, document_id: int) -> dict[int, str]:
    with engine.connect() as c:
        rows = c.execute(
            select(document_case.c.case_id, document_case.c.status).where(
                document_case.c.document_id == document_id
            )
        )
        return {int(r[0]): str(r[1]) for r in rows}


def test_a_reviewer_confirms_a_link_and_decides_two_proposals(
    tab: Any, reviewed: tuple[str, Engine]
) -> None:
    _, engine = reviewed
    log_in(tab, "reviewer")
    tab.goto("/review/documents")
    link = tab.locator("section", has_text="HCCC 69/2022")
    case_eight = link.locator("li", has=tab.locator('a[href="/cases/8"]'))
    case_eight.get_by_role("button", name="Confirm this case").click()
    tab.wait_for_url("**/review/documents")
    assert _statuses(engine, doc_id(engine, "hk47.txt")) == {7: "dismissed", 8: "confirmed"}
    assert "No ambiguous link is waiting." in tab.locator("main").inner_text()

    # confirming case 8 proposed Lee Yue-shun's sentence; the reviewer accepts it
    lee = tab.locator("section", has_text="Lee Yue-shun")
    assert "40" in lee.locator("dd strong").first.inner_text()
    lee.get_by_role("button", name="Accept and cite the passage").click()
    tab.wait_for_url("**/review/documents")
    assert sentence(engine, LEE) == 40

    lai = tab.locator("section", has_text="Lai Chee-ying")
    lai.get_by_label("Reason to reject").fill("not the final sentence")
    lai.get_by_role("button", name="Reject").click()
    tab.wait_for_url("**/review/documents")
    assert sentence(engine, LAI) is None
    assert "No proposal is waiting." in tab.locator("main").inner_text()


def test_a_reader_follows_a_case_from_its_feed_entry(
    tab: Any, reviewed: tuple[str, Engine]
) -> None:
    base, engine = reviewed
    tab.goto("/cases")
    href = tab.locator('link[rel=alternate][type="application/atom+xml"]').first.get_attribute(
        "href"
    )
    assert href, "the case list advertises its feed"
    response = httpx.get(httpx.URL(base).join(href), timeout=60)
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0 and feed.version == "atom10"
    entry = next(e for e in feed.entries if "/cases/" in e.link)
    case_id = int(entry.link.rsplit("/", 1)[1])
    with engine.connect() as c:
        title = c.execute(select(case.c.title).where(case.c.id == case_id)).scalar_one()

    tab.goto(entry.link)
    assert tab.locator("h1").inner_text().strip() == title
    assert tab.url == entry.link
