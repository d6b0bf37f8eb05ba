"""``nsdocket users`` and ``nsdocket serve`` from the command line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nsdocket import users
from nsdocket.db.engine import open_database
from tests.conftest import invoke
from tests.test_web_support import fast_hashing  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_hashing")


def test_users_add_prints_a_one_time_password(runner: CliRunner, db_url: str) -> None:
    code, out, err = invoke(runner, db_url, "users", "add", "mei", "--role", "coder")
    assert code == 0, err
    assert "added mei as coder" in out
    password = out.split("one-time password: ")[1].strip()
    engine = open_database(db_url)
    user = users.verify(engine, "mei", password)
    assert user is not None and user.role == "coder" and user.must_change_password


def test_users_role_passwd_and_list(runner: CliRunner, db_url: str) -> None:
    invoke(runner, db_url, "users", "add", "root", "--role", "admin")
    invoke(runner, db_url, "users", "add", "mei")
    code, out, _ = invoke(runner, db_url, "users", "role", "mei", "reviewer")
    assert code == 0 and "mei is now reviewer" in out
    code, out, _ = invoke(runner, db_url, "users", "passwd", "mei")
    assert code == 0 and "one-time password for mei" in out
    code, out, _ = invoke(runner, db_url, "users", "list", "--json")
    listed = {u["username"]: u["role"] for u in json.loads(out)}
    assert listed == {"mei": "reviewer", "root": "admin"}
    assert "password" not in out.replace("must_change_password", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("users", "add", "mei", "--role", "boss"), "unknown role"),
        (("users", "role", "ghost", "viewer"), "no user 'ghost'"),
        (("users", "passwd", "ghost"), "no user 'ghost'"),
        (("users", "role", "root", "viewer"), "only admin"),
    ],
)
def test_users_errors_are_one_clear_line(
    runner: CliRunner, db_url: str, args: tuple[str, ...], message: str
) -> None:
    invoke(runner, db_url, "users", "add", "root", "--role", "admin")
    code, _, err = invoke(runner, db_url, *args)
    assert code == 1
    assert message in err and "Traceback" not in err


def test_serve_has_host_and_port_options(runner: CliRunner, db_url: str) -> None:
    code, out, _ = invoke(runner, db_url, "serve", "--help")
    assert code == 0 and "--host" in out and "--port" in out
