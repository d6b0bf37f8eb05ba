"""ASGI middleware: ``.json`` twins, the anonymous CSRF cookie and security headers.

``/cases/3.json`` is served by the ``/cases/3`` route with JSON chosen, so every page has its
JSON twin without a second route. Visitors without a CSRF cookie get one, so that even the login
form carries a token an attacker's page cannot know.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nsdocket.web.auth import CSRF_COOKIE, new_token

JSON_FLAG = "nsdocket.json"
ANON_CSRF = "anon_csrf"
# No inline script runs and nothing is evaluated: scripts come from /static only, and charts
# are drawn with Vega's expression interpreter (static/charts.js), not Function(). Inline
# styles are allowed: Vega's SVG carries them.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"content-security-policy", CSP.encode()),
]
_NOT_TWINS = ("/openapi.json",)


def _cookies(scope: Scope) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is the client's problem
                continue
    return {key: morsel.value for key, morsel in jar.items()}


def csrf_cookie_header(token: str, *, secure: bool) -> bytes:
    """The Set-Cookie value for an anonymous visitor's CSRF token."""
    flags = "; Path=/; HttpOnly; SameSite=Lax" + ("; Secure" if secure else "")
    return f"{CSRF_COOKIE}={token}{flags}".encode("latin-1")


class WebMiddleware:
    """Rewrites ``.json`` paths, hands out the anonymous CSRF cookie, adds security headers."""

    def __init__(self, app: ASGIApp, *, secure_cookies: bool = False) -> None:
        self.app = app
        self.secure_cookies = secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope = dict(scope)
        path: str = scope["path"]
        if path.endswith(".json") and path not in _NOT_TWINS and not path.startswith("/static/"):
            page = path[: -len(".json")]
            page = "/" if page in ("", "/", "/index") else page
            scope["path"] = page
            scope["raw_path"] = page.encode("utf-8")
            scope[JSON_FLAG] = True
        state: dict[str, Any] = scope.setdefault("state", {})
        existing = _cookies(scope).get(CSRF_COOKIE)
        token = existing or new_token()
        state[ANON_CSRF] = token
        set_cookie = None if existing else csrf_cookie_header(token, secure=self.secure_cookies)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                if set_cookie is not None:
                    headers.append((b"set-cookie", set_cookie))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
