"""The figure page: the number, its definition and scope, and the rows behind it; the dashboard's
filters (law, kind, year) move every figure and chart, and each headline links to its page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from nsdocket.stats.compute import Options
from nsdocket.stats.figures import ALL_MEASURES, figure
from nsdocket.stats.scopes import get_scope
from nsdocket.web.render import jsonable
from tests.test_web_safety import MARKERS, assert_inert, plant_hostile, plant_markers
from tests.test_web_support import (  # noqa: F401
    Site,
    build_site,
    client,
    fast_hashing,
    login,
    site,
)


@pytest.mark.parametrize("measure", ALL_MEASURES)
def test_every_figure_has_a_page_and_a_json_twin(site: Site, measure: str) -> None:  # noqa: F811
    browser = client(site.app)
    twin = browser.get(f"/figures/{measure}.json")
    assert twin.status_code == 200, twin.text
    data = twin.json()
    unit = "prosecution" if measure in ("sentence_months", "pretrial_detention") else "person"
    expected = jsonable(
        figure(site.engine, measure, "amnesty-2025", Options(unit=unit, with_rows=False)).to_json(
            with_rows=False
        )
    )
    assert data["figure"] == expected, "the page shows the library's figure, unchanged"
    html = browser.get(f"/figures/{measure}")
    tree = HTMLParser(html.text)
    assert tree.css_first("h1").text() == expected["title"]  # type: ignore[union-attr]
    assert tree.css_first("#headline").text() == expected["headline"]  # type: ignore[union-attr]
    assert expected["definition"] in html.text.replace("&#39;", "'")
    assert data["filters"]["scope_words"] in tree.body.text()  # type: ignore[union-attr]


def test_a_share_shows_interval_exclusions_and_its_rows(site: Site) -> None:  # noqa: F811
    browser = client(site.app)
    data = browser.get("/figures/legitimate_expression.json?unit=prosecution&limit=1000").json()
    fig = data["figure"]
    assert fig["interval"] and fig["excluded"], "a share with an interval and exclusions"
    items = data["rows"]["items"]
    assert data["rows"]["total"] == len(items)
    numerator = [r for r in items if r["counted_in"] == "numerator"]
    in_denominator = [r for r in items if r["counted_in"] != "excluded"]
    assert len(numerator) == fig["numerator"], "per prosecution, the rows add up to the figure"
    assert len(in_denominator) == fig["denominator"]
    assert {r["category"] for r in items if r["counted_in"] == "excluded"} <= set(fig["excluded"])
    assert all(r["defendant"] and r["case_title"] and r["case_id"] for r in items)
    tree = HTMLParser(browser.get("/figures/legitimate_expression?unit=prosecution").text)
    numbers = tree.css_first("#numbers").text()  # type: ignore[union-attr]
    assert "95% interval" in numbers and "Wilson" in numbers
    excluded = tree.css_first("#excluded").text()  # type: ignore[union-attr]
    assert all(reason in excluded for reason in fig["excluded"])
    assert tree.css("table.rows tbody tr")


def test_rows_filter_and_page(site: Site) -> None:  # noqa: F811
    browser = client(site.app)
    base = "/figures/legitimate_expression.json?unit=prosecution"
    everything = browser.get(f"{base}&limit=1000").json()["rows"]
    excluded = browser.get(f"{base}&counted_in=excluded&limit=1000").json()["rows"]
    assert 0 < excluded["total"] < everything["total"]
    assert all(r["counted_in"] == "excluded" for r in excluded["items"])
    first = browser.get(f"{base}&limit=5").json()["rows"]["items"]
    second = browser.get(f"{base}&limit=5&offset=5").json()["rows"]["items"]
    assert [r["case_defendant_id"] for r in first + second] == [
        r["case_defendant_id"] for r in everything["items"][:10]
    ]
    page = HTMLParser(browser.get("/figures/legitimate_expression?limit=5&law=NSL").text)
    following = page.css_first("a[rel=next]")
    assert following is not None
    href = following.attributes["href"] or ""
    assert "offset=5" in href and "law=NSL" in href


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 200),
        ("?unit=charge", 400),
        ("?unit=robot", 400),
        ("?scope=nope", 400),
        ("?law=ZZZ", 400),
        ("?kind=robot", 400),
        ("?year=20x1", 400),
        ("?as_of=yesterday", 400),
        ("?counted_in=everything", 400),
        ("?limit=0", 422),
        ("?limit=5000", 422),
    ],
)
def test_bad_figure_queries_are_clear_errors(site: Site, query: str, status: int) -> None:  # noqa: F811
    response = client(site.app).get(f"/figures/arrested.json{query}")
    assert response.status_code == status, response.text
    if status != 200:
        assert response.json()["error"]


def test_unknown_figure_is_404(site: Site) -> None:  # noqa: F811
    response = client(site.app).get("/figures/<script>.json")
    assert response.status_code == 404
    assert "known:" in response.json()["error"]
    assert "<script>" not in client(site.app).get("/figures/%3Cscript%3E").text


def test_distribution_rows_are_the_figures_own(site: Site) -> None:  # noqa: F811
    data = client(site.app).get("/figures/sentence_months.json?limit=1000").json()
    items = data["rows"]["items"]
    assert len(items) == data["figure"]["numerator"] > 0
    assert all(r["sentence_months"] is not None for r in items)
    assert client(site.app).get("/figures/sentence_months.json?unit=person").status_code == 400


def test_dashboard_headlines_link_to_their_figure_with_the_filters(site: Site) -> None:  # noqa: F811
    browser = client(site.app)
    tree = HTMLParser(browser.get("/?law=NSL&year=2021&since=true&final_only=true").text)
    link = tree.css_first("#fig-legitimate_expression h3 a")
    assert link is not None
    href = link.attributes["href"] or ""
    assert href.startswith("/figures/legitimate_expression?")
    for part in ("law=NSL", "year=2021", "since=true", "final_only=true"):
        assert part in href, href
    followed = browser.get(href.replace("?", ".json?", 1)).json()
    dashboard = browser.get("/.json?law=NSL&year=2021&since=true&final_only=true").json()
    shown = next(f for f in dashboard["figures"] if f["measure"] == "legitimate_expression")
    assert followed["figure"] == shown, "the figure page repeats the dashboard's figure"


def test_year_and_kind_filters_move_every_figure_and_chart(site: Site) -> None:  # noqa: F811
    browser = client(site.app)
    everything = browser.get("/.json").json()
    in_2021 = browser.get("/.json?year=2021").json()
    since_2022 = browser.get("/.json?year=2022&since=true").json()
    arrested = {
        name: next(f for f in d["figures"] if f["measure"] == "arrested")
        for name, d in (("all", everything), ("2021", in_2021), ("2022+", since_2022))
    }
    assert arrested["2021"]["numerator"] < arrested["all"]["numerator"]
    assert arrested["2022+"]["numerator"] < arrested["all"]["numerator"]
    assert in_2021["filters"]["scope_words"].endswith("arrested in 2021; persons")
    assert set(arrested["2021"]["breakdown"]["by_year_of_arrest"]) == {"2021"}
    assert all(int(y) >= 2022 for y in arrested["2022+"]["breakdown"]["by_year_of_arrest"])
    scope = get_scope("amnesty-2025").with_arrest_years(2021, 2021)
    library = figure(site.engine, "arrested", scope, Options(with_rows=False))
    assert arrested["2021"]["numerator"] == library.numerator

    def arrest_years_charted(query: str) -> set[str]:
        tree = HTMLParser(browser.get(f"/{query}").text)
        specs = [json.loads(n.text()) for n in tree.css("script.vega-spec")]
        rows = [r for s in specs for r in s["data"]["values"] if "year" in r]
        return {r["year"] for r in rows if r["measure"] in ("Arrested", "Charged")}

    # Arrests by year of (first) arrest: only 2021; convictions fall in later years.
    assert arrest_years_charted("?year=2021") == {"2021"}
    assert len(arrest_years_charted("")) > 1
    companies = browser.get("/.json?kind=company").json()
    assert companies["filters"]["scope_words"].endswith("companies")


def test_public_rows_withhold_sensitive_names(tmp_path: Path) -> None:
    built = build_site(tmp_path)
    ids = plant_markers(built.engine)
    urls = [f"/figures/{m}?unit=prosecution&limit=1000" for m in ALL_MEASURES if m != "charged"]
    urls = [u.replace("?unit=prosecution&", "?") if "sentence" in u else u for u in urls]
    anonymous = client(built.app)
    seen_withheld = False
    for url in [*urls, *(u.replace("?", ".json?", 1) for u in urls)]:
        response = anonymous.get(url)
        assert response.status_code == 200, url
        assert MARKERS["name"] not in response.text, url
        seen_withheld |= f"(defendant {ids['defendant']})" in response.text
    assert seen_withheld, "the sensitive defendant's row is there, its name withheld"
    viewer = login(built.app, "viewer")
    team = viewer.get("/figures/arrested.json?unit=prosecution&limit=1000").json()
    assert MARKERS["name"] in {r["defendant"] for r in team["rows"]["items"]}


@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_hostile_names_in_the_rows_render_as_text(tmp_path: Path, who: str) -> None:
    built = build_site(tmp_path)
    plant_hostile(built.engine)
    browser = login(built.app, who)
    url = "/figures/arrested?unit=prosecution&limit=1000"
    response = browser.get(url)
    assert response.status_code == 200
    assert_inert(response.text, url)
