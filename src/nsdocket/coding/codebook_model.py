"""The validated codebook and the error that reports every problem found in one."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence

from pydantic import StrictStr, model_validator

from nsdocket.coding.answer_checks import _chosen, _sheet_problems
from nsdocket.coding.codebook_checks import _reference_problems
from nsdocket.coding.labels import LabelMapping, LabelRules
from nsdocket.coding.questions import Instrument, Level, Question, _Model


class CodebookError(Exception):
    """A codebook failed to load or validate.

    Attributes:
        problems: One line per problem, without the source prefix.
        source: The file name (or ``<text>``) the problems refer to, if known.
    """

    def __init__(self, problems: Sequence[str], source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__("\n".join(prefix + p for p in self.problems))


class Codebook(_Model):
    """A validated codebook. Build it with :func:`load_codebook` or :func:`bundled_codebook`."""

    id: StrictStr
    version: StrictStr
    title: StrictStr
    jurisdiction: StrictStr
    description: StrictStr
    instruments: tuple[Instrument, ...] = ()
    questions: tuple[Question, ...]
    labels: LabelRules | None = None

    @model_validator(mode="after")
    def _cross_references(self) -> Codebook:
        # CodebookError is not a ValueError, so pydantic lets it through unwrapped and
        # load_codebook can add the file name to each problem.
        problems = _reference_problems(self)
        if problems:
            raise CodebookError(problems)
        return self

    @property
    def content_hash(self) -> str:
        """SHA-256 (hex) of the canonical JSON of the validated content.

        Defaults are filled in and keys sorted, so the hash does not change with YAML layout,
        comments, key order or spelling out a default value.
        """
        data = self.model_dump(mode="json", by_alias=True)
        canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def question(self, question_id: str) -> Question:
        """Return the question with this id.

        Raises:
            KeyError: No question has this id.
        """
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(f"{self.id}: no question '{question_id}'")

    def questions_at(self, level: Level) -> tuple[Question, ...]:
        """Return the questions answered at ``level``, in codebook order."""
        return tuple(q for q in self.questions if q.level == level)

    def is_shown(self, question_id: str, answers: Mapping[str, object]) -> bool:
        """Tell whether a question is shown, given the other answers on the same sheet.

        A question with ``show_if`` is shown only if its controlling question is shown and
        answered with one of the listed values (for a multi question: any chosen value listed).
        """
        q = self.question(question_id)
        if q.show_if is None:
            return True
        ctrl = q.show_if.question
        if not self.is_shown(ctrl, answers):
            return False
        return any(v in q.show_if.in_ for v in _chosen(answers.get(ctrl)))

    def validate_answers(
        self,
        answers: Mapping[str, object],
        evidence: Mapping[str, Sequence[str]] | None = None,
        *,
        level: Level = "defendant",
    ) -> list[str]:
        """Check one answer sheet (see the module docstring for the format).

        Args:
            answers: ``{question_id: answer}`` for the questions of ``level``.
            evidence: ``{question_id: [evidence_ref, ...]}``.
            level: Which questions the sheet answers: ``defendant`` or ``charge``.

        Returns:
            One message per problem, in codebook order; empty if the sheet is valid.
        """
        return _sheet_problems(self, answers, evidence or {}, level)

    def label_to_answer(self, label: str) -> LabelMapping:
        """Map a seed-data first-pass label to a draft answer (see :mod:`nsdocket.coding.labels`).

        Raises:
            KeyError: The codebook has no ``labels`` section.
            ValueError: No rule matches the label.
        """
        if self.labels is None:
            raise KeyError(f"{self.id}: codebook has no labels section")
        return self.labels.map(label)
