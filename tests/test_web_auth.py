"""Logging in and out: cookies, sessions, rate limiting, one-time passwords, two-factor."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import Engine, select, update

from nsdocket import users
from nsdocket.db.auth_schema import user_account, web_session
from nsdocket.db.schema import audit_log
from nsdocket.web import create_app
from nsdocket.web.auth import LoginLimiter, WebSettings
from nsdocket.web.render import safe_next
from tests.test_web_support import (  # noqa: F401
    PASSWORD,
    Site,
    build_site,
    client,
    csrf_of,
    fast_hashing,
    login,
    session_csrf,
)

pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def fresh(tmp_path: Path) -> Site:
    """A site of its own: these tests change accounts and sessions."""
    return build_site(tmp_path)


def post_login(browser: object, username: str, password: str, **extra: str) -> object:
    data = {"username": username, "password": password, "csrf_token": csrf_of(browser), **extra}  # type: ignore[arg-type]
    return browser.post("/login", data=data)  # type: ignore[attr-defined]


def test_login_sets_a_safe_session_cookie_and_logout_ends_it(fresh: Site) -> None:
    browser = client(fresh.app)
    first = browser.get("/login")
    anon_cookie = first.headers["set-cookie"]
    assert "HttpOnly" in anon_cookie and "SameSite=Lax" in anon_cookie
    response = post_login(browser, "coder", PASSWORD, next="/cases?law=NSL")
    assert response.status_code == 303 and response.headers["location"] == "/cases?law=NSL"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("nsd_session=")
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower() and "Path=/" in cookie
    assert "Secure" not in cookie
    assert browser.get("/account").status_code == 200
    with fresh.engine.connect() as connection:
        stored = connection.execute(select(web_session.c.token_hash)).scalars().all()
    assert browser.cookies["nsd_session"] not in stored, "only a hash of the token is stored"
    out = browser.post("/logout", data={"csrf_token": session_csrf(browser)})
    assert out.status_code == 303
    assert browser.get("/account").status_code == 303
    with fresh.engine.connect() as connection:
        assert connection.execute(select(web_session)).first() is None


def test_secure_flag_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NSDOCKET_SECURE_COOKIES", "1")
    assert WebSettings.from_env().secure_cookies
    site = build_site(tmp_path, WebSettings(secure_cookies=True))
    browser = client(site.app, base_url="https://testserver")
    assert "Secure" in browser.get("/login").headers["set-cookie"]
    response = post_login(browser, "viewer", PASSWORD)
    assert "Secure" in response.headers["set-cookie"]  # type: ignore[attr-defined]


def test_wrong_password_and_unknown_user_get_the_same_answer(fresh: Site) -> None:
    browser = client(fresh.app)
    wrong = post_login(browser, "admin", "not the password")
    nobody = post_login(browser, "nobody", "not the password")
    assert wrong.status_code == nobody.status_code == 401  # type: ignore[attr-defined]
    assert "wrong username, password or two-factor code" in wrong.text  # type: ignore[attr-defined]
    assert "nsd_session" not in browser.cookies


def test_login_rate_limit_per_username_and_address(fresh: Site) -> None:
    now = [1000.0]
    fresh.app.state.limiter = LoginLimiter(5, 900, clock=lambda: now[0])
    browser = client(fresh.app)
    for _ in range(5):
        assert post_login(browser, "admin", "guess").status_code == 401  # type: ignore[attr-defined]
    blocked = post_login(browser, "admin", PASSWORD)
    assert blocked.status_code == 429, "even the right password waits"  # type: ignore[attr-defined]
    assert int(blocked.headers["retry-after"]) > 0  # type: ignore[attr-defined]
    assert post_login(browser, "viewer", PASSWORD).status_code == 303, "other names unaffected"  # type: ignore[attr-defined]
    other_address = client(fresh.app, client=("203.0.113.9", 5000))
    assert post_login(other_address, "admin", PASSWORD).status_code == 303  # type: ignore[attr-defined]
    now[0] += 901
    assert post_login(client(fresh.app), "admin", PASSWORD).status_code == 303  # type: ignore[attr-defined]


def test_sessions_expire_when_idle_or_old(fresh: Site) -> None:
    browser = login(fresh.app, "viewer")
    assert browser.get("/account").status_code == 200
    with fresh.engine.begin() as connection:
        connection.execute(
            update(web_session).values(last_seen=dt.datetime(2000, 1, 1))  # long idle
        )
    assert browser.get("/account").status_code == 303
    browser = login(fresh.app, "viewer")
    with fresh.engine.begin() as connection:
        connection.execute(update(web_session).values(expires_at=dt.datetime(2000, 1, 1)))
    assert browser.get("/account").status_code == 303


def test_one_time_password_must_be_changed_first(fresh: Site) -> None:
    _, one_time = users.add_user(fresh.engine, "newcoder", "coder", actor="test")
    browser = client(fresh.app)
    response = post_login(browser, "newcoder", one_time, next="/cases")
    assert response.headers["location"] == "/account"  # type: ignore[attr-defined]
    assert browser.get("/cases").headers["location"] == "/account"
    assert browser.get("/cases.json").status_code == 403
    token = session_csrf(browser)
    mismatch = {"current": one_time, "new": "x" * 12, "repeat": "y" * 12, "csrf_token": token}
    assert browser.post("/account/password", data=mismatch).status_code == 400
    short = {"current": one_time, "new": "short", "repeat": "short", "csrf_token": token}
    assert browser.post("/account/password", data=short).status_code == 400
    wrong = {"current": "nope", "new": "x" * 12, "repeat": "x" * 12, "csrf_token": token}
    assert browser.post("/account/password", data=wrong).status_code == 400
    good = {"current": one_time, "new": "my own password", "repeat": "my own password"}
    changed = browser.post("/account/password", data={**good, "csrf_token": token})
    assert changed.status_code == 303
    assert browser.get("/cases").status_code == 200
    assert users.verify(fresh.engine, "newcoder", "my own password") is not None


def test_two_factor_login(fresh: Site) -> None:
    browser = login(fresh.app, "reviewer")
    secret = pyotp.random_base32()
    token = session_csrf(browser)
    bad = browser.post(
        "/account/totp", data={"secret": secret, "code": "000000", "csrf_token": token}
    )
    assert bad.status_code == 400
    code = pyotp.TOTP(secret).now()
    on = browser.post("/account/totp", data={"secret": secret, "code": code, "csrf_token": token})
    assert on.status_code == 303
    other = client(fresh.app)
    assert post_login(other, "reviewer", PASSWORD).status_code == 401  # type: ignore[attr-defined]
    ok = post_login(client(fresh.app), "reviewer", PASSWORD, otp=pyotp.TOTP(secret).now())
    assert ok.status_code == 303  # type: ignore[attr-defined]
    users.disable_totp(fresh.engine, "reviewer", actor="test")
    assert post_login(client(fresh.app), "reviewer", PASSWORD).status_code == 303  # type: ignore[attr-defined]


def test_admin_manages_users_and_roles(fresh: Site) -> None:
    admin = login(fresh.app, "admin")
    token = session_csrf(admin)
    added = admin.post(
        "/admin/users", data={"username": "mei", "role": "coder", "csrf_token": token}
    )
    assert added.status_code == 200
    one_time = added.text.split('class="secret">')[1].split("<")[0]
    assert users.verify(fresh.engine, "mei", one_time) is not None
    again = admin.post(
        "/admin/users", data={"username": "mei", "role": "coder", "csrf_token": token}
    )
    assert again.status_code == 400 and "already exists" in again.text
    role = admin.post("/admin/users/mei/role", data={"role": "reviewer", "csrf_token": token})
    assert role.status_code == 303
    assert users.get_user(fresh.engine, "mei").role == "reviewer"
    last = admin.post("/admin/users/admin/role", data={"role": "viewer", "csrf_token": token})
    assert last.status_code == 400 and "only admin" in last.text
    mei = client(fresh.app)
    post_login(mei, "mei", one_time)
    reset = admin.post("/admin/users/mei/password", data={"csrf_token": token})
    assert reset.status_code == 200 and "One-time password" in reset.text
    assert mei.get("/account").status_code == 303, "a reset ends the user's sessions"
    listing = admin.get("/admin/users.json").json()
    assert {u["username"] for u in listing["users"]} >= {"admin", "mei"}
    assert "password_hash" not in str(listing)


def test_account_changes_are_audited_without_secrets(fresh: Site) -> None:
    users.set_password(fresh.engine, "viewer", "another long password", actor="test")
    with fresh.engine.connect() as connection:
        rows = connection.execute(
            select(audit_log).where(audit_log.c.table_name == "user_account")
        ).mappings()
        entries = [dict(r) for r in rows]
        hashes = connection.execute(select(user_account.c.password_hash)).scalars().all()
    assert len(entries) >= 5
    text = str(entries)
    assert "[secret]" in text
    assert not any(h in text for h in hashes)
    assert "argon2" not in text
    history = users.account_history(fresh.engine, "viewer")
    assert [h["action"] for h in history] == ["insert", "update"]


def test_users_library_refuses_bad_input(engine: Engine) -> None:
    with pytest.raises(users.UserError, match="unknown role"):
        users.add_user(engine, "x", "superuser", actor="t")
    with pytest.raises(users.UserError, match="username"):
        users.add_user(engine, "<script>", "viewer", actor="t")
    with pytest.raises(users.UserError, match="at least"):
        users.add_user(engine, "shorty", "viewer", "short", actor="t")
    with pytest.raises(users.UserError, match="no user"):
        users.set_role(engine, "ghost", "viewer", actor="t")
    assert users.role_at_least("admin", "coder") and not users.role_at_least("coder", "reviewer")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/cases?law=NSL", "/cases?law=NSL"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_login_never_redirects_to_another_site(target: str | None, expected: str) -> None:
    assert safe_next(target) == expected


def test_create_app_from_a_url_migrates(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'new.db'}", WebSettings())
    response = client(app).get("/cases.json")
    assert response.status_code == 200 and response.json()["total"] == 0
