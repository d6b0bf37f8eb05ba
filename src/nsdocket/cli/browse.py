"""Commands that show cases and defendants."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from nsdocket.cli.choices import CASE_STATUSES, ENTITY_KINDS
from nsdocket.cli.common import console, engine_for, fail, print_json, user_errors

cases_app = typer.Typer(help="List and show cases.", no_args_is_help=True)
defendants_app = typer.Typer(
    help="Show defendants, list likely duplicates, merge two records of one person.",
    no_args_is_help=True,
)


@cases_app.command("list")
def cases_list(
    ctx: typer.Context,
    law: str | None = typer.Option(None, help="Law code, e.g. NSL, SNSO, CAP200."),
    status: str | None = typer.Option(None, help=f"One of: {', '.join(CASE_STATUSES)}."),
    year: int | None = typer.Option(None, help="Year of arrest (earliest possible date)."),
    kind: str | None = typer.Option(None, help=f"Defendant kind: {', '.join(ENTITY_KINDS)}."),
    search: str | None = typer.Option(None, help="Words in the title or a defendant's name."),
    limit: int = typer.Option(100, min=1, max=10_000),
    offset: int = typer.Option(0, min=0),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List cases, filtered.

    Example: nsdocket cases list --law NSL --status concluded --kind company
    """
    from nsdocket.queries.cases import CaseFilter, list_cases

    if status and status not in CASE_STATUSES:
        raise fail(f"unknown status '{status}' (known: {', '.join(CASE_STATUSES)})")
    if kind and kind not in ENTITY_KINDS:
        raise fail(f"unknown kind '{kind}' (known: {', '.join(ENTITY_KINDS)})")
    flt = CaseFilter(law=law, status=status, year=year, kind=kind, text=search)
    with user_errors():
        page = list_cases(engine_for(ctx), flt, limit=limit, offset=offset)
    if as_json:
        print_json({"total": page.total, "limit": limit, "offset": offset, "cases": page.rows})
        return
    table = Table(title=f"{page.total} cases", title_justify="left")
    for column in ("id", "title", "status", "defendants", "laws", "first arrest"):
        table.add_column(column)
    for row in page.rows:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(row["defendants"].items()))
        table.add_row(
            str(row["id"]),
            row["title"],
            row["status"],
            kinds,
            ", ".join(row["laws"]),
            row["first_arrest"] or "",
        )
    console.print(table)


def _print_prosecution(p: dict[str, Any], heading: str) -> None:
    console.print(f"\n[bold]{heading}[/] ({p['kind']}) — outcome: {p['outcome']}")
    if p.get("plea"):
        console.print(f"  plea: {p['plea']}", markup=False)
    if p.get("sentence_text"):
        months = f" ({p['sentence_months']} months)" if p.get("sentence_months") else ""
        console.print(f"  sentence: {p['sentence_text']}{months}", markup=False)
    for c in p["charges"]:
        offence = f"{c['law_code']} {c['provision']}" if c.get("provision") else "no offence"
        console.print(
            f"  charge {c['position'] + 1}: {c['text']} [{offence}; {c['outcome']}]",
            markup=False,
        )
    for e in p["events"]:
        date = e["date_edtf"] or "date unknown"
        note = f" ({e['date_note']})" if e["date_note"] else ""
        console.print(f"  {e['kind']}: {date}{note} {e['detail']}".rstrip(), markup=False)
    for s in p["sources"]:
        console.print(f"  source {s['id']}: {s['url'] or s['title']}", markup=False)


@cases_app.command("show")
def cases_show(
    ctx: typer.Context,
    case_id: int = typer.Argument(..., help="Case id (see `cases list`)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show one case: its defendants, charges, dated events and sources.

    Example: nsdocket cases show 3
    """
    from nsdocket.queries.cases import case_detail

    with user_errors():
        detail = case_detail(engine_for(ctx), case_id)
    if as_json:
        print_json(detail)
        return
    console.print(f"[bold]{detail['title']}[/]", markup=True)
    console.print(
        f"status: {detail['status']}; court: {detail['court'] or 'not recorded'}; "
        f"case numbers: {detail['case_numbers'] or 'none recorded'}; "
        f"citations: {detail['citations'] or 'none recorded'}",
        markup=False,
    )
    for p in detail["prosecutions"]:
        _print_prosecution(p, f"{p['name']} (defendant {p['defendant_id']}, prosecution {p['id']})")


@defendants_app.command("show")
def defendants_show(
    ctx: typer.Context,
    defendant_id: int = typer.Argument(..., help="Defendant id."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show one defendant in every case, with charges, dated events and sources.

    Example: nsdocket defendants show 12
    """
    from nsdocket.queries.cases import defendant_detail

    with user_errors():
        detail = defendant_detail(engine_for(ctx), defendant_id)
    if as_json:
        print_json(detail)
        return
    aliases = f" (also: {', '.join(detail['aliases'])})" if detail["aliases"] else ""
    age = f"; age {detail['age']}" + (" at arrest" if detail["age_is_at_arrest"] else "")
    console.print(f"[bold]{detail['name']}[/]{aliases}", markup=True)
    console.print(
        f"kind: {detail['kind']}{age if detail['age'] is not None else ''}; "
        f"as written: {detail['name_original']}"
        + ("; SENSITIVE (withheld from public views)" if detail["sensitive"] else ""),
        markup=False,
    )
    for p in detail["prosecutions"]:
        _print_prosecution(p, f"{p['case_title']} (case {p['case_id']}, prosecution {p['id']})")
