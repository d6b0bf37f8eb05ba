"""Commands over the audit log and sources: history, revert, conflicts, evidence."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from nsdocket.cli.common import console, engine_for, print_json, state, user_errors
from nsdocket.db.audit import history, revert
from nsdocket.queries.conflicts import assert_value, find_conflicts

evidence_app = typer.Typer(help="Link sources to facts.", no_args_is_help=True)


def history_command(
    ctx: typer.Context,
    table: str = typer.Argument(..., help="Table name, e.g. defendant, event, charge."),
    row_id: int = typer.Argument(..., help="Row id."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show every recorded change to one row, oldest first.

    Example: nsdocket history defendant 12
    """
    with user_errors():
        entries = history(engine_for(ctx), table, row_id)
    if as_json:
        print_json([e.__dict__ for e in entries])
        return
    if not entries:
        console.print(f"no recorded changes to {table} {row_id}")
        return
    out = Table(title=f"history of {table} {row_id}", title_justify="left")
    for column in ("audit id", "when", "who", "action", "changes"):
        out.add_column(column)
    for e in entries:
        changes = "; ".join(
            f"{k}: {json.dumps(b, ensure_ascii=False)} → {json.dumps(a, ensure_ascii=False)}"
            for k, (b, a) in e.changed_fields().items()
        )
        if e.action == "insert":
            changes = "created"
        out.add_row(str(e.id), e.at.isoformat(timespec="seconds"), e.actor, e.action, changes)
    console.print(out)


def revert_command(
    ctx: typer.Context,
    table: str = typer.Argument(..., help="Table name."),
    row_id: int = typer.Argument(..., help="Row id."),
    to: int = typer.Option(..., "--to", help="Audit id whose resulting state to restore."),
) -> None:
    """Put a row back as it was after an earlier change (the revert is itself audited).

    Example: nsdocket revert defendant 12 --to 340
    """
    with user_errors():
        entry = revert(engine_for(ctx), table, row_id, to, actor=state(ctx).actor)
    if entry is None:
        console.print(f"{table} {row_id} is already as it was after audit entry {to}")
    else:
        console.print(f"reverted {table} {row_id} to its state after audit entry {to}")


def conflicts_command(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")
) -> None:
    """List every field whose sources disagree, side by side with the chosen value.

    Example: nsdocket conflicts
    """
    with user_errors():
        found = find_conflicts(engine_for(ctx))
    if as_json:
        print_json(
            [{**c.__dict__, "assertions": [a.__dict__ for a in c.assertions]} for c in found]
        )
        return
    if not found:
        console.print("no conflicting sources recorded")
        return
    for c in found:
        console.print(f"[bold]{c.table} {c.row_id} {c.field}[/]: chosen value {c.chosen!r}")
        for a in c.assertions:
            quote = f' — "{a.quote}"' if a.quote else ""
            console.print(
                f"  {a.value!r} says source {a.source_id} {a.source}{quote}", markup=False
            )


@evidence_app.command("add")
def evidence_add(
    ctx: typer.Context,
    source_id: int = typer.Option(..., "--source", help="Source id."),
    table: str = typer.Option(..., "--table", help="What the source supports, e.g. event."),
    row_id: int = typer.Option(..., "--id", help="That row's id."),
    field: str = typer.Option("", help="The field the source speaks to, e.g. date_edtf."),
    value: str | None = typer.Option(None, help="The value the source asserts for the field."),
    quote: str = typer.Option("", help="The words of the source."),
) -> None:
    """Cite a source for a row, optionally with the value it asserts for one field.

    Example: nsdocket evidence add --source 4 --table event --id 17 --field date_edtf
    --value 2020-08-11 --quote "arrested on 11 August"
    """
    with user_errors():
        link = assert_value(
            engine_for(ctx),
            source_id=source_id,
            table=table,
            row_id=row_id,
            field=field,
            value=value,
            quote=quote,
            actor=state(ctx).actor,
        )
    console.print(f"evidence {link}: source {source_id} → {table} {row_id} {field}".rstrip())
