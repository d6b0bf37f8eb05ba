"""The ``nsdocket`` command: global options and the command groups."""

from __future__ import annotations

import os

import typer

from nsdocket import __version__
from nsdocket.cli import (
    audit_cmds,
    browse,
    changes_cmds,
    claims_cmds,
    coding_cmds,
    curation_cmds,
    data_cmds,
    document_review_cmds,
    documents_cmds,
    estimate_cmds,
    lineage_cmds,
    people_cmds,
    publish_cmds,
    stats_cmds,
    web_cmds,
)
from nsdocket.cli.common import State, console, engine_for, state, user_errors
from nsdocket.config import database_folder

app = typer.Typer(
    name="nsdocket",
    help="Monitor national-security prosecutions: cases, coding, honest figures, claim checks.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


def _version(value: bool) -> None:
    if value:
        console.print(f"nsdocket {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None,
        "--db",
        help="SQLite file or SQLAlchemy URL (default: $NSDOCKET_DATABASE_URL, else ./nsdocket.db).",
    ),
    actor: str = typer.Option("cli", help="Name recorded in the audit log for changes."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True),
) -> None:
    """nsdocket: figures about national-security prosecutions that anyone can audit."""
    ctx.obj = State(db=db, actor=actor)


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Bring the database schema up to the newest version.

    Example: nsdocket db upgrade
    """
    from nsdocket.db.engine import head_revision, upgrade

    url = ctx.find_root().obj.url
    with user_errors():
        upgrade(url)
    console.print(f"schema at version {head_revision(url)}")


@db_app.command("version")
def db_version(ctx: typer.Context) -> None:
    """Print the schema version the database records and the newest one known.

    Example: nsdocket db version
    """
    from nsdocket.db.engine import current_revision, head_revision, make_engine

    url = ctx.find_root().obj.url
    with user_errors():
        current = current_revision(make_engine(url))
    console.print(f"database: {current or 'empty'}; newest: {head_revision(url)}")


@app.command("setup")
def setup(
    ctx: typer.Context,
    serve: bool = typer.Option(
        not os.environ.get("NSDOCKET_NO_SERVE"),
        help="Start the web app afterwards (default unless NSDOCKET_NO_SERVE is set).",
    ),
    host: str = typer.Option("127.0.0.1", help="Address for the web app."),
    port: int = typer.Option(8000, help="Port for the web app."),
) -> None:
    """What `make run` does: create the database, load the bundled data, print the summary,
    the headline figures and the comparison with published figures, then serve the web app.

    Example: nsdocket setup --no-serve
    """
    from nsdocket.first_admin import ensure_first_admin
    from nsdocket.stats.figures import headline_figures
    from nsdocket.stats.seed_compare import compare_with_published

    data_cmds.init_command(ctx, bundled=True)
    data_cmds.summary_command(ctx, as_json=False)
    with user_errors():
        engine = engine_for(ctx)
        figures = headline_figures(engine)
        comparisons = compare_with_published(engine)
        first = ensure_first_admin(engine, database_folder(state(ctx).url))
    stats_cmds.print_figures(figures, "Headline figures (scope amnesty-2025, people)")
    stats_cmds.print_comparisons(comparisons, with_rows=False)
    base_url = f"http://{host}:{port}"
    if first:
        expires = first.expires_at.strftime("%Y-%m-%d %H:%M UTC")
        console.print(
            f"\nFirst admin account [bold]{first.username}[/]: open this link to choose your "
            f"password (it works once, until {expires}):\n  {first.link(base_url)}\n"
            f"The one-time password is also in {first.password_file} (readable only by you).",
            soft_wrap=True,
        )
    if serve:
        console.print(
            f"\nServing the web app at {base_url}/ : press Ctrl+C to stop it "
            "(PORT=8001 make run picks another port).",
            soft_wrap=True,
        )
        web_cmds.serve_command(ctx, host=host, port=port)


app.command("init")(data_cmds.init_command)
app.command("summary")(data_cmds.summary_command)
app.command("export")(data_cmds.export_command)
app.command("history")(audit_cmds.history_command)
app.command("revert")(audit_cmds.revert_command)
app.command("revert-batch")(audit_cmds.revert_batch_command)
app.command("conflicts")(audit_cmds.conflicts_command)
app.command("changes")(changes_cmds.changes_command)
app.add_typer(data_cmds.import_app, name="import")
app.add_typer(browse.cases_app, name="cases")
browse.cases_app.command("merge")(curation_cmds.merge_command)
# lineage: a case's appeals, reviews and retrials (nsdocket.lineage)
browse.cases_app.command("link")(lineage_cmds.link_command)
browse.cases_app.command("lineage")(lineage_cmds.lineage_command)
browse.cases_app.command("find-links")(lineage_cmds.find_links_command)
browse.cases_app.command("links")(lineage_cmds.links_command)
browse.cases_app.command("confirm-link")(lineage_cmds.confirm_link_command)
browse.cases_app.command("dismiss-link")(lineage_cmds.dismiss_link_command)
app.add_typer(browse.defendants_app, name="defendants")
browse.defendants_app.command("duplicates")(people_cmds.duplicates_command)
browse.defendants_app.command("merge")(people_cmds.merge_defendants_command)
app.add_typer(people_cmds.link_app, name="link")
app.add_typer(audit_cmds.evidence_app, name="evidence")
app.add_typer(db_app, name="db")
app.add_typer(stats_cmds.stats_app, name="stats")
app.add_typer(coding_cmds.codings_app, name="codings")
app.command("compare-seed")(stats_cmds.compare_seed_command)
# How many people no list recorded, from linked lists (nsdocket.stats.estimate).
app.command("estimate")(estimate_cmds.estimate_command)
app.add_typer(claims_cmds.claims_app, name="claims")
app.command("code")(coding_cmds.code_command)
app.command("agreement")(coding_cmds.agreement_command)
app.command("disagreements")(coding_cmds.disagreements_command)
app.command("adjudicate")(coding_cmds.adjudicate_command)
app.command("serve")(web_cmds.serve_command)
app.add_typer(web_cmds.users_app, name="users")

# documents: ingest, search, extract, proposals (nsdocket.documents)
app.add_typer(documents_cmds.documents_app, name="documents")
app.add_typer(document_review_cmds.proposals_app, name="proposals")
app.command("search")(documents_cmds.search_command)
app.command("extract")(documents_cmds.extract_command)

# Publishing: the report and the open data release.
app.command("report")(publish_cmds.report_command)
app.command("release")(publish_cmds.release_command)
