"""The codebook's ``labels`` section: seed-data first-pass labels mapped to draft answers."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import StrictBool, StrictStr

from nsdocket.coding.questions import _Model

_LABEL = re.compile(r"^(?P<base>[A-Za-z_]+)\s*(?:\((?P<qualifier>.*)\))?$")


@dataclass(frozen=True)
class LabelMapping:
    """A draft answer derived from a seed-data first-pass label.

    Attributes:
        label: The label as given.
        question: The question the draft answers (``legitimate_expression``).
        answer: The draft answer value, or ``None`` when the case is not codable.
        contested: The label marks the coding as contested; a second coder should look.
        note: Why the label maps this way.
    """

    label: str
    question: str
    answer: str | None
    contested: bool
    note: str


class LabelRule(_Model):
    """Map labels ``base`` or ``base (qualifier)`` to a draft answer; first matching rule wins."""

    label: StrictStr
    """The label's base, the part before any parenthesised qualifier."""
    qualifier_starts_with: StrictStr | None = None
    """If set, the rule only matches labels whose qualifier starts with this text."""
    answer: StrictStr | None
    contested: StrictBool = False
    note: StrictStr = ""


class LabelRules(_Model):
    """The codebook's ``labels`` section: seed labels to draft answers of one question."""

    question: StrictStr
    rules: tuple[LabelRule, ...]

    def map(self, label: str) -> LabelMapping:
        """Return the draft answer for ``label``.

        Raises:
            ValueError: No rule matches the label.
        """
        match = _LABEL.match(label.strip())
        if match is not None:
            base, qualifier = match["base"], (match["qualifier"] or "").strip()
            for rule in self.rules:
                prefix = rule.qualifier_starts_with
                if rule.label == base and (prefix is None or qualifier.startswith(prefix)):
                    return LabelMapping(
                        label, self.question, rule.answer, rule.contested, rule.note
                    )
        raise ValueError(f"no label rule matches {label!r}")

    def problems(self, values: Mapping[str, Sequence[str]]) -> list[str]:
        """Cross-check against ``{question_id: allowed values}``."""
        if self.question not in values:
            return [f"labels: unknown question '{self.question}'"]
        allowed = values[self.question]
        return [
            f"labels: rule {i} ('{rule.label}'): '{rule.answer}' is not an answer of "
            f"'{self.question}'"
            for i, rule in enumerate(self.rules)
            if rule.answer is not None and rule.answer not in allowed
        ]
