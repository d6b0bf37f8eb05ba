"""Commands that print figures: the headline table, one measure under every scope, the rows
behind a figure, and the comparison with published figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from nsdocket.cli.choices import ALL_MEASURES, DEFAULT_SCOPE
from nsdocket.cli.common import console, engine_for, fail, print_json, state, user_errors

if TYPE_CHECKING:
    from nsdocket.stats.figure import Figure
    from nsdocket.stats.seed_compare import Comparison

stats_app = typer.Typer(
    help="Figures with their scope, unit, denominator, interval and rows.",
    invoke_without_command=True,
)


def _as_of(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail(f"--as-of must be a date YYYY-MM-DD, not '{text}'") from None


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


def print_figures(figures: list[Figure], title: str) -> None:
    """A table of figures, then what each excludes and rests on."""
    table = Table(title=title, title_justify="left")
    for column in ("measure", "unit", "figure", "excluded", "rests on"):
        table.add_column(column, overflow="fold")
    for f in figures:
        excluded = "; ".join(f"{n} {reason}" for reason, n in f.excluded.items())
        basis = ", ".join(f"{n} {b}" for b, n in f.basis.items())
        table.add_row(f.measure, f.unit, _share(f), excluded, basis)
    console.print(table)
    for f in figures:
        for note in f.notes:
            console.print(f"  note ({f.measure}): {note}", markup=False)


@stats_app.callback()
def stats(
    ctx: typer.Context,
    scope: str = typer.Option(DEFAULT_SCOPE, help="Scope profile (see --list-scopes)."),
    as_of: str | None = typer.Option(None, help="Compute from what was known on YYYY-MM-DD."),
    unit: str = typer.Option("person", help="person, prosecution or case."),
    final_only: bool = typer.Option(False, help="Count final codings only, not drafts."),
    codings_today: bool = typer.Option(
        False, help="With --as-of: events as of then, codings as they stand today."
    ),
    compare: str | None = typer.Option(
        None, "--compare-scopes", help="Show one MEASURE under every scope profile."
    ),
    list_scopes: bool = typer.Option(False, help="List the scope profiles and exit."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (with row ids)."),
) -> None:
    """Print the headline figures.

    Example: nsdocket stats --scope nsl-only --as-of 2024-06-30
    """
    from nsdocket.stats.compute import MeasureError, Options
    from nsdocket.stats.figures import compare_scopes, headline_figures
    from nsdocket.stats.scopes import ScopeError, get_scope, scope_profiles

    if ctx.invoked_subcommand is not None:
        state(ctx).stats_options = (scope, as_of, unit, final_only)
        return
    if list_scopes:
        for profile in scope_profiles().values():
            console.print(f"[bold]{profile.name}[/]: {profile.title}")
            console.print(f"  {profile.description}", markup=False)
            console.print(f"  counts: {profile.in_words()}", markup=False)
        return
    day = _as_of(as_of)
    with user_errors():
        try:
            engine = engine_for(ctx)
            if compare:
                options = Options(
                    as_of=day,
                    unit=unit,
                    include_drafts=not final_only,
                    codings_today=codings_today,
                )
                figures = compare_scopes(engine, compare, options)
                title = f"{compare} under every scope"
            else:
                figures = headline_figures(
                    engine,
                    get_scope(scope),
                    day,
                    unit=unit,
                    include_drafts=not final_only,
                    codings_today=codings_today,
                )
                title = f"Headline figures, scope {scope}" + (f", as of {day}" if day else "")
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

    scope, as_of, unit, final_only = state(ctx).stats_options or (
        DEFAULT_SCOPE,
        None,
        "person",
        False,
    )
    options = Options(as_of=_as_of(as_of), unit=unit, include_drafts=not final_only)
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


def print_comparisons(rows: list[Comparison]) -> None:
    """Each published figure, the database's figure, the difference and the reasons."""
    console.print("[bold]Published figures beside the database[/]")
    for r in rows:
        stated = (r.published_percent and f"{r.published_percent}%") or ""
        if r.published_numerator is not None and r.published_denominator is not None:
            stated = f"{r.published_numerator} of {r.published_denominator} {stated}".strip()
        elif r.published_numerator is not None:
            stated = str(r.published_numerator)
        elif r.published_denominator is not None:
            stated = f"{stated} of {r.published_denominator}"
        console.print(f"\n{r.publisher}: {r.published} — {stated}", markup=False)
        if r.figure is not None:
            console.print(f"  database: {r.figure.headline()}", markup=False)
        if r.difference_points is not None:
            console.print(f"  difference: {r.difference_points:+.1f} percentage points")
        for reason in r.reasons:
            console.print(f"  - {reason}", markup=False)
