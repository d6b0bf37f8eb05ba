"""The role matrix, generated from the app's own routes, and CSRF refusal on every write."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import Mount, Route

from nsdocket.web import create_app
from nsdocket.web.access import ACCESS
from tests.test_web_support import (  # noqa: F401
    WHO,
    Site,
    client,
    csrf_of,
    fast_hashing,
    login,
    session_csrf,
    site,
)

# FastAPI's own pages and the static files: public, and not ours to guard.
FRAMEWORK_PATHS = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc", "/static"}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def api_routes(app: FastAPI) -> list[APIRoute]:
    """Every API route, including those of included routers (FastAPI nests them)."""

    def walk(routes: list[Any]) -> list[APIRoute]:
        found: list[APIRoute] = []
        for route in routes:
            if isinstance(route, APIRoute):
                found.append(route)
            elif hasattr(route, "original_router"):
                found.extend(walk(route.original_router.routes))
        return found

    return walk(list(app.routes))


def fill(path: str, where: Site) -> str:
    """A concrete URL for a route path, with ids that exist and a throwaway user name."""
    values = {
        "case_id": where.case_id,
        "defendant_id": where.defendant_id,
        "case_defendant_id": where.case_defendant_id,
        "row_id": where.case_id,
        "table": "case",
        "username": "throwaway",
        "question": "legitimate_expression",
        "measure": "legitimate_expression",
        "document_id": where.document_id,
        # no such proposal or link: a write allowed for the role answers 404, not 403
        "proposal_id": 999_999,
        "link_id": 999_999,
        # no such sign-in link: anyone may try one, and an unknown one answers 410
        "token": "not-a-token",
    }
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: str(values[m.group(1)]), path)


def test_every_route_has_an_access_rule(site: Site) -> None:  # noqa: F811
    names = {r.name for r in api_routes(site.app)}
    missing = sorted(names - set(ACCESS))
    assert not missing, f"routes without a rule in nsdocket.web.access.ACCESS: {missing}"
    stale = sorted(set(ACCESS) - names)
    assert not stale, f"rules for routes that do not exist: {stale}"
    for route in site.app.routes:
        if isinstance(route, APIRoute) or hasattr(route, "original_router"):
            continue
        assert isinstance(route, Route | Mount) and route.path in FRAMEWORK_PATHS, route


def test_a_route_without_a_rule_is_refused(site: Site) -> None:  # noqa: F811
    app = create_app(site.engine)

    @app.post("/unruled", name="unruled")
    def unruled() -> dict[str, Any]:
        return {"wrote": True}

    browser = login(app, "anonymous")
    response = browser.post("/unruled", data={"csrf_token": csrf_of(browser)})
    assert response.status_code == 500
    assert "no access rule" in response.text


def matrix(app: FastAPI) -> list[tuple[str, str, str]]:
    return [
        (method, route.path, who)
        for route in api_routes(app)
        for method in sorted(route.methods)
        for who in WHO
    ]


def refused(response: Any, who: str) -> bool:
    if who == "anonymous":
        to_login = response.status_code == 303 and response.headers["location"].startswith("/login")
        return to_login or response.status_code == 401
    return response.status_code == 403


@pytest.mark.usefixtures("fast_hashing")
def test_role_matrix(site: Site) -> None:  # noqa: F811
    """Each route, each role: allowed exactly when the role reaches the route's rule."""
    by_path = {(m, r.path): r.name for r in api_routes(site.app) for m in r.methods}
    cases = matrix(site.app)
    assert len(cases) >= 5 * 15
    problems = []
    for method, path, who in cases:
        needed = ACCESS[by_path[(method, path)]]
        should_pass = needed is None or (who != "anonymous" and WHO.index(who) >= WHO.index(needed))
        browser = login(site.app, who)
        token = session_csrf(browser)
        url = fill(path, site)
        if method in WRITE_METHODS:
            response = browser.request(method, url, data={"csrf_token": token})
        else:
            response = browser.request(method, url)
        if should_pass == refused(response, who):
            problems.append(f"{method} {path} as {who}: {response.status_code}")
    assert not problems, "\n".join(problems)


@pytest.mark.usefixtures("fast_hashing")
@pytest.mark.parametrize("token", ["missing", "wrong", "anonymous"])
def test_every_write_refuses_a_bad_csrf_token(site: Site, token: str) -> None:  # noqa: F811
    admin = login(site.app, "admin")
    anonymous_token = csrf_of(client(site.app))
    sent = {"missing": None, "wrong": "x" * 43, "anonymous": anonymous_token}[token]
    writes = [(m, r.path) for r in api_routes(site.app) for m in r.methods if m in WRITE_METHODS]
    assert len(writes) >= 8
    for method, path in writes:
        data = {"csrf_token": sent} if sent else {}
        response = admin.request(method, fill(path, site), data=data)
        assert response.status_code == 403, (method, path, response.status_code)
        assert "another site" in response.text
    assert admin.get("/admin/users").status_code == 200, "still logged in"


@pytest.mark.usefixtures("fast_hashing")
def test_csrf_token_in_a_header_works_for_json_clients(site: Site) -> None:  # noqa: F811
    admin = login(site.app, "admin")
    token = session_csrf(admin)
    response = admin.post(
        "/admin/users",
        data={"username": "headerclient", "role": "viewer"},
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert response.status_code == 200
    assert response.json()["notice"]["username"] == "headerclient"


def test_anonymous_login_form_needs_its_token(site: Site) -> None:  # noqa: F811
    browser = client(site.app)
    browser.get("/login")
    response = browser.post("/login", data={"username": "admin", "password": "x"})
    assert response.status_code == 403
    other = client(site.app)
    response = other.post(
        "/login",
        data={"username": "admin", "password": "x", "csrf_token": csrf_of(browser)},
    )
    assert response.status_code == 403, "a token from another browser is refused"
