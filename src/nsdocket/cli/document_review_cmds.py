"""Commands that review what documents suggest: their links to cases (documents links,
confirm-link, dismiss-link, relink) and the proposed updates (proposals list, accept, reject).
"""

from __future__ import annotations

import typer
from rich.table import Table
from rich.text import Text

from nsdocket.cli.common import console, engine_for, print_json, state
from nsdocket.cli.documents_cmds import document_errors, documents_app, print_proposals

proposals_app = typer.Typer(
    help="Facts read in documents, proposed as updates: list, accept, reject.",
    no_args_is_help=True,
)


@documents_app.command("links")
def documents_links(
    ctx: typer.Context,
    status: str | None = typer.Option(
        "ambiguous", help="linked, ambiguous, confirmed or dismissed; 'all' for every link."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List links between documents and cases; by default the ambiguous ones, for review.

    Example: nsdocket documents links --status ambiguous
    """
    from nsdocket.documents.linking import list_links

    with document_errors():
        rows = list_links(engine_for(ctx), status=None if status == "all" else status)
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print(f"no {status} links" if status != "all" else "no links")
        return
    table = Table(title=f"{len(rows)} links", title_justify="left")
    for column in ("link", "document", "case", "matched", "at", "status"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            str(r["id"]), Text(f"{r['document_id']} {r['document_title']}"),
            Text(f"{r['case_id']} {r['case_title']}"), Text(r["matched"]),
            f"{r['span_start']}-{r['span_end']}", r["status"],
        )  # fmt: skip
    console.print(table)


@documents_app.command("confirm-link")
def documents_confirm_link(
    ctx: typer.Context, link_id: int = typer.Argument(..., help="Link id.")
) -> None:
    """Confirm a link (an ambiguous one: its rival candidates are dismissed).

    Example: nsdocket documents confirm-link 7
    """
    from nsdocket.documents.linking import decide_link

    with document_errors():
        changed = decide_link(engine_for(ctx), link_id, "confirmed", actor=state(ctx).actor)
    console.print(f"confirmed link {link_id}; {len(changed)} link(s) changed")


@documents_app.command("dismiss-link")
def documents_dismiss_link(
    ctx: typer.Context, link_id: int = typer.Argument(..., help="Link id.")
) -> None:
    """Dismiss a link: the document does not concern that case.

    Example: nsdocket documents dismiss-link 8
    """
    from nsdocket.documents.linking import decide_link

    with document_errors():
        decide_link(engine_for(ctx), link_id, "dismissed", actor=state(ctx).actor)
    console.print(f"dismissed link {link_id}")


@documents_app.command("relink")
def documents_relink(ctx: typer.Context) -> None:
    """Link every stored document again (after cases changed) and make new proposals.

    Example: nsdocket documents relink
    """
    from nsdocket.documents.store import relink_documents

    with document_errors():
        links, proposals = relink_documents(engine_for(ctx), actor=state(ctx).actor)
    console.print(f"{links} link(s) made or changed, {proposals} new proposal(s)")


@proposals_app.command("list")
def proposals_list(
    ctx: typer.Context,
    status: str = typer.Option("pending", help="pending, accepted, rejected or all."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List proposed updates with the passage each rests on.

    Example: nsdocket proposals list
    """
    from nsdocket.documents.proposals import list_proposals

    with document_errors():
        rows = list_proposals(engine_for(ctx), status=None if status == "all" else status)
    if as_json:
        print_json(rows)
        return
    print_proposals(rows, heading=f"{status} proposals")


@proposals_app.command("accept")
def proposals_accept(
    ctx: typer.Context, proposal_id: int = typer.Argument(..., help="Proposal id.")
) -> None:
    """Apply a proposal: an audited update, with the passage cited as evidence.

    Example: nsdocket proposals accept 3
    """
    from nsdocket.documents.proposals import accept_proposal

    with document_errors():
        evidence_id = accept_proposal(engine_for(ctx), proposal_id, actor=state(ctx).actor)
    console.print(f"accepted proposal {proposal_id}; the passage is evidence {evidence_id}")


@proposals_app.command("reject")
def proposals_reject(
    ctx: typer.Context,
    proposal_id: int = typer.Argument(..., help="Proposal id."),
    reason: str = typer.Option("", help="Why (kept in the audit log)."),
) -> None:
    """Reject a proposal; it is kept as rejected and not proposed again.

    Example: nsdocket proposals reject 4 --reason "that is the starting point, not the sentence"
    """
    from nsdocket.documents.proposals import reject_proposal

    with document_errors():
        reject_proposal(engine_for(ctx), proposal_id, actor=state(ctx).actor, reason=reason)
    console.print(f"rejected proposal {proposal_id}")
