"""Commands that curate the case database by hand: merging two cases flagged as one."""

from __future__ import annotations

import dataclasses

import typer

from nsdocket.cli.common import console, engine_for, fail, print_json, state, user_errors


def merge_command(
    ctx: typer.Context,
    keep: int = typer.Argument(..., help="The case that stays (its id, title and key)."),
    other: int = typer.Argument(..., help="The case merged into it, then deleted."),
    reason: str = typer.Option(..., "--reason", help="Why the two are one case (audited)."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show what would change; change nothing."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Merge two cases that are one prosecution (as `import cases` flags them), audited: the
    other case's prosecutions, document links and evidence move to the kept case, and their
    numbers, citations and keys are united, so importing the seed file again fills it.

    Example: nsdocket cases merge 7 8 --reason "HCCC 69/2022 written twice" --dry-run
    """
    from nsdocket.curation import MergeError, merge_cases

    with user_errors():
        try:
            report = merge_cases(
                engine_for(ctx),
                keep,
                other,
                actor=state(ctx).actor,
                reason=reason,
                dry_run=dry_run,
            )
        except MergeError as exc:
            raise fail(str(exc)) from None
    if as_json:
        print_json(dataclasses.asdict(report))
        return
    verb = "would move" if dry_run else "moved"
    after = report.case_after
    lines = [
        f"{'dry run: ' if dry_run else ''}case {other} merged into case {keep} '{after['title']}'",
        f"  {verb} {len(report.prosecutions)} prosecution(s), "
        f"{len(report.links_moved)} document link(s), "
        f"{len(report.evidence_moved)} evidence link(s)",
        f"  united {len(report.links_united)} document link(s); "
        f"{len(report.evidence_dropped)} duplicate evidence link(s) dropped",
        f"  case numbers: {after['case_numbers'] or '-'}; status: {after['status']}",
        f"  keys: {after['case_key']} (aliases: {', '.join(after['key_aliases']) or '-'})",
    ]
    if dry_run:
        lines.append("nothing was changed (--dry-run)")
    for line in lines:
        console.print(line, markup=False, soft_wrap=True)
