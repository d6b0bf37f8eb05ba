"""The ``changes`` command: what changed since a date, case by case, and the figures that moved."""

from __future__ import annotations

import datetime as dt

import typer
from rich.markup import escape
from rich.table import Table

from nsdocket.cli.common import console, engine_for, fail, print_json, user_errors

ACTIONS = {"insert": "added", "update": "changed", "delete": "removed"}


def _day(text: str | None, option: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option} must be a date YYYY-MM-DD, not '{text}'") from None


def changes_command(
    ctx: typer.Context,
    since: str = typer.Option(
        ..., "--since", help="First day counted (YYYY-MM-DD, from 00:00 UTC)."
    ),
    until: str | None = typer.Option(
        None, "--until", help="Last day counted (YYYY-MM-DD, to its end); default: now."
    ),
    all_figures: bool = typer.Option(
        False, "--all-figures", help="List every headline figure, also those that did not move."
    ),
    public: bool = typer.Option(
        False, "--public", help="The public view: sensitive defendants withheld, no coders."
    ),
    base_url: str = typer.Option(
        "", "--base-url", help="The web app's address, to print case links in full."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show what changed since a date: new and changed cases, defendants, prosecutions,
    charges, events, codings and adjudications, grouped per case, and the headline figures
    as the database stood when that day began against now.

    Example: nsdocket changes --since 2025-06-01

    Example: nsdocket changes --since 2025-06-01 --until 2025-06-30 --json
    """
    from nsdocket.follow import ChangeWindowError, what_changed

    first = _day(since, "--since")
    assert first is not None
    last = _day(until, "--until")
    with user_errors():
        try:
            report = what_changed(
                engine_for(ctx), first, last, public=public, all_figures=all_figures
            )
        except ChangeWindowError as exc:
            raise fail(str(exc)) from None
    if as_json:
        print_json(report.to_json())
        return
    window = f"since {first.isoformat()}" + (f" until {last.isoformat()}" if last else "")
    if report.figures:
        table = Table(title=f"Headline figures {window}", title_justify="left")
        for column in ("figure", "then", "now"):
            table.add_column(column)
        for delta in report.figures:
            data = delta.to_json()
            table.add_row(delta.measure.replace("_", " "), data["then"], data["now"])
        console.print(table)
    else:
        console.print(f"No headline figure moved {window}.")
    counts = report.counts()
    if not counts:
        console.print(f"Nothing changed {window}.")
        return
    said = "; ".join(
        f"{noun}: "
        + ", ".join(f"{n} {ACTIONS.get(action, action)}" for action, n in sorted(actions.items()))
        for noun, actions in sorted(counts.items())
    )
    console.print(f"\nChanges {window}: {said}", markup=False, soft_wrap=True)
    for group in report.cases:
        where = f"case {group.case_id}" if group.case_id is not None else "no case"
        link = f" {base_url.rstrip('/')}{group.path}" if group.path else ""
        console.print(f"\n[bold]{escape(group.title)}[/] ({where}){escape(link)}", markup=True)
        for change in group.changes:
            who = f" ({change.actor})" if change.actor else ""
            when = change.at.isoformat(sep=" ", timespec="minutes")
            console.print(f"  {when} {change.words}{who}", markup=False, soft_wrap=True)
