"""Handing the first admin account over without printing its password.

On a new database, `ensure_first_admin` creates the account with a random password, writes the
password to a file only its owner can read, and makes a one-time link that expires: the link
opens a page where the admin sets their own password. The output of ``make run`` shows the link
and the file's path, never the password, so logs and scrollback keep nothing that still works
once the link is used or has expired.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, select, update

from nsdocket.db.auth_schema import login_link, user_account
from nsdocket.db.writer import now
from nsdocket.users import (
    MIN_PASSWORD_LENGTH,
    User,
    UserError,
    add_user,
    get_user,
    set_password,
)

LINK_HOURS = 24
PASSWORD_FILE = "nsdocket-first-admin.txt"


@dataclass(frozen=True)
class FirstAdmin:
    """How the first admin signs in: a one-time link's token and a private password file."""

    username: str
    token: str
    expires_at: dt.datetime
    password_file: Path

    def link(self, base_url: str) -> str:
        """The one-time link under the web app's address."""
        return f"{base_url.rstrip('/')}/login/once/{self.token}"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def write_private_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable and writable by its owner only (mode 0600), also
    when the file was there before with other permissions."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)


def create_login_link(
    engine: Engine, username: str, hours: float = LINK_HOURS
) -> tuple[str, dt.datetime]:
    """A one-time link token for ``username``, valid for ``hours``; only its hash is stored.

    Raises:
        UserError: when there is no such user.
    """
    user = get_user(engine, username)
    token = secrets.token_urlsafe(32)
    created = now()
    expires = created + dt.timedelta(hours=hours)
    with engine.begin() as connection:
        connection.execute(
            login_link.insert().values(
                token_hash=_digest(token), user_id=user.id, created_at=created, expires_at=expires
            )
        )
    return token, expires


def link_user(engine: Engine, token: str) -> User | None:
    """The user a live (unused, unexpired) link token names, or None; the link is not used."""
    with engine.connect() as connection:
        row = connection.execute(
            select(user_account.c.username)
            .join(login_link, login_link.c.user_id == user_account.c.id)
            .where(
                login_link.c.token_hash == _digest(token),
                login_link.c.used_at.is_(None),
                login_link.c.expires_at > now(),
            )
        ).first()
    return None if row is None else get_user(engine, row.username)


def use_login_link(engine: Engine, token: str, new_password: str) -> User:
    """Spend a link: set the user's own password and mark the link used, once.

    Raises:
        UserError: the link is unknown, used or expired, or the password is too weak.
    """
    user = link_user(engine, token)
    if user is None:
        raise UserError("this sign-in link is not valid: it was used already or has expired")
    if len(new_password) < MIN_PASSWORD_LENGTH:
        # Checked before the link is spent, so that a short password does not waste it.
        raise UserError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    with engine.begin() as connection:
        spent = connection.execute(
            update(login_link)
            .where(login_link.c.token_hash == _digest(token), login_link.c.used_at.is_(None))
            .values(used_at=now())
        )
        if spent.rowcount != 1:
            raise UserError("this sign-in link is not valid: it was used already")
    set_password(
        engine, user.username, new_password, actor=f"{user.username}:login-link", must_change=False
    )
    return get_user(engine, user.username)


def ensure_first_admin(engine: Engine, folder: Path, username: str = "admin") -> FirstAdmin | None:
    """Create the first admin when there is no account at all.

    Args:
        engine: the database.
        folder: where the private password file is written.
        username: the admin's name.

    Returns:
        The link token, its expiry and the password file; None when accounts already exist.
    """
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(user_account)).scalar_one()
    if count:
        return None
    _, password = add_user(engine, username, "admin", actor="system:first-admin")
    token, expires = create_login_link(engine, username)
    path = folder / PASSWORD_FILE
    write_private_file(
        path,
        f"nsdocket's first admin account\nusername: {username}\npassword: {password}\n"
        "(a one-time password: you are asked to choose your own when you log in)\n",
    )
    return FirstAdmin(username, token, expires, path.resolve())
