"""Reviewing codings: agreement between coders, the disagreement queue, adjudication."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from nsdocket.coding.codebook import Codebook, bundled_codebook
from nsdocket.coding.reliability import AgreementResult, agreement_report
from nsdocket.coding.store import CodingError, ensure_codebook
from nsdocket.db.schema import adjudication, case_defendant, codebook, coding, coding_answer
from nsdocket.db.writer import Writer, now


@dataclass(frozen=True)
class Disagreement:
    """A prosecution whose final codings disagree on a question, not yet adjudicated."""

    case_defendant_id: int
    question: str
    answers: dict[str, Any]


def _final_answers(
    engine: Engine, cb: Codebook, statuses: tuple[str, ...]
) -> dict[str, dict[Hashable, dict[str, Any]]]:
    """``{question: {case_defendant_id: {coder: value or frozenset}}}`` (defendant level)."""
    multi = {q.id for q in cb.questions if q.kind == "multi"}
    wanted = {q.id for q in cb.questions_at("defendant") if q.kind != "text"}
    out: dict[str, dict[Hashable, dict[str, Any]]] = {}
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                coding.c.case_defendant_id,
                coding.c.coder,
                coding_answer.c.question,
                coding_answer.c.value,
            )
            .join(coding_answer, coding_answer.c.coding_id == coding.c.id)
            .join(codebook, codebook.c.id == coding.c.codebook_id)
            .where(
                codebook.c.key == cb.id,
                codebook.c.version == cb.version,
                coding.c.status.in_(statuses),
                coding_answer.c.charge_id.is_(None),
            )
            .order_by(coding.c.case_defendant_id, coding.c.coder)
        ).all()
    for cd_id, coder, question, value in rows:
        if question not in wanted:
            continue
        by_coder = out.setdefault(question, {}).setdefault(cd_id, {})
        if question in multi:
            by_coder[coder] = frozenset({*by_coder.get(coder, frozenset()), value})
        else:
            by_coder[coder] = value
    return out


def coder_agreement(
    engine: Engine, cb: Codebook | None = None, *, include_drafts: bool = False
) -> tuple[AgreementResult, ...]:
    """Agreement per question (per option for multi questions) over the stored codings."""
    cb = cb or bundled_codebook()
    statuses = ("final", "draft") if include_drafts else ("final",)
    data = _final_answers(engine, cb, statuses)
    options = {q.id: q.allowed_values() for q in cb.questions if q.kind == "multi"}
    ordered = {q.id: data[q.id] for q in cb.questions if q.id in data}
    return agreement_report(ordered, options)


def disagreements(engine: Engine, cb: Codebook | None = None) -> list[Disagreement]:
    """Prosecutions whose final codings disagree on a question and have no adjudication."""
    cb = cb or bundled_codebook()
    data = _final_answers(engine, cb, ("final",))
    with engine.connect() as connection:
        settled = set(
            connection.execute(
                select(adjudication.c.case_defendant_id, adjudication.c.question)
                .join(codebook, codebook.c.id == adjudication.c.codebook_id)
                .where(codebook.c.key == cb.id, codebook.c.version == cb.version)
            ).all()
        )
    out: list[Disagreement] = []
    for question, units in data.items():
        for cd_id, by_coder in units.items():
            disagree = len(by_coder) > 1 and len(set(by_coder.values())) > 1
            if disagree and (cd_id, question) not in settled:
                answers = {
                    c: sorted(v) if isinstance(v, frozenset) else v for c, v in by_coder.items()
                }
                out.append(Disagreement(int(str(cd_id)), question, answers))
    return sorted(out, key=lambda d: (d.case_defendant_id, d.question))


def adjudicate(
    engine: Engine,
    case_defendant_id: int,
    question: str,
    answer: str,
    *,
    reason: str,
    reviewer: str,
    cb: Codebook | None = None,
) -> int:
    """Record the reviewer's final answer to one question for one prosecution; return its id.

    Re-adjudicating replaces the earlier decision (the change is audited).

    Raises:
        CodingError: unknown question, an answer the question does not allow, or no reason.
    """
    cb = cb or bundled_codebook()
    try:
        q = cb.question(question)
    except KeyError as exc:
        raise CodingError([str(exc.args[0])]) from None
    if q.kind != "single":
        raise CodingError([f"question '{question}' is not a single-answer question"])
    if answer not in q.allowed_values():
        allowed = ", ".join(q.allowed_values())
        raise CodingError([f"'{answer}' is not an answer of '{question}' ({allowed})"])
    if not reason.strip():
        raise CodingError(["an adjudication needs a reason"])
    with engine.begin() as connection:
        writer = Writer(connection, actor=reviewer)
        writer.get(case_defendant, case_defendant_id)
        codebook_id = ensure_codebook(connection, writer, cb)
        key = {
            "case_defendant_id": case_defendant_id,
            "codebook_id": codebook_id,
            "question": question,
        }
        values = {"answer": answer, "reason": reason, "reviewer": reviewer, "created_at": now()}
        return writer.upsert(adjudication, key, values)
