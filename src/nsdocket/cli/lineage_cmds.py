"""Commands that link a case to its appeal, review or retrial, and show a case's lineage:
cases link, find-links, links, confirm-link, dismiss-link, lineage (registered under `cases`
by `nsdocket.cli.main`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.table import Table
from rich.text import Text

from nsdocket.cli.choices import LINK_KINDS, LINK_STATUSES
from nsdocket.cli.common import console, engine_for, fail, print_json, state, user_errors


@contextmanager
def lineage_errors() -> Iterator[None]:
    """`user_errors`, plus the lineage library's own input errors."""
    from nsdocket.lineage import LinkError

    with user_errors():
        try:
            yield
        except LinkError as exc:
            raise fail(str(exc)) from None


def link_command(
    ctx: typer.Context,
    lower: int = typer.Argument(..., help="The earlier case (the trial, or the appeal below)."),
    later: int = typer.Argument(..., help="The case that follows it."),
    kind: str = typer.Option(..., "--kind", help=f"One of: {', '.join(LINK_KINDS)}."),
    note: str = typer.Option("", help="Why (kept in the link and the audit log)."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show what would change; change nothing."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Record by hand that case LATER is an appeal, review or retrial of case LOWER (audited).

    A defendant's prosecutions in both cases then count as one, with the outcome of the last
    step decided by the as-of date. An existing proposal for the pair is confirmed.

    Example: nsdocket cases link 12 31 --kind appeal --note "CACC 123/2023 is the appeal" --dry-run
    """
    from nsdocket.lineage import link_cases

    with lineage_errors():
        report = link_cases(
            engine_for(ctx),
            lower,
            later,
            kind=kind,
            actor=state(ctx).actor,
            note=note,
            dry_run=dry_run,
        )
    if as_json:
        print_json(dataclasses.asdict(report))
        return
    prefix = "dry run: " if dry_run else ""
    what = "would link" if dry_run else "linked"
    if not report.changed:
        what = "already linked:"
    console.print(
        f"{prefix}{what} case {later} as the {kind} of case {lower}", markup=False, soft_wrap=True
    )
    if report.shared:
        console.print(f"  one prosecution each for: {', '.join(report.shared)}", markup=False)
    else:
        console.print("  no defendant is in both cases: the link changes no figure", markup=False)
    if dry_run:
        console.print("nothing was changed (--dry-run)")


def find_links_command(
    ctx: typer.Context,
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be made; keep nothing."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Find appeals, reviews and retrials by case number and citation (audited).

    A link that rests on an explicit case number of one case, with a defendant in both, is
    applied; the others are proposed for review (`cases links`, `cases confirm-link`).

    Example: nsdocket cases find-links --dry-run
    """
    from nsdocket.lineage import find_case_links

    with lineage_errors():
        report = find_case_links(engine_for(ctx), actor=state(ctx).actor, dry_run=dry_run)
    if as_json:
        print_json(dataclasses.asdict(report))
        return
    if dry_run:
        for p in report.planned:
            status = "apply" if p.certain else "propose"
            console.print(
                f"would {status}: case {p.later_case_id} as the {p.kind} of case {p.case_id} "
                f"({p.evidence})",
                markup=False,
                soft_wrap=True,
            )
        console.print(f"{len(report.planned)} link(s) found; nothing was changed (--dry-run)")
        return
    console.print(
        f"{len(report.linked)} link(s) applied, {len(report.proposed)} proposed, "
        f"{len(report.upgraded)} proposal(s) now certain"
    )


def links_command(
    ctx: typer.Context,
    status: str = typer.Option("proposed", help=f"{', '.join(LINK_STATUSES)}, or all."),
    case_id: int | None = typer.Option(None, "--case", help="Only the links of this case."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List links between cases and their appeals; by default the proposed ones, for review.

    Example: nsdocket cases links --status proposed
    """
    from nsdocket.lineage import list_case_links

    if status != "all" and status not in LINK_STATUSES:
        raise fail(f"unknown status '{status}' (known: {', '.join(LINK_STATUSES)}, all)")
    with lineage_errors():
        rows = list_case_links(
            engine_for(ctx), status=None if status == "all" else status, case_id=case_id
        )
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print(f"no {status} links" if status != "all" else "no links")
        return
    table = Table(title=f"{len(rows)} links", title_justify="left")
    for column in ("link", "case", "later case", "kind", "found by", "status", "shared"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            str(r["id"]), Text(f"{r['case_id']} {r['case_title']}"),
            Text(f"{r['later_case_id']} {r['later_title']}"), r["kind"],
            Text(f"{r['how']}: {r['evidence']}" if r["evidence"] else r["how"]),
            r["status"], str(r["shared"]),
        )  # fmt: skip
    console.print(table)


def _decide(ctx: typer.Context, link_id: int, decision: str, reason: str) -> bool:
    from nsdocket.lineage import decide_case_link

    with lineage_errors():
        return decide_case_link(
            engine_for(ctx), link_id, decision, actor=state(ctx).actor, reason=reason
        )


def confirm_link_command(
    ctx: typer.Context,
    link_id: int = typer.Argument(..., help="Link id (see `cases links`)."),
    reason: str = typer.Option("", help="Why (kept in the audit log)."),
) -> None:
    """Confirm a proposed link: the two cases' shared prosecutions now count as one.

    Example: nsdocket cases confirm-link 4 --reason "the CA judgment names HCCC 69/2022"
    """
    changed = _decide(ctx, link_id, "confirm", reason)
    console.print(f"confirmed link {link_id}" if changed else f"link {link_id} was confirmed")


def dismiss_link_command(
    ctx: typer.Context,
    link_id: int = typer.Argument(..., help="Link id (see `cases links`)."),
    reason: str = typer.Option("", help="Why (kept in the audit log)."),
) -> None:
    """Dismiss a link: the later case is not a step of the other (not proposed again).

    Example: nsdocket cases dismiss-link 5 --reason "cited as an authority only"
    """
    changed = _decide(ctx, link_id, "dismiss", reason)
    console.print(f"dismissed link {link_id}" if changed else f"link {link_id} was dismissed")


def lineage_command(
    ctx: typer.Context,
    case_id: int = typer.Argument(..., help="Any case of the chain."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show a case's chain: the cases it follows and that follow it, and each defendant's
    outcome at every step with the one that stands (what the figures count).

    Example: nsdocket cases lineage 12
    """
    from nsdocket.lineage import lineage_of

    with lineage_errors():
        found = lineage_of(engine_for(ctx), case_id)
    if as_json:
        print_json(dataclasses.asdict(found))
        return
    titles = {c.id: c.title for c in found.cases}
    for c in found.cases:
        indent = "  " * c.depth
        how = f"  [{c.kind} of case {c.follows}; {c.how}, {c.status}]" if c.link_id else ""
        numbers = f" ({c.case_numbers})" if c.case_numbers else ""
        console.print(f"{indent}case {c.id}: {c.title}{numbers}{how}", markup=False, soft_wrap=True)
    if len(found.cases) == 1:
        console.print("no appeal, review or retrial is linked to this case")
    for p in found.prosecutions:
        sentenced = p.outcome == "convicted" and p.sentence_months is not None
        months = f", {p.sentence_months} months" if sentenced else ""
        console.print(f"\n{p.name}: stands {p.outcome}{months}", markup=False)
        for s in p.steps:
            date = f" ({s.decided_on})" if s.decided_on else ""
            console.print(
                f"  case {s.case_id} {titles[s.case_id]}: {s.outcome}{date}",
                markup=False,
                soft_wrap=True,
            )
