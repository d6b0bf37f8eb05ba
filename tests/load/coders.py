"""Coders as load: async HTTP clients that log in and save codings through the real form.

Each client keeps a ledger of every write the server accepted (and every stale edit it refused),
so that a test can compare the ledger with the audit log afterwards.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field

import httpx
from selectolax.lexbor import LexborHTMLParser as HTMLParser

CSRF_COOKIE = "nsd_csrf"


@dataclass(frozen=True)
class Write:
    """One coding save as the client sent it."""

    coder: str
    case_defendant_id: int
    note: str
    violence: str
    version: int | None


@dataclass
class Ledger:
    """What the clients saw: accepted writes, refused stale edits, statuses and timings."""

    accepted: list[Write] = field(default_factory=list)
    refused: list[Write] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    latency: dict[str, list[float]] = field(default_factory=dict)

    async def timed(self, kind: str, request: Awaitable[httpx.Response]) -> httpx.Response:
        """Await a request, recording its status and how long it took under ``kind``."""
        start = time.perf_counter()
        response = await request
        self.latency.setdefault(kind, []).append(time.perf_counter() - start)
        self.statuses[response.status_code] += 1
        return response

    def server_errors(self) -> int:
        """How many responses were 5xx."""
        return sum(n for status, n in self.statuses.items() if status >= 500)


def percentile(values: Sequence[float], p: float) -> float:
    """The nearest-rank percentile ``p`` (0-100) of ``values``."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def _form_fields(html: str) -> tuple[str, int | None]:
    """The CSRF token and the stored version the coding form carries."""
    tree = HTMLParser(html)
    token = tree.css_first("form.coding input[name=csrf_token]")
    version = tree.css_first("form.coding input[name=version]")
    assert token is not None, html[:2000]
    version_value = version.attributes.get("value") if version is not None else None
    return str(token.attributes["value"]), int(version_value) if version_value else None


async def coder(
    base: str,
    username: str,
    password: str,
    assigned: Sequence[int],
    answers: Sequence[str],
    ledger: Ledger,
    *,
    everyone_in: asyncio.Barrier,
    seconds: float,
    max_writes: int,
    stale_every: int = 5,
) -> None:
    """Log in, wait for every coder to be in, then save codings for ``seconds``.

    Every save is the coding form fetched (for its CSRF token and version) and posted back with
    a new answer and a unique note. Every ``stale_every``-th save (the first included) is
    followed by the same form posted again with the version it was based on (0 for a coding
    that did not exist yet), which the server must refuse (409).
    """
    async with httpx.AsyncClient(base_url=base, follow_redirects=False, timeout=120) as http:
        await ledger.timed("login", http.get("/login"))
        response = await ledger.timed(
            "login",
            http.post(
                "/login",
                data={
                    "username": username,
                    "password": password,
                    "csrf_token": http.cookies[CSRF_COOKIE],
                },
            ),
        )
        if response.status_code != 303:
            ledger.unexpected.append(f"{username} login: {response.status_code}")
        await everyone_in.wait()
        if response.status_code != 303:
            return
        deadline = time.monotonic() + seconds
        n = 0
        while time.monotonic() < deadline and n < max_writes:
            cd = assigned[n % len(assigned)]
            page = await ledger.timed("form", http.get(f"/code/{cd}"))
            if page.status_code != 200:
                ledger.unexpected.append(f"{username} GET /code/{cd}: {page.status_code}")
                n += 1
                continue
            token, version = _form_fields(page.text)
            write = Write(username, cd, f"{username}/{cd}/{n}", answers[n % len(answers)], version)
            form = {"csrf_token": token, "q.violence": write.violence, "note": write.note}
            if version is not None:
                form["version"] = str(version)
            saved = await ledger.timed(
                "save", http.post(f"/code/{cd}", data={**form, "status": "draft"})
            )
            if saved.status_code == 303:
                ledger.accepted.append(write)
            else:
                ledger.unexpected.append(f"{username} save {write.note}: {saved.status_code}")
            if version is not None and n % stale_every == 0:
                stale = Write(username, cd, write.note + "/stale", write.violence, version)
                again = await ledger.timed(
                    "stale",
                    http.post(f"/code/{cd}", data={**form, "note": stale.note, "status": "draft"}),
                )
                if again.status_code == 409:
                    ledger.refused.append(stale)
                else:
                    ledger.unexpected.append(f"{username} stale {stale.note}: {again.status_code}")
            n += 1


async def run_coders(
    base: str,
    accounts: Sequence[tuple[str, str]],
    assignments: Sequence[Sequence[int]],
    answers: Sequence[str],
    *,
    seconds: float,
    max_writes: int,
) -> Ledger:
    """Run one :func:`coder` per account at once; return the shared ledger.

    The clock starts when every coder has logged in; then they write for ``seconds``.
    """
    ledger = Ledger()
    everyone_in = asyncio.Barrier(len(accounts))
    await asyncio.gather(
        *(
            coder(
                base,
                username,
                password,
                assigned,
                answers,
                ledger,
                everyone_in=everyone_in,
                seconds=seconds,
                max_writes=max_writes,
            )
            for (username, password), assigned in zip(accounts, assignments, strict=True)
        )
    )
    return ledger


async def logged_in(base: str, username: str, password: str) -> httpx.AsyncClient:
    """A new client (a browser tab with its own session) logged in as ``username``."""
    http = httpx.AsyncClient(base_url=base, follow_redirects=False, timeout=120)
    await http.get("/login")
    response = await http.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": http.cookies[CSRF_COOKIE]},
    )
    assert response.status_code == 303, response.text
    return http


async def save_at_once(
    tabs: Sequence[httpx.AsyncClient], case_defendant_id: int, violence: str
) -> list[tuple[str, int]]:
    """Every tab fetches the coding form, then all post it back at the same moment.

    Returns each tab's (note, status), the note naming the tab.
    """
    forms = []
    for i, http in enumerate(tabs):
        page = await http.get(f"/code/{case_defendant_id}")
        token, version = _form_fields(page.text)
        form = {"csrf_token": token, "q.violence": violence, "note": f"tab {i} {version}"}
        forms.append(
            {
                **form,
                "status": "draft",
                **({"version": str(version)} if version is not None else {}),
            }
        )
    responses = await asyncio.gather(
        *(
            http.post(f"/code/{case_defendant_id}", data=form)
            for http, form in zip(tabs, forms, strict=True)
        )
    )
    return [(form["note"], r.status_code) for form, r in zip(forms, responses, strict=True)]
