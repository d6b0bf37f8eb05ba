"""Who may use which route: the one table of access rules, and the guard that applies it.

Every route of the app is named, and :data:`ACCESS` gives each name the least role it needs
(``None``: anyone, logged in or not). The guard runs before every route: a route missing from
the table is refused with a server error, so a new route cannot go live without a rule. Every
request whose method changes something must carry the session's CSRF token.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request

from nsdocket.web.auth import CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE, load_session, tokens_match
from nsdocket.web.middleware import ANON_CSRF

ANYONE = None

# route name -> the least role that may use it (viewer < coder < reviewer < admin).
ACCESS: dict[str, str | None] = {
    # public pages and their JSON twins
    "dashboard": ANYONE,
    "cases": ANYONE,
    "case": ANYONE,
    "defendant": ANYONE,
    "methodology": ANYONE,
    "figure": ANYONE,
    "claims": ANYONE,
    # what changed since a date (the visitor's view), and the feeds (always the public view)
    "changes": ANYONE,
    "feed_changes": ANYONE,
    "feed_cases": ANYONE,
    "feed_case": ANYONE,
    "feed_defendant": ANYONE,
    # checking a pasted text: nothing is saved, so anyone may (the form carries a CSRF token)
    "claims_check": ANYONE,
    # logging in and out
    "login_form": ANYONE,
    "login": ANYONE,
    "logout": ANYONE,
    # a one-time sign-in link (the first admin's): the token is the credential
    "login_link_form": ANYONE,
    "login_link": ANYONE,
    # documents: the public ones for anyone (withheld names masked), every one for the team
    "documents": ANYONE,
    "document": ANYONE,
    "search": ANYONE,
    # one's own account
    "account": "viewer",
    "password_change": "viewer",
    "totp_confirm": "viewer",
    # coding and review
    "coding_form": "coder",
    "coding_save": "coder",
    "passage_cite": "coder",
    "review_queue": "reviewer",
    "adjudicate": "reviewer",
    "document_review": "reviewer",
    "proposal_accept": "reviewer",
    "proposal_reject": "reviewer",
    "link_decide": "reviewer",
    "people_review": "reviewer",
    "people_merge": "reviewer",
    # administration
    "users": "admin",
    "user_add": "admin",
    "user_role": "admin",
    "user_password_reset": "admin",
    "user_totp_off": "admin",
    "audit": "admin",
    "audit_revert": "admin",
}

# The least role that sees fields marked sensitive; everyone below sees the public view.
SEES_SENSITIVE = "viewer"

# What a user who must change a one-time password may still reach.
BEFORE_PASSWORD_CHANGE = frozenset({"account", "password_change", "logout", "login", "login_form"})

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class LoginRequired(Exception):
    """The route needs a logged-in user and there is none."""


class Forbidden(Exception):
    """The user's role is below what the route needs."""

    def __init__(self, needed: str) -> None:
        super().__init__(f"this page needs the {needed} role")
        self.needed = needed


class PasswordChangeRequired(Exception):
    """The user logged in with a one-time password and must choose their own first."""


class CsrfRefused(Exception):
    """A request that changes something came without the right CSRF token."""


class NoAccessRule(Exception):
    """A route has no entry in :data:`ACCESS` (a programming error: add one)."""


def web_actor(request: Request) -> str:
    """Who the audit log records for a change made through the web: ``web:<username>``."""
    return f"web:{request.state.user.username}"


def route_name(request: Request) -> str | None:
    """The name of the route that matched this request."""
    route = request.scope.get("route")
    name = getattr(route, "name", None)
    return name if isinstance(name, str) else None


def check_access(request: Request) -> None:
    """Load the session, then refuse the request unless the route's rule allows this user.

    Sets ``request.state.user`` (None when anonymous), ``request.state.csrf`` (the token forms
    must carry) and ``request.state.public`` (whether sensitive fields are withheld).
    """
    name = route_name(request)
    if name is None or name not in ACCESS:
        raise NoAccessRule(f"route {name!r} has no access rule in nsdocket.web.access.ACCESS")
    app_state: Any = request.app.state
    session = load_session(
        app_state.engine, request.cookies.get(SESSION_COOKIE), app_state.settings
    )
    user = session.user if session is not None else None
    request.state.user = user
    request.state.csrf = (
        session.csrf_token if session is not None else request.scope["state"].get(ANON_CSRF)
    )
    request.state.public = user is None or not user.at_least(SEES_SENSITIVE)
    needed = ACCESS[name]
    if needed is not None:
        if user is None:
            raise LoginRequired
        if not user.at_least(needed):
            raise Forbidden(needed)
    if user is not None and user.must_change_password and name not in BEFORE_PASSWORD_CHANGE:
        raise PasswordChangeRequired


async def guard(request: Request, _: None = Depends(check_access)) -> None:
    """The app-wide dependency: access rule first, then the CSRF check on unsafe methods."""
    if request.method in SAFE_METHODS:
        return
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
    if not tokens_match(request.state.csrf, given):
        raise CsrfRefused("the form was stale or came from another site; reload and try again")
