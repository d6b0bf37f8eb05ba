"""Planted marker values in every sensitive field never leave through a public door.

One defendant and one source are marked sensitive and given unique marker values (name, name
key, original name, Chinese name, alias; address, title, key). Then every public page and its
JSON twin (every GET route of the app, filled with every id, and every link found from them),
a search for each marker, error responses (400, 404, 405, 409, 422), `nsdocket export` of every
exportable table, the open data release and the report are scanned: no marker may appear.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from nsdocket import users
from nsdocket.db.documents_schema import document
from nsdocket.db.schema import case, case_defendant, defendant, evidence, source
from nsdocket.db.writer import Writer
from nsdocket.documents.store import add_documents
from nsdocket.queries.export import exportable_tables
from nsdocket.stats.figures import ALL_MEASURES
from tests.conftest import invoke
from tests.load.site import FAST_HASHER, TeamSite, browser, team_site
from tests.test_web_access import api_routes

NAME = "Qvzmarker Namethree"
SENSITIVE = {
    "name": NAME,
    "name_key": "qvzmarker namethree",
    "name_original": "Qvzmarker Namethree, 15",
    "name_zh": "機密標記丙丁",
    "aliases": ["Qvzalias Markerfour"],
}
SOURCE = {
    "url": "https://qvz-marker.example/secret-7",
    "source_key": "https://qvz-marker.example/secret-7",
    "title": "Qvzsourcetitle withheld",
}
# What is searched for (case-insensitively) in every output.
MARKERS = ("qvzmarker", "qvzalias", "機密標記", "qvz-marker.example", "qvzsourcetitle")
CRAWL_LIMIT = 1_500  # pages, twins included


@pytest.fixture
def site(loaded: Engine, tmp_path: Path) -> Iterator[TeamSite]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "HASHER", FAST_HASHER)
        built = team_site(loaded)
        plant(built, tmp_path)
        yield built


def plant(site: TeamSite, folder: Path | None = None) -> None:
    """Mark the first prosecution's defendant and a source of it sensitive, with markers.

    With ``folder``, also add a document (team only) whose text names the defendant.
    """
    if folder is not None:
        text = folder / "judgment.txt"
        text.write_text(
            f"HKSAR v {NAME}\nIN THE DISTRICT COURT\nThe defendant {NAME} "
            f"({SENSITIVE['name_zh']}), also known as {SENSITIVE['aliases'][0]}, pleaded.\n",
            encoding="utf-8",
        )
        add_documents(site.engine, [text], actor="test")
    with site.engine.begin() as connection:
        writer = Writer(connection, "test")
        writer.update(defendant, site.defendant_id, {**SENSITIVE, "sensitive": True})
        source_id = writer.insert(source, {**SOURCE, "kind": "news", "sensitive": True})
        writer.insert(
            evidence,
            {
                "source_id": source_id,
                "target_table": "case_defendant",
                "target_id": site.case_defendant_id,
            },
        )


def leaks(text: str) -> list[str]:
    """The markers found in ``text``."""
    folded = text.casefold()
    return [m for m in MARKERS if m in folded]


def body_text(response: Any) -> str:
    """The response as text; JSON decoded first, so escaped characters are seen too."""
    if response.headers.get("content-type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return str(response.text)


def route_seeds(site: TeamSite) -> list[str]:
    """Every GET route of the app, each filled with every value of its path parameters."""
    with site.engine.connect() as connection:
        ids = {
            "case_id": connection.execute(select(case.c.id)).scalars().all(),
            "defendant_id": connection.execute(select(defendant.c.id)).scalars().all(),
            "case_defendant_id": connection.execute(select(case_defendant.c.id)).scalars().all(),
            "document_id": connection.execute(select(document.c.id)).scalars().all(),
        }
    # a one-time sign-in link: an unknown token, as a crawler would try
    values: dict[str, list[Any]] = {**ids, "measure": list(ALL_MEASURES), "token": ["not-a-token"]}
    seeds = []
    for route in api_routes(site.app):
        if "GET" not in route.methods:
            continue
        names = re.findall(r"\{(\w+)(?::\w+)?\}", route.path)
        if route.path.startswith("/audit/"):  # admin only: anonymous is sent to log in
            seeds.append(f"/audit/defendant/{site.defendant_id}")
            continue
        missing = [n for n in names if n not in values]
        assert not missing, f"{route.path}: give the crawl values for {missing}"
        if not names:
            seeds.append(route.path)
            continue
        (name,) = names
        chosen = values[name]
        if route.path.startswith("/feeds/"):
            # a feed of every case and person is tests/test_feeds.py's; here the marked ones
            chosen = [{"case_id": site.case_id, "defendant_id": site.defendant_id}[name]]
        seeds.extend(route.path.replace(f"{{{name}}}", str(v)) for v in chosen)
    seeds += ["/cases?limit=200", *(f"/figures/{m}?limit=1000" for m in ALL_MEASURES)]
    # every plain route first, so that the crawl's page limit never leaves one out
    return sorted(seeds, key=lambda url: "{" in url or url.count("/") > 1)


def twin(url: str) -> str:
    path, _, query = url.partition("?")
    path = "/index" if path == "/" else path
    return f"{path}.json" + (f"?{query}" if query else "")


def crawl(client: Any, seeds: list[str]) -> dict[str, tuple[int, str]]:
    """Visit the seeds and the local links of every HTML page found, each with its JSON twin."""
    seen: dict[str, tuple[int, str]] = {}
    queue = deque(seeds)
    while queue and len(seen) < CRAWL_LIMIT:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = (response.status_code, body_text(response))
        if url.endswith(".json") or ".json?" in url:
            continue
        queue.appendleft(twin(url))
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        for node in HTMLParser(response.text).css("a[href]"):
            href = (node.attributes.get("href") or "").split("#")[0]
            if href.startswith("/") and not href.startswith(("//", "/static/")):
                queue.append(href)
    return seen


def test_no_public_page_or_twin_shows_a_marker(site: TeamSite) -> None:
    # The team view shows them, so the markers really are in the pages' data.
    team = browser(site.app, "viewer")
    assert leaks(team.get(f"/defendants/{site.defendant_id}").text)
    assert leaks(team.get(f"/cases/{site.case_id}.json").text)
    with site.engine.connect() as connection:
        document_id = connection.execute(select(document.c.id)).scalar_one()
    assert leaks(team.get(f"/documents/{document_id}").text), "the judgment names them"

    pages = crawl(browser(site.app), route_seeds(site))
    print(f"\ncrawled {len(pages)} public pages and twins")
    assert len(pages) >= 300
    errors = {url: status for url, (status, _) in pages.items() if status >= 500}
    assert not errors, errors
    found = {url: leaks(text) for url, (_, text) in pages.items() if leaks(text)}
    assert not found, found
    visited = {url.split("?")[0].removesuffix(".json") for url in pages}
    for route in api_routes(site.app):
        if "GET" in route.methods and "{" not in route.path:
            assert route.path in visited or (route.path == "/" and "/index" in visited), route.path


@pytest.mark.parametrize("field", ["name", "alias", "name_zh", "title", "url"])
def test_a_public_search_for_a_marker_finds_nothing(site: TeamSite, field: str) -> None:
    term = {
        "name": NAME,
        "alias": SENSITIVE["aliases"][0],
        "name_zh": SENSITIVE["name_zh"],
        "title": SOURCE["title"],
        "url": SOURCE["url"],
    }[field]
    anonymous = browser(site.app)
    found = anonymous.get("/cases.json", params={"q": term}).json()
    assert found["total"] == 0, f"a public search for the {field} finds its case"
    for part in term.replace("/", " ").split():
        rows = anonymous.get("/cases.json", params={"q": part}).json()["cases"]
        assert not leaks(json.dumps(rows, ensure_ascii=False)), part


def test_error_responses_carry_no_marker(site: TeamSite) -> None:
    anonymous = browser(site.app)
    cd, d = site.case_defendant_id, site.defendant_id
    requests = [
        ("GET", "/cases?year=abc"),
        ("GET", "/cases?status=bogus"),
        ("GET", "/cases?sort=bogus"),
        ("GET", "/cases?limit=-1"),
        ("GET", "/cases/999999"),
        ("GET", "/cases/abc"),
        ("GET", "/defendants/999999"),
        ("GET", f"/defendants/{d}x"),
        ("GET", "/figures/no_such_measure"),
        ("GET", "/nowhere"),
        ("POST", "/cases"),
        ("DELETE", f"/defendants/{d}"),
        ("POST", f"/code/{cd}"),
        ("GET", f"/code/{cd}"),
        ("GET", f"/audit/defendant/{d}"),
    ]
    statuses = set()
    for method, url in requests:
        for accept in ("text/html", "application/json"):
            response = anonymous.request(method, url, headers={"Accept": accept})
            statuses.add(response.status_code)
            assert response.status_code < 500, (method, url, response.status_code)
            assert not leaks(body_text(response)), (method, url, accept)
    assert {400, 404, 405} <= statuses, statuses
    # A coder's stale save (409) names versions, never the row's values.
    coder = browser(site.app, "coder")
    token = HTMLParser(coder.get(f"/code/{cd}").text).css_first("input[name=csrf_token]")
    assert token is not None
    form = {"csrf_token": token.attributes["value"], "q.violence": "none", "status": "draft"}
    assert coder.post(f"/code/{cd}", data=form).status_code == 303
    stale = coder.post(f"/code/{cd}.json", data={**form, "q.violence": "alleged", "version": "0"})
    assert stale.status_code == 409
    assert not leaks(stale.json()["error"]), stale.json()


def test_exports_release_and_report_carry_no_marker(
    site: TeamSite, db_url: str, runner: CliRunner, tmp_path: Path
) -> None:
    outputs: dict[str, str] = {}
    for table in exportable_tables():
        for fmt in ("csv", "json"):
            code, out, err = invoke(runner, db_url, "export", table, "--format", fmt)
            assert code == 0, (table, err)
            outputs[f"export {table} {fmt}"] = out
    code, out, err = invoke(runner, db_url, "export", "defendant", "--include-sensitive")
    assert code == 0 and leaks(out), "the private export keeps them"
    code, _, err = invoke(runner, db_url, "release", str(tmp_path / "release"))
    assert code == 0, err
    for path in sorted((tmp_path / "release").rglob("*")):
        if path.is_file():
            outputs[f"release {path.name}"] = path.read_bytes().decode("utf-8", "replace")
    report = tmp_path / "report.html"
    as_of = dt.date.today().isoformat()
    code, _, err = invoke(runner, db_url, "report", "--as-of", as_of, "--out", str(report))
    assert code == 0, err
    outputs["report"] = report.read_text(encoding="utf-8")
    found = {name: leaks(text) for name, text in outputs.items() if leaks(text)}
    assert not found, found
    assert len(outputs) >= 2 * len(exportable_tables()) + 3


def test_the_audit_log_export_withholds_earlier_values_too(
    site: TeamSite, db_url: str, runner: CliRunner
) -> None:
    """A name corrected after the defendant was marked, and the age, stay out of the export.

    Their earlier copies live on in the audit log's before and after columns.
    """
    with site.engine.begin() as connection:
        Writer(connection, "test").update(
            defendant, site.defendant_id, {"name": "Qvzmarker Namethreee", "age": 117}
        )
        Writer(connection, "test").update(defendant, site.defendant_id, {"name": NAME})
    for fmt in ("csv", "json"):
        code, out, err = invoke(runner, db_url, "export", "audit_log", "--format", fmt)
        assert code == 0, err
        assert not leaks(out), fmt
        assert not re.search(r'"age"\s*:\s*117\b', out.replace('""', '"')), fmt
    code, out, _ = invoke(runner, db_url, "export", "audit_log", "--include-sensitive")
    assert code == 0 and "Qvzmarker Namethreee" in out, "the private export keeps them"
