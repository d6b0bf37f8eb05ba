"""User accounts for the web app: add, change password or role, verify a login.

Passwords are hashed with Argon2id (argon2-cffi). Every change to an account is written through
the audited :class:`~nsdocket.db.writer.Writer`, with the password hash and TOTP secret masked
in the audit log so that the log never holds a secret.

Roles are ordered: ``viewer < coder < reviewer < admin``; a role includes every right of the
roles before it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, Table, delete, func, select

from nsdocket.db.audit import history
from nsdocket.db.auth_schema import ROLES, SECRET_COLUMNS, user_account, web_session
from nsdocket.db.writer import Row, Writer, now

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "ROLES",
    "User",
    "UserError",
    "account_history",
    "add_user",
    "confirm_totp",
    "disable_totp",
    "generate_password",
    "get_user",
    "list_users",
    "role_at_least",
    "set_password",
    "set_role",
    "start_totp",
    "verify",
    "verify_password",
]

MIN_PASSWORD_LENGTH = 10
MASKED = "[secret]"
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
HASHER = PasswordHasher()


@cache
def _dummy_hash() -> str:
    # Verifying against this when the user does not exist keeps the answer time the same, so the
    # login form does not tell an attacker which usernames exist. Made on first use, not at
    # import: hashing takes a fifth of a second that every CLI command would otherwise pay.
    return HASHER.hash(secrets.token_urlsafe(16))


class UserError(ValueError):
    """A request about accounts that cannot be done (unknown user, bad role, weak password)."""


@dataclass(frozen=True)
class User:
    """An account as the rest of the code sees it: never with its secrets."""

    id: int
    username: str
    role: str
    must_change_password: bool
    totp_enabled: bool
    created_at: dt.datetime
    version: int

    def at_least(self, role: str) -> bool:
        """Whether this user's role includes the rights of ``role``."""
        return role_at_least(self.role, role)

    def to_json(self) -> dict[str, Any]:
        """The account as JSON-ready data (no secrets)."""
        return {
            "id": self.id,
            "username": self.username,
            "role": self.role,
            "must_change_password": self.must_change_password,
            "totp_enabled": self.totp_enabled,
            "created_at": self.created_at.isoformat(),
        }


class _MaskingWriter(Writer):
    """A Writer whose audit entries show that a secret changed, never the secret itself."""

    def _audit(self, entries: Sequence[Row], reason: str = "", rows: int = 1) -> None:
        for entry in entries:
            for side in ("before", "after"):
                state = entry.get(side)
                if isinstance(state, dict) and set(state) == {"columns", "rows"}:
                    secret = [i for i, c in enumerate(state["columns"]) if c in SECRET_COLUMNS]
                    entry[side] = {
                        "columns": state["columns"],
                        "rows": [
                            [MASKED if i in secret and v is not None else v
                             for i, v in enumerate(values)]
                            for values in state["rows"]
                        ],
                    }  # fmt: skip
                elif isinstance(state, dict):
                    entry[side] = {
                        k: (MASKED if k in SECRET_COLUMNS and v is not None else v)
                        for k, v in state.items()
                    }
        super()._audit(entries, reason, rows)

    def _audit_inserted_in_sql(
        self, table: Table, keys: list[str], ids: list[int], reason: str
    ) -> bool:
        return False  # every entry goes through the masking above


def role_at_least(role: str, minimum: str) -> bool:
    """Whether ``role`` includes the rights of ``minimum`` (viewer < coder < reviewer < admin)."""
    return _rank(role) >= _rank(minimum)


def _rank(role: str) -> int:
    try:
        return ROLES.index(role)
    except ValueError:
        raise UserError(f"unknown role '{role}' (known: {', '.join(ROLES)})") from None


def generate_password() -> str:
    """A random password of 20 URL-safe characters (about 120 bits)."""
    return secrets.token_urlsafe(15)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")


def _user(row: Any) -> User:
    return User(
        id=row["id"],
        username=row["username"],
        role=row["role"],
        must_change_password=bool(row["must_change_password"]),
        totp_enabled=row["totp_secret"] is not None,
        created_at=row["created_at"],
        version=row["version"],
    )


def _row(connection: Connection, username: str) -> Row:
    found = (
        connection.execute(select(user_account).where(user_account.c.username == username))
        .mappings()
        .first()
    )
    if found is None:
        raise UserError(f"no user '{username}'")
    return dict(found)


def get_user(engine: Engine, username: str) -> User:
    """The account called ``username``.

    Raises:
        UserError: when there is no such user.
    """
    with engine.connect() as connection:
        return _user(_row(connection, username))


def list_users(engine: Engine) -> list[User]:
    """Every account, by username."""
    with engine.connect() as connection:
        rows = connection.execute(select(user_account).order_by(user_account.c.username))
        return [_user(r) for r in rows.mappings()]


