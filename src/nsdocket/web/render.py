"""One data dict, two renderings: an HTML page from a template, or its JSON twin.

Routes build the data by calling library functions and hand it to :func:`respond`; the template
only lays it out. Jinja2 escapes every value, so text from the database is shown as text.
"""

from __future__ import annotations

import dataclasses
from importlib import resources
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from nsdocket import __version__
from nsdocket.web.middleware import JSON_FLAG

TEMPLATES = Jinja2Templates(directory=str(resources.files("nsdocket.web") / "templates"))
TEMPLATES.env.globals["version"] = __version__


def http_url(value: Any) -> str | None:
    """``value`` when it is an http(s) URL, else None: no ``javascript:`` link reaches a page."""
    if not isinstance(value, str):
        return None
    scheme = urlsplit(value.strip()).scheme.lower()
    return value.strip() if scheme in ("http", "https") else None


TEMPLATES.env.filters["http_url"] = http_url


def percent(value: Any, places: int = 1) -> str:
    """A share (0-1) written as a percent, ``0.846 -> 84.6%``; a dash for no value."""
    if not isinstance(value, int | float):
        return "—"
    return f"{value:.{places}%}"


TEMPLATES.env.filters["percent"] = percent


def wants_json(request: Request) -> bool:
    """Whether to answer with JSON: a ``.json`` path, or an Accept header asking for JSON."""
    if request.scope.get(JSON_FLAG):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def jsonable(value: Any) -> Any:
    """Dataclasses, dates and tuples turned into plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def respond(
    request: Request,
    template: str,
    data: dict[str, Any],
    *,
    status_code: int = 200,
    page: dict[str, Any] | None = None,
) -> Response:
    """The page as HTML, or ``data`` as JSON when the client asked for JSON.

    Args:
        request: the request being answered.
        template: the Jinja2 template that lays out ``data``.
        data: what the page shows; exactly what the JSON twin returns.
        status_code: the HTTP status.
        page: extra values only the HTML needs (form defaults, paging links).
    """
    if wants_json(request):
        return JSONResponse(jsonable(data), status_code=status_code)
    context = {
        "data": data,
        "page": page or {},
        "user": getattr(request.state, "user", None),
        "csrf": getattr(request.state, "csrf", ""),
        "public": getattr(request.state, "public", True),
        "path": request.url.path,
    }
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)


def done(request: Request, location: str, data: dict[str, Any]) -> Response:
    """After a successful POST: redirect a browser (303), or return ``data`` to a JSON client."""
    if wants_json(request):
        return JSONResponse(jsonable(data))
    return RedirectResponse(location, status_code=303)


def error(request: Request, status_code: int, message: str) -> Response:
    """An error page (or ``{"error": message}``) with the given status."""
    return respond(
        request, "error.html", {"error": message, "status": status_code}, status_code=status_code
    )


def query_string(params: dict[str, Any]) -> str:
    """``?a=1&b=2`` from the non-empty values of ``params``."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return "?" + urlencode(kept) if kept else ""


def safe_next(target: str | None) -> str:
    """A redirect target after login: a local path only, never another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
