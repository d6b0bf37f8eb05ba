"""Checks of one answer sheet against a codebook.

:meth:`Codebook.validate_answers` checks one *answer sheet*: the answers for one level of one
unit, that is the defendant-level questions for a defendant, or the charge-level questions for one
charge. The sheet is a flat mapping ``{question_id: answer}`` where the answer is

* a string (one of the question's answer values) for ``single`` questions,
* a list of distinct answer values for ``multi`` questions (non-empty; an answer marked
  ``exclusive`` such as ``none`` may not be combined with others),
* free text for ``text`` questions.

``None`` (or, for text, a blank string) means "not answered". Evidence is a separate mapping
``{question_id: [evidence_ref, ...]}``; a reference is any non-blank string (a source id, or a
source id with a span). A question with ``evidence_required: true`` that is answered needs at least
one reference.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from nsdocket.coding.codebook_checks import _duplicates

if TYPE_CHECKING:
    from nsdocket.coding.codebook_model import Codebook
    from nsdocket.coding.questions import Level, Question


def _sheet_problems(
    cb: Codebook, answers: Mapping[str, object], evidence: Mapping[str, Sequence[str]], level: Level
) -> list[str]:
    at_level = {q.id: q for q in cb.questions_at(level)}
    problems: list[str] = []
    for qid in answers:
        if qid not in at_level:
            known = any(q.id == qid for q in cb.questions)
            why = "is not a question at level" if known else "unknown question at level"
            problems.append(f"question '{qid}': {why} '{level}'")
    for qid in evidence:
        if qid not in at_level:
            problems.append(f"evidence for '{qid}': unknown question at level '{level}'")
    for q in at_level.values():
        given = answers.get(q.id)
        answered = _is_answered(given)
        if not cb.is_shown(q.id, answers):
            if answered:
                assert q.show_if is not None
                shown_for = ", ".join(q.show_if.in_)
                problems.append(
                    f"question '{q.id}': answered although hidden "
                    f"(shown only if '{q.show_if.question}' is {shown_for})"
                )
            continue
        if not answered:
            if q.required:
                problems.append(f"question '{q.id}': required answer missing")
            continue
        problems.extend(f"question '{q.id}': {p}" for p in _value_problems(q, given))
        refs = evidence.get(q.id, ())
        if q.evidence_required and not any(isinstance(r, str) and r.strip() for r in refs):
            problems.append(f"question '{q.id}': evidence required but none given")
    return problems


def _is_answered(given: object) -> bool:
    if isinstance(given, str):
        return bool(given.strip())
    if isinstance(given, list | tuple):
        return bool(given)
    return given is not None


def _chosen(given: object) -> list[object]:
    if isinstance(given, str):
        return [given]
    return list(given) if isinstance(given, list | tuple) else []


def _value_problems(q: Question, given: object) -> list[str]:
    allowed = q.allowed_values()
    if q.kind == "text":
        return [] if isinstance(given, str) else ["a text answer must be a string"]
    if q.kind == "single":
        if not isinstance(given, str):
            return [f"expects one value, got {type(given).__name__}"]
        return [] if given in allowed else [f"value '{given}' not allowed ({', '.join(allowed)})"]
    if not isinstance(given, list | tuple):
        return [f"expects a list of values, got {type(given).__name__}"]
    problems = [
        f"value '{v}' not allowed ({', '.join(allowed)})" for v in given if v not in allowed
    ]
    problems.extend(f"value '{v}' given twice" for v in _duplicates([str(v) for v in given]))
    exclusive = tuple(a.value for a in q.answers if a.exclusive)
    if len(given) > 1:
        problems.extend(f"'{v}' cannot be combined with others" for v in exclusive if v in given)
    return problems
