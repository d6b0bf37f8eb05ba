"""Publishing commands: the report (HTML and PDF) and the open data release."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from nsdocket.cli.choices import DEFAULT_SCOPE
from nsdocket.cli.common import console, engine_for, fail, user_errors


def _day(text: str, option: str = "--as-of") -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option} must be a date YYYY-MM-DD, not '{text}'") from None


def report_command(
    ctx: typer.Context,
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        help="Facts that happened by YYYY-MM-DD, with today's codings (default: today).",
    ),
    out: Path = typer.Option(..., "--out", help="The HTML file to write (self-contained)."),
    pdf: Path | None = typer.Option(None, "--pdf", help="Also write the report as PDF here."),
    scope: str = typer.Option(DEFAULT_SCOPE, help="Scope profile (see `stats --list-scopes`)."),
    as_recorded: str | None = typer.Option(
        None,
        "--as-recorded",
        help="The database as it stood at the end of YYYY-MM-DD (from the audit log), to "
        "reproduce a past publication.",
    ),
) -> None:
    """Write the report: headline figures, charts, methodology, defendants, claim checks.

    Two clocks: --as-of DATE counts the facts that happened by DATE, judged with the codings
    and corrections as they stand today; --as-recorded DATE rebuilds the database as it stood
    that day. The report says which it used. The same database, scope and dates give the same
    file, apart from its generated-at line.

    Example: nsdocket report --as-of 2025-06-30 --out report.html --pdf report.pdf
    """
    from nsdocket.report import build_report, write_html, write_pdf
    from nsdocket.stats.scopes import ScopeError

    recorded = _day(as_recorded, "--as-recorded") if as_recorded else None
    day = _day(as_of) if as_of else (recorded or dt.date.today())
    with user_errors():
        try:
            report = build_report(engine_for(ctx), day, scope=scope, as_recorded=recorded)
        except ScopeError as exc:
            raise fail(str(exc.args[0])) from None
    try:
        write_html(report, out)
    except OSError as exc:
        raise fail(f"cannot write {out}: {exc.strerror}") from None
    console.print(
        f"wrote {out} ({len(report.data.figures)} figures,{report.data.figures[0].when})"
        if report.data.figures
        else f"wrote {out}",
        markup=False,
        soft_wrap=True,
    )
    if pdf is not None:
        try:
            write_pdf(report.html, pdf)
        except OSError as exc:
            raise fail(
                f"cannot write {pdf}: {exc} (WeasyPrint needs Pango: `make publishing-deps`)"
            ) from None
        console.print(f"wrote {pdf}", markup=False, soft_wrap=True)


def release_command(
    ctx: typer.Context,
    out_dir: Path = typer.Argument(..., help="A new (or empty) folder for the release."),
    since: Path | None = typer.Option(
        None, "--since", help="A previous release folder: list the rows changed since it."
    ),
    coder_names: bool = typer.Option(
        False,
        "--coder-names",
        help="Publish coders' and reviewers' names; by default they are coder-1, coder-2 ...",
    ),
) -> None:
    """Write an open data release: CSVs, datapackage.json, SQLite + Datasette metadata,
    checksums and a changelog. Sensitive fields are withheld; accounts and the audit log are
    left out; coders and reviewers are named by pseudonym unless --coder-names is given.

    Example: nsdocket release releases/2025-06-30 --since releases/2024-06-30
    """
    from nsdocket.release import ReleaseError, write_release

    with user_errors():
        try:
            release = write_release(engine_for(ctx), out_dir, since=since, coder_names=coder_names)
        except ReleaseError as exc:
            raise fail(str(exc)) from None
    total = sum(release.rows.values())
    console.print(
        f"wrote {out_dir}: {len(release.rows)} tables, {total} rows, {len(release.files)} files",
        markup=False,
        soft_wrap=True,
    )
    if release.changes is not None:
        changed = [c for c in release.changes if c.any]
        for c in changed:
            console.print(
                f"  {c.table}: {len(c.added)} added, {len(c.changed)} changed, "
                f"{len(c.removed)} removed",
                markup=False,
                soft_wrap=True,
            )
        if not changed:
            console.print(f"  nothing changed since {since}", markup=False, soft_wrap=True)
    console.print(
        f"  check: frictionless validate {out_dir / 'datapackage.json'}\n"
        f"  browse: datasette {out_dir / 'nsdocket.db'} -m {out_dir / 'metadata.json'}",
        markup=False,
        soft_wrap=True,
    )
