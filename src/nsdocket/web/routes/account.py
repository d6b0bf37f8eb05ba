"""Logging in and out, and one's own account: password and two-factor login."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from nsdocket.first_admin import link_user, use_login_link
from nsdocket.users import (
    MIN_PASSWORD_LENGTH,
    UserError,
    confirm_totp,
    set_password,
    start_totp,
    verify,
    verify_password,
)
from nsdocket.web.access import web_actor
from nsdocket.web.auth import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    WebSettings,
    create_session,
    end_session,
)
from nsdocket.web.render import done, error, respond, safe_next

router = APIRouter(tags=["account"])


def _set_session_cookie(response: Response, token: str, settings: WebSettings) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(settings.session_hours * 3600),
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )


@router.get("/login", name="login_form", summary="The login form")
def login_form(request: Request, next: str | None = None) -> Response:
    """The login form."""
    return respond(request, "login.html", {"next": safe_next(next)})


@router.post("/login", name="login", summary="Log in (sets a session cookie)")
def login(
    request: Request,
    username: str = Form(..., max_length=64),
    password: str = Form(..., max_length=1024),
    otp: str = Form("", max_length=16),
    next: str = Form("/"),
) -> Response:
    """Check the password (and two-factor code), then start a session."""
    app_state: Any = request.app.state
    address = request.client.host if request.client else "unknown"
    limiter = app_state.limiter
    target = safe_next(next)
    if limiter.blocked(username, address):
        wait = limiter.retry_after(username, address)
        response = respond(
            request,
            "login.html",
            {"next": target, "error": f"too many failed logins; try again in {wait} seconds"},
            status_code=429,
        )
        response.headers["Retry-After"] = str(wait)
        return response
    user = verify(app_state.engine, username, password, otp.strip() or None)
    if user is None:
        limiter.failed(username, address)
        message = "wrong username, password or two-factor code"
        return respond(request, "login.html", {"next": target, "error": message}, status_code=401)
    limiter.succeeded(username, address)
    # A new session on every login: a token planted before login is worth nothing after it.
    end_session(app_state.engine, request.cookies.get(SESSION_COOKIE))
    token, _ = create_session(app_state.engine, user.id, app_state.settings)
    landing = "/account" if user.must_change_password else target
    response = done(request, landing, {"user": user.to_json(), "next": landing})
    _set_session_cookie(response, token, app_state.settings)
    return response


@router.post("/logout", name="logout", summary="Log out (ends the session)")
def logout(request: Request) -> Response:
    """End the session and forget its cookie."""
    end_session(request.app.state.engine, request.cookies.get(SESSION_COOKIE))
    response = done(request, "/", {"logged_out": True})
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


def _account_page(
    request: Request, *, message: str | None = None, problem: str | None = None, status: int = 200
) -> Response:
    user = request.state.user
    totp_secret, totp_uri = (None, None) if user.totp_enabled else start_totp(user.username)
    data = {"user": user.to_json(), "message": message, "error": problem}
    page = {
        "totp_secret": totp_secret,
        "totp_uri": totp_uri,
        "min_password_length": MIN_PASSWORD_LENGTH,
    }
    return respond(request, "account.html", data, page=page, status_code=status)


@router.get("/account", name="account", summary="Your account")
def account(request: Request) -> Response:
    """Your account: role, password change, two-factor login."""
    return _account_page(request)


@router.post("/account/password", name="password_change", summary="Change your password")
def password_change(
    request: Request,
    current: str = Form(..., max_length=1024),
    new: str = Form(..., max_length=1024),
    repeat: str = Form(..., max_length=1024),
) -> Response:
    """Change your own password; you stay logged in with a fresh session."""
    app_state: Any = request.app.state
    user = request.state.user
    if new != repeat:
        return _account_page(request, problem="the two new passwords differ", status=400)
    if not verify_password(app_state.engine, user.username, current):
        return _account_page(request, problem="your current password is wrong", status=400)
    try:
        set_password(
            app_state.engine, user.username, new, actor=web_actor(request), must_change=False
        )
    except UserError as exc:
        return _account_page(request, problem=str(exc), status=400)
    token, _ = create_session(app_state.engine, user.id, app_state.settings)
    response = done(request, "/account", {"changed": True})
    _set_session_cookie(response, token, app_state.settings)
    return response


@router.post("/account/totp", name="totp_confirm", summary="Turn on two-factor login")
def totp_confirm(
    request: Request,
    secret: str = Form(..., max_length=64),
    code: str = Form(..., max_length=16),
) -> Response:
    """Turn on two-factor login once a code from the authenticator app matches the secret."""
    user = request.state.user
    if user.totp_enabled:
        return error(request, 400, "two-factor login is already on")
    try:
        confirm_totp(
            request.app.state.engine, user.username, secret, code, actor=web_actor(request)
        )
    except UserError as exc:
        return _account_page(request, problem=str(exc), status=400)
    return done(request, "/account", {"totp_enabled": True})


@router.get("/login/once/{token}", name="login_link_form", summary="Choose a password (link)")
def login_link_form(request: Request, token: str) -> Response:
    """The page a one-time sign-in link opens: choose your own password. Opening it does not
    use the link (link previews and scanners open links too); choosing the password does."""
    user = link_user(request.app.state.engine, token[:128])
    if user is None:
        return error(request, 410, "this sign-in link was used already or has expired")
    page = {"min_password_length": MIN_PASSWORD_LENGTH, "token": token}
    return respond(request, "login_link.html", {"username": user.username}, page=page)


@router.post("/login/once/{token}", name="login_link", summary="Set a password and log in (link)")
def login_link_use(
    request: Request,
    token: str,
    new: str = Form(..., max_length=1024),
    repeat: str = Form(..., max_length=1024),
) -> Response:
    """Spend a one-time link: set the password, then log in with a new session."""
    app_state: Any = request.app.state
    user = link_user(app_state.engine, token[:128])
    if user is None:
        return error(request, 410, "this sign-in link was used already or has expired")
    page = {"min_password_length": MIN_PASSWORD_LENGTH, "token": token}
    data: dict[str, Any] = {"username": user.username}
    if new != repeat:
        data["error"] = "the two passwords differ"
        return respond(request, "login_link.html", data, page=page, status_code=400)
    try:
        user = use_login_link(app_state.engine, token[:128], new)
    except UserError as exc:
        data["error"] = str(exc)
        return respond(request, "login_link.html", data, page=page, status_code=400)
    end_session(app_state.engine, request.cookies.get(SESSION_COOKIE))
    session_token, _ = create_session(app_state.engine, user.id, app_state.settings)
    response = done(request, "/", {"user": user.to_json(), "next": "/"})
    _set_session_cookie(response, session_token, app_state.settings)
    return response
