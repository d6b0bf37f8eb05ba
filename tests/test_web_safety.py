"""The public view never shows a sensitive field; hostile text is always shown as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from sqlalchemy import Engine, select

from nsdocket.db.schema import case, case_defendant, charge, defendant, event, evidence, source
from nsdocket.db.writer import Writer
from nsdocket.stats.figures import ALL_MEASURES
from tests.test_web_support import Site, build_site, client, fast_hashing, login  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hashing")

MARKERS = {
    "name": "MARKERNAME7f3a",
    "name_key": "markerkey7f3a",
    "name_original": "MARKERORIG7f3a",
    "name_zh": "標記甲七F三A",
    "aliases": ["MARKERALIAS7f3a"],
    "age": 117,
}
SOURCE_MARKERS = {
    "url": "https://example.org/MARKERURL7f3a",
    "title": "MARKERTITLE7f3a",
    "source_key": "MARKERSOURCE7f3a",
    "content_hash": "MARKERHASH7f3a",
}
HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(2)",
    "‮evil‬ right-to-left ‏שלום‏ مرحبا",
    "香港國家安全法 黎智英 「攬炒」",
    "{{ 7*7 }} {% raw %}",
    "L" + "o" * 5000 + "ng",
]


def _first_prosecution(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        row = connection.execute(select(case_defendant).order_by(case_defendant.c.id)).first()
    assert row is not None
    return {"cd": row.id, "case": row.case_id, "defendant": row.defendant_id}


def plant_markers(engine: Engine) -> dict[str, int]:
    """Mark one defendant and one of their sources sensitive, with marker values."""
    ids = _first_prosecution(engine)
    with engine.begin() as connection:
        writer = Writer(connection, "test")
        writer.update(defendant, ids["defendant"], {**MARKERS, "sensitive": True})
        source_id = writer.insert(source, {**SOURCE_MARKERS, "kind": "news", "sensitive": True})
        writer.insert(
            evidence,
            {"source_id": source_id, "target_table": "case_defendant", "target_id": ids["cd"]},
        )
    return ids


def public_urls(engine: Engine, ids: dict[str, int]) -> list[str]:
    with engine.connect() as connection:
        case_ids = connection.execute(select(case.c.id)).scalars().all()
        defendant_ids = connection.execute(select(defendant.c.id)).scalars().all()
    pages = [
        "/",
        "/methodology",
        "/login",
        "/cases?limit=500",
        "/claims",
        "/claims?text=84.6%25+of+189&percent=84.6&denominator=189",
        *(f"/figures/{m}?limit=1000" for m in ALL_MEASURES),
        "/figures/legitimate_expression?unit=prosecution&limit=1000",
        *(f"/cases/{i}" for i in case_ids),
        *(f"/defendants/{i}" for i in defendant_ids),
    ]
    twins = [p.replace("?", ".json?", 1) if "?" in p else p + ".json" for p in pages]
    return [*pages, "/index.json", *twins[1:]]


def test_public_pages_never_show_sensitive_fields(tmp_path: Path) -> None:
    site = build_site(tmp_path)
    ids = plant_markers(site.engine)
    anonymous = client(site.app)
    texts = {MARKERS["name"], MARKERS["name_key"], MARKERS["name_original"], MARKERS["name_zh"]}
    texts |= {MARKERS["aliases"][0], *SOURCE_MARKERS.values()}
    urls = public_urls(site.engine, ids)
    assert len(urls) > 100
    for url in urls:
        response = anonymous.get(url)
        assert response.status_code == 200, url
        leaked = [t for t in texts if t in response.text]
        assert not leaked, f"{url} shows {leaked}"
    searched = anonymous.get(f"/cases.json?q={MARKERS['name']}").json()
    assert searched["total"] == 0, "a search by a withheld name finds nothing"
    detail = anonymous.get(f"/defendants/{ids['defendant']}.json").json()["defendant"]
    assert detail["age"] is None and detail["aliases"] == []
    assert "withheld" in detail["name"]
    # The team sees them, so the markers really were in the pages' data.
    viewer = login(site.app, "viewer")
    assert MARKERS["name"] in viewer.get(f"/defendants/{ids['defendant']}").text
    assert SOURCE_MARKERS["title"] in viewer.get(f"/cases/{ids['case']}").text


def test_public_case_titles_do_not_name_sensitive_defendants(tmp_path: Path) -> None:
    site = build_site(tmp_path)
    with site.engine.connect() as connection:
        names = (
            connection.execute(select(defendant.c.name).where(defendant.c.sensitive.is_(True)))
            .scalars()
            .all()
        )
    assert names
    listing = client(site.app).get("/cases.json?limit=500").text
    assert not [n for n in names if n in listing]
    for name in names:
        found = client(site.app).get("/cases.json", params={"q": name}).json()
        assert found["total"] == 0, f"a public search for {name!r} finds its case"


def plant_hostile(engine: Engine) -> dict[str, int]:
    ids = _first_prosecution(engine)
    text = " | ".join(HOSTILE)
    with engine.begin() as connection:
        writer = Writer(connection, "test")
        writer.update(case, ids["case"], {"title": text, "notes": text, "court": HOSTILE[1]})
        writer.update(defendant, ids["defendant"], {"name": text, "name_zh": HOSTILE[4]})
        writer.update(case_defendant, ids["cd"], {"conduct_summary": text, "plea": HOSTILE[2]})
        first_charge = connection.execute(
            select(charge.c.id).where(charge.c.case_defendant_id == ids["cd"])
        ).scalar()
        if first_charge is not None:
            writer.update(charge, first_charge, {"text": text})
        first_event = connection.execute(
            select(event.c.id).where(event.c.case_defendant_id == ids["cd"])
        ).scalar()
        if first_event is not None:
            writer.update(event, first_event, {"detail": text})
        source_id = writer.insert(
            source,
            {"source_key": "hostile", "url": "javascript:alert(3)", "title": text, "kind": "news"},
        )
        writer.insert(
            evidence,
            {"source_id": source_id, "target_table": "case_defendant", "target_id": ids["cd"]},
        )
    return ids


def assert_inert(html: str, url: str) -> None:
    tree = HTMLParser(html)
    for script in tree.css("script"):
        src = script.attributes.get("src") or ""
        kind = script.attributes.get("type") or ""
        assert src.startswith("/static/") or kind == "application/json", (url, script.html)
    for node in tree.css("*"):
        for name, value in node.attributes.items():
            assert not name.lower().startswith("on"), (url, node.html)
            if name in ("href", "src", "action"):
                assert not (value or "").strip().lower().startswith("javascript:"), (url, name)
    body = tree.body
    assert body is not None
    for piece in ("<script>alert('x')</script>", "{{ 7*7 }}", "香港國家安全法", "שלום"):
        assert piece in body.text(), (url, piece)
    assert "49" not in body.text().split("{{ 7*7 }}")[0][-5:], "templates do not evaluate data"


@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_hostile_strings_render_as_text(tmp_path: Path, who: str) -> None:
    site = build_site(tmp_path)
    ids = plant_hostile(site.engine)
    browser = login(site.app, who)
    urls = [f"/cases/{ids['case']}", f"/defendants/{ids['defendant']}", "/cases?q=script"]
    if who == "admin":
        urls.append(f"/audit/case/{ids['case']}")
    for url in urls:
        response = browser.get(url)
        assert response.status_code == 200, url
        assert_inert(response.text, url)
    data = browser.get(f"/cases/{ids['case']}.json").json()
    assert data["case"]["title"] == " | ".join(HOSTILE), "JSON carries the text unchanged"
    assert "http" not in data["case"]["prosecutions"][0]["sources"][-1].get("url", "")


def test_pages_allow_no_inline_or_evaluated_script(tmp_path: Path) -> None:
    """The CSP lets scripts come only from /static: no inline script and no eval (the charts
    use Vega's interpreter; the browser test checks that they still draw under this policy)."""
    site = build_site(tmp_path)
    for url in ("/", "/cases", "/login"):
        policy = client(site.app).get(url).headers["content-security-policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'", (url, policy)
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
