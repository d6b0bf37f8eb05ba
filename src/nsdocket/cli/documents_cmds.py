"""Commands that store and read documents: documents add, list, show; search; extract.

Thin: each command calls one library function in `nsdocket.documents` and prints the result.
Text from documents is printed as plain text (never as rich markup), matches highlighted by
offset. Reviewing what the documents suggest (case links, proposals) is in
`document_review_cmds`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from nsdocket.cli.choices import DOCUMENT_KINDS
from nsdocket.cli.common import console, engine_for, fail, print_json, state, user_errors

if TYPE_CHECKING:
    from nsdocket.documents.store import AddReport

documents_app = typer.Typer(
    help="Judgments and reports: add, list, show, links.", no_args_is_help=True
)


@contextmanager
def document_errors() -> Iterator[None]:
    """`user_errors`, plus the document library's own input errors."""
    from nsdocket.documents.evidence import PassageError
    from nsdocket.documents.proposals import ProposalError
    from nsdocket.documents.text import DocumentError

    with user_errors():
        try:
            yield
        except (DocumentError, PassageError, ProposalError) as exc:
            raise fail(str(exc)) from None


def _kind_option(kind: str | None) -> None:
    if kind is not None and kind not in DOCUMENT_KINDS:
        raise fail(f"unknown kind '{kind}' (known: {', '.join(DOCUMENT_KINDS)})")


def _report_json(report: AddReport, missing: list[Any]) -> dict[str, Any]:
    return {
        "added": [{**a.__dict__, "path": str(a.path)} for a in report.added],
        "duplicates": [{**d.__dict__, "path": str(d.path)} for d in report.duplicates],
        "broken": [{**b.__dict__, "path": str(b.path)} for b in [*missing, *report.broken]],
    }


