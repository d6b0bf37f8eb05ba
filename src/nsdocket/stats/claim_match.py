"""Which database figure a published claim states: its measure and scope, from its words.

The rules are deliberately plain keyword rules, listed here in one place, so that a reader can
see why a claim was compared with a figure (and dispute it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nsdocket.stats.scopes import DEFAULT_SCOPE

# (pattern in the claim's words, measure); first match wins.
_MEASURE_WORDS: tuple[tuple[str, str], ...] = (
    (
        r"legitimate expression|peaceful expression|no violen|wrongly criminali|unjustly",
        "legitimate_expression",
    ),
    (r"\bdetention\b|\bin custody\b|\bremand", "pretrial_detention"),
    (r"\bbail\b", "bail_denied"),
    (r"\bconvict", "convicted"),
    (r"\bacquit", "acquitted"),
    (r"\bcharged\b|\bprosecuted\b|\bcharges\b", "charged"),
    (r"\barrest", "arrested"),
    (r"\bsentenc", "sentence_months"),
)
# (pattern in the claim's scope words, scope profile); first match wins.
_SCOPE_WORDS: tuple[tuple[str, str], ...] = (
    (r"all national.security laws|government", "government"),
    (r"snso|sedition|article 23", "amnesty-2025"),
    (r"\bnsl\b|national security law", "nsl-only"),
)


@dataclass(frozen=True)
class ClaimTarget:
    """The figure a claim is taken to state, with the words that decided it."""

    measure: str
    scope: str
    because: str


def match_claim(text: str, scope_text: str = "") -> ClaimTarget | None:
    """The measure and scope a claim most likely states, or None when no rule fits."""
    words = text.casefold()
    scope_words = f"{scope_text} {text}".casefold()
    measure = next(
        ((m, p) for p, m in _MEASURE_WORDS if re.search(p, words)),
        None,
    )
    scope = next(((s, p) for p, s in _SCOPE_WORDS if re.search(p, scope_words)), None)
    if measure is None:
        return None
    if scope is None:
        return ClaimTarget(
            measure[0],
            DEFAULT_SCOPE,
            f"the words match '{measure[1]}' (measure); no scope words, so the default scope",
        )
    return ClaimTarget(
        measure[0],
        scope[0],
        f"the words match '{measure[1]}' (measure) and '{scope[1]}' (scope)",
    )
