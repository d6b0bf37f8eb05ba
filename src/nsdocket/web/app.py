"""The FastAPI application: ``create_app`` wires routes, access rules, static files and errors.

Run it with ``nsdocket serve`` (or :func:`serve`). Every page is also served as JSON by adding
``.json`` to its path or asking for ``application/json``; FastAPI's OpenAPI description is at
``/openapi.json`` and browsable at ``/docs``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from nsdocket import __version__
from nsdocket.db.audit import RevertError
from nsdocket.db.engine import open_database
from nsdocket.db.writer import RowNotFoundError, StaleVersionError
from nsdocket.queries.scrub import scrubber_for
from nsdocket.users import UserError
from nsdocket.web.access import (
    CsrfRefused,
    Forbidden,
    LoginRequired,
    NoAccessRule,
    PasswordChangeRequired,
    guard,
)
from nsdocket.web.auth import LoginLimiter, WebSettings
from nsdocket.web.middleware import WebMiddleware
from nsdocket.web.render import error, query_string, wants_json
from nsdocket.web.routes import (
    account,
    admin,
    browse,
    claims,
    coding,
    document_review,
    documents,
    figures,
    follow,
    pages,
    people_review,
)

DESCRIPTION = """Hong Kong national-security prosecutions: cases, defendants, figures and the
codebook. Every HTML page has a JSON twin: add `.json` to the path or send
`Accept: application/json`. Fields marked sensitive are withheld unless you are logged in."""


@asynccontextmanager
async def _warm_up(app: FastAPI) -> AsyncIterator[None]:
    """Before serving, compile the pattern of withheld names that every public page uses
    (seconds for a large database), so that no visitor waits for it."""
    await run_in_threadpool(lambda: scrubber_for(app.state.engine).pattern)
    yield


def create_app(engine_or_url: Engine | str, settings: WebSettings | None = None) -> FastAPI:
    """Build the web app over a database.

    Args:
        engine_or_url: an open engine, or a database URL (migrated to the newest schema).
        settings: session and login settings; default: from the environment.

    Returns:
        The FastAPI application, ready for uvicorn or a test client.
    """
    engine = open_database(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    settings = settings or WebSettings.from_env()
    app = FastAPI(
        title="nsdocket",
        version=__version__,
        description=DESCRIPTION,
        dependencies=[Depends(guard)],
        lifespan=_warm_up,
    )
    app.state.engine = engine
    app.state.settings = settings
    app.state.limiter = LoginLimiter(settings.login_attempts, settings.login_window_seconds)
    static = resources.files("nsdocket.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    for module in (
        pages,
        figures,
        claims,
        browse,
        follow,
        documents,
        document_review,
        people_review,
        coding,
        account,
        admin,
    ):
        app.include_router(module.router)
    _add_error_handlers(app)
    app.add_middleware(WebMiddleware, secure_cookies=settings.secure_cookies)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if wants_json(request):
            return error(request, 401, "log in first")
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse("/login" + query_string({"next": target}), status_code=303)

    @app.exception_handler(PasswordChangeRequired)
    async def _password(request: Request, exc: PasswordChangeRequired) -> Response:
        if wants_json(request):
            return error(request, 403, "choose a new password first (POST /account/password)")
        return RedirectResponse("/account", status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return error(request, 403, str(exc))

    @app.exception_handler(CsrfRefused)
    async def _csrf(request: Request, exc: CsrfRefused) -> Response:
        return error(request, 403, str(exc))

    @app.exception_handler(NoAccessRule)
    async def _no_rule(request: Request, exc: NoAccessRule) -> Response:
        return error(request, 500, str(exc))

    @app.exception_handler(RowNotFoundError)
    async def _not_found(request: Request, exc: RowNotFoundError) -> Response:
        return error(request, 404, str(exc))

    @app.exception_handler(UserError)
    async def _user_error(request: Request, exc: UserError) -> Response:
        return error(request, 400, str(exc))

    @app.exception_handler(RevertError)
    async def _revert(request: Request, exc: RevertError) -> Response:
        return error(request, 400, str(exc))

    @app.exception_handler(OverflowError)
    async def _overflow(request: Request, exc: OverflowError) -> Response:
        # SQLite cannot bind an integer past 64 bits: such an id or offset names no row.
        return error(request, 404, "no such row: the number is out of range")

    @app.exception_handler(DBAPIError)
    async def _database_value(request: Request, exc: DBAPIError) -> Response:
        # PostgreSQL refuses a number out of range for its column (SQLSTATE 22003) and other
        # bad values (class 22); anything else is a real server error.
        code = getattr(exc.orig, "sqlstate", None) or ""
        if str(code).startswith("22"):
            return error(request, 404, "no such row: a value is out of range")
        raise exc

    @app.exception_handler(StaleVersionError)
    async def _stale(request: Request, exc: StaleVersionError) -> Response:
        return error(request, 409, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}"
            for e in exc.errors()
        )
        return error(request, 422, problems or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return error(request, exc.status_code, str(exc.detail))


def serve(engine_url: str, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the web app with uvicorn until interrupted.

    Args:
        engine_url: the database URL (migrated first).
        host: the address to listen on; keep 127.0.0.1 unless behind a proxy.
        port: the TCP port.
    """
    import uvicorn

    uvicorn.run(create_app(engine_url), host=host, port=port, log_level="info")