@documents_app.command("add")
def documents_add(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(..., help="Files or folders (searched recursively)."),
    kind: str | None = typer.Option(None, help=f"Kind for all: {', '.join(DOCUMENT_KINDS)}."),
    max_mb: float = typer.Option(20.0, "--max-mb", min=0.001, help="Skip larger files (MB)."),
    public: bool | None = typer.Option(
        None,
        "--public/--team-only",
        help="Who may search and read them (default: judgments public, others team-only).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Store judgments and reports (HTML, PDF, text), extract spans, link them to cases.

    Files already stored (same content hash) are skipped; broken files are listed at the end
    and skipped without stopping the rest. Public documents can be searched and read by anyone,
    with the names the public view withholds masked.

    Example: nsdocket documents add judgments/ reports/amnesty-2025.txt
    """
    from nsdocket.documents.store import add_documents, collect_files

    _kind_option(kind)
    files, missing = collect_files(paths)
    with document_errors():
        engine = engine_for(ctx)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
            disable=as_json,
        ) as progress:
            task = progress.add_task("reading documents", total=len(files))
            report = add_documents(
                engine,
                files,
                actor=state(ctx).actor,
                kind=kind,
                public=public,
                max_bytes=int(max_mb * 1024 * 1024),
                on_done=lambda _path: progress.advance(task),
            )
    if as_json:
        print_json(_report_json(report, missing))
        return
    if report.added:
        table = Table(title=f"{len(report.added)} documents added", title_justify="left")
        for column in ("id", "file", "kind", "spans", "case links", "proposals"):
            table.add_column(column)
        for a in report.added:
            table.add_row(
                str(a.document_id), Text(str(a.path)), a.kind, str(a.spans), str(a.links),
                str(a.proposals),
            )  # fmt: skip
        console.print(table)
    for d in report.duplicates:
        console.print(f"already stored: {d.path} (document {d.document_id})", markup=False)
    broken = [*missing, *report.broken]
    if broken:
        console.print(f"skipped {len(broken)} file{'s' if len(broken) != 1 else ''}:")
        for b in broken:
            console.print(f"  {b.path}: {b.reason}", markup=False, soft_wrap=True)
    if not (report.added or report.duplicates or broken):
        console.print("no documents found (looked for .html, .htm, .pdf, .txt, .md)")


@documents_app.command("publish")
def documents_publish(
    ctx: typer.Context,
    document_id: int = typer.Argument(..., help="The document's id."),
    team_only: bool = typer.Option(False, "--team-only", help="Make it team-only instead."),
) -> None:
    """Make a document public (anyone may search and read it) or team-only (audited).

    Example: nsdocket documents publish 3 --team-only
    """
    from nsdocket.documents.store import set_public

    with document_errors():
        changed = set_public(engine_for(ctx), document_id, not team_only, actor=state(ctx).actor)
    who = "team-only" if team_only else "public"
    console.print(f"document {document_id} is {who}" + ("" if changed else " (it already was)"))


@documents_app.command("list")
def documents_list(
    ctx: typer.Context,
    kind: str | None = typer.Option(None, help="Only this kind."),
    case_id: int | None = typer.Option(None, "--case", help="Only documents linked to a case."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List stored documents.

    Example: nsdocket documents list --kind judgment
    """
    from nsdocket.documents.store import list_documents

    with document_errors():
        rows = list_documents(engine_for(ctx), kind=kind, case_id=case_id)
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"{len(rows)} documents", title_justify="left")
    for column in ("id", "title", "kind", "court", "year", "lang", "spans", "cases"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            str(r["id"]), Text(r["title"]), r["kind"], r["court"], str(r["year"] or ""),
            r["language"], str(r["spans"]), str(r["cases"]),
        )  # fmt: skip
    console.print(table)


def _span_detail(kind: str, fields: dict[str, Any]) -> str:
    """The normalised fields of a span in a few words."""
    if kind == "citation":
        return str(fields.get("court_name", ""))
    if kind == "case_number":
        return ", ".join(fields.get("numbers", []))
    if kind == "statute":
        offences = fields.get("offences") or []
        found = f"{fields.get('law', '')} {','.join(fields.get('provisions', []))}"
        return found + (f" → {', '.join(offences)}" if offences else "")
    if kind == "sentence":
        found = str(fields.get("kind", ""))
        if fields.get("months") is not None:
            found += f", {fields['months']} months"
        if fields.get("amount_hkd"):
            found += f", HK${fields['amount_hkd']:,}"
        return found
    return str(fields.get("iso", "")) if kind == "date" else ""


def _span_line(span: dict[str, Any]) -> Text:
    line = Text(f"  {span['span_start']}-{span['span_end']}  ")
    line.append(span["text"], style="bold")
    detail = _span_detail(span["kind"], span["fields"])
    if detail:
        line.append(f"  ({detail})")
    return line


@documents_app.command("show")
def documents_show(
    ctx: typer.Context,
    document_id: int = typer.Argument(..., help="Document id."),
    with_text: bool = typer.Option(False, "--text", help="Print the full text too."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show a document: its citations, statutes, sentences, dates, linked cases, proposals.

    Offsets are code points into the stored text, as `evidence add --start/--end` takes them.

    Example: nsdocket documents show 3
    """
    from nsdocket.documents.store import document_detail

    with document_errors():
        d = document_detail(engine_for(ctx), document_id, with_text=with_text)
    if as_json:
        print_json(d)
        return
    console.print(Text(f"document {d['id']}: {d['title']}", style="bold"))
    console.print(
        Text(
            f"{d['file_name']} · {d['format']} · {d['kind']} · court {d['court'] or '?'} · "
            f"year {d['year'] or '?'} · {d['language']} · {d['size']:,} bytes · "
            f"sha256 {d['sha256'][:16]}…"
        )
    )
    for kind, label in (
        ("citation", "citations"),
        ("case_number", "case numbers"),
        ("statute", "statute references"),
        ("sentence", "sentences"),
        ("date", "dates"),
    ):
        spans = d["spans"].get(kind, [])
        console.print(f"[bold]{label}[/] ({len(spans)})")
        for span in spans:
            console.print(_span_line(span))
    console.print(f"[bold]linked cases[/] ({len(d['links'])})")
    for link in d["links"]:
        console.print(
            Text(
                f"  case {link['case_id']} {link['case_title']} — {link['status']}, by "
                f"'{link['span_text']}' at {link['span_start']}-{link['span_end']} (link "
                f"{link['id']})"
            )
        )
    print_proposals(d["proposals"], heading="proposals")
    if with_text:
        console.print(Text(d["text"]))


def search_command(
    ctx: typer.Context,
    query: str = typer.Argument(..., help='Words and "quoted phrases", English or Chinese.'),
    case_id: int | None = typer.Option(None, "--case", help="Only documents linked to a case."),
    court: str | None = typer.Option(None, help="Court code, e.g. HKCFI or CFI."),
    year: int | None = typer.Option(None, help="Year of the judgment."),
    kind: str | None = typer.Option(None, help="Document kind, e.g. judgment."),
    limit: int = typer.Option(20, min=1, max=200),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Search the stored documents; ranked, with the matches highlighted in a snippet.

    Every term must occur. The snippet's offsets can be cited with `evidence add --document`.

    Example: nsdocket search '"inciting secession"' --court HKCFI
    Example: nsdocket search 顛覆國家政權
    """
    from nsdocket.documents.search import search

    with document_errors():
        hits = search(
            engine_for(ctx), query, case_id=case_id, court=court, year=year, kind=kind, limit=limit
        )
    if as_json:
        print_json([h.to_json() for h in hits])
        return
    if not hits:
        console.print("no documents match")
        return
    for h in hits:
        head = Text(f"document {h.document_id}: {h.title}", style="bold")
        head.append(f"  ({h.kind}, {h.court or '?'} {h.year or ''}; {h.matches} matches)")
        console.print(head)
        snippet = Text(h.snippet.text)
        for start, end in h.snippet.marks:
            snippet.stylize("bold reverse", start, end)
        end_at = h.snippet.start + len(h.snippet.text)
        console.print(Text(f"  {h.snippet.start}-{end_at}: ", style="dim") + snippet)


def extract_command(
    file: Path = typer.Argument(..., help="An HTML, PDF or text file."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Print every span found in one file, without storing anything.

    Offsets are code points into the file's own text for a text or Markdown file (slicing the
    file's text with them gives the span), and into the text extracted from an HTML or PDF
    file (what `documents add` stores; the JSON says which).

    Example: nsdocket extract judgment.html --json
    """
    import hashlib

    from nsdocket.documents.text import OFFSETS_INTO, file_text
    from nsdocket.extract import extract_all

    with document_errors():
        text, kind = file_text(file)
    spans = extract_all(text)
    if as_json:
        print_json(
            {
                "file": str(file),
                "sha256": hashlib.sha256(file.read_bytes()).hexdigest(),
                "offsets": OFFSETS_INTO[kind],
                "spans": [s.to_json() for s in spans],
            }
        )
        return
    console.print(Text(f"{file}: {len(spans)} spans", style="bold"))
    for s in spans:
        row = {**s.to_json(), "span_start": s.start, "span_end": s.end}
        console.print(Text(f"{s.kind:<12}") + _span_line(row))


def print_proposals(rows: list[dict[str, Any]], *, heading: str) -> None:
    """Each proposed update with its status, the value now and the passage it rests on."""
    console.print(f"[bold]{heading}[/] ({len(rows)})")
    for p in rows:
        current = "blank" if p["current"] is None else p["current"]
        line = Text(
            f"  proposal {p['id']} [{p['status']}]: {p['defendant']} ({p['case_title']}) "
            f"{p['field']} = {p['value']} (now {current}); document {p['document_id']} at "
            f"{p['passage_start']}-{p['passage_end']}; {p['basis']}\n    “"
        )
        line.append(" ".join(str(p["passage"]).split()), style="italic")
        line.append("”")
        console.print(line)
