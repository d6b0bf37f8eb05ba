"""Commands for coders and reviewers: code, codings, agreement, disagreements, adjudicate."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.prompt import Confirm, Prompt
from rich.table import Table

from nsdocket.cli.common import console, engine_for, fail, print_json, state, user_errors

if TYPE_CHECKING:
    from nsdocket.coding.codebook import Codebook, Question
    from nsdocket.coding.store import CodingInput

codings_app = typer.Typer(
    help="Codings: import a team's sheet, list codings.", no_args_is_help=True
)


def _show_facts(ctx: typer.Context, prosecution_id: int) -> dict[str, Any]:
    from nsdocket.coding.store import coding_unit
    from nsdocket.queries.cases import case_detail

    engine = engine_for(ctx)
    unit = coding_unit(engine, prosecution_id)
    detail = case_detail(engine, unit["case_id"])
    mine: dict[str, Any] = next(p for p in detail["prosecutions"] if p["id"] == prosecution_id)
    console.print(f"[bold]{mine['name']}[/] in {detail['title']}", markup=True)
    console.print(f"outcome: {mine['outcome']}; plea: {mine['plea'] or '—'}", markup=False)
    console.print(f"conduct: {mine['conduct_summary'] or '—'}", markup=False)
    console.print(f"violence alleged: {mine['violence_alleged'] or '—'}", markup=False)
    for c in mine["charges"]:
        console.print(f"  charge {c['id']}: {c['text']} ({c['outcome']})", markup=False)
    for s in mine["sources"]:
        console.print(f"  source {s['id']}: {s['url'] or s['title']}", markup=False)
    return mine


def _ask(q: Question, cb: Codebook, answers: dict[str, Any]) -> Any:
    if not cb.is_shown(q.id, answers):
        return None
    console.print(f"\n[bold]{q.text}[/]\n[dim]{q.help}[/]")
    if q.kind == "text":
        return Prompt.ask("answer (blank to skip)", default="", console=console)
    values = list(q.allowed_values())
    for a in q.answers:
        console.print(f"  {a.value}: {a.label}", markup=False)
    if q.kind == "single":
        default = None if q.required else ""
        chosen = Prompt.ask(
            "answer",
            choices=[*values, *([""] if not q.required else [])],
            default=default,
            console=console,
        )
        return chosen or None
    while True:
        raw = Prompt.ask("answers, separated by commas", console=console)
        picked = [v.strip() for v in raw.split(",") if v.strip()]
        bad = [v for v in picked if v not in values]
        if picked and not bad:
            return picked
        console.print(f"choose from: {', '.join(values)}")


def _interactive(cb: Codebook, mine: dict[str, Any]) -> tuple[CodingInput, str]:
    from nsdocket.coding.store import CodingInput, EvidenceRef

    sheet = CodingInput()
    for q in cb.questions_at("defendant"):
        value = _ask(q, cb, sheet.answers)
        if value in (None, "", []):
            continue
        sheet.answers[q.id] = value
        if q.evidence_required:
            raw = Prompt.ask("evidence: source ids, separated by commas", console=console)
            ids = [int(x) for x in raw.replace(" ", "").split(",") if x.isdigit()]
            quote = Prompt.ask("the words relied on (optional)", default="", console=console)
            sheet.evidence[q.id] = [EvidenceRef(i, quote) for i in ids]
    if len(mine["charges"]) > 1:
        for c in mine["charges"]:
            console.print(f"\n[bold]charge {c['id']}[/]: {c['text']}", markup=True)
            charge_sheet: dict[str, Any] = {}
            for q in cb.questions_at("charge"):
                value = _ask(q, cb, charge_sheet)
                if value not in (None, "", []):
                    charge_sheet[q.id] = value
            sheet.charge_answers[c["id"]] = charge_sheet
    sheet.note = Prompt.ask("note (optional)", default="", console=console)
    status = "final" if Confirm.ask("mark final?", default=False, console=console) else "draft"
    return sheet, status


def code_command(
    ctx: typer.Context,
    prosecution_id: int = typer.Argument(..., help="Prosecution id (see `cases show`)."),
    coder: str = typer.Option(..., "--coder", help="Your coder name."),
    answers: Path | None = typer.Option(None, "--answers", help="YAML answer sheet."),
    final: bool = typer.Option(False, "--final", help="Save as final (with --answers)."),
) -> None:
    """Code one prosecution against the codebook, interactively or from a YAML sheet.

    Example: nsdocket code 14 --coder ana --answers ana_14.yaml --final
    """
    from nsdocket.coding.codebook import bundled_codebook
    from nsdocket.coding.sheets import sheet_from_yaml
    from nsdocket.coding.store import CodingError, save_coding

    cb = bundled_codebook()
    with user_errors():
        try:
            mine = _show_facts(ctx, prosecution_id)
            if answers is not None:
                sheet, status = sheet_from_yaml(answers)
                status = "final" if final else status
            else:
                sheet, status = _interactive(cb, mine)
            coding_id = save_coding(
                engine_for(ctx),
                prosecution_id,
                coder,
                sheet,
                status=status,
                cb=cb,
                actor=f"{state(ctx).actor}:{coder}",
            )
        except CodingError as exc:
            for problem in exc.problems:
                console.print(f"  {problem}", markup=False)
            raise fail(f"the coding was not saved: {len(exc.problems)} problems") from None
    console.print(f"saved {status} coding {coding_id} by {coder} ({cb.id} {cb.version})")


@codings_app.command("import")
def codings_import(
    ctx: typer.Context, file: Path = typer.Argument(..., help="CSV, one row per answer.")
) -> None:
    """Import a team's codings (columns: prosecution_id, coder, status, question, value,
    and optionally charge_id, source_id, quote, note); every coding or none.

    Example: nsdocket codings import round1.csv
    """
    from nsdocket.coding.sheets import import_codings_csv

    with user_errors():
        count = import_codings_csv(engine_for(ctx), file, actor=f"{state(ctx).actor}:import")
    console.print(f"imported {count} codings from {file.name}")


@codings_app.command("list")
def codings_list(
    ctx: typer.Context,
    prosecution_id: int = typer.Argument(..., help="Prosecution id."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show every coding of one prosecution side by side.

    Example: nsdocket codings list 14
    """
    from nsdocket.coding.store import codings_for

    with user_errors():
        rows = codings_for(engine_for(ctx), prosecution_id)
    if as_json:
        print_json(rows)
        return
    for r in rows:
        console.print(f"[bold]{r['coder']}[/] ({r['status']}, {r['key']} {r['cb_version']})")
        for q, v in r["answers"].items():
            console.print(f"  {q}: {v}", markup=False)
        for e in r["evidence"]:
            console.print(f"  evidence for {e['field']}: source {e['source_id']} {e['quote']}")


