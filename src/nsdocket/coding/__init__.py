"""Coding: the versioned codebook, answer validation and inter-coder agreement."""

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
from nsdocket.coding.reliability import (
    AgreementResult,
    Codings,
    agreement,
    agreement_report,
    option_agreement,
)

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
