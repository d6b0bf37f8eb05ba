"""The web app in-process over any backend's loaded database, with one user per role."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlalchemy import Engine, select

from nsdocket import users
from nsdocket.db.schema import case_defendant
from nsdocket.web import create_app
from nsdocket.web.auth import CSRF_COOKIE, WebSettings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "a long enough test password"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@dataclass
class TeamSite:
    """An app over a loaded database; users are named after their roles."""

    app: FastAPI
    engine: Engine
    case_id: int
    defendant_id: int
    case_defendant_id: int


def team_site(engine: Engine, settings: WebSettings | None = None) -> TeamSite:
    """Add a user per role to a loaded database and build the app over it.

    Call it with ``users.HASHER`` patched to :data:`FAST_HASHER` to keep logins fast.
    """
    for role in users.ROLES:
        users.add_user(engine, role, role, PASSWORD, actor="test")
    with engine.connect() as connection:
        cd = connection.execute(select(case_defendant).order_by(case_defendant.c.id)).first()
    assert cd is not None
    app = create_app(engine, settings or WebSettings(login_attempts=1_000))
    return TeamSite(app, engine, cd.case_id, cd.defendant_id, cd.id)


def browser(app: FastAPI, who: str = "anonymous", *, raise_errors: bool = True) -> TestClient:
    """A client that does not follow redirects, logged in as role ``who`` unless anonymous.

    With ``raise_errors`` off, an exception the app does not handle comes back as a 500.
    """
    client = TestClient(app, follow_redirects=False, raise_server_exceptions=raise_errors)
    client.get("/login")
    if who != "anonymous":
        response = client.post(
            "/login",
            data={"username": who, "password": PASSWORD, "csrf_token": client.cookies[CSRF_COOKIE]},
        )
        assert response.status_code == 303, response.text
    return client
