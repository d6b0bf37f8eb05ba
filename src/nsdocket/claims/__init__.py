"""Claim checking: find numeric claims in text and test them arithmetically.

The public verbs, in pipeline order:

- :func:`extract_claims` finds counts, percents (ranges too: "80-90%") and ratios ("66 of
  78", "66/78"), in English and Chinese, each with its span, and links every percent to the
  numbers it may be a share of;
- :func:`check_claim` tests one structured :class:`Claim` (GRIM-style feasibility, rounding,
  qualifiers) and, given a ``figure_lookup``, compares it with a figure;
- :func:`check_text` does both over a whole text.

The arithmetic underneath (:func:`rounds_to`, :func:`feasible_numerators`,
:func:`nearest_values`, :func:`smallest_denominators`) is usable on its own.
"""

from nsdocket.claims.check import check_claim, check_restatement, parse_percent
from nsdocket.claims.consistency import (
    Achievable,
    NearestValues,
    PercentRange,
    feasible_numerators,
    nearest_values,
    percent_range,
    rounds_to,
    smallest_denominators,
)
from nsdocket.claims.extract import extract_claims
from nsdocket.claims.link import link_denominators, split_sentences
from nsdocket.claims.model import DenominatorLink, Kind, NumericClaim
from nsdocket.claims.qualifiers import Qualifier, parse_qualifier
from nsdocket.claims.results import (
    Arithmetic,
    Claim,
    ClaimCheck,
    FigureComparison,
    FigureLookup,
    FigureRef,
    Verdict,
)
from nsdocket.claims.textcheck import TextCheck, check_text, claim_from

__all__ = [
    "Achievable",
    "Arithmetic",
    "Claim",
    "ClaimCheck",
    "DenominatorLink",
    "FigureComparison",
    "FigureLookup",
    "FigureRef",
    "Kind",
    "NearestValues",
    "NumericClaim",
    "PercentRange",
    "Qualifier",
    "TextCheck",
    "Verdict",
    "check_claim",
    "check_restatement",
    "check_text",
    "claim_from",
    "extract_claims",
    "feasible_numerators",
    "link_denominators",
    "nearest_values",
    "parse_percent",
    "parse_qualifier",
    "percent_range",
    "rounds_to",
    "smallest_denominators",
    "split_sentences",
]
