"""A real server (uvicorn in a thread) over the bundled data, and Debian's Chromium via Playwright.

Chromium comes from Debian (``make browser`` installs it); Playwright never downloads a browser.
What the tests do in a page (log in, code, take screenshots) is in `tests.browser.actions`.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from nsdocket import users
from tests.browser.actions import LAPTOP
from tests.test_web_support import FAST_HASHER, PASSWORD, Site, build_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Site]]:
    """The app served by uvicorn on a free local port; yields its base URL and the site."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "HASHER", FAST_HASHER)
        site = build_site(tmp_path_factory.mktemp("browser"))
        users.add_user(site.engine, "coder2", "coder", PASSWORD, actor="test")
        port = _free_port()
        config = uvicorn.Config(site.app, host="127.0.0.1", port=port, log_level="warning")
        uv = uvicorn.Server(config)
        thread = threading.Thread(target=uv.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not uv.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        try:
            yield f"http://127.0.0.1:{port}", site
        finally:
            uv.should_exit = True
            thread.join(timeout=10)
            site.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (run `make browser` as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any, server: tuple[str, Site]) -> Iterator[Any]:
    """A laptop-sized tab in a fresh browser context (no cookies); console errors fail the test."""
    base, _ = server
    context = browser.new_context(base_url=base, viewport=LAPTOP)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    yield tab
    context.close()
    assert not problems, f"browser console errors: {problems}"
