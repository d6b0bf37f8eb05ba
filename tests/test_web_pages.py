"""Every page and its JSON twin, as anonymous, viewer, coder, reviewer and admin."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from tests.test_web_support import WHO, Site, client, login, site  # noqa: F401


def pages(s: Site) -> dict[str, tuple[str, str]]:
    """page name -> (path, least role: '' for anyone)."""
    return {
        "dashboard": ("/", ""),
        "dashboard_scoped": ("/?scope=nsl-only&kind=person&as_of=2023-06-30", ""),
        "cases": ("/cases", ""),
        "cases_faceted": ("/cases?law=NSL&status=concluded&year=2021&kind=person&q=hk", ""),
        "case": (f"/cases/{s.case_id}", ""),
        "defendant": (f"/defendants/{s.defendant_id}", ""),
        "methodology": ("/methodology", ""),
        "figure": ("/figures/legitimate_expression?law=NSL&year=2021&since=true", ""),
        "figure_distribution": ("/figures/sentence_months", ""),
        "claims": ("/claims", ""),
        "claims_checked": ("/claims?text=84.6%25+of+189&percent=84.6&denominator=189", ""),
        "login": ("/login", ""),
        "account": ("/account", "viewer"),
        "documents": ("/documents", ""),
        "documents_filtered": ("/documents?kind=judgment&case=1", ""),
        "document": (f"/documents/{s.document_id}", ""),
        "document_passage": (f"/documents/{s.document_id}?passage=10-60", ""),
        "search": ("/search?q=sentence&kind=judgment&year=2021&court=HKCFI", ""),
        "search_empty": ("/search", ""),
        "code": (f"/code/{s.case_defendant_id}", "coder"),
        "review": ("/review", "reviewer"),
        "users": ("/admin/users", "admin"),
        "audit": (f"/audit/case/{s.case_id}", "admin"),
    }


def json_path(path: str) -> str:
    base, _, query = path.partition("?")
    base = "/index" if base == "/" else base
    return f"{base}.json" + (f"?{query}" if query else "")


def allowed(who: str, needed: str) -> bool:
    order = WHO
    return needed == "" or (who != "anonymous" and order.index(who) >= order.index(needed))


@pytest.mark.parametrize("who", WHO)
def test_every_page_and_its_json_twin(site: Site, who: str) -> None:  # noqa: F811
    browser = login(site.app, who)
    for name, (path, needed) in pages(site).items():
        html = browser.get(path)
        twin = browser.get(json_path(path))
        negotiated = browser.get(path, headers={"Accept": "application/json"})
        if not allowed(who, needed):
            if who == "anonymous":
                assert html.status_code == 303, name
                assert html.headers["location"].startswith("/login?next="), name
                assert twin.status_code == 401, name
            else:
                assert html.status_code == twin.status_code == 403, name
            continue
        assert html.status_code == 200, (name, html.text[:500])
        assert html.headers["content-type"].startswith("text/html"), name
        tree = HTMLParser(html.text)
        assert tree.css_first("h1") is not None, name
        assert tree.css_first("main#main") is not None, name
        assert twin.status_code == 200, (name, twin.text[:300])
        assert twin.headers["content-type"] == "application/json", name
        assert negotiated.json() == twin.json(), name


@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_every_form_field_has_a_label(site: Site, who: str) -> None:  # noqa: F811
    browser = login(site.app, who)
    for name, (path, needed) in pages(site).items():
        if not allowed(who, needed):
            continue
        tree = HTMLParser(browser.get(path).text)
        labelled = {n.attributes.get("for") for n in tree.css("label")}
        for field in tree.css("input, select, textarea"):
            if field.attributes.get("type") in ("hidden", "submit"):
                continue
            assert field.attributes.get("id") in labelled, (name, field.html)


def test_pages_are_readable_on_a_phone(site: Site) -> None:  # noqa: F811
    tree = HTMLParser(client(site.app).get("/cases").text)
    viewport = tree.css_first("meta[name=viewport]")
    assert viewport is not None and "width=device-width" in viewport.attributes["content"]  # type: ignore[operator]
    assert tree.css_first("a.skip[href='#main']") is not None
    assert tree.css_first("html").attributes["lang"] == "en"  # type: ignore[union-attr]


def test_case_list_facets_and_paging(site: Site) -> None:  # noqa: F811
    browser = client(site.app)
    everything = browser.get("/cases.json?limit=500").json()
    nsl = browser.get("/cases.json?law=NSL&limit=500").json()
    assert 0 < nsl["total"] < everything["total"]
    assert all("NSL" in c["laws"] for c in nsl["cases"])
    first = browser.get("/cases.json?limit=5").json()
    second = browser.get("/cases.json?limit=5&offset=5").json()
    assert len(first["cases"]) == 5
    assert {c["id"] for c in first["cases"]}.isdisjoint({c["id"] for c in second["cases"]})
    page = HTMLParser(browser.get("/cases?limit=5&law=NSL").text)
    following = page.css_first("a[rel=next]")
    assert following is not None and "offset=5" in following.attributes["href"]  # type: ignore[operator]
    assert "law=NSL" in following.attributes["href"]  # type: ignore[operator]
    assert page.css_first("select#law option[selected]").attributes["value"] == "NSL"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "query",
    ["law=NOPE", "status=lost", "year=20x1", "kind=robot", "limit=0", "offset=-1", "limit=9999"],
)
def test_bad_facets_are_clear_errors(site: Site, query: str) -> None:  # noqa: F811
    response = client(site.app).get(f"/cases.json?{query}")
    assert response.status_code in (400, 422)
    assert response.json()["error"]


def test_dashboard_figures_follow_the_filters(site: Site) -> None:  # noqa: F811
    browser = client(site.app)
    default = browser.get("/index.json").json()
    sedition = browser.get("/.json?law=CAP200").json()
    measures = [f["measure"] for f in default["figures"]]
    assert "legitimate_expression" in measures and "arrested" in measures
    assert default["filters"]["scope"] == "amnesty-2025"
    assert sedition["filters"]["scope"] == "amnesty-2025 (CAP200)"
    arrested = {d["filters"]["scope"]: d["figures"][0]["numerator"] for d in (default, sedition)}
    assert arrested["amnesty-2025 (CAP200)"] < arrested["amnesty-2025"]
    assert browser.get("/.json?law=ZZZ").status_code == 400
    assert browser.get("/.json?as_of=yesterday").status_code == 400
    html = HTMLParser(browser.get("/").text)
    assert html.css("script.vega-spec"), "charts carry their specs"
    assert html.css_first("#fig-legitimate_expression") is not None


def test_missing_rows_are_404_in_both_renderings(site: Site) -> None:  # noqa: F811
    browser = client(site.app)
    assert browser.get("/cases/999999").status_code == 404
    assert browser.get("/cases/999999.json").json()["error"] == "case 999999 does not exist"
    assert browser.get("/defendants/999999.json").status_code == 404
    assert browser.get("/no/such/page").status_code == 404


def test_openapi_describes_the_json_api(site: Site) -> None:  # noqa: F811
    spec = client(site.app).get("/openapi.json").json()
    for path in (
        "/",
        "/cases",
        "/cases/{case_id}",
        "/defendants/{defendant_id}",
        "/methodology",
        "/figures/{measure}",
        "/claims",
        "/documents",
        "/documents/{document_id}",
        "/search",
    ):
        assert path in spec["paths"]
    assert "post" in spec["paths"]["/claims"]


def test_static_assets_are_served_by_the_app(site: Site) -> None:  # noqa: F811
    browser = client(site.app)
    for name in ("htmx.min.js", "vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        response = browser.get(f"/static/vendor/{name}")
        assert response.status_code == 200 and len(response.content) > 10_000, name
    assert browser.get("/static/nsdocket.css").status_code == 200
    page = browser.get("/").text
    assert "https://cdn" not in page and "unpkg" not in page and "jsdelivr" not in page
