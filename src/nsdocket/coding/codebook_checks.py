"""Structural checks of a codebook: versions, ids, answer lists and ``show_if`` references."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nsdocket.coding.codebook_model import Codebook
    from nsdocket.coding.questions import Question

# Semantic Versioning 2.0.0, the regular expression suggested by semver.org.
_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
_SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


def _reference_problems(cb: Codebook) -> list[str]:
    problems: list[str] = []
    if not _SEMVER.match(cb.version):
        problems.append(f"version '{cb.version}' is not a semantic version (e.g. 1.0.0)")
    instrument_ids = [i.id for i in cb.instruments]
    for dup in _duplicates(instrument_ids):
        problems.append(f"instrument id '{dup}' appears twice")
    for dup in _duplicates([q.id for q in cb.questions]):
        problems.append(f"question id '{dup}' appears twice")

    earlier: dict[str, Question] = {}
    for q in cb.questions:
        where = f"question '{q.id}'"
        if not _SNAKE.match(q.id):
            problems.append(f"{where}: id is not snake_case")
        values = q.allowed_values()
        for dup in _duplicates(values):
            problems.append(f"{where}: answer value '{dup}' appears twice")
        if q.kind in ("single", "multi") and not q.answers:
            problems.append(f"{where}: a {q.kind} question needs answers")
        if q.kind == "text" and q.answers:
            problems.append(f"{where}: a text question must not list answers")
        if q.kind != "multi" and any(a.exclusive for a in q.answers):
            problems.append(f"{where}: 'exclusive' only applies to multi questions")
        for cited in q.cites:
            if cited not in instrument_ids:
                problems.append(f"{where}: cites unknown instrument '{cited}'")
        if q.show_if is not None:
            problems.extend(_show_if_problems(q, earlier, cb))
        earlier.setdefault(q.id, q)

    if cb.labels is not None:
        problems.extend(cb.labels.problems({q.id: q.allowed_values() for q in cb.questions}))
    return problems


def _show_if_problems(q: Question, earlier: Mapping[str, Question], cb: Codebook) -> list[str]:
    assert q.show_if is not None
    where = f"question '{q.id}': show_if"
    target = q.show_if.question
    if target not in earlier:
        if any(other.id == target for other in cb.questions):
            return [f"{where} refers to '{target}', which comes later; move it earlier"]
        return [f"{where} refers to unknown question '{target}'"]
    ctrl = earlier[target]
    problems: list[str] = []
    if ctrl.kind == "text":
        problems.append(f"{where} refers to text question '{target}'")
    if ctrl.level != q.level:
        problems.append(f"{where} refers to '{target}' at level '{ctrl.level}', not '{q.level}'")
    if not q.show_if.in_:
        problems.append(f"{where}: 'in' is empty")
    for value in q.show_if.in_:
        if value not in ctrl.allowed_values():
            problems.append(f"{where}: '{value}' is not an answer of '{target}'")
    return problems


def _duplicates(items: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    dups: list[str] = []
    for item in items:
        if item in seen and item not in dups:
            dups.append(item)
        seen.add(item)
    return dups
