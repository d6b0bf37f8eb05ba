"""Commands that print figures: the headline table, one measure under every scope, the rows
behind a figure, and the comparison with published figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

import typer
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from nsdocket.cli.choices import ALL_MEASURES, DEFAULT_SCOPE
from nsdocket.cli.common import console, engine_for, fail, print_json, state, user_errors

if TYPE_CHECKING:
    from nsdocket.stats.figure import Figure
    from nsdocket.stats.seed_compare import Comparison

stats_app = typer.Typer(
    help="Figures with their scope, unit, denominator, interval and rows.",
    invoke_without_command=True,
)


def _as_of(text: str | None, option: str = "--as-of") -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option} must be a date YYYY-MM-DD, not '{text}'") from None


def _share(f: Figure) -> str:
    if f.stats:
        s = f.stats
        if not s.get("n"):
            return "no values"
        return f"median {s['median']:g} (IQR {s['q1']:g}–{s['q3']:g}, n={s['n']})"
    if f.denominator is None:
        return str(f.numerator)
    if not f.denominator:
        return f"{f.numerator} of 0"
    text = f"{f.numerator} of {f.denominator} = {f.numerator / f.denominator:.1%}"
    if f.interval:
        text += f" [{f.interval[0]:.1%}–{f.interval[1]:.1%}]"
    if f.unclear and f.bounds:
        text += f"; {f.unclear} unclear: {f.bounds[0]:.1%}–{f.bounds[1]:.1%}"
    return text


def _figures_table(figures: list[Figure], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("measure", "unit", "figure", "excluded", "rests on"):
        table.add_column(column)
    for f in figures:
        shown = _share(f) + (f"\n({f.stage_note})" if f.stage_note else "")
        table.add_row(f.measure, f.unit, shown, _excluded(f), _basis(f))
    return table


def _excluded(f: Figure) -> str:
    return "; ".join(f"{n} {reason}" for reason, n in f.excluded.items())


def _basis(f: Figure) -> str:
    return ", ".join(f"{n} {b}" for b, n in f.basis.items())


def _print_vertical(figures: list[Figure], title: str) -> None:
    """One block per figure, its labels on the left and words wrapped beside them, for
    terminals too narrow for the table."""
    console.print(f"[bold]{title}[/]")
    for f in figures:
        block = Table.grid(padding=(0, 1))
        block.add_column(style="dim", no_wrap=True)
        block.add_column(ratio=1)
        block.add_row("figure", _share(f))
        if f.stage_note:
            block.add_row("why", f.stage_note)
        if f.excluded:
            block.add_row("left out", _excluded(f))
        if f.basis:
            block.add_row("rests on", _basis(f))
        for note in f.notes:
            block.add_row("note", Text(note))
        console.print(f"\n[bold]{f.measure}[/] ({f.unit})")
        console.print(block)


def print_figures(figures: list[Figure], title: str) -> None:
    """The figures as a table when it fits the terminal, else one block per figure; then what
    each excludes and rests on."""
    table = _figures_table(figures, title)
    # The width the table wants with no wrapping at all, against the terminal's.
    wanted = Measurement.get(console, console.options.update_width(10_000), table).maximum
    if wanted > console.width:
        _print_vertical(figures, title)
        return
    console.print(table)
    for f in figures:
        for note in f.notes:
            console.print(f"  note ({f.measure}): {note}", markup=False)


@stats_app.callback()
def stats(
    ctx: typer.Context,
    scope: str = typer.Option(DEFAULT_SCOPE, help="Scope profile (see --list-scopes)."),
    as_of: str | None = typer.Option(
        None, help="Facts that happened by YYYY-MM-DD, with today's codings (default: today)."
    ),
    as_recorded: str | None = typer.Option(
        None,
        help="The database as it stood at the end of YYYY-MM-DD (from the audit log), to "
        "reproduce a figure published that day.",
    ),
    unit: str = typer.Option("person", help="person, prosecution or case."),
    final_only: bool = typer.Option(False, help="Count final codings only, not drafts."),
    compare: str | None = typer.Option(
        None, "--compare-scopes", help="Show one MEASURE under every scope profile."
    ),
    list_scopes: bool = typer.Option(False, help="List the scope profiles and exit."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (with row ids)."),
) -> None:
    """Print the headline figures.

    Two clocks, named apart in every figure: --as-of DATE (default today) counts what happened
    by DATE with today's codings and corrections; --as-recorded DATE shows what the database
    held at the end of DATE.

    Example: nsdocket stats --scope nsl-only --as-of 2024-06-30
    """
    from nsdocket.stats.compute import MeasureError, Options
    from nsdocket.stats.figures import compare_scopes, headline_figures
    from nsdocket.stats.scopes import ScopeError, get_scope, scope_profiles

    if ctx.invoked_subcommand is not None:
        state(ctx).stats_options = (scope, as_of, as_recorded, unit, final_only)
        return
    if list_scopes:
        for profile in scope_profiles().values():
            console.print(f"[bold]{profile.name}[/]: {profile.title}")
            console.print(f"  {profile.description}", markup=False)
            console.print(f"  counts: {profile.in_words()}", markup=False)
        return
    recorded = _as_of(as_recorded, "--as-recorded")
    day = _as_of(as_of) or (None if recorded else dt.date.today())
    with user_errors():
        try:
            engine = engine_for(ctx)
            if compare:
                options = Options(
                    as_of=day, as_recorded=recorded, unit=unit, include_drafts=not final_only
                )
                figures = compare_scopes(engine, compare, options)
                title = f"{compare} under every scope"
            else:
                figures = headline_figures(
                    engine,
                    get_scope(scope),
                    day,
                    as_recorded=recorded,
                    unit=unit,
                    include_drafts=not final_only,
                )
                when = figures[0].when if figures else ""
                title = f"Headline figures, scope {scope}{when}"
        except (ScopeError, MeasureError) as exc:
            raise fail(str(exc.args[0])) from None
    if as_json:
        print_json([f.to_json() for f in figures])
        return
    print_figures(figures, title)
    if compare:
        for f in figures:
            console.print(f"  {f.scope}: {f.headline()}", markup=False)


@stats_app.command("explain")
def stats_explain(
    ctx: typer.Context,
    measure: str = typer.Argument(..., help=f"One of: {', '.join(ALL_MEASURES)}."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List the rows behind a figure and why each is in or out (takes stats' options).

    Example: nsdocket stats --scope nsl-only explain legitimate_expression
    """
    from nsdocket.stats.compute import MeasureError, Options, explain
    from nsdocket.stats.scopes import ScopeError, get_scope

    scope, as_of, as_recorded, unit, final_only = state(ctx).stats_options or (
        DEFAULT_SCOPE,
        None,
        None,
        "person",
        False,
    )
    recorded = _as_of(as_recorded, "--as-recorded")
    options = Options(
        as_of=_as_of(as_of) or (None if recorded else dt.date.today()),
        as_recorded=recorded,
        unit=unit,
        include_drafts=not final_only,
    )
    with user_errors():
        try:
            rows = explain(engine_for(ctx), measure, get_scope(scope), replace(options))
        except (ScopeError, MeasureError) as exc:
            raise fail(str(exc.args[0])) from None
    if as_json:
        print_json([r.__dict__ for r in rows])
        return
    table = Table(title=f"{measure}, scope {scope}: {len(rows)} prosecutions in scope")
    for column in ("prosecution", "defendant", "case", "category", "counted", "basis"):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(
            str(r.case_defendant_id),
            f"{r.defendant} ({r.kind} {r.defendant_id})",
            f"{r.case_id} {r.case_title}",
            r.category,
            r.counted_in,
            r.basis or "",
        )
    console.print(table)


