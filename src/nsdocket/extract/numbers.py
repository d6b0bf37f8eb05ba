"""Turn the numbers the patterns match back into integers: digits, English words, Chinese."""

from __future__ import annotations

from nsdocket.extract.patterns.sentences import NUMBER_WORDS

_ZH_DIGIT_VALUES = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "兩": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_ZH_UNIT_VALUES = {"十": 10, "百": 100, "千": 1000}
_ZH_MYRIAD = {"萬": 10_000, "万": 10_000}


def parse_chinese_number(text: str) -> int | None:
    """The value of a Chinese numeral, or None if it is not one.

    Handles place-value numerals (``二十三`` = 23, ``一百五十九`` = 159, ``十`` = 10,
    ``一萬`` = 10000) and digit-by-digit years (``二〇二一`` = 2021). ASCII and full-width
    digits are read as digits.

    Args:
        text: the numeral, with nothing around it.

    Returns:
        The integer, or None when ``text`` holds anything else.
    """
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if not any(ch in _ZH_UNIT_VALUES or ch in _ZH_MYRIAD for ch in text):
        # Digit by digit: 二〇二一.
        if all(ch in _ZH_DIGIT_VALUES for ch in text):
            return int("".join(str(_ZH_DIGIT_VALUES[ch]) for ch in text))
        return None
    total = section = digit = 0
    for ch in text:
        if ch in _ZH_DIGIT_VALUES:
            digit = _ZH_DIGIT_VALUES[ch]
        elif ch in _ZH_UNIT_VALUES:
            section += (digit or 1) * _ZH_UNIT_VALUES[ch]
            digit = 0
        elif ch in _ZH_MYRIAD:
            total += (section + digit) * _ZH_MYRIAD[ch]
            section = digit = 0
        else:
            return None
    return total + section + digit


def parse_count(text: str) -> float | None:
    """The value of a count of time units: ``5``, ``4.5``, ``4½``, ``twenty-one``, ``一``.

    Args:
        text: the count as matched (``"one and a half"`` is 1.5).

    Returns:
        The number, or None when the text is not a number.
    """
    cleaned = text.strip().casefold()
    half = 0.0
    if cleaned.endswith("and a half"):
        half = 0.5
        cleaned = cleaned[: -len("and a half")].strip()
    if cleaned.endswith("½"):
        half = 0.5
        cleaned = cleaned[:-1]
    if cleaned[:1].isdigit():
        try:
            return float(cleaned) + half
        except ValueError:
            return None
    words = cleaned.replace("-", " ").split()
    if words and all(word in NUMBER_WORDS for word in words):
        return sum(NUMBER_WORDS[word] for word in words) + half
    value = parse_chinese_number(cleaned)
    return None if value is None else value + half
