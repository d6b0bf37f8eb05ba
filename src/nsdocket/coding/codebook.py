"""Codebook models, loader and answer validation.

A codebook is a versioned YAML file listing the questions a coder answers about one defendant
(level ``defendant``) or about each of the defendant's charges (level ``charge``). The loader
validates the structure with pydantic and then checks the cross-references (unique ids, valid
``show_if`` targets, answer lists that fit the question kind, a semver version). Every problem
found is reported in one :class:`CodebookError` whose message names the file and the question or
field at fault.

Answer sheets
-------------
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

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
    ValidationError,
    model_validator,
)

__all__ = [
    "Answer",
    "Codebook",
    "CodebookError",
    "Instrument",
    "LabelMapping",
    "LabelRule",
    "LabelRules",
    "Question",
    "ShowIf",
    "bundled_codebook",
    "label_to_answer",
    "load_codebook",
]

# Semantic Versioning 2.0.0, the regular expression suggested by semver.org.
_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
_SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_BUNDLED_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")

Level = Literal["defendant", "charge"]
Kind = Literal["single", "multi", "text"]
_LABEL = re.compile(r"^(?P<base>[A-Za-z_]+)\s*(?:\((?P<qualifier>.*)\))?$")


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


def _duplicates(items: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    dups: list[str] = []
    for item in items:
        if item in seen and item not in dups:
            dups.append(item)
        seen.add(item)
    return dups


class _UniqueKeyLoader(yaml.SafeLoader):
    """A SafeLoader that rejects duplicate mapping keys (PyYAML keeps the last one silently)."""


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            line = key_node.start_mark.line + 1
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}' (line {line})", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


def load_codebook(path_or_text: str | Path, *, source: str | None = None) -> Codebook:
    """Load and validate a codebook.

    Args:
        path_or_text: A :class:`~pathlib.Path`; or a string, read as YAML text if it contains
            a newline and as a file path otherwise.
        source: Name used in error messages; defaults to the file name, or ``<text>``.

    Returns:
        The validated codebook.

    Raises:
        CodebookError: The file is missing, is not valid YAML, or the codebook is invalid.
    """
    if isinstance(path_or_text, Path) or "\n" not in path_or_text:
        path = Path(path_or_text)
        source = source or path.name
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CodebookError([f"cannot read codebook: {exc.strerror or exc}"], source) from exc
    else:
        text = path_or_text
        source = source or "<text>"

    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise CodebookError([f"invalid YAML: {exc}"], source) from exc
    if not isinstance(data, dict):
        raise CodebookError(["the top level must be a mapping"], source)

    try:
        return Codebook.model_validate(data)
    except CodebookError as exc:
        raise CodebookError(exc.problems, source) from None
    except ValidationError as exc:
        raise CodebookError([_describe(err, data) for err in exc.errors()], source) from None


def _describe(err: Mapping[str, Any], data: Mapping[str, Any]) -> str:
    """Turn one pydantic error into 'question 'x': field answers[1].value: message'."""
    loc = list(err["loc"])
    prefix = ""
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        index = loc[1]
        raw = data.get("questions")
        qid = (
            raw[index].get("id") if isinstance(raw, list) and isinstance(raw[index], dict) else None
        )
        prefix = f"question '{qid}': " if qid else f"questions[{index}]: "
        loc = loc[2:]
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    message = str(err["msg"])
    if isinstance(err.get("input"), bool) and "string" in message:
        message += " (YAML reads unquoted yes/no/on/off as booleans; quote them)"
    return f"{prefix}{field or 'codebook'}: {message}"


def bundled_codebook(name: str = "hk-2025") -> Codebook:
    """Load a codebook shipped in ``nsdocket/coding/codebooks/`` (cached per name).

    Args:
        name: The file name without ``.yaml``.

    Raises:
        CodebookError: No such bundled codebook, or it is invalid.
    """
    return _bundled(name)


@cache
def _bundled(name: str) -> Codebook:
    if not _BUNDLED_NAME.match(name):
        raise CodebookError([f"invalid bundled codebook name '{name}'"])
    resource = resources.files("nsdocket.coding").joinpath("codebooks", f"{name}.yaml")
    if not resource.is_file():
        raise CodebookError([f"no bundled codebook named '{name}'"])
    return load_codebook(resource.read_text(encoding="utf-8"), source=f"{name}.yaml")


def label_to_answer(label: str, codebook: Codebook | None = None) -> LabelMapping:
    """Map a seed-data first-pass label to a draft ``legitimate_expression`` answer.

    Args:
        label: A ``first_pass_label`` from the seed data, e.g.
            ``"legitimate_expression (contested: foreign-sanctions lobbying)"``.
        codebook: The codebook whose ``labels`` rules apply; the bundled ``hk-2025`` by default.

    Returns:
        The draft answer (``None`` when the case is not codable), a contested flag and a note.

    Raises:
        ValueError: No rule matches the label.
    """
    return (codebook or bundled_codebook()).label_to_answer(label)