def compare_seed_command(
    ctx: typer.Context,
    unit: str = typer.Option("person", help="person, prosecution or case."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Published figures beside the same measures on the database, with the reasons they differ.

    Example: nsdocket compare-seed
    """
    from nsdocket.stats.compute import MeasureError
    from nsdocket.stats.seed_compare import compare_with_published

    with user_errors():
        try:
            rows = compare_with_published(engine_for(ctx), unit=unit)
        except MeasureError as exc:
            raise fail(str(exc)) from None
    if as_json:
        print_json([r.to_json() for r in rows])
        return
    print_comparisons(rows)


def print_comparisons(rows: list[Comparison], *, with_rows: bool = True) -> None:
    """Each published figure, the database's figure, the difference and the reasons, then
    the gaps that make up the difference (with their prosecutions, or only their counts)."""
    console.print("[bold]Published figures beside the database[/]")
    for r in rows:
        stated = (r.published_percent and f"{r.published_percent}%") or ""
        if r.published_numerator is not None and r.published_denominator is not None:
            stated = f"{r.published_numerator} of {r.published_denominator} {stated}".strip()
        elif r.published_numerator is not None:
            stated = str(r.published_numerator)
        elif r.published_denominator is not None:
            stated = f"{stated} of {r.published_denominator}"
        elif r.published_value is not None:
            stated = r.published_value
        console.print(f"\n{r.publisher}: {r.published} — {stated}", markup=False)
        # Labels on the left, words wrapped beside them (a hanging indent at any width).
        block = Table.grid(padding=(0, 1))
        block.add_column(no_wrap=True, style="dim")
        block.add_column(ratio=1)
        if r.figure is not None:
            block.add_row("database", Text(r.figure.headline()))
        if r.difference_points is not None:
            block.add_row("difference", f"{r.difference_points:+.1f} percentage points")
        for reason in r.reasons:
            block.add_row("-", Text(reason))
        for gap in r.gaps:
            block.add_row("gap", Text(gap.label + (f" ({gap.count})" if gap.rows else "")))
            if with_rows:
                for item in gap.rows:
                    block.add_row("", Text(f"· {item}"))
        console.print(Padding(block, (0, 0, 0, 2)))
    if not with_rows and any(g.rows for r in rows for g in r.gaps):
        console.print(
            "\nThe prosecutions behind each gap, row by row: nsdocket compare-seed", markup=False
        )
