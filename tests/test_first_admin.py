"""The first admin account is handed over by a one-time link and a private file, never by
printing its password."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest
from sqlalchemy import Engine, update
from typer.testing import CliRunner

from nsdocket import users
from nsdocket.db.auth_schema import login_link
from nsdocket.first_admin import PASSWORD_FILE, ensure_first_admin, use_login_link
from nsdocket.web import create_app
from nsdocket.web.auth import WebSettings
from tests.conftest import invoke
from tests.test_web_support import client, csrf_of, fast_hashing  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hashing")
NEW_PASSWORD = "a-long-password-of-my-own"


def _password_in(path: Path) -> str:
    line = next(x for x in path.read_text().splitlines() if x.startswith("password: "))
    return line.removeprefix("password: ")


def test_first_admin_gets_a_private_file_and_a_link_once(engine: Engine, tmp_path: Path) -> None:
    first = ensure_first_admin(engine, tmp_path)
    assert first is not None
    path = tmp_path / PASSWORD_FILE
    assert first.password_file == path.resolve()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600, "readable by its owner only"
    password = _password_in(path)
    assert users.verify(engine, "admin", password) is not None
    assert users.get_user(engine, "admin").must_change_password
    assert first.link("http://127.0.0.1:8000/") == (
        f"http://127.0.0.1:8000/login/once/{first.token}"
    )
    assert first.expires_at > dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(hours=23)
    assert ensure_first_admin(engine, tmp_path) is None


def test_the_link_sets_a_password_once_and_not_after_it_expires(
    engine: Engine, tmp_path: Path
) -> None:
    first = ensure_first_admin(engine, tmp_path)
    assert first is not None
    app = create_app(engine, WebSettings())
    browser = client(app)
    page = browser.get(f"/login/once/{first.token}")
    assert page.status_code == 200 and "Choose your password" in page.text
    assert browser.get(f"/login/once/{first.token}").status_code == 200, "opening is not using"
    form = {"csrf_token": csrf_of(browser), "new": "short", "repeat": "short"}
    weak = browser.post(f"/login/once/{first.token}", data=form)
    assert weak.status_code == 400 and "at least" in weak.text
    form.update(new=NEW_PASSWORD, repeat=NEW_PASSWORD)
    used = browser.post(f"/login/once/{first.token}", data=form)
    assert used.status_code == 303 and "nsd_session=" in used.headers["set-cookie"]
    assert browser.get("/account").status_code == 200, "logged in, no password change asked"
    assert users.verify(engine, "admin", NEW_PASSWORD) is not None
    assert users.verify(engine, "admin", _password_in(first.password_file)) is None
    assert not users.get_user(engine, "admin").must_change_password
    again = client(app)
    assert again.get(f"/login/once/{first.token}").status_code == 410
    form["csrf_token"] = csrf_of(again)
    assert again.post(f"/login/once/{first.token}", data=form).status_code == 410
    assert client(app).get("/login/once/not-a-token").status_code == 410


def test_an_expired_link_is_refused(engine: Engine, tmp_path: Path) -> None:
    first = ensure_first_admin(engine, tmp_path)
    assert first is not None
    with engine.begin() as c:
        c.execute(update(login_link).values(expires_at=dt.datetime(2020, 1, 1)))
    with pytest.raises(users.UserError, match="expired"):
        use_login_link(engine, first.token, NEW_PASSWORD)
    assert (
        client(create_app(engine, WebSettings())).get(f"/login/once/{first.token}").status_code
        == 410
    )


def test_setup_prints_the_link_and_the_file_but_never_the_password(
    runner: CliRunner, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'hk.db'}"
    code, out, err = invoke(runner, url, "setup", "--no-serve", "--port", "8123")
    assert code == 0, err
    password = _password_in(tmp_path / PASSWORD_FILE)
    assert password not in out and password not in err
    assert "http://127.0.0.1:8123/login/once/" in out
    assert str((tmp_path / PASSWORD_FILE).resolve()) in out.replace("\n", "")
    # A second run has nothing to hand over.
    code, out, _ = invoke(runner, url, "setup", "--no-serve")
    assert code == 0 and "/login/once/" not in out
