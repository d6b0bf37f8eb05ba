"""Commands for fact-checkers: check stored or filed claims, extract claims from text, lint."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import typer
from rich.table import Table

from nsdocket.cli.common import console, engine_for, fail, print_json, state, user_errors

PLAIN_SUFFIXES = (".txt", ".md", ".markdown", ".text", "")

claims_app = typer.Typer(help="Check published numbers.", no_args_is_help=True)


def read_text_input(path: str) -> str:
    """Text from a file (text, Markdown or HTML) or from standard input with ``-``.

    Text and Markdown are read as they are, so that spans are offsets into the file itself;
    HTML and PDF are turned into text first, and spans are offsets into that text.
    """
    from nsdocket.documents.text import DocumentError, document_text

    if path == "-":
        return sys.stdin.read()
    file = Path(path)
    if file.suffix.lower() in PLAIN_SUFFIXES:
        try:
            return file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise fail(f"{file}: cannot read as UTF-8 text: {exc}") from None
    try:
        return document_text(file).text
    except DocumentError as exc:
        raise fail(str(exc)) from None


@claims_app.command("check")
def claims_check(
    ctx: typer.Context,
    file: Path | None = typer.Option(None, "--file", help="CSV shaped like published_claims.csv."),
    drift: bool = typer.Option(False, help="List claims whose figure changed since last check."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Check each claim: arithmetic, feasible numerators, and the database's figure.

    Example: nsdocket claims check
    """
    from nsdocket.claims.database import check_claims_file, check_stored_claims

    with user_errors():
        engine = engine_for(ctx)
        if file is not None:
            checks = check_claims_file(engine, file)
            if as_json:
                print_json([c.to_json() for c in checks])
                return
            for c in checks:
                console.print(f"\n[bold]{c.verdict.value}[/]: {c.claim.text}")
                console.print(f"  {c.reason}", markup=False)
                if c.figure is not None:
                    console.print(f"  database: {c.figure.summary}", markup=False)
            return
        stored = check_stored_claims(engine, actor=state(ctx).actor)
    if drift:
        stored = [s for s in stored if s.drifted]
        if not stored:
            console.print("no claim's figure has changed since it was last checked")
            return
    if as_json:
        print_json(
            [
                {
                    "claim_id": s.claim_id,
                    **s.check.to_json(),
                    "figure_used": s.figure,
                    "previous_figure": s.previous_figure,
                    "previous_verdict": s.previous_verdict,
                    "drifted": s.drifted,
                }
                for s in stored
            ]
        )
        return
    for s in stored:
        c = s.check
        console.print(f"\n[bold]claim {s.claim_id} — {c.verdict.value}[/]: {c.claim.text}")
        console.print(f"  {c.reason}", markup=False)
        if c.figure is not None:
            console.print(f"  database: {c.figure.summary}", markup=False)
        for note in c.notes:
            console.print(f"  note: {note}", markup=False)
        if s.previous_verdict and s.previous_verdict != c.verdict.value:
            console.print(f"  verdict changed from {s.previous_verdict}", markup=False)
        if s.drifted:
            console.print(
                f"  figure changed: was {s.previous_figure}, now {s.figure}", markup=False
            )


@claims_app.command("extract")
def claims_extract(
    ctx: typer.Context,
    file: str = typer.Argument(..., help="Text, Markdown or HTML file, or - for stdin."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Find numeric claims in a text, link percents to denominators, and check each.

    Example: nsdocket claims extract article.txt
    """
    from nsdocket.claims.textcheck import check_text

    text = read_text_input(file)
    checks = check_text(text)
    if as_json:
        print_json([c.to_json() for c in checks])
        return
    table = Table(title=f"{len(checks)} checks", title_justify="left")
    for column in ("span", "number", "kind", "against", "verdict", "why"):
        table.add_column(column, overflow="fold")
    for c in checks:
        against = c.link.text if c.link else (c.compared_with.text if c.compared_with else "")
        table.add_row(
            f"{c.claim.start}-{c.claim.end}",
            c.claim.text,
            c.kind,
            against,
            c.check.verdict.value,
            c.check.reason,
        )
    console.print(table)


@claims_app.command("lint")
def claims_lint(
    ctx: typer.Context,
    draft: str = typer.Argument(..., help="A draft report (Markdown, HTML or text), or -."),
    as_of: str | None = typer.Option(None, help="Check against figures as of YYYY-MM-DD."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Match every number in a draft to the figure it states; exit 1 if any is off.

    Example: nsdocket claims lint report.md
    """
    from nsdocket.claims.database import lint_draft

    day = dt.date.fromisoformat(as_of) if as_of else None
    text = read_text_input(draft)
    with user_errors():
        findings = lint_draft(engine_for(ctx), text, as_of=day)
    off = [f for f in findings if f.ok is False]
    if as_json:
        print_json([f.__dict__ for f in findings])
    else:
        for f in findings:
            mark = {True: "ok", False: "OFF", None: "?"}[f.ok]
            console.print(f"{mark:>3} {f.start}-{f.end} {f.text!r}: {f.reason}", markup=False)
        console.print(f"{len(off)} of {len(findings)} numbers do not match the database")
    if off:
        raise typer.Exit(1)
