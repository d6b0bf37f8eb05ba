"""Administration: accounts and roles, and the audit log of any row."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from nsdocket.db.audit import history, revert
from nsdocket.users import (
    ROLES,
    UserError,
    add_user,
    disable_totp,
    list_users,
    set_password,
    set_role,
)
from nsdocket.web.access import web_actor
from nsdocket.web.render import done, error, respond

router = APIRouter(tags=["admin"])


def _users_page(
    request: Request,
    *,
    notice: dict[str, str] | None = None,
    problem: str | None = None,
    status: int = 200,
) -> Response:
    data: dict[str, Any] = {
        "users": [u.to_json() for u in list_users(request.app.state.engine)],
        "roles": list(ROLES),
    }
    if notice is not None:
        data["notice"] = notice
    if problem is not None:
        data["error"] = problem
    return respond(request, "users.html", data, status_code=status)


@router.get("/admin/users", name="users", summary="Accounts and roles")
def users(request: Request) -> Response:
    """Every account with its role, and forms to add one or change roles."""
    return _users_page(request)


@router.post("/admin/users", name="user_add", summary="Add an account")
def user_add(
    request: Request,
    username: str = Form(..., max_length=64),
    role: str = Form("viewer"),
) -> Response:
    """Add an account with a generated one-time password, shown once on the answer page."""
    try:
        user, password = add_user(
            request.app.state.engine, username, role, actor=web_actor(request)
        )
    except UserError as exc:
        return _users_page(request, problem=str(exc), status=400)
    notice = {
        "username": user.username,
        "password": password,
        "text": f"Added {user.username} as {user.role}. Give them this one-time password; "
        "they choose their own at first login. It is not shown again.",
    }
    return _users_page(request, notice=notice)


@router.post("/admin/users/{username}/role", name="user_role", summary="Change a role")
def user_role(request: Request, username: str, role: str = Form(...)) -> Response:
    """Give an account another role."""
    try:
        user = set_role(request.app.state.engine, username, role, actor=web_actor(request))
    except UserError as exc:
        return _users_page(request, problem=str(exc), status=400)
    return done(request, "/admin/users", {"user": user.to_json()})


@router.post(
    "/admin/users/{username}/password", name="user_password_reset", summary="Reset a password"
)
def user_password_reset(request: Request, username: str) -> Response:
    """Give an account a new one-time password and log it out everywhere."""
    try:
        password = set_password(request.app.state.engine, username, actor=web_actor(request))
    except UserError as exc:
        return _users_page(request, problem=str(exc), status=400)
    notice = {
        "username": username,
        "password": password,
        "text": f"New one-time password for {username}; they choose their own at next login. "
        "It is not shown again.",
    }
    return _users_page(request, notice=notice)


@router.post(
    "/admin/users/{username}/totp-off", name="user_totp_off", summary="Turn off two-factor"
)
def user_totp_off(request: Request, username: str) -> Response:
    """Turn off two-factor login for an account (a lost phone)."""
    try:
        disable_totp(request.app.state.engine, username, actor=web_actor(request))
    except UserError as exc:
        return _users_page(request, problem=str(exc), status=400)
    return done(request, "/admin/users", {"username": username, "totp_enabled": False})


@router.get("/audit/{table}/{row_id}", name="audit", summary="The audit log of one row")
def audit(request: Request, table: str, row_id: int) -> Response:
    """Every recorded change to one row, oldest first, with what changed."""
    try:
        entries = history(request.app.state.engine, table, row_id)
    except KeyError as exc:
        return error(request, 404, str(exc.args[0]))
    data = {
        "table": table,
        "row_id": row_id,
        "entries": [
            {
                "id": e.id,
                "at": e.at,
                "actor": e.actor,
                "action": e.action,
                "reason": e.reason,
                "batch": e.batch,
                "changed": {
                    k: {"before": b, "after": a} for k, (b, a) in e.changed_fields().items()
                },
                "after": e.after,
            }
            for e in entries
        ],
    }
    return respond(request, "audit.html", data)


@router.post("/audit/{table}/{row_id}/revert", name="audit_revert", summary="Revert a row")
def audit_revert(
    request: Request, table: str, row_id: int, to_audit_id: int = Form(...)
) -> Response:
    """Put a row back as it was after one audit entry (the revert is itself audited)."""
    try:
        entry = revert(
            request.app.state.engine, table, row_id, to_audit_id, actor=web_actor(request)
        )
    except KeyError as exc:
        return error(request, 404, str(exc.args[0]))
    return done(
        request,
        f"/audit/{table}/{row_id}",
        {"reverted": entry is not None, "audit_id": entry.id if entry else None},
    )