def agreement_command(
    ctx: typer.Context,
    include_drafts: bool = typer.Option(False, help="Compare draft codings too."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Agreement between coders per question: Krippendorff's alpha, Cohen's kappa (two
    coders), percent agreement, units compared, and the disagreements.

    Example: nsdocket agreement
    """
    from nsdocket.coding.review import coder_agreement

    with user_errors():
        results = coder_agreement(engine_for(ctx), include_drafts=include_drafts)
    if as_json:
        print_json([r.__dict__ for r in results])
        return
    if not results:
        console.print("no question has codings from two coders yet")
        return
    table = Table(title="Agreement between coders", title_justify="left")
    for column in (
        "question",
        "option",
        "units",
        "coders",
        "% agree",
        "alpha",
        "kappa",
        "disagree",
    ):
        table.add_column(column)

    def num(value: float | None) -> str:
        return "—" if value is None else f"{value:.3f}"

    for r in results:
        table.add_row(
            r.question,
            "" if r.option is None else str(r.option),
            str(r.n_units),
            str(r.n_coders),
            "—" if r.percent_agreement is None else f"{r.percent_agreement:.1%}",
            num(r.krippendorff_alpha),
            num(r.cohen_kappa),
            str(len(r.disagreements)),
        )
    console.print(table)


def disagreements_command(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")
) -> None:
    """The review queue: prosecutions whose final codings disagree, not yet adjudicated.

    Example: nsdocket disagreements
    """
    from nsdocket.coding.review import disagreements

    with user_errors():
        found = disagreements(engine_for(ctx))
    if as_json:
        print_json([d.__dict__ for d in found])
        return
    if not found:
        console.print("no unresolved disagreements")
    for d in found:
        answers = "; ".join(f"{c}: {v}" for c, v in d.answers.items())
        console.print(f"prosecution {d.case_defendant_id} {d.question}: {answers}", markup=False)


def adjudicate_command(
    ctx: typer.Context,
    prosecution_id: int = typer.Argument(..., help="Prosecution id."),
    question: str = typer.Option("legitimate_expression", help="Question id."),
    answer: str = typer.Option(..., help="The final answer."),
    reason: str = typer.Option(..., help="Why (shown in the methodology and history)."),
    reviewer: str = typer.Option(..., help="Your reviewer name."),
) -> None:
    """Record the reviewer's final answer where coders disagree.

    Example: nsdocket adjudicate 14 --answer yes --reason "agreed facts show speech only"
    --reviewer lee
    """
    from nsdocket.coding.review import adjudicate
    from nsdocket.coding.store import CodingError

    with user_errors():
        try:
            adj = adjudicate(
                engine_for(ctx),
                prosecution_id,
                question,
                answer,
                reason=reason,
                reviewer=reviewer,
            )
        except CodingError as exc:
            raise fail(str(exc)) from None
    console.print(f"adjudication {adj}: prosecution {prosecution_id} {question} = {answer}")
