"""Coding a defendant through a form generated from the codebook; the review queue.

The form is built from :func:`nsdocket.coding.bundled_codebook`; answers are saved with
:func:`nsdocket.coding.store.save_coding` and disagreements settled with
:func:`nsdocket.coding.review.adjudicate`, so validation and auditing live in the library.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from nsdocket.coding import Codebook, bundled_codebook
from nsdocket.coding.review import adjudicate, disagreements
from nsdocket.coding.store import (
    CodingError,
    CodingInput,
    EvidenceRef,
    coding_by,
    coding_unit,
    save_coding,
)
from nsdocket.db.writer import RowNotFoundError, StaleVersionError
from nsdocket.queries.cases import case_detail
from nsdocket.web.access import web_actor
from nsdocket.web.render import done, error, respond

router = APIRouter(tags=["coding"])


def _prosecution(engine: Any, case_defendant_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The case and the one prosecution in it that is being coded (team view)."""
    unit = coding_unit(engine, case_defendant_id)
    found = case_detail(engine, unit["case_id"], public=False)
    for item in found.pop("prosecutions"):
        if item["id"] == case_defendant_id:
            return found, item
    raise RowNotFoundError(f"prosecution {case_defendant_id} does not exist")


def _codebook_json(cb: Codebook) -> dict[str, Any]:
    return {
        **cb.model_dump(mode="json", by_alias=True, exclude={"labels", "instruments"}),
        "content_hash": cb.content_hash,
    }


def _coding_page(
    request: Request,
    case_defendant_id: int,
    *,
    problems: list[str] | None = None,
    status: int = 200,
    submitted: dict[str, Any] | None = None,
    conflict: StaleVersionError | None = None,
) -> Response:
    """The form; after a refused save, with the problems or (on a conflict) the current coding.

    On a conflict the form shows the coding as it is now saved, with its new version, and
    lists what was submitted apart: nothing is overwritten, and the coder saves again knowingly.
    """
    engine = request.app.state.engine
    username = request.state.user.username
    case, prosecution = _prosecution(engine, case_defendant_id)
    current = coding_by(engine, case_defendant_id, username)
    if submitted is not None and submitted.get("version") is None:
        submitted["version"] = current["version"] if current else 0
    cb = bundled_codebook()
    data: dict[str, Any] = {
        "case": {k: case[k] for k in ("id", "title", "case_numbers", "court", "status")},
        "prosecution": prosecution,
        "codebook": _codebook_json(cb),
        "coding": current if conflict is not None else (submitted or current),
        "problems": problems or [],
    }
    if conflict is not None:
        data["error"] = str(conflict)
        data["current"] = current
        data["conflict"] = {
            "your_version": conflict.expected,
            "current_version": current["version"] if current else None,
            "submitted": submitted,
        }
    return respond(request, "coding.html", data, status_code=status)


@router.get("/code/{case_defendant_id}", name="coding_form", summary="Code a defendant")
def coding_form(request: Request, case_defendant_id: int) -> Response:
    """The coding form for one defendant in one case, with the case facts and sources."""
    return _coding_page(request, case_defendant_id)


def _values(form: FormData, key: str) -> list[str]:
    return [v for v in form.getlist(key) if isinstance(v, str) and v.strip()]


def sheet_from_form(
    form: FormData, cb: Codebook, charge_ids: list[int], source_ids: set[int]
) -> CodingInput:
    """Read the generated form back into an answer sheet (fields ``q.``, ``c.ID.``, ``e.``).

    Raises:
        CodingError: when the form names a source that is not one of the prosecution's.
    """

    def answer(kind: str, key: str) -> Any:
        values = _values(form, key)
        if kind == "multi":
            return values or None
        return values[0] if values else None

    answers = {
        q.id: value
        for q in cb.questions_at("defendant")
        if (value := answer(q.kind, f"q.{q.id}")) is not None
    }
    charge_answers = {
        charge_id: given
        for charge_id in charge_ids
        if (
            given := {
                q.id: value
                for q in cb.questions_at("charge")
                if (value := answer(q.kind, f"c.{charge_id}.{q.id}")) is not None
            }
        )
    }
    evidence: dict[str, list[EvidenceRef]] = {}
    for q in cb.questions:
        picked = _values(form, f"e.{q.id}")
        if not picked:
            continue
        if any(not p.isdigit() or int(p) not in source_ids for p in picked):
            raise CodingError([f"evidence for '{q.id}': pick one of this defendant's sources"])
        quote = str(form.get(f"eq.{q.id}") or "").strip()
        evidence[q.id] = [EvidenceRef(int(p), quote) for p in picked]
    return CodingInput(answers, charge_answers, evidence, str(form.get("note") or ""))


