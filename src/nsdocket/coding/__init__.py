"""Coding: the versioned codebook, answer validation and inter-coder agreement."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from nsdocket.coding.codebook import (
    Answer,
    Codebook,
    CodebookError,
    Instrument,
    LabelMapping,
    LabelRule,
    LabelRules,
    Question,
    ShowIf,
    bundled_codebook,
    label_to_answer,
    load_codebook,
)

if TYPE_CHECKING:
    from nsdocket.coding.reliability import (
        AgreementResult,
        Codings,
        agreement,
        agreement_report,
        option_agreement,
    )

# Agreement statistics load numpy and krippendorff; only the commands that measure agreement
# should wait for them, so those names are imported on first use.
_RELIABILITY = frozenset(
    {"AgreementResult", "Codings", "agreement", "agreement_report", "option_agreement"}
)


def __getattr__(name: str) -> Any:
    if name in _RELIABILITY:
        return getattr(import_module("nsdocket.coding.reliability"), name)
    raise AttributeError(f"module 'nsdocket.coding' has no attribute {name!r}")


__all__ = [
    "AgreementResult",
    "Answer",
    "Codebook",
    "CodebookError",
    "Codings",
    "Instrument",
    "LabelMapping",
    "LabelRule",
    "LabelRules",
    "Question",
    "ShowIf",
    "agreement",
    "agreement_report",
    "bundled_codebook",
    "label_to_answer",
    "load_codebook",
    "option_agreement",
]
