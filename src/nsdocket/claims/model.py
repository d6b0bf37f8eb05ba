"""Span-carrying results of claim extraction."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any, Literal

from nsdocket.claims.qualifiers import Qualifier

__all__ = ["DenominatorLink", "Kind", "NumericClaim", "Scope"]

Scope = Literal["sentence", "paragraph", "document"]


class Kind(StrEnum):
    """What a number in text is.

    ``count``: a number of things ("332 arrests", "189 人", "dozens", "數十人"). ``percent``: a
    share, written as a percent or in words ("84.6%", "two-thirds", "a majority", "八成"), or a
    range of shares ("80-90%", "between 80% and 90%", "百分之八十至九十": see
    ``NumericClaim.upper``). ``ratio``: a count of a counted whole, written compactly ("66 of
    78", "108 of the 127", "66/78", "one in five", "47名被告中16"). ``range``: a range of
    counts ("between 10 and 20 people", "15 to 30", "數十至上百人"): ``value`` is the low end
    and ``upper`` the high end.
    """

    COUNT = "count"
    PERCENT = "percent"
    RATIO = "ratio"
    RANGE = "range"


@dataclass(frozen=True)
class DenominatorLink:
    """A number in the same text that a percent could be a share of.

    Attributes:
        index: Position of the count or ratio in the list :func:`extract_claims` returned.
        text: That claim's text, e.g. "189" or "66 of 78".
        denominator: The group size it offers (a count's value, a ratio's denominator).
        numerator: The part the text gives with it: a ratio's numerator, or (on an attached
            link) a count the percent restates in brackets ("at least 66 (84.6%)").
        scope: Where it sits relative to the percent: same sentence, paragraph or only the
            same document.
    """

    index: int
    text: str
    denominator: int
    numerator: int | None
    scope: Scope

    def to_json(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "index": self.index,
            "text": self.text,
            "denominator": self.denominator,
            "numerator": self.numerator,
            "scope": self.scope,
        }


@dataclass(frozen=True)
class NumericClaim:
    """One number found in text, with its span.

    Attributes:
        text: The claim as written, qualifier included (``text == source[start:end]``).
        start: Code-point offset of the first character in the source text.
        end: Code-point offset just past the last character.
        kind: count, percent, ratio or range.
        value: The number: an int for counts and ratios (a ratio's value is its numerator), a
            Decimal for percents, keeping the decimals written ("84.6", "85").
        qualifier: "at least", "over", ... or ``Qualifier.NONE``. A majority is recorded as
            "more than" 50 percent.
        pattern: Name of the pattern in :mod:`nsdocket.claims.patterns` that matched.
        language: "en" or "zh".
        decimals: For percents written with digits or Chinese numerals, the decimals written.
        fraction: For shares written in words ("two-thirds", "八成"), the exact fraction; their
            ``value`` is the percent rounded to 1 place (two-thirds is 66.7).
        noun: For counts and ratios, what is counted ("arrests", "人"), when the text says.
        numerator: For ratios, the part.
        denominator: For ratios, the whole.
        upper: For a range of percents ("80-90%") or of counts ("15 to 30"), its upper end;
            ``value`` is then the lower end (and for percents ``decimals`` the most decimals
            either end is written with).
        candidates: For percents, the counts and ratios it could be a share of, nearest first.
        attached: For percents, the candidate the text itself ties it to, if any.
        link_reason: How ``attached`` was chosen, in words.
        unit: What is counted: people, companies, organisations, cases, charges or other
            (None when the text does not say).
        stage: The step of a prosecution the number counts: arrested, charged, prosecuted,
            convicted, acquitted, remanded, bail_denied, bail_granted, sentenced, released,
            wanted (None when it is none of these).
        law: The law or scope the text names for the number: NSL, SNSO, sedition, national
            security laws, 2019 protests (None when it names none).
        period: The date or period the text gives for the number, as written ("as of 28
            February 2022", "since 2020"), or None.
    """

    text: str
    start: int
    end: int
    kind: Kind
    value: Decimal | int
    qualifier: Qualifier = Qualifier.NONE
    pattern: str = ""
    language: Literal["en", "zh"] = "en"
    decimals: int | None = None
    fraction: Fraction | None = None
    noun: str | None = None
    numerator: int | None = None
    denominator: int | None = None
    upper: Decimal | None = None
    candidates: tuple[DenominatorLink, ...] = ()
    attached: DenominatorLink | None = None
    link_reason: str | None = None
    unit: str | None = None
    stage: str | None = None
    law: str | None = None
    period: str | None = None

    @property
    def is_word_share(self) -> bool:
        """True for shares written in words ("half", "a majority"), which are approximate."""
        return self.kind is Kind.PERCENT and self.decimals is None

    def to_json(self) -> dict[str, Any]:
        """Plain-JSON form (Decimals and fractions as strings)."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind.value,
            "value": self.value if isinstance(self.value, int) else str(self.value),
            "qualifier": self.qualifier.value,
            "pattern": self.pattern,
            "language": self.language,
            "decimals": self.decimals,
            "fraction": None if self.fraction is None else str(self.fraction),
            "noun": self.noun,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "upper": None if self.upper is None else str(self.upper),
            "candidates": [c.to_json() for c in self.candidates],
            "attached": None if self.attached is None else self.attached.to_json(),
            "link_reason": self.link_reason,
            "unit": self.unit,
            "stage": self.stage,
            "law": self.law,
            "period": self.period,
        }
