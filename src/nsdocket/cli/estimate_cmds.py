"""`nsdocket estimate`: how many people no list recorded, from lists linked person by person."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from nsdocket.cli.choices import CRITERIA
from nsdocket.cli.common import console, err_console, fail, print_json

if TYPE_CHECKING:
    from nsdocket.stats.estimate import Estimate, ModelResult
    from nsdocket.stats.loglinear import ProfileInterval


def _people(value: float) -> str:
    return f"{value:,.1f}"


def _interval(interval: ProfileInterval | None) -> str:
    if interval is None:
        return ""
    upper = (
        _people(interval.upper)
        if interval.upper is not None
        else f"above {_people(interval.searched_to)}"
    )
    return f"{_people(interval.lower)} – {upper}"


def _models_table(estimate: Estimate) -> Table:
    label = estimate.criterion.upper()
    table = Table(title=f"Every model fitted, best first by {label}", title_justify="left")
    for column in ("model", "N", f"{_level(estimate)} interval", "deviance", "df", "AIC", "BIC"):
        model = column == "model"
        table.add_column(column, justify="left" if model else "right", no_wrap=not model)
    for result in estimate.models:
        fit = result.fit
        name = escape(result.name) + ("" if fit.usable else " (no usable estimate)")
        table.add_row(
            name,
            _people(fit.total) if fit.usable else "",
            _interval(result.interval),
            f"{fit.deviance:.3f}" if fit.usable else "",
            str(fit.df),
            f"{fit.aic:.2f}" if fit.usable else "",
            f"{fit.bic:.2f}" if fit.usable else "",
        )
    return table


def _level(estimate: Estimate) -> str:
    interval = next((m.interval for m in estimate.models if m.interval), None)
    return f"{interval.level:.0%}" if interval else ""


def _print_chosen(chosen: ModelResult, estimate: Estimate) -> None:
    fit, interval = chosen.fit, chosen.interval
    console.print(
        f"Model chosen by {estimate.criterion.upper()}: [bold]{escape(chosen.name)}[/] "
        f"({escape(fit.model.describe(estimate.lists))})",
        soft_wrap=True,
    )
    console.print(
        f"  estimated total: [bold]{_people(fit.total)}[/] people, of whom "
        f"{_people(fit.missed)} are on no list (standard error {_people(fit.stderr)})",
        soft_wrap=True,
    )
    if interval is not None:
        console.print(
            f"  {interval.level:.0%} profile-likelihood interval for the total: "
            f"{_interval(interval)} (the profile likelihood peaks at "
            f"{_people(interval.multinomial_total)})",
            soft_wrap=True,
        )
    console.print(f"  best by AIC: {escape(str(estimate.best_by_aic))}; ", end="")
    console.print(f"best by BIC: {escape(str(estimate.best_by_bic))}")


def print_estimate(estimate: Estimate, source: str) -> None:
    """Show an estimate: the data, the chosen model, every model, the warnings."""
    lists = ", ".join(estimate.lists)
    console.print(
        f"{escape(source)}: {len(estimate.lists)} lists ({escape(lists)}), "
        f"{estimate.observed:,} people on at least one",
        soft_wrap=True,
    )
    cells = ", ".join(f"{label} {count}" for label, count in estimate.cells)
    console.print(f"  people by the lists they are on: {escape(cells)}", soft_wrap=True)
    console.print()
    if estimate.chosen is not None:
        _print_chosen(estimate.chosen, estimate)
        console.print()
    console.print(_models_table(estimate))
    unusable = [m for m in estimate.models if not m.fit.usable]
    if unusable:
        console.print("Models without a usable estimate:")
        for result in unusable:
            reasons = "; ".join(result.fit.problems)
            console.print(f"  {escape(result.name)}: {escape(reasons)}", soft_wrap=True)
    console.print()
    console.print("[bold]Read with care:[/]")
    for warning in estimate.warnings:
        console.print(f"  [yellow]{warning.code}[/]: {escape(warning.message)}", soft_wrap=True)


def estimate_command(
    lists_csv: Path = typer.Argument(
        ...,
        metavar="LISTS.csv",
        help="One column per list (0 or 1); a row per person, or per history with a count.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the estimate as JSON."),
    criterion: str = typer.Option(
        "aic", help=f"How to choose the model: {' or '.join(CRITERIA)} (AIC, as Rcapture does)."
    ),
    count_column: str = typer.Option(
        "count",
        "--count-column",
        help="The column that holds how many people have each history, if the file has one.",
    ),
    level: float = typer.Option(0.95, help="Confidence level of the intervals."),
) -> None:
    """Estimate how many people no list recorded (multiple-systems estimation).

    People linked across several source lists are counted by which lists name them; Poisson
    log-linear models (independence, and two-way dependences between lists) are fitted to those
    counts, one is chosen by AIC or BIC, and the total with a profile-likelihood interval is
    printed with every model tried and warnings on what the estimate assumes.

    Example: nsdocket estimate lists.csv --criterion bic
    """
    criterion = criterion.lower()
    if criterion not in CRITERIA:
        raise fail(f"--criterion must be {' or '.join(CRITERIA)}, not '{criterion}'")
    if not 0.0 < level < 1.0:
        raise fail(f"--level must be strictly between 0 and 1, not {level}")
    from nsdocket.ingest.errors import ImportFailed
    from nsdocket.stats.capture_csv import read_capture_csv
    from nsdocket.stats.estimate import estimate_population

    try:
        data = read_capture_csv(lists_csv, count_column=count_column)
    except ImportFailed as exc:
        count = len(exc.problems)
        err_console.print(
            f"[bold red]error:[/] cannot estimate from {escape(str(lists_csv))}: {count} "
            f"problem{'s' if count != 1 else ''} found",
            soft_wrap=True,
        )
        for problem in exc.problems:
            err_console.print(f"  {problem}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    estimate = estimate_population(data, criterion=criterion, level=level)
    if as_json:
        print_json(estimate.to_json())
        return
    print_estimate(estimate, str(lists_csv))
