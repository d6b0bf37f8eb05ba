"""Whether "a/b" in text is a count ratio ("66/78 cases") or something else with a slash.

A slash joins many things that are not a part of a whole: case numbers ("HCCC 69/2022",
"CACC 1/23"), dates ("1/7/2020", "7/2020", "30/6"), citations, URLs and paths, "24/7",
scores ("3/5 stars", "7/10"), odds ("50/50") and fractions of a time ("2/3 of her sentence").
A wrong figure in a fact-check is worse than a missed one, so a slash pair is a count ratio
only when all of these hold (decided here):

- the part is not larger than the whole, and neither is written with a leading zero;
- it is not inside a URL or path, and no case-number prefix (the court prefixes of
  :data:`nsdocket.extract.patterns.CASE_PREFIXES`, or any other all-capitals code) or
  "No." / "case" / "ref" comes before it;
- when it *could* be something else, the text says it counts: a noun of counted things
  follows ("66/78 cases", "7/20 defendants"), a Chinese classifier ("189/332宗"), or a
  percent in brackets restating it ("66/78 (84.6%)"). It could be something else when the
  whole is a year (1900-2100: "7/2020"), when the pair has the shape of a day and month or a
  month and year ("1/7", "12/6", "6/25"), and when part and whole are equal ("50/50").

Anything else with digits on both sides is read as a count ratio ("convicted in 189/332").
Dates with three parts and the case numbers themselves are also skipped before this
(``SKIP_PATTERNS`` in :mod:`nsdocket.claims.patterns`).
"""

from __future__ import annotations

import re

from nsdocket.claims.patterns import COUNT_NOUNS
from nsdocket.extract.patterns import CASE_PREFIXES

__all__ = ["is_count_ratio"]

_PREFIXES = "|".join(sorted(CASE_PREFIXES, key=len, reverse=True))
# A case number's prefix, possibly with "No." and earlier numbers of a list ("HCCC 69 and ");
# or any code in capitals right before the pair ("LCCC 12/34", a prefix not in the list).
_CASE_BEFORE = re.compile(
    rf"(?<![A-Za-z])(?:{_PREFIXES})\s?(?:No\.?\s?)?(?:[\d,&\s–-]|\band\b|\bto\b)*$"
    r"|(?<![A-Za-z])[A-Z]{2,6}\s?$"
)
# Words that make what follows a number of a document, not a count.
_REFERENCE_BEFORE = re.compile(r"\b(?:nos?|case|ref|reference|file|docket|serial)\.?\s?$", re.I)
# A URL or a path around the pair.
_URL = re.compile(
    r"://|www\.|\.(?:com|org|net|gov|edu|hk|cn|html?|php|aspx?|pdf)\b|[A-Za-z]/|/[A-Za-z]", re.I
)
# A percent in brackets just after: "66/78 (84.6%)", "66/78（84.6%）".
_BRACKET_PERCENT = re.compile(r"\s?[(（][^()（）]{0,20}?%")
_STOP = frozenset(
    (
        *("of", "in", "on", "at", "to", "and", "or", "for", "by", "with", "from", "the", "a"),
        *("an", "was", "were", "is", "are", "had", "have", "has"),
    )
)
_WORD = re.compile(r"\s+([A-Za-z][A-Za-z'’-]*)")


def _token(norm: str, start: int, end: int) -> str:
    """The run of non-space characters holding ``norm[start:end]``."""
    left = start
    while left > 0 and not norm[left - 1].isspace():
        left -= 1
    right = end
    while right < len(norm) and not norm[right].isspace():
        right += 1
    return norm[left:right]


def _counts_something(norm: str, end: int, classifier: str | None) -> bool:
    """Whether the text after a pair says it counts: a count noun, a classifier or a percent."""
    if classifier or _BRACKET_PERCENT.match(norm, end):
        return True
    pos = end
    for _ in range(3):
        word = _WORD.match(norm, pos)
        if word is None:
            return False
        low = word.group(1).lower()
        if low in COUNT_NOUNS:
            return True
        if low in _STOP:
            return False
        pos = word.end()
    return False


def _could_be_a_date(part: int, whole: int, whole_text: str) -> bool:
    """Day/month ("30/6", "1/7"), month/day or month/two-digit year ("12/25", "6/99")."""
    day_month = 1 <= part <= 31 and 1 <= whole <= 12
    month_other = 1 <= part <= 12 and len(whole_text) <= 2
    return day_month or month_other


def is_count_ratio(norm: str, match: re.Match[str]) -> bool:
    """Whether a slash pair found by ``RATIO_SLASH`` is a count ratio (see the module notes).

    Args:
        norm: The normalised text the match was found in.
        match: A match with groups ``num``, ``den`` and ``cls`` (a Chinese classifier or None).

    Returns:
        True when the pair reads as a part of a counted whole.
    """
    num_text, den_text = match.group("num"), match.group("den")
    if (num_text.startswith("0") and len(num_text) > 1) or den_text.startswith("0"):
        return False
    part, whole = int(num_text.replace(",", "")), int(den_text.replace(",", ""))
    if whole == 0 or part > whole:
        return False
    start, end = match.span("num")[0], match.span("den")[1]
    if _URL.search(_token(norm, start, end)):
        return False
    before = norm[max(0, start - 60) : start]
    if _CASE_BEFORE.search(before) or _REFERENCE_BEFORE.search(before):
        return False
    ambiguous = 1900 <= whole <= 2100 or part == whole or _could_be_a_date(part, whole, den_text)
    return not ambiguous or _counts_something(norm, end, match.group("cls"))
