"""One coder's answer sheet: its types, its checks against the codebook and its answer rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nsdocket.coding.codebook_model import Codebook

STATUSES = ("draft", "final")


class CodingError(ValueError):
    """A coding that cannot be saved: invalid answers, unknown unit, changed codebook."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class EvidenceRef:
    """What backs an answer: a source (with the words relied on) or a document span."""

    source_id: int
    quote: str = ""

    def ref(self) -> str:
        """The reference string the codebook validator sees."""
        return f"source:{self.source_id}"


@dataclass
class CodingInput:
    """One coder's answer sheet for one prosecution.

    Attributes:
        answers: ``{question_id: value}`` for defendant-level questions (a list for multi).
        charge_answers: ``{charge_id: {question_id: value}}`` for charge-level questions.
        evidence: ``{question_id: [EvidenceRef, ...]}``.
        note: free text.
    """

    answers: dict[str, Any] = field(default_factory=dict)
    charge_answers: dict[int, dict[str, Any]] = field(default_factory=dict)
    evidence: dict[str, list[EvidenceRef]] = field(default_factory=dict)
    note: str = ""


def sheet_problems(
    cb: Codebook,
    sheet: CodingInput,
    status: str,
    cited: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """Every problem with an answer sheet for the codebook (drafts need only valid values).

    ``cited`` holds references already stored for this coding outside the sheet (document
    passages cited with `nsdocket.documents.cite_passage`); they count as evidence too.
    """
    refs = {q: [e.ref() for e in refs] for q, refs in sheet.evidence.items()}
    backed = {q: [*refs.get(q, []), *(cited or {}).get(q, [])] for q in sheet.answers}
    found = cb.validate_answers(
        sheet.answers, {q: r for q, r in backed.items() if r}, level="defendant"
    )
    # Evidence is cited per question for the whole coding; a charge-level answer is backed by
    # whatever the coding cites for that question or for the conduct as a whole.
    everything = [r for rs in refs.values() for r in rs]
    for charge_id, answers in sheet.charge_answers.items():
        charge_refs = {q: everything for q in answers}
        found.extend(
            f"charge {charge_id}: {p}"
            for p in cb.validate_answers(answers, charge_refs, level="charge")
        )
    stray = sorted(
        set(refs) - set(sheet.answers) - {q for a in sheet.charge_answers.values() for q in a}
    )
    found.extend(f"evidence for '{q}': the question is not answered" for q in stray)
    if status == "draft":
        found = [p for p in found if "required" not in p]
    return found


def answer_rows(coding_id: int, sheet: CodingInput) -> list[dict[str, Any]]:
    """The ``coding_answer`` rows for a sheet: one per value, multi answers split."""
    rows: list[dict[str, Any]] = []

    def add(question: str, value: Any, charge_id: int | None) -> None:
        values = value if isinstance(value, list | tuple) else [value]
        for v in values:
            if v is None or (isinstance(v, str) and not v.strip()):
                continue
            rows.append(
                {"coding_id": coding_id, "question": question, "charge_id": charge_id, "value": v}
            )

    for question, value in sheet.answers.items():
        add(question, value, None)
    for charge_id, answers in sheet.charge_answers.items():
        for question, value in answers.items():
            add(question, value, charge_id)
    return rows
