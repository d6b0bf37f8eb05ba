"""Number words: English cardinals and fractions, Chinese numerals.

The word tables here feed the regexes in :mod:`nsdocket.claims.patterns` and the parsers below
turn a matched phrase back into an exact number. Nothing here searches text.

English
    cardinals up to the millions ("sixty-six", "one hundred and twelve", "two thousand"),
    fractions ("half", "a third", "two-thirds", "three quarters") and proportions
    ("one in five", "nine in ten" are parsed as two cardinals by the caller).

Chinese
    numerals in traditional and simplified script ("八十四點六", "三百三十二", "一百八十九",
    "兩萬"), also mixed with ASCII digits ("1.2萬"). Full-width digits are folded to ASCII
    earlier, in :func:`nsdocket.claims.patterns.normalise`.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

__all__ = [
    "DENOMINATOR_WORDS",
    "ENGLISH_SCALES",
    "ENGLISH_TENS",
    "ENGLISH_UNITS",
    "ZH_BIG_UNITS",
    "ZH_DIGITS",
    "ZH_SMALL_UNITS",
    "parse_chinese_number",
    "parse_english_number",
    "parse_fraction_words",
]

ENGLISH_UNITS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}

ENGLISH_TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}

ENGLISH_SCALES: dict[str, int] = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}

# "two-thirds" -> numerator word "two", denominator word "thirds" -> 3.
DENOMINATOR_WORDS: dict[str, int] = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
}

ZH_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "兩": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
ZH_SMALL_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
ZH_BIG_UNITS: dict[str, int] = {"萬": 10_000, "万": 10_000, "億": 10**8, "亿": 10**8}
_ZH_POINT = frozenset("點点.")

_SPLIT = re.compile(r"[\s\-‐‑–]+")


def parse_english_number(phrase: str) -> int | None:
    """Parse an English cardinal phrase.

    Args:
        phrase: e.g. "sixty-six", "One hundred and twelve", "a hundred", "two thousand".

    Returns:
        The integer, or None when the phrase holds a word that is not a number word.
    """
    tokens = [t for t in _SPLIT.split(phrase.lower().strip()) if t and t != "and"]
    if not tokens:
        return None
    total = 0
    current = 0
    seen_number = False
    for index, token in enumerate(tokens):
        if token == "a" and index == 0:
            current = 1
            continue
        if token in ENGLISH_UNITS:
            current += ENGLISH_UNITS[token]
        elif token in ENGLISH_TENS:
            current += ENGLISH_TENS[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token in ENGLISH_SCALES:
            total += max(current, 1) * ENGLISH_SCALES[token]
            current = 0
        else:
            return None
        seen_number = True
    return total + current if seen_number else None


def parse_fraction_words(phrase: str) -> Fraction | None:
    """Parse a fraction written in words.

    Args:
        phrase: e.g. "half", "a half", "a third", "one-third", "two-thirds", "three quarters".

    Returns:
        The fraction, or None when the phrase is not a fraction.
    """
    tokens = [t for t in _SPLIT.split(phrase.lower().strip()) if t]
    if not tokens or tokens[-1] not in DENOMINATOR_WORDS:
        return None
    denominator = DENOMINATOR_WORDS[tokens[-1]]
    head = tokens[:-1]
    if not head or head == ["a"]:
        numerator = 1
    else:
        parsed = parse_english_number(" ".join(head))
        if parsed is None:
            return None
        numerator = parsed
    if numerator <= 0:
        return None
    return Fraction(numerator, denominator)


def _parse_zh_integer(text: str) -> int | None:
    """Parse the integer part of a Chinese numeral (ASCII digit runs allowed)."""
    total = 0
    section = 0
    digit: int | None = None
    index = 0
    while index < len(text):
        char = text[index]
        if char.isascii() and char.isdigit():
            end = index
            while end < len(text) and text[end].isascii() and text[end].isdigit():
                end += 1
            digit = int(text[index:end])
            index = end
            continue
        if char in ZH_DIGITS:
            digit = ZH_DIGITS[char]
        elif char in ZH_SMALL_UNITS:
            section += (1 if digit is None else digit) * ZH_SMALL_UNITS[char]
            digit = None
        elif char in ZH_BIG_UNITS:
            section += 0 if digit is None else digit
            total += max(section, 1) * ZH_BIG_UNITS[char]
            section = 0
            digit = None
        else:
            return None
        index += 1
    return total + section + (0 if digit is None else digit)


def parse_chinese_number(text: str) -> Decimal | None:
    """Parse a Chinese numeral, possibly with a decimal part.

    Args:
        text: e.g. "八十四點六" (84.6), "三百三十二" (332), "一百零五" (105), "十二" (12),
            "兩萬" (20000), "1.2萬" (12000), "84.6", and digit by digit "二零二四" (2024).

    Returns:
        The exact value as a Decimal, or None when the text is not a numeral.
    """
    text = text.strip()
    if not text:
        return None
    big = ""
    if text[-1] in ZH_BIG_UNITS and re.fullmatch(r"\d+(?:\.\d+)?.", text):
        big, text = text[-1], text[:-1]
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        value = Decimal(text)
        return value * ZH_BIG_UNITS[big] if big else value
    integer_part, fraction_part = text, ""
    for index, char in enumerate(text):
        if char in _ZH_POINT:
            integer_part, fraction_part = text[:index], text[index + 1 :]
            break
    if len(integer_part) > 1 and all(char in ZH_DIGITS for char in integer_part):
        # Read digit by digit, as years are: "二零二四" is 2024.
        integer: int | None = int("".join(str(ZH_DIGITS[char]) for char in integer_part))
    else:
        integer = _parse_zh_integer(integer_part) if integer_part else 0
    if integer is None:
        return None
    digits = []
    for char in fraction_part:
        if char in ZH_DIGITS:
            digits.append(str(ZH_DIGITS[char]))
        elif char.isascii() and char.isdigit():
            digits.append(char)
        else:
            return None
    try:
        return Decimal(f"{integer}.{''.join(digits)}") if digits else Decimal(integer)
    except InvalidOperation:  # pragma: no cover - digits are validated above
        return None