def _submitted(sheet: CodingInput, status: str, version: int | None) -> dict[str, Any]:
    """What the coder sent, in the shape of a stored coding, to show the form again (with the
    version the edit was based on, so that the next save is checked against it too)."""
    return {
        "version": version,
        "answers": sheet.answers,
        "charge_answers": sheet.charge_answers,
        "evidence": [
            {"source_id": ref.source_id, "field": question, "quote": ref.quote}
            for question, refs in sheet.evidence.items()
            for ref in refs
        ],
        "note": sheet.note,
        "status": status,
    }


def _save(request: Request, case_defendant_id: int, form: FormData) -> Response:
    engine = request.app.state.engine
    username = request.state.user.username
    status = str(form.get("status") or "draft")
    # The form always sends the version it was filled from (0: no coding yet); a client that
    # sends none saves without the check.
    version_text = str(form.get("version") or "").strip()
    version = int(version_text) if version_text.isdigit() else None
    cb = bundled_codebook()
    _, prosecution = _prosecution(engine, case_defendant_id)
    sheet = CodingInput()
    try:
        sheet = sheet_from_form(
            form,
            cb,
            [c["id"] for c in prosecution["charges"]],
            {s["id"] for s in prosecution["sources"]},
        )
        coding_id = save_coding(
            engine,
            case_defendant_id,
            username,
            sheet,
            status=status,
            cb=cb,
            expected_version=version,
            actor=web_actor(request),
        )
    except CodingError as exc:
        return _coding_page(
            request,
            case_defendant_id,
            problems=exc.problems,
            status=400,
            submitted=_submitted(sheet, status, version),
        )
    except StaleVersionError as exc:
        return _coding_page(
            request,
            case_defendant_id,
            status=409,
            submitted=_submitted(sheet, status, version),
            conflict=exc,
        )
    return done(
        request,
        f"/code/{case_defendant_id}",
        {"coding_id": coding_id, "status": status, "coder": username},
    )


@router.post("/code/{case_defendant_id}", name="coding_save", summary="Save a coding")
async def coding_save(request: Request, case_defendant_id: int) -> Response:
    """Save your coding of one defendant as a draft, or as final (full validation)."""
    form = await request.form()
    return await run_in_threadpool(_save, request, case_defendant_id, form)


@router.get("/review", name="review_queue", summary="Disagreements awaiting adjudication")
def review_queue(request: Request) -> Response:
    """Every prosecution whose final codings disagree on a question, not yet adjudicated."""
    engine = request.app.state.engine
    cb = bundled_codebook()
    queue = disagreements(engine, cb)
    cases = {d.case_defendant_id: coding_unit(engine, d.case_defendant_id) for d in queue}
    items = []
    for d in queue:
        q = cb.question(d.question)
        items.append(
            {
                "case_defendant_id": d.case_defendant_id,
                "case_id": cases[d.case_defendant_id]["case_id"],
                "defendant_id": cases[d.case_defendant_id]["defendant_id"],
                "question": d.question,
                "question_text": q.text,
                "choices": [{"value": a.value, "label": a.label} for a in q.answers],
                "answers": d.answers,
            }
        )
    return respond(request, "review.html", {"disagreements": items})


@router.post("/review/{case_defendant_id}/{question}", name="adjudicate", summary="Adjudicate")
def adjudicate_one(
    request: Request,
    case_defendant_id: int,
    question: str,
    answer: str = Form(..., max_length=64),
    reason: str = Form("", max_length=4000),
) -> Response:
    """Record the reviewer's final answer to one question, with the reason."""
    username = request.state.user.username
    try:
        adjudication_id = adjudicate(
            request.app.state.engine,
            case_defendant_id,
            question,
            answer,
            reason=reason,
            reviewer=username,
        )
    except CodingError as exc:
        return error(request, 400, "; ".join(exc.problems))
    return done(
        request,
        "/review",
        {"adjudication_id": adjudication_id, "question": question, "answer": answer},
    )
