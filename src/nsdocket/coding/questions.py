"""The pydantic models of a codebook's questions: answers, show-if conditions, instruments."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr

Level = Literal["defendant", "charge"]
Kind = Literal["single", "multi", "text"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Answer(_Model):
    """One allowed answer of a single or multi question."""

    value: StrictStr
    label: StrictStr
    help: StrictStr | None = None
    exclusive: StrictBool = False
    """In a multi question, this value may not be combined with others (e.g. ``none``)."""


class ShowIf(_Model):
    """Show a question only if an earlier question's answer is one of ``in_`` (YAML key ``in``)."""

    question: StrictStr
    in_: tuple[StrictStr, ...] = Field(alias="in")


class Instrument(_Model):
    """An international instrument the codebook relies on."""

    id: StrictStr
    name: StrictStr
    contributes: StrictStr


class Question(_Model):
    """One question of the codebook."""

    id: StrictStr
    text: StrictStr
    help: StrictStr
    level: Level
    kind: Kind
    answers: tuple[Answer, ...] = ()
    evidence_required: StrictBool = False
    show_if: ShowIf | None = None
    required: StrictBool = False
    cites: tuple[StrictStr, ...] = ()
    """Ids of the instruments the help text relies on."""

    def allowed_values(self) -> tuple[str, ...]:
        """Return the answer values in codebook order."""
        return tuple(a.value for a in self.answers)