def add_user(
    engine: Engine,
    username: str,
    role: str = "viewer",
    password: str | None = None,
    *,
    actor: str,
) -> tuple[User, str]:
    """Create an account; return it and its password.

    Without ``password`` a random one is generated and the user must change it at first login.

    Raises:
        UserError: for a bad username, unknown role, weak password or a name already taken.
    """
    if not _USERNAME.match(username):
        raise UserError(
            "a username is 1 to 64 letters, digits or . _ @ - and starts with a letter or digit"
        )
    _rank(role)
    generated = password is None
    secret = generate_password() if password is None else password
    _check_password(secret)
    with engine.begin() as connection:
        taken = connection.execute(
            select(user_account.c.id).where(user_account.c.username == username)
        ).first()
        if taken is not None:
            raise UserError(f"user '{username}' already exists")
        _MaskingWriter(connection, actor).insert(
            user_account,
            {
                "username": username,
                "password_hash": HASHER.hash(secret),
                "role": role,
                "totp_secret": None,
                "must_change_password": generated,
                "created_at": now(),
                "version": 1,
            },
            reason=f"add user as {role}",
        )
        return _user(_row(connection, username)), secret


def set_password(
    engine: Engine,
    username: str,
    password: str | None = None,
    *,
    actor: str,
    must_change: bool | None = None,
) -> str:
    """Set a new password (random when not given) and end the user's open sessions.

    Args:
        engine: the database.
        username: whose password.
        password: the new password; None generates one.
        actor: who makes the change, for the audit log.
        must_change: require a change at next login; default: only when generated.

    Returns:
        The new password.
    """
    secret = generate_password() if password is None else password
    _check_password(secret)
    with engine.begin() as connection:
        current = _row(connection, username)
        _MaskingWriter(connection, actor).update(
            user_account,
            current["id"],
            {
                "password_hash": HASHER.hash(secret),
                "must_change_password": password is None if must_change is None else must_change,
            },
            current=current,
            reason="set password",
        )
        connection.execute(delete(web_session).where(web_session.c.user_id == current["id"]))
    return secret


def set_role(engine: Engine, username: str, role: str, *, actor: str) -> User:
    """Give a user another role.

    Raises:
        UserError: for an unknown user or role, or when it would leave no admin.
    """
    _rank(role)
    with engine.begin() as connection:
        current = _row(connection, username)
        if current["role"] == "admin" and role != "admin":
            admins = connection.execute(
                select(func.count()).where(user_account.c.role == "admin")
            ).scalar_one()
            if admins <= 1:
                raise UserError(f"'{username}' is the only admin; make another admin first")
        _MaskingWriter(connection, actor).update(
            user_account, current["id"], {"role": role}, current=current, reason=f"role {role}"
        )
        return _user(_row(connection, username))


def _password_ok(engine: Engine, username: str, password: str) -> Row | None:
    with engine.connect() as connection:
        found = (
            connection.execute(select(user_account).where(user_account.c.username == username))
            .mappings()
            .first()
        )
    # Fetched whether or not the user exists, so the first login of a process costs the same
    # either way.
    dummy = _dummy_hash()
    stored = found["password_hash"] if found is not None else dummy
    try:
        HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    return dict(found) if found is not None else None


def verify_password(engine: Engine, username: str, password: str) -> bool:
    """Whether ``password`` is this user's password (no two-factor check, no side effects)."""
    return _password_ok(engine, username, password) is not None


def verify(engine: Engine, username: str, password: str, otp: str | None = None) -> User | None:
    """The user if ``password`` (and, when two-factor is on, ``otp``) are right; else None.

    A hash made with older Argon2 parameters is replaced by one with the current parameters.
    """
    found = _password_ok(engine, username, password)
    if found is None:
        return None
    stored = found["password_hash"]
    totp_secret = found["totp_secret"]
    if totp_secret is not None and not pyotp.TOTP(totp_secret).verify(otp or "", valid_window=1):
        return None
    if HASHER.check_needs_rehash(stored):
        with engine.begin() as connection:
            _MaskingWriter(connection, f"user:{username}").update(
                user_account,
                found["id"],
                {"password_hash": HASHER.hash(password)},
                current=found,
                reason="rehash password with current parameters",
            )
    return get_user(engine, username)


def start_totp(username: str) -> tuple[str, str]:
    """A new TOTP secret and its ``otpauth://`` URI, for the user to add to an app.

    Nothing is stored until :func:`confirm_totp` sees a valid code from it.
    """
    secret = pyotp.random_base32()
    uri = pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="nsdocket")
    return secret, uri


def confirm_totp(engine: Engine, username: str, secret: str, code: str, *, actor: str) -> None:
    """Turn on two-factor login with ``secret`` once ``code`` proves the app has it.

    Raises:
        UserError: when the code does not match the secret.
    """
    if not pyotp.TOTP(secret).verify(code.strip(), valid_window=1):
        raise UserError("that code does not match; check the time on your device and try again")
    with engine.begin() as connection:
        current = _row(connection, username)
        _MaskingWriter(connection, actor).update(
            user_account,
            current["id"],
            {"totp_secret": secret},
            current=current,
            reason="two-factor on",
        )


def disable_totp(engine: Engine, username: str, *, actor: str) -> None:
    """Turn off two-factor login for a user (an admin does this when a phone is lost)."""
    with engine.begin() as connection:
        current = _row(connection, username)
        _MaskingWriter(connection, actor).update(
            user_account,
            current["id"],
            {"totp_secret": None},
            current=current,
            reason="two-factor off",
        )


def account_history(engine: Engine, username: str) -> list[dict[str, Any]]:
    """The audit entries for one account, oldest first (secrets masked)."""
    with engine.connect() as connection:
        user_id = _row(connection, username)["id"]
    return [dataclasses.asdict(e) for e in history(engine, user_account.name, user_id)]
