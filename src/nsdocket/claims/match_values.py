"""Reading what a pattern matched: a number as written, and its qualifier."""

from __future__ import annotations

import re
from decimal import Decimal

from nsdocket.claims.number_words import parse_chinese_number, parse_english_number
from nsdocket.claims.qualifiers import RECORDED, Qualifier, parse_qualifier

__all__ = ["SCALES", "integer", "number", "qualifier_of"]

#: A scale word or character after a number: "1.2 million", "逾1.2萬", "3千".
SCALES = {
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "千": 1_000,
    "萬": 10_000,
    "万": 10_000,
    "億": 10**8,
    "亿": 10**8,
}


def number(text: str) -> Decimal | None:
    """Parse digits ("1,234", "84.6"), English words or a Chinese numeral."""
    cleaned = text.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
        return Decimal(cleaned)
    if cleaned.isascii():
        words = parse_english_number(cleaned)
        return None if words is None else Decimal(words)
    return parse_chinese_number(cleaned)


def integer(text: str) -> int | None:
    """Parse a whole number (None for "84.6" or what is not a number)."""
    value = number(text)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


def qualifier_of(match: re.Match[str], default: Qualifier = Qualifier.NONE) -> Qualifier:
    """The qualifier written with a match, in the form a found claim records (``RECORDED``).

    Args:
        match: A match of a claim pattern, with groups ``qen`` (English before), ``qzh``
            (Chinese before), ``qsuf`` (Chinese after: 以上) or ``qmore`` (多 after: 20多人).
        default: What to record when nothing is written ("dozens" is "more than" 12).
    """
    groups = match.groupdict()
    for name in ("qen", "qzh", "qsuf"):
        if groups.get(name):
            found = parse_qualifier(groups[name])
            return RECORDED.get(found, found)
    if groups.get("qmore"):
        return Qualifier.MORE_THAN
    return default
