"""Commands that put data in and take it out: init, import, export, dump, restore, summary."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn
from rich.table import Table

from nsdocket.cli.common import console, engine_for, fail, print_json, state, user_errors
from nsdocket.data import bundled_path

if TYPE_CHECKING:
    from nsdocket.ingest.load_cases import ImportReport
    from nsdocket.ingest.small_tables import TableImportReport
    from nsdocket.queries.summary import Summary

PROGRESS_THRESHOLD = 1000
R = TypeVar("R")

# How many likely duplicates, notes and warnings an import lists before saying how many more.
LISTED = 20
import_app = typer.Typer(help="Import a CSV file: every row or none.", no_args_is_help=True)


def _run_with_progress(path: Path, load: Callable[[Any], R]) -> R:
    from nsdocket.ingest.csvfile import count_lines

    if count_lines(path) <= PROGRESS_THRESHOLD:
        return load(None)
    if not console.is_terminal:
        # In a log or a pipe: one plain line per stage instead of a redrawn bar.
        stages: set[str] = set()

        def log(stage: str, done: int, total: int) -> None:
            if stage not in stages:
                stages.add(stage)
                console.print(f"{stage} {path.name} ({total} steps)")
                console.file.flush()

        return load(log)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), console=console
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(f"{stage} {path.name}", total=total)
            bar.update(tasks[stage], completed=done, total=total)

        return load(progress)


def print_import_report(
    report: ImportReport | TableImportReport, *, hidden: Collection[str] = ()
) -> None:
    """Show what an import did: the file, its rows, and the changes to each table not hidden."""
    verb = "imported" if report.changed else "already up to date:"
    console.print(f"{verb} {report.file}: {report.rows} rows")
    for table, actions in sorted(report.changes.items()):
        if table in hidden:
            continue
        parts = ", ".join(f"{n} {action}" for action, n in sorted(actions.items()))
        console.print(f"  {table}: {parts}")


def print_case_report(report: ImportReport, *, listed: int | None = LISTED) -> None:
    """Show what an import of cases did, with likely duplicates, shared defendants, warnings.

    Each list stops after ``listed`` items (None: no limit) and says how many more there are.
    """
    # Laws, offences and jurisdictions are reference data that every import of cases touches.
    print_import_report(report, hidden=("law", "offence", "jurisdiction"))
    for duplicate in report.likely_duplicates[:listed]:
        console.print(f"  [yellow]check:[/] {duplicate}")
    _more(report.likely_duplicate_count, listed, "likely duplicate case pairs")
    for name, rows in report.shared_defendants[:listed]:
        console.print(f"  note: {name} is a defendant in rows {', '.join(rows)} (one person)")
    _more(len(report.shared_defendants), listed, "defendants named in several rows")
    if report.warnings:
        console.print(f"  {len(report.warnings)} warnings:")
        for warning in report.warnings[:listed]:
            console.print(f"    {warning}", markup=False)
        _more(len(report.warnings), listed, "warnings")


def _more(total: int, listed: int | None, what: str) -> None:
    if listed is not None and total > listed:
        console.print(f"  ... {total - listed} more {what} (--all lists every one)")


def _import_actor(ctx: typer.Context, file: Path) -> str:
    """Who the audit log records for an import: the actor and the file."""
    return f"{state(ctx).actor}:import:{file.name}"


def _import_table(
    ctx: typer.Context, file: Path, importer: Callable[..., TableImportReport]
) -> None:
    """Run an importer of official figures or claims on ``file`` and show its report."""
    with user_errors():
        report = importer(engine_for(ctx), file, actor=_import_actor(ctx, file))
    print_import_report(report)


@import_app.command("cases")
def import_cases_command(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A CSV in the seed format (20 columns)."),
    show_all: bool = typer.Option(
        False, "--all", help=f"List every duplicate, note and warning, not the first {LISTED}."
    ),
) -> None:
    """Import cases, defendants, charges, events and sources from a seed-format CSV.

    Example: nsdocket import cases my_cases.csv
    """
    from nsdocket.ingest.load_cases import import_cases

    with user_errors():
        engine = engine_for(ctx)
        actor = _import_actor(ctx, file)
        report = _run_with_progress(
            file,
            lambda progress: import_cases(
                engine,
                file,
                actor=actor,
                progress=progress,
                **({"duplicates_kept": None} if show_all else {}),
            ),
        )
    print_case_report(report, listed=None if show_all else LISTED)


@import_app.command("events")
def import_events_command(
    ctx: typer.Context,
    file: Path = typer.Argument(
        ..., help="A CSV of events: row_id, event, date, detail, source_url, source_quote."
    ),
) -> None:
    """Import dated events (arrest, charge, bail, remand, plea, verdict, sentence, release,
    appeal) of prosecutions already in the database, each with its source.

    Example: nsdocket import events hk_events.csv
    """
    from nsdocket.ingest.load_events import import_events

    with user_errors():
        engine = engine_for(ctx)
        actor = _import_actor(ctx, file)
        report = _run_with_progress(
            file, lambda progress: import_events(engine, file, actor=actor, progress=progress)
        )
    print_import_report(report)


@import_app.command("figures")
def import_figures_command(
    ctx: typer.Context, file: Path = typer.Argument(..., help="A CSV of official figures.")
) -> None:
    """Import published arrest/charge/conviction totals.

    Example: nsdocket import figures hk_official_figures.csv
    """
    from nsdocket.ingest.small_tables import import_official_figures

    _import_table(ctx, file, import_official_figures)


@import_app.command("claims")
def import_claims_command(
    ctx: typer.Context, file: Path = typer.Argument(..., help="A CSV of published claims.")
) -> None:
    """Import published claims (numerator, denominator, percent as published).

    Example: nsdocket import claims published_claims.csv
    """
    from nsdocket.ingest.small_tables import import_claims

    _import_table(ctx, file, import_claims)


@import_app.command("dump")
def import_dump_command(
    ctx: typer.Context, file: Path = typer.Argument(..., help="A dump from `export all`.")
) -> None:
    """Restore a whole-database JSON dump into an empty database.

    Example: nsdocket --db copy.db import dump backup.json
    """
    from nsdocket.queries.export import restore

    with user_errors():
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise fail(f"{file}: cannot read the dump: {exc}") from None
        count = restore(engine_for(ctx), data, actor=state(ctx).actor, note=f"from {file.name}")
    console.print(f"restored {count} rows from {file}")


def load_bundled(ctx: typer.Context) -> None:
    """Import the bundled Hong Kong cases, events, figures and claims, and apply the recorded
    case merges."""
    from nsdocket.ingest.bundled import load_bundled as load

    with user_errors():
        report = load(engine_for(ctx), actor=f"{state(ctx).actor}:bundled")
    print_case_report(report.cases)
    print_import_report(report.events)
    for merge in report.merges:
        console.print(
            f"merged case {merge.removed} into case {merge.kept} "
            f"({len(merge.prosecutions)} prosecutions moved), as recorded in "
            f"{bundled_path('merges').name}"
        )
    print_import_report(report.figures)
    print_import_report(report.claims)


def init_command(
    ctx: typer.Context,
    bundled: bool = typer.Option(True, help="Load the bundled Hong Kong data."),
) -> None:
    """Create or upgrade the database, and load the bundled Hong Kong data.

    Example: nsdocket --db hk.db init
    """
    with user_errors():
        engine_for(ctx)
    console.print(f"database ready: {state(ctx).url}")
    if bundled:
        load_bundled(ctx)


def _counts_table(title: str, counts: dict[str, int]) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=None)
    for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(f"  {key}", str(n))
    return table


def print_summary(summary: Summary) -> None:
    """Show the database summary as tables."""
    console.print(
        f"[bold]{summary.cases} cases, {summary.defendants} defendants, "
        f"{summary.prosecutions} prosecutions, {summary.charges} charges[/]"
    )
    console.print(_counts_table("Cases by status", summary.cases_by_status))
    kinds = dict(summary.defendants_by_kind)
    console.print(_counts_table("Defendants by kind", kinds))
    if summary.people_in_groups:
        console.print(
            f"  (group rows stand for {summary.people_in_groups} people not listed by name; "
            "they are not counted as persons)"
        )
    console.print(_counts_table("Charges by law", summary.charges_by_law))
    console.print(_counts_table("Charges by offence", summary.charges_by_offence))
    console.print(_counts_table("Events by kind", summary.events_by_kind))
    console.print(_counts_table("Sources by kind", summary.sources_by_kind))
    console.print(f"Official figures: {summary.official_figures}; claims: {summary.claims}")


def summary_command(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")
) -> None:
    """Count what the database holds, in each unit.

    Example: nsdocket summary --json
    """
    from nsdocket.queries.summary import summarise

    with user_errors():
        result = summarise(engine_for(ctx))
    if as_json:
        print_json({**result.__dict__, "defendants": result.defendants, "charges": result.charges})
    else:
        print_summary(result)


def export_command(
    ctx: typer.Context,
    table: str = typer.Argument(..., help="A table name, or 'all' for a whole-database dump."),
    fmt: str = typer.Option("csv", "--format", "-f", help="csv or json (a dump is always json)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="File to write (default: stdout)."),
    include_sensitive: bool = typer.Option(
        False, help="Keep fields marked sensitive (private use only)."
    ),
) -> None:
    """Export a table as CSV or JSON; sensitive fields are withheld unless asked.

    Example: nsdocket export defendant --format csv --out defendants.csv
    """
    from nsdocket.queries.export import EXPORT_FORMATS, dump, exportable_tables, write_export

    if table != "all" and table not in exportable_tables():
        raise fail(f"unknown table '{table}' (known: all, {', '.join(exportable_tables())})")
    if fmt not in EXPORT_FORMATS:
        raise fail(f"unknown format '{fmt}' (known: {', '.join(EXPORT_FORMATS)})")
    with user_errors():
        engine = engine_for(ctx)
        handle = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
        try:
            if table == "all":
                json.dump(dump(engine), handle, ensure_ascii=False, indent=1, sort_keys=True)
                handle.write("\n")
            else:
                write_export(engine, table, fmt, handle, include_sensitive=include_sensitive)
        finally:
            if out:
                handle.close()
    if out:
        console.print(f"wrote {out}")
