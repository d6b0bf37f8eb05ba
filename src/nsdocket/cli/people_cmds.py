"""Commands that match people across sources and merge defendant records that are one person."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import typer
from rich.table import Table

from nsdocket.cli.common import console, engine_for, fail, print_json, state, user_errors

link_app = typer.Typer(help="Match outside lists to the database.", no_args_is_help=True)


@link_app.command("people")
def link_people_command(
    ctx: typer.Context,
    path: Path = typer.Argument(
        ..., help="CSV: name, and optionally chinese_name, aliases, birth_year, case, arrest_date."
    ),
    threshold: float = typer.Option(0.5, "--threshold", help="Lowest probability of a match."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per input row."),
) -> None:
    """Match each person of an outside list to a defendant, with a probability and the
    evidence for it (names across scripts and romanisations, case, arrest date, birth year).

    Example: nsdocket link people tracker.csv --json
    """
    from nsdocket.people.link_list import link_list

    with user_errors():
        matches = link_list(engine_for(ctx), path, threshold)
    if as_json:
        print_json([m.to_json() for m in matches])
        return
    out = Table(title=f"{path.name}: {sum(m.defendant_id is not None for m in matches)} of "
                f"{len(matches)} matched", title_justify="left")  # fmt: skip
    for column in ("line", "name", "defendant", "probability", "evidence"):
        out.add_column(column)
    for m in matches:
        found = f"{m.name} ({m.defendant_id})" if m.defendant_id is not None else "no match"
        out.add_row(
            str(m.line), m.input_name, found, f"{m.probability:.2f}", "; ".join(m.reasons[:3])
        )
    console.print(out)


def duplicates_command(
    ctx: typer.Context,
    threshold: float = typer.Option(0.5, "--threshold", help="Lowest probability listed."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List defendant records that are probably one person, for review (then
    `defendants merge`).

    Example: nsdocket defendants duplicates
    """
    from nsdocket.people.duplicates import likely_same_people

    with user_errors():
        pairs = likely_same_people(engine_for(ctx), threshold)
    if as_json:
        print_json([dataclasses.asdict(p) for p in pairs])
        return
    if not pairs:
        console.print(f"no two defendants look like one person (threshold {threshold})")
        return
    out = Table(title="defendants that may be one person", title_justify="left")
    for column in ("probability", "defendant", "other", "evidence"):
        out.add_column(column)
    for p in pairs:
        out.add_row(
            f"{p.probability:.2f}",
            f"{p.name} ({p.defendant_id})",
            f"{p.other_name} ({p.other_id})",
            "; ".join(p.reasons[:3]),
        )
    console.print(out)


def merge_defendants_command(
    ctx: typer.Context,
    keep: int = typer.Argument(..., help="The defendant that stays (its id and name)."),
    other: int = typer.Argument(..., help="The defendant merged into it, then deleted."),
    reason: str = typer.Option(..., "--reason", help="Why the two are one person (audited)."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show what would change; change nothing."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Merge two defendant records that are one person, audited: the other's prosecutions,
    names and evidence move to the kept one, its name becomes an alias, and importing the
    same file again fills the kept one. Undo with `nsdocket revert-batch BATCH`.

    Example: nsdocket defendants merge 12 40 --reason "same person, HKID romanisation" --dry-run
    """
    from nsdocket.people.merge import DefendantMergeError, merge_defendants

    with user_errors():
        try:
            report = merge_defendants(
                engine_for(ctx), keep, other, actor=state(ctx).actor, reason=reason,
                dry_run=dry_run,
            )  # fmt: skip
        except DefendantMergeError as exc:
            raise fail(str(exc)) from None
    if as_json:
        print_json(dataclasses.asdict(report))
        return
    after = report.defendant_after
    verb = "would move" if dry_run else "moved"
    lines = [
        f"{'dry run: ' if dry_run else ''}defendant {other} merged into defendant {keep} "
        f"'{after['name']}'",
        f"  {verb} {len(report.prosecutions)} prosecution(s), {len(report.names_moved)} "
        f"name(s), {len(report.evidence_moved)} evidence link(s)",
        f"  aliases: {', '.join(after['aliases']) or '-'}",
        "nothing was changed (--dry-run)"
        if dry_run
        else f"  undo: nsdocket revert-batch {report.batch}",
    ]
    for line in lines:
        console.print(line, markup=False, soft_wrap=True)
