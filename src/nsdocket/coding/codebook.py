"""Reading codebook files, and the public names of the codebook models and checks.

A codebook is a versioned YAML file listing the questions a coder answers about one defendant
(level ``defendant``) or about each of the defendant's charges (level ``charge``). The loader
validates the structure with pydantic and then checks the cross-references (unique ids, valid
``show_if`` targets, answer lists that fit the question kind, a semver version). Every problem
found is reported in one :class:`CodebookError` whose message names the file and the question or
field at fault.

The models live in :mod:`nsdocket.coding.codebook_model`, :mod:`nsdocket.coding.questions` and
:mod:`nsdocket.coding.labels`; the checks in :mod:`nsdocket.coding.codebook_checks` and, for
answer sheets, :mod:`nsdocket.coding.answer_checks`. This module reads codebook files and
re-exports the public names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from nsdocket.coding.codebook_model import Codebook, CodebookError
from nsdocket.coding.labels import LabelMapping, LabelRule, LabelRules
from nsdocket.coding.questions import Answer, Instrument, Question, ShowIf

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

_BUNDLED_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


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
