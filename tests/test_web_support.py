"""Shared helpers for the web tests: an app over the bundled data, users of every role, clients.

Holds no tests itself; the other ``test_web_*`` modules import from it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlalchemy import Engine, select

from nsdocket import users
from nsdocket.db.engine import open_database
from nsdocket.db.schema import case_defendant, source
from nsdocket.documents import add_documents
from nsdocket.ingest.bundled import load_bundled as load
from nsdocket.web import create_app
from nsdocket.web.auth import CSRF_COOKIE, WebSettings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "a long enough test password"
ROLES = users.ROLES
WHO = ("anonymous", *ROLES)
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
DOCUMENTS = Path(__file__).resolve().parent / "data" / "documents"
DOCUMENT_FILES = ("judgment_en.html", "judgment_bilingual.html", "reasons.txt")


@dataclass
class Site:
    """An app over a loaded database, with one user per role (named after the role)."""

    app: FastAPI
    engine: Engine
    case_id: int
    defendant_id: int
    case_defendant_id: int
    source_id: int
    document_id: int


@pytest.fixture
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with tiny parameters: the same code path, a thousand times faster."""
    monkeypatch.setattr(users, "HASHER", FAST_HASHER)


def load_bundled(engine: Engine) -> Engine:
    """Load the bundled Hong Kong data as `make run` does."""
    load(engine, actor="test")
    return engine


def add_test_documents(engine: Engine) -> int:
    """Store the test judgments and reasons; return the id of the English judgment."""
    files = [DOCUMENTS / name for name in DOCUMENT_FILES]
    report = add_documents(engine, files, actor="test")
    assert len(report.added) == len(files), report
    return next(a.document_id for a in report.added if a.path.name == DOCUMENT_FILES[0])


def build_site(
    folder: Path, settings: WebSettings | None = None, *, url: str | None = None
) -> Site:
    """A fresh database with the bundled data and test documents, a user per role and the app.

    Args:
        folder: where the SQLite file goes.
        settings: web settings (default: the defaults).
        url: another empty database to use instead (a PostgreSQL one).
    """
    engine = load_bundled(open_database(url or f"sqlite:///{folder / 'web.db'}"))
    document_id = add_test_documents(engine)
    for role in ROLES:
        users.add_user(engine, role, role, PASSWORD, actor="test")
    with engine.connect() as connection:
        cd = connection.execute(select(case_defendant).order_by(case_defendant.c.id)).first()
        src = connection.execute(select(source.c.id).order_by(source.c.id)).scalars().first()
    assert cd is not None and src is not None
    app = create_app(engine, settings or WebSettings())
    return Site(app, engine, cd.case_id, cd.defendant_id, cd.id, src, document_id)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One site per test module (read-only tests share it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "HASHER", FAST_HASHER)
        built = build_site(tmp_path_factory.mktemp("web"))
        yield built
    built.engine.dispose()


def client(app: FastAPI, **kwargs: object) -> TestClient:
    """A test client that does not follow redirects (tests look at them)."""
    return TestClient(app, follow_redirects=False, **kwargs)  # type: ignore[arg-type]


def csrf_of(browser: TestClient) -> str:
    """The CSRF token an anonymous browser holds (fetching a page first if needed)."""
    if CSRF_COOKIE not in browser.cookies:
        browser.get("/login")
    return str(browser.cookies[CSRF_COOKIE])


def login(app: FastAPI, who: str, password: str = PASSWORD) -> TestClient:
    """A client logged in as ``who`` (a role name), or anonymous for ``anonymous``."""
    browser = client(app)
    if who == "anonymous":
        browser.get("/login")
        return browser
    response = browser.post(
        "/login",
        data={"username": who, "password": password, "csrf_token": csrf_of(browser)},
    )
    assert response.status_code == 303, response.text
    return browser


def session_csrf(browser: TestClient) -> str:
    """The CSRF token of a logged-in browser's session, read from a page's logout form."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    page = browser.get("/account" if "nsd_session" in browser.cookies else "/login")
    node = HTMLParser(page.text).css_first("input[name=csrf_token]")
    assert node is not None, page.text
    return str(node.attributes["value"])
