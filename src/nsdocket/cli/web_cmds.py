"""``nsdocket serve`` and ``nsdocket users``: the web app and its accounts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from nsdocket.cli.choices import ROLES
from nsdocket.cli.common import console, engine_for, fail, print_json, state, user_errors

users_app = typer.Typer(help="Accounts for the web app's team view.", no_args_is_help=True)


@contextmanager
def _account_errors() -> Iterator[None]:
    from nsdocket.users import UserError

    try:
        with user_errors():
            yield
    except UserError as exc:
        raise fail(str(exc)) from None


def _actor(ctx: typer.Context) -> str:
    return f"{state(ctx).actor}:users"


def serve_command(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="TCP port."),
) -> None:
    """Start the web app (public view, team coding and review, administration).

    Example: nsdocket serve --host 127.0.0.1 --port 8000
    """
    from nsdocket.web.app import serve

    with user_errors():
        engine_for(ctx).dispose()
    console.print(f"nsdocket web app on http://{host}:{port}/ (Ctrl-C stops it)")
    serve(state(ctx).url, host=host, port=port)


@users_app.command("add")
def users_add(
    ctx: typer.Context,
    username: str = typer.Argument(..., help="The login name."),
    role: str = typer.Option("viewer", help=f"One of: {', '.join(ROLES)}."),
) -> None:
    """Add an account and print its one-time password (changed at first login).

    Example: nsdocket users add mei --role coder
    """
    from nsdocket.users import add_user

    with _account_errors():
        user, password = add_user(engine_for(ctx), username, role, actor=_actor(ctx))
    console.print(f"added {user.username} as {user.role}")
    console.print(f"one-time password: {password}", markup=False)


@users_app.command("passwd")
def users_passwd(
    ctx: typer.Context,
    username: str = typer.Argument(..., help="Whose password."),
    prompt: bool = typer.Option(
        False, "--prompt", help="Type the new password instead of generating a one-time one."
    ),
) -> None:
    """Set a new password: a generated one-time password by default, or one you type.

    The user's open sessions end. Example: nsdocket users passwd mei
    """
    from nsdocket.users import set_password

    typed: str | None = None
    if prompt:
        typed = typer.prompt("new password", hide_input=True, confirmation_prompt=True)
    with _account_errors():
        password = set_password(engine_for(ctx), username, typed, actor=_actor(ctx))
    if typed is None:
        console.print(f"one-time password for {username}: {password}", markup=False)
    else:
        console.print(f"password changed for {username}")


@users_app.command("role")
def users_role(
    ctx: typer.Context,
    username: str = typer.Argument(..., help="Whose role."),
    role: str = typer.Argument(..., help=f"One of: {', '.join(ROLES)}."),
) -> None:
    """Give an account another role.

    Example: nsdocket users role mei reviewer
    """
    from nsdocket.users import set_role

    with _account_errors():
        user = set_role(engine_for(ctx), username, role, actor=_actor(ctx))
    console.print(f"{user.username} is now {user.role}")


@users_app.command("list")
def users_list(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")
) -> None:
    """List accounts with their roles.

    Example: nsdocket users list
    """
    from nsdocket.users import list_users

    with _account_errors():
        found = list_users(engine_for(ctx))
    if as_json:
        print_json([u.to_json() for u in found])
        return
    if not found:
        console.print("no accounts yet (nsdocket users add NAME --role admin)")
    for u in found:
        flags = [
            f for f, on in (("2FA", u.totp_enabled), ("one-time", u.must_change_password)) if on
        ]
        extra = f" ({', '.join(flags)})" if flags else ""
        console.print(f"{u.username}\t{u.role}{extra}", markup=False)


@users_app.command("totp-off")
def users_totp_off(ctx: typer.Context, username: str = typer.Argument(...)) -> None:
    """Turn off two-factor login for an account (a lost phone).

    Example: nsdocket users totp-off mei
    """
    from nsdocket.users import disable_totp

    with _account_errors():
        disable_totp(engine_for(ctx), username, actor=_actor(ctx))
    console.print(f"two-factor login is off for {username}")
