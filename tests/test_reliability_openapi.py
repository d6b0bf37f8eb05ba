"""schemathesis against the app's own OpenAPI schema: no generated GET request gets a 5xx.

Every GET operation the schema describes is called with generated path and query values, as
an anonymous visitor and as an admin (who reaches every page), asking for HTML and for JSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine

from nsdocket import users
from nsdocket.web.auth import SESSION_COOKIE
from tests.load.site import FAST_HASHER, TeamSite, browser, team_site

EXAMPLES = 15  # per operation, role and format


@pytest.fixture
def site(loaded: Engine) -> Iterator[TeamSite]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "HASHER", FAST_HASHER)
        yield team_site(loaded)


def get_operations(site: TeamSite) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/openapi.json", site.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    return [op for op in operations if op.method.upper() == "GET"]


def fuzz(operation: Any, headers: dict[str, str], cookies: dict[str, str]) -> list[str]:
    """Call one operation with generated values; return a line per 5xx, and the count."""
    failures: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def call(case: Any) -> None:
        try:
            response = case.call(cookies=cookies, headers=headers)
        except Exception as exc:  # the test client re-raises what the app did not handle
            CALLS.append(500)
            failures.append(f"{case.method} {case.formatted_path} {case.query}: {exc!r:.300}")
            return
        CALLS.append(response.status_code)
        if response.status_code >= 500:
            failures.append(
                f"{case.method} {case.formatted_path} {case.query} {headers}: "
                f"{response.status_code} {response.text[:300]}"
            )

    call()
    return failures


CALLS: list[int] = []


@pytest.mark.slow
@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_no_server_error_for_any_generated_get(site: TeamSite, who: str) -> None:
    cookies = {}
    if who != "anonymous":
        cookies[SESSION_COOKIE] = browser(site.app, who).cookies[SESSION_COOKIE]
    operations = get_operations(site)
    assert {op.path for op in operations} >= {
        "/cases",
        "/cases/{case_id}",
        "/code/{case_defendant_id}",
    }
    CALLS.clear()
    failures = [
        line
        for operation in operations
        for accept in ("text/html", "application/json")
        for line in fuzz(operation, {"Accept": accept}, cookies)
    ]
    statuses = sorted(set(CALLS))
    print(
        f"\nschemathesis as {who}: {len(operations)} GET operations, {len(CALLS)} requests, "
        f"statuses {statuses}"
    )
    assert not failures, "\n".join(failures[:20])
    assert len(CALLS) >= len(operations) * 2 * 5


def test_huge_ids_are_not_found_not_a_server_error(site: TeamSite) -> None:
    huge = 2**64
    client = browser(site.app, "admin", raise_errors=False)
    urls = [f"/cases/{huge}", f"/defendants/{huge}", f"/code/{huge}", f"/cases?offset={huge}"]
    statuses = {url: client.get(url).status_code for url in urls}
    assert all(status < 500 for status in statuses.values()), statuses
