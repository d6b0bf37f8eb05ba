"""Sessions, CSRF tokens and login rate limiting for the web app.

Sessions are server-side: the browser holds a random token in an HttpOnly, SameSite=Lax cookie
and the database holds only its SHA-256, with the session's CSRF token. Anonymous visitors get a
random CSRF cookie instead, so the login form is protected too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine, delete, select, update

from nsdocket.db.auth_schema import user_account, web_session
from nsdocket.db.writer import now
from nsdocket.users import User

SESSION_COOKIE = "nsd_session"
CSRF_COOKIE = "nsd_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
ENV_SECURE_COOKIES = "NSDOCKET_SECURE_COOKIES"
_LAST_SEEN_EVERY = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class WebSettings:
    """How the web app handles sessions and logins.

    Attributes:
        secure_cookies: send cookies only over HTTPS (turn on behind TLS).
        session_hours: a session ends this long after login.
        idle_hours: a session ends after this long without a request.
        login_attempts: failed logins allowed per username and address in the window.
        login_window_seconds: the rate-limit window.
    """

    secure_cookies: bool = False
    session_hours: float = 12
    idle_hours: float = 2
    login_attempts: int = 5
    login_window_seconds: float = 15 * 60

    @classmethod
    def from_env(cls) -> WebSettings:
        """Settings from the environment (``NSDOCKET_SECURE_COOKIES=1`` behind HTTPS)."""
        flag = os.environ.get(ENV_SECURE_COOKIES, "").strip().lower()
        return cls(secure_cookies=flag in ("1", "true", "yes", "on"))


@dataclass(frozen=True)
class Session:
    """A logged-in browser: who, and the CSRF token its forms carry."""

    user: User
    csrf_token: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A random token for a cookie or a form (256 bits)."""
    return secrets.token_urlsafe(32)


def create_session(engine: Engine, user_id: int, settings: WebSettings) -> tuple[str, str]:
    """Start a session for a user; return the cookie token and the session's CSRF token."""
    token, csrf = new_token(), new_token()
    at = now()
    with engine.begin() as connection:
        connection.execute(
            web_session.insert().values(
                token_hash=_digest(token),
                user_id=user_id,
                csrf_token=csrf,
                created_at=at,
                expires_at=at + dt.timedelta(hours=settings.session_hours),
                last_seen=at,
            )
        )
        # Housekeeping: drop sessions that have run out, so the table stays small.
        connection.execute(delete(web_session).where(web_session.c.expires_at < at))
    return token, csrf


def load_session(engine: Engine, token: str | None, settings: WebSettings) -> Session | None:
    """The live session a cookie token names, or None (unknown, expired or idle too long)."""
    if not token:
        return None
    at = now()
    with engine.connect() as connection:
        found = (
            connection.execute(
                select(web_session, user_account)
                .join(user_account, user_account.c.id == web_session.c.user_id)
                .where(web_session.c.token_hash == _digest(token))
            )
            .mappings()
            .first()
        )
    if found is None:
        return None
    idle_limit = found["last_seen"] + dt.timedelta(hours=settings.idle_hours)
    if found["expires_at"] <= at or idle_limit <= at:
        end_session(engine, token)
        return None
    if at - found["last_seen"] > _LAST_SEEN_EVERY:
        with engine.begin() as connection:
            connection.execute(
                update(web_session)
                .where(web_session.c.token_hash == _digest(token))
                .values(last_seen=at)
            )
    user = User(
        id=found["user_id"],
        username=found["username"],
        role=found["role"],
        must_change_password=bool(found["must_change_password"]),
        totp_enabled=found["totp_secret"] is not None,
        created_at=found["created_at"],
        version=found["version"],
    )
    return Session(user=user, csrf_token=found["csrf_token"])


def end_session(engine: Engine, token: str | None) -> None:
    """Log a browser out (forget its session)."""
    if not token:
        return
    with engine.begin() as connection:
        connection.execute(delete(web_session).where(web_session.c.token_hash == _digest(token)))


def tokens_match(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison of two CSRF tokens; missing tokens never match."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


@dataclass
class LoginLimiter:
    """Counts failed logins per (username, address) and refuses more than allowed in a window.

    Kept in memory: one server process is what ``nsdocket serve`` runs. Restarting the server
    resets the counts.
    """

    attempts: int = 5
    window_seconds: float = 15 * 60
    clock: Callable[[], float] = time.monotonic
    _failures: dict[tuple[str, str], deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        stamps = self._failures.setdefault(key, deque())
        cutoff = self.clock() - self.window_seconds
        while stamps and stamps[0] <= cutoff:
            stamps.popleft()
        return stamps

    def blocked(self, username: str, address: str) -> bool:
        """Whether this username from this address has used up its failed attempts."""
        with self._lock:
            return len(self._recent((username.casefold(), address))) >= self.attempts

    def failed(self, username: str, address: str) -> None:
        """Record one failed login."""
        with self._lock:
            self._recent((username.casefold(), address)).append(self.clock())

    def succeeded(self, username: str, address: str) -> None:
        """Forget the failures of a username and address after a successful login."""
        with self._lock:
            self._failures.pop((username.casefold(), address), None)

    def retry_after(self, username: str, address: str) -> int:
        """Seconds until the oldest counted failure leaves the window."""
        with self._lock:
            stamps = self._recent((username.casefold(), address))
            if not stamps:
                return 0
            return max(1, int(stamps[0] + self.window_seconds - self.clock()) + 1)
