"""Check the numbers in a text against each other.

:func:`check_text` extracts the claims (:func:`~nsdocket.claims.extract.extract_claims`) and
runs three kinds of check:

``share``
    every percent against the count or ratio the text attaches it to, with the other numbers
    in the text as candidate denominators ("84.6% ... 189 convictions": impossible);
``ratio``
    every ratio, against the percent attached to it if there is one ("66 of 78 (84.6%)"),
    else on its own ("66 of 78" is 84.6%; "80 of 78" is impossible);
``restatement``
    every two percents attached to the same number (the same value, wherever it is written),
    at least one of them a plain figure,
    against each other ("over 80%" in the headline and "84.6%" in the body: they agree).

A share written in words ("two-thirds", "half", "八成") is read as *about* that share (within
2.5 points, see :mod:`nsdocket.claims.consistency`) unless the text qualifies it. A range
("80-90%") is checked as a whole: it fits a group when some value in it does, and the check
says which numerators give one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any, Literal

from nsdocket.claims.check import check_claim, check_restatement
from nsdocket.claims.consistency import Rounding
from nsdocket.claims.extract import extract_claims
from nsdocket.claims.model import DenominatorLink, Kind, NumericClaim
from nsdocket.claims.qualifiers import Qualifier
from nsdocket.claims.results import Claim, ClaimCheck, FigureLookup

__all__ = ["TextCheck", "check_text", "claim_from"]

CheckKind = Literal["share", "ratio", "restatement"]


@dataclass(frozen=True)
class TextCheck:
    """One check run on numbers found in a text.

    Attributes:
        kind: share, ratio or restatement.
        claim: The number checked (a percent, or a ratio).
        check: The result, with verdict and reason.
        link: For shares, the count or ratio the percent was checked against, if any.
        link_reason: How that link was chosen.
        compared_with: For restatements, the other percent.
    """

    kind: CheckKind
    claim: NumericClaim
    check: ClaimCheck
    link: DenominatorLink | None = None
    link_reason: str | None = None
    compared_with: NumericClaim | None = None

    def to_json(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "kind": self.kind,
            "claim": self.claim.to_json(),
            "check": self.check.to_json(),
            "link": None if self.link is None else self.link.to_json(),
            "link_reason": self.link_reason,
            "compared_with": None if self.compared_with is None else self.compared_with.to_json(),
        }


def _precise(numeric: NumericClaim) -> bool:
    return (
        not numeric.is_word_share and numeric.qualifier is Qualifier.NONE and numeric.upper is None
    )


def claim_from(numeric: NumericClaim, link: DenominatorLink | None = None) -> Claim:
    """Turn an extracted percent or ratio into a structured :class:`Claim`.

    Args:
        numeric: A percent or ratio from :func:`extract_claims`.
        link: For a percent, the count or ratio to check it against.

    Returns:
        The claim; a share in words with no qualifier gets the qualifier "about".
    """
    if numeric.kind is Kind.RATIO:
        return Claim(
            numeric.text,
            numerator=numeric.numerator,
            denominator=numeric.denominator,
            qualifier=numeric.qualifier,
        )
    qualifier = numeric.qualifier
    if numeric.is_word_share and qualifier is Qualifier.NONE:
        qualifier = Qualifier.ABOUT
    percent = str(numeric.value) if numeric.kind is Kind.PERCENT else None
    return Claim(
        numeric.text,
        numerator=None if link is None else link.numerator,
        denominator=None if link is None else link.denominator,
        percent=percent,
        qualifier=qualifier,
        percent_upper=None if numeric.upper is None else str(numeric.upper),
    )


def check_text(
    text: str,
    *,
    figure_lookup: FigureLookup | None = None,
    rounding: Rounding = "nearest",
    claims: list[NumericClaim] | None = None,
) -> list[TextCheck]:
    """Extract the numbers in a text and check them against each other.

    Args:
        text: An article, report or post.
        figure_lookup: Passed to :func:`check_claim` for every share and ratio.
        rounding: Rounding convention, see :mod:`nsdocket.claims.consistency`.
        claims: The numbers already found in ``text`` (found again when not given).

    Returns:
        Share checks and ratio checks in the order of the claims, then restatement checks.
    """
    claims = extract_claims(text) if claims is None else claims
    results: list[TextCheck] = []
    by_link: dict[tuple[int, int | None], list[NumericClaim]] = defaultdict(list)
    restated: dict[int, NumericClaim] = {}
    for numeric in claims:
        if numeric.kind is Kind.PERCENT and numeric.attached is not None:
            restated.setdefault(numeric.attached.index, numeric)
    for index, numeric in enumerate(claims):
        if numeric.kind is Kind.RATIO:
            claim = claim_from(numeric)
            if index in restated:  # "66 of 78 (84.6%)": test the ratio against its percent
                percent = claim_from(restated[index])
                claim = replace(
                    claim,
                    percent=percent.percent,
                    qualifier=percent.qualifier,
                    percent_upper=percent.percent_upper,
                )
            check = check_claim(claim, figure_lookup=figure_lookup, rounding=rounding)
            results.append(TextCheck("ratio", numeric, check))
        elif numeric.kind is Kind.PERCENT:
            claim = claim_from(numeric, numeric.attached)
            candidates = [lk.denominator for lk in numeric.candidates]
            check = check_claim(
                claim,
                candidate_denominators=candidates,
                figure_lookup=figure_lookup,
                rounding=rounding,
            )
            results.append(
                TextCheck("share", numeric, check, numeric.attached, numeric.link_reason)
            )
            if numeric.attached is not None:
                by_link[numeric.attached.denominator, numeric.attached.numerator].append(numeric)
    for group in by_link.values():
        for position, first in enumerate(group):
            for second in group[position + 1 :]:
                if not (_precise(first) or _precise(second)):
                    continue  # "over 80%" against "a majority" tells a reader nothing
                check = check_restatement(claim_from(first), claim_from(second))
                results.append(TextCheck("restatement", first, check, compared_with=second))
    return results
