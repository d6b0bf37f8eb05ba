"""Tables for the web app's accounts and sessions, on the same ``metadata`` as the data tables.

Kept apart from ``schema.py`` because they hold secrets (password hashes, TOTP secrets, session
token hashes) rather than research data: they are not in ``AUDITED_TABLES``. Changes to accounts
are still audited, with the secrets masked (see :mod:`nsdocket.users`); sessions are not.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Table, Text

from nsdocket.db.schema import metadata

ROLES = ("viewer", "coder", "reviewer", "admin")

user_account = Table(
    "user_account",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("totp_secret", String(64)),
    Column("must_change_password", Boolean, nullable=False, server_default="0"),
    Column("created_at", DateTime, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
)

# One row per logged-in browser. Only a SHA-256 of the cookie's token is stored, so a copy of
# the database does not let anyone log in; the CSRF token for the session's forms lives here too.
web_session = Table(
    "web_session",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column(
        "user_id",
        ForeignKey("user_account.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False),
)

# One-time, expiring links that sign a user in (the first admin's hand-over): only a SHA-256 of
# the link's token is stored, and a link works once.
login_link = Table(
    "login_link",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("used_at", DateTime),
)

SECRET_COLUMNS = ("password_hash", "totp_secret")
