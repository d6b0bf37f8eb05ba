"""Commands for fact-checkers: check stored or filed claims, extract claims from text, lint."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import typer
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from nsdocket.cli.common import console, engine_for, fail, print_json, state, user_errors

claims_app = typer.Typer(help="Check published numbers.", no_args_is_help=True)


def read_text_input(path: str) -> str:
    """Text from a file (text, Markdown or HTML) or from standard input with ``-``.

    Text and Markdown are read as they are (line endings too), so that spans are offsets into
    the file itself; HTML and PDF are turned into text first, and spans are offsets into that
    text (see `nsdocket.documents.text.OFFSETS_INTO`).
    """
    from nsdocket.documents.text import DocumentError, file_text

    if path == "-":
        return sys.stdin.read()
    try:
        return file_text(Path(path))[0]
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
    published: str | None = typer.Option(
        None, help="When the text was published (YYYY-MM-DD): the date of numbers that give none."
    ),
    offline: bool = typer.Option(
        False, help="Check the numbers against each other only, not against the database."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Find every number in a text, what it counts, and check each: against the text's other
    numbers, the official figures nearest its date and the database's own figure.

    Offsets are code points into the file's own text (for HTML, into the text extracted from
    it). Every number gets a line, "not checkable" with its reason when nothing could check it.

    Example: nsdocket claims extract article.txt --published 2025-06-30
    """
    from nsdocket.claims.numbers import check_numbers

    day = _date(published, "--published")
    text = read_text_input(file)
    with user_errors():
        engine = None if offline else engine_for(ctx)
        rows = check_numbers(text, engine=engine, published=day)
    if as_json:
        print_json({"offsets": _offsets_note(file), "claims": [r.to_json() for r in rows]})
        return
    console.print(f"[bold]{len(rows)} numbers[/]")
    for r in rows:
        c = r.claim
        what = ", ".join(
            f"{k} {v}" for k, v in (("unit", c.unit), ("stage", c.stage), ("law", c.law),
                                    ("period", c.period)) if v
        )  # fmt: skip
        console.print(
            f"\n{c.start}-{c.end} {c.text!r} {c.kind.value}" + (f" ({what})" if what else ""),
            markup=False,
        )
        block = Table.grid(padding=(0, 1))
        block.add_column(no_wrap=True, style="dim")
        block.add_column(ratio=1)
        for a in r.arithmetic:
            block.add_row(a.kind, Text(f"{a.check.verdict.value}: {a.check.reason}"))
        for rec in r.record:
            block.add_row(rec.against, Text(f"{rec.verdict.value}: {rec.reason}"))
        console.print(Padding(block, (0, 0, 0, 2)))


def _date(text: str | None, option: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option} must be a date YYYY-MM-DD, not '{text}'") from None


def _offsets_note(file: str) -> str:
    from nsdocket.documents.text import OFFSETS_INTO

    if file == "-":
        return "code points into the text read from standard input"
    suffix = Path(file).suffix.lower()
    kind = "html" if suffix in (".html", ".htm") else "pdf" if suffix == ".pdf" else "text"
    return OFFSETS_INTO[kind]


@claims_app.command("official")
def claims_official(
    ctx: typer.Context,
    problems_only: bool = typer.Option(False, "--problems", help="Only the contradictions."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Check the stored official and tracker figures: stages in order within each statement,
    running totals that never fall, and the database's own count by each date.

    Example: nsdocket claims official --problems
    """
    from nsdocket.claims.official_check import check_official_figures
    from nsdocket.claims.record_model import RecordVerdict

    with user_errors():
        checks = check_official_figures(engine_for(ctx))
    if problems_only:
        checks = [c for c in checks if c.verdict is RecordVerdict.CONTRADICTS]
    if as_json:
        print_json([c.to_json() for c in checks])
        return
    for c in checks:
        f = c.figure
        console.print(
            f"{c.verdict.value:>12} {f.as_of} {f.publisher} ({f.scope}), {c.stage} "
            f"{f.counts.get(c.stage)} [{c.check}]: {c.reason}",
            markup=False,
            soft_wrap=True,
        )
    bad = sum(c.verdict is RecordVerdict.CONTRADICTS for c in checks)
    console.print(f"{len(checks)} checks, {bad} contradictions")


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
    from nsdocket.claims.lint import lint_draft

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
