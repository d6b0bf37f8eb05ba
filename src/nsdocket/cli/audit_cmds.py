"""Commands over the audit log and sources: history, revert, conflicts, evidence."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from nsdocket.cli.common import console, engine_for, fail, print_json, state, user_errors
from nsdocket.cli.documents_cmds import document_errors

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
    from nsdocket.db.audit import history

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
    from nsdocket.db.audit import revert

    with user_errors():
        entry = revert(engine_for(ctx), table, row_id, to, actor=state(ctx).actor)
    if entry is None:
        console.print(f"{table} {row_id} is already as it was after audit entry {to}")
    else:
        console.print(f"reverted {table} {row_id} to its state after audit entry {to}")


def revert_batch_command(
    ctx: typer.Context,
    batch: str = typer.Argument(..., help="The batch id (as `history` and merges print it)."),
) -> None:
    """Undo every change of one batch (a merge, an import), newest first; the undo is itself
    audited. Refused when a row has changed since.

    Example: nsdocket revert-batch merge-defendant-40-into-12-1a2b3c4d
    """
    from nsdocket.db.audit import revert_batch

    with user_errors():
        changed = revert_batch(engine_for(ctx), batch, actor=state(ctx).actor)
    console.print(f"reverted batch {batch}: {changed} row change(s) undone", markup=False)


def conflicts_command(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")
) -> None:
    """List every field whose sources disagree, side by side with the chosen value.

    Example: nsdocket conflicts
    """
    from nsdocket.queries.conflicts import find_conflicts

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
    source_id: int | None = typer.Option(None, "--source", help="Source id."),
    table: str | None = typer.Option(None, "--table", help="What the source supports, e.g. event."),
    row_id: int | None = typer.Option(None, "--id", help="That row's id."),
    field: str = typer.Option(
        "", help="The field the source speaks to, e.g. date_edtf (for a coding: the question)."
    ),
    value: str | None = typer.Option(None, help="The value the source asserts for the field."),
    quote: str = typer.Option("", help="The words of the source."),
    document_id: int | None = typer.Option(
        None, "--document", help="Cite a passage of this stored document (with --start, --end)."
    ),
    start: int | None = typer.Option(None, "--start", help="Passage start (code points)."),
    end: int | None = typer.Option(None, "--end", help="Passage end (code points)."),
    target: tuple[str, int] | None = typer.Option(
        None, "--for", metavar="coding|event|charge ID", help="What the passage supports."
    ),
) -> None:
    """Cite a source for a row, or an exact passage of a stored document (quoted for you).

    Example: nsdocket evidence add --source 4 --table event --id 17 --field date_edtf
    --value 2020-08-11 --quote "arrested on 11 August"

    Example: nsdocket evidence add --document 3 --start 1520 --end 1610 --for coding 12
    --field legitimate_expression
    """
    if target is not None:
        if table is not None or row_id is not None:
            raise fail("give either --for or --table/--id, not both")
        table, row_id = target
    if (source_id is None) == (document_id is None):
        raise fail("give either --source or --document")
    if table is None or row_id is None:
        raise fail("say what the evidence is for: --for coding|event|charge ID (or --table, --id)")
    if document_id is not None:
        if start is None or end is None:
            raise fail("a document passage needs --start and --end")
        if quote:
            raise fail("--quote is taken from the document; leave it out")
        _cite_passage(ctx, document_id, start, end, table, row_id, field, value)
        return
    assert source_id is not None
    from nsdocket.queries.conflicts import assert_value

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


def _cite_passage(
    ctx: typer.Context,
    document_id: int,
    start: int,
    end: int,
    table: str,
    row_id: int,
    field: str,
    value: str | None,
) -> None:
    from nsdocket.documents.evidence import cite_passage, read_passage_text

    with document_errors():
        engine = engine_for(ctx)
        link = cite_passage(
            engine,
            document_id=document_id,
            start=start,
            end=end,
            target_table=table,
            target_id=row_id,
            field=field,
            value=value,
            actor=state(ctx).actor,
        )
        quoted = read_passage_text(engine, document_id, start, end)
    cited = f"document {document_id} {start}-{end} → {table} {row_id} {field}".rstrip()
    console.print(f"evidence {link}: {cited}", markup=False)
    console.print(f"  “{' '.join(quoted.split())}”", markup=False, soft_wrap=True)
