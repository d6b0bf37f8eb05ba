"""Documents on SQLite and PostgreSQL: the list, a document with its spans highlighted and
paged, search with marked snippets and filters; hostile text stays text; public documents for
anyone with withheld names masked, team-only ones for the team."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from sqlalchemy import select

from nsdocket.db.schema import defendant
from nsdocket.documents import add_documents, document_detail, list_documents, search
from nsdocket.documents.store import set_public
from nsdocket.web.render import jsonable
from nsdocket.web.routes.documents import WINDOW
from tests.test_web_safety import HOSTILE, assert_inert
from tests.test_web_support import (  # noqa: F401
    Site,
    build_site,
    client,
    fast_hashing,
    login,
    site,
)

pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def team(tmp_path: Path, db_url: str) -> Iterator[Site]:
    """The site over a fresh database of each backend."""
    built = build_site(tmp_path, url=db_url)
    yield built
    built.engine.dispose()


def add_text(where: Site, folder: Path, name: str, text: str) -> int:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    report = add_documents(where.engine, [path], actor="test")
    assert report.added, report
    return report.added[0].document_id


def test_the_list_and_its_filters(team: Site) -> None:
    viewer = login(team.app, "viewer")
    data = viewer.get("/documents.json").json()
    assert data["documents"] == jsonable(list_documents(team.engine))
    case_id = document_detail(team.engine, team.document_id)["links"][0]["case_id"]
    linked = viewer.get(f"/documents.json?case={case_id}").json()
    assert team.document_id in {d["id"] for d in linked["documents"]}
    assert linked["total"] < data["total"]
    assert viewer.get("/documents.json?kind=report").json()["total"] == 0
    assert viewer.get("/documents.json?kind=robot").status_code == 400
    assert viewer.get("/documents.json?case=x").status_code == 400
    assert viewer.get("/documents.json?kind=&case=").json()["total"] == 3, "empty form fields"
    tree = HTMLParser(viewer.get("/documents").text)
    assert len(tree.css("table.documents tbody tr")) == data["total"] == 3


def test_a_document_with_its_spans_marked(team: Site) -> None:
    viewer = login(team.app, "viewer")
    detail = document_detail(team.engine, team.document_id, with_text=True)
    data = viewer.get(f"/documents/{team.document_id}.json").json()["document"]
    assert data["text"] == detail["text"] and data["text_length"] == len(detail["text"])
    assert data["spans"].keys() == detail["spans"].keys()
    assert data["links"], "the judgment is linked to its case"
    tree = HTMLParser(viewer.get(f"/documents/{team.document_id}").text)
    shown = tree.css_first(".doc-text")
    assert shown is not None and shown.text() == detail["text"]
    marks = {(m.text(), m.attributes.get("class")) for m in shown.css("mark")}
    for kind in ("citation", "statute", "sentence"):
        for span in detail["spans"][kind]:
            assert (span["text"], kind) in marks, (kind, span["text"])
    headings = tree.css("details.spans summary")
    assert {"Citations (1)", "Statutes (2)", "Sentences (3)"} <= {h.text() for h in headings}
    case_link = tree.css_first("ul.links a")
    assert case_link is not None and (case_link.attributes["href"] or "").startswith("/cases/")


def test_a_long_document_is_shown_a_window_at_a_time(team: Site, tmp_path: Path) -> None:
    line = "The defendant was sentenced to 9 years under HCCC 280/2020. "
    text = line * (2 * WINDOW // len(line) + 10)
    doc = add_text(team, tmp_path, "long.txt", text)
    text = document_detail(team.engine, doc, with_text=True)["text"]
    assert len(text) > 2 * WINDOW
    viewer = login(team.app, "viewer")
    first = viewer.get(f"/documents/{doc}.json").json()["document"]
    assert first["text"] == text[:WINDOW] and first["text_length"] == len(text)
    tree = HTMLParser(viewer.get(f"/documents/{doc}").text)
    later = tree.css_first("a[rel=next]")
    assert later is not None
    second = viewer.get(later.attributes["href"] or "")
    shown = HTMLParser(second.text).css_first(".doc-text")
    assert shown is not None and shown.text() == text[WINDOW : 2 * WINDOW]
    at = len(text) - 100
    passage = viewer.get(f"/documents/{doc}?passage={at}-{at + 40}")
    marked = HTMLParser(passage.text).css_first("mark#passage")
    assert marked is not None and marked.text() == text[at : at + 40]
    assert viewer.get(f"/documents/{doc}?offset=99999999").status_code == 200
    assert viewer.get("/documents/999999").status_code == 404


def test_search_marks_the_matches_and_filters(team: Site) -> None:
    viewer = login(team.app, "viewer")
    data = viewer.get("/search.json?q=sentenced").json()
    library = [h.to_json() for h in search(team.engine, "sentenced")]
    assert data["hits"] == library and len(library) >= 2
    tree = HTMLParser(viewer.get("/search?q=sentenced").text)
    hits = tree.css("ol.hits > li")
    assert len(hits) == len(library)
    for hit in hits:
        marks = [m.text().casefold() for m in hit.css(".snippet mark.match")]
        assert marks and set(marks) == {"sentenced"}
        link = hit.css_first("a")
        assert link is not None and "passage=" in (link.attributes["href"] or "")
    chinese = viewer.get("/search.json?q=國家安全").json()["hits"]
    assert [h["file_name"] for h in chinese] == ["judgment_bilingual.html"]
    only_2021 = viewer.get("/search.json?q=sentenced&year=2021").json()["hits"]
    assert only_2021 and all(h["year"] == 2021 for h in only_2021)
    court = viewer.get("/search.json?q=sentenced&court=HKCFI").json()["hits"]
    assert court and all(h["court"] == "HKCFI" for h in court)
    assert viewer.get("/search.json?q=sentenced&kind=report").json()["hits"] == []
    assert viewer.get("/search.json?q=sentenced&year=21").status_code == 400
    assert viewer.get("/search.json?q=sentenced&case=-1").status_code == 400
    assert viewer.get("/search.json?q=sentenced&court=HK%00CFI").status_code == 400
    blank = viewer.get("/search.json?q=sentenced&kind=&court=&year=&case=").json()["hits"]
    assert blank == data["hits"], "a form sent with empty filters"
    assert viewer.get("/search.json").json()["hits"] == []


@pytest.mark.parametrize(
    "query",
    [
        "' OR 1=1 --",
        '"unbalanced',
        "NEAR(a b) OR * -x",
        "%_%",
        "\\",
        "a" * 499,
        "'; DROP TABLE document; --",
    ],
)
def test_hostile_queries_neither_error_nor_inject(team: Site, query: str) -> None:
    viewer = login(team.app, "viewer")
    response = viewer.get("/search.json", params={"q": query})
    assert response.status_code == 200, response.text
    assert viewer.get("/search", params={"q": query}).status_code == 200
    assert viewer.get("/documents.json").json()["total"] == 3


def test_hostile_document_text_renders_as_text(team: Site, tmp_path: Path) -> None:
    text = "HKSAR v X\n" + "\n".join(HOSTILE) + "\nHe was sentenced to 15 months."
    doc = add_text(team, tmp_path, "hostile.txt", text)
    viewer = login(team.app, "viewer")
    for url in (f"/documents/{doc}", "/documents", "/search?q=sentenced"):
        response = viewer.get(url)
        assert response.status_code == 200, url
        if url.startswith("/documents/"):
            assert_inert(response.text, url)
    found = viewer.get("/search", params={"q": "<script>"})
    tree = HTMLParser(found.text)
    assert tree.css_first("ol.hits mark.match") is not None
    assert all(s.attributes.get("src") for s in tree.css("script"))


def test_public_documents_for_anyone_team_only_ones_for_the_team(site: Site) -> None:  # noqa: F811
    anonymous = client(site.app)
    listed = anonymous.get("/documents.json").json()["documents"]
    assert listed and all(d["public"] for d in listed), "judgments are public by default"
    assert all(d["kind"] == "judgment" for d in listed)
    hidden = listed[0]["id"]
    set_public(site.engine, hidden, False, actor="test")
    assert anonymous.get(f"/documents/{hidden}").status_code == 404
    assert hidden not in {d["id"] for d in anonymous.get("/documents.json").json()["documents"]}
    assert login(site.app, "viewer").get(f"/documents/{hidden}").status_code == 200
    nav = HTMLParser(anonymous.get("/").text).css("header.site a")
    assert "/documents" in {a.attributes.get("href") for a in nav}
    # Team-only documents are never found by anonymous search.
    hits = anonymous.get("/search.json", params={"q": "the"}).json()["hits"]
    assert hits and hidden not in {h["document_id"] for h in hits}
    set_public(site.engine, hidden, True, actor="test")  # the shared site as it was


def test_public_documents_mask_withheld_names_and_keep_offsets(team: Site, tmp_path: Path) -> None:
    with team.engine.connect() as c:
        minor = (
            c.execute(
                select(defendant.c.name)
                .where(defendant.c.sensitive.is_(True))
                .order_by(defendant.c.id)
            )
            .scalars()
            .first()
        )
    assert minor is not None
    text = f"HKSAR v {minor}\n\nThe defendant {minor} was sentenced to 3 years' imprisonment.\n"
    path = tmp_path / "minor-judgment.txt"
    path.write_text(text, encoding="utf-8")
    doc = add_documents(team.engine, [path], actor="test", kind="judgment").added[0].document_id
    anonymous = client(team.app)
    page = anonymous.get(f"/documents/{doc}.json").json()["document"]
    stored = login(team.app, "viewer").get(f"/documents/{doc}.json").json()["document"]["text"]
    assert minor in stored
    assert minor not in page["text"] and "█" * len(minor) in page["text"]
    assert len(page["text"]) == len(stored), "masking keeps every offset"
    for spans in page["spans"].values():
        for s in spans:
            assert page["text"][s["span_start"] : s["span_end"]] == s["text"]
    assert minor not in anonymous.get(f"/documents/{doc}").text
    assert anonymous.get("/search.json", params={"q": minor}).json()["hits"] == []
    found = anonymous.get("/search.json", params={"q": "imprisonment"}).json()["hits"]
    mine = [h for h in found if h["document_id"] == doc]
    assert mine and minor not in mine[0]["snippet"]["text"]
    assert (
        minor in login(team.app, "viewer").get(f"/documents/{doc}.json").json()["document"]["text"]
    )
    set_public(team.engine, doc, False, actor="test")
    assert anonymous.get(f"/documents/{doc}").status_code == 404
