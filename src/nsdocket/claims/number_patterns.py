"""The regular expressions for numbers, and the words that say what a count counts.

Numbers in digits, in English words and in Chinese numerals, the Chinese classifiers and nouns
that make a number a count, and :func:`normalise`, the folding the extractor runs on first.
They are the pieces :mod:`nsdocket.claims.patterns` and :mod:`nsdocket.claims.skip_patterns`
are built from.
"""

from __future__ import annotations

import re

from nsdocket.claims.number_words import (
    ENGLISH_SCALES,
    ENGLISH_TENS,
    ENGLISH_UNITS,
    ZH_BIG_UNITS,
    ZH_DIGITS,
    ZH_SMALL_UNITS,
)

# --- normalisation: one character for one, so spans survive --------------------------------
_FOLD = str.maketrans(
    "０１２３４５６７８９％﹪．／\u00a0\u2009\u202f\u3000",
    "0123456789%%./    ",
)


def normalise(text: str) -> str:
    """Fold full-width digits, percent signs, points and slashes, and odd spaces, to ASCII.

    Args:
        text: Any text.

    Returns:
        Text of the same length, so offsets into it are offsets into ``text``.
    """
    return text.translate(_FOLD)


def _alternation(words: list[str]) -> str:
    """Regex alternation, longest first, spaces matching any run of whitespace."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def first_letters(words: list[str]) -> str:
    """A look-ahead for the first characters of some words, both cases: a cheap test that lets
    the regex engine skip the whole alternation at most places in a text."""
    chars = {c for w in words for c in (w[0].lower(), w[0].upper())}
    return f"(?=[{re.escape(''.join(sorted(chars)))}])"


# --- numbers in digits -----------------------------------------------------------------------
# Not glued to a letter, another number, a slash or colon on the left ("G20", "69/2022",
# "10:30", "COVID-19"); not followed by a letter, digit or slash ("5th", "2022/23"). A comma,
# point or colon on the left only counts after a digit ("1,234", "8.2", "10:30"): Chinese text
# often has ASCII punctuation between clauses ("95人被捕,4人被檢控", "人數:541人").
_LEFT = r"(?<![0-9A-Za-z/])(?<!\d[.,:])(?<![A-Za-z]-)"
_RIGHT = r"(?![0-9A-Za-z/]|:\d|\.\d|,\d{3})"
# 1,234 | 84.6 | 332
DIGITS = rf"{_LEFT}(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?{_RIGHT}"
# Whole numbers only (ratios): also not followed by a percent sign.
INTEGER = rf"{_LEFT}(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?![0-9A-Za-z/%]|:\d|\.\d|,\d{{3}})"

# --- numbers in English words ----------------------------------------------------------------
_UNIT = _alternation(list(ENGLISH_UNITS))
_TENS = _alternation(list(ENGLISH_TENS))
_SCALE = _alternation(list(ENGLISH_SCALES))
# 0-99: "sixty-six", "sixty six", "twelve"
_SMALL = (
    rf"(?:{first_letters([*ENGLISH_TENS, *ENGLISH_UNITS])}"
    rf"(?:\b(?:{_TENS})(?:[-\s](?:{_UNIT})\b)?|\b(?:{_UNIT})\b))"
)
# "one hundred and twelve", "two thousand three hundred", "a hundred", or just 0-99.
_SCALED = rf"(?:{_SMALL}\s+(?:{_SCALE})\b|(?=[aA])\ba\s+(?:{_SCALE})\b)"
WORD_NUMBER = (
    rf"(?:{_SCALED}(?:\s+(?:and\s+)?(?:{_SMALL}\s+)?(?:{_SCALE})\b)*"
    rf"(?:\s+(?:and\s+)?{_SMALL})?|{_SMALL})"
)

# --- Chinese numerals --------------------------------------------------------------------------
_ZH_CHARS = "".join([*ZH_DIGITS, *ZH_SMALL_UNITS, *ZH_BIG_UNITS])
# "八十四點六", "三百三十二", "兩萬"; not after 數/幾 ("數百人" is "several hundred") or 第.
# It starts with a digit or 十/百/千 ("萬人" alone is an idiom, and in "1.2萬人" 萬 is a scale).
ZH_NUMERAL = (
    rf"(?<![數数幾几第0-9.])[{''.join([*ZH_DIGITS, *ZH_SMALL_UNITS])}][{_ZH_CHARS}]*"
    rf"(?:[點点][{''.join(ZH_DIGITS)}]+)?"
)
# Classifiers that make a number a count: of people (人 名 位, and 男 女 "men", "women"), cases
# (宗 起), charges or items (項 條), companies (家 間), kinds (類 種), things (個 支 卷) and
# times (度 "三度警告" "warned three times").
ZH_CLASSIFIERS = (
    *("人", "名", "位", "男", "女", "宗", "起", "項", "项", "條", "条", "家", "間", "间"),
    *("類", "类", "種", "种", "個", "个", "支", "卷", "度"),
)
_ZH_CLS = "|".join(ZH_CLASSIFIERS)
# Nouns that may follow a classifier ("189名被告"), longest first.
ZH_NOUNS = (
    "被告人",
    "嫌疑人",
    "示威者",
    "被捕者",
    "被告",
    "人士",
    "疑犯",
    "學生",
    "学生",
    "記者",
    "记者",
    "議員",
    "议员",
    "案件",
    "個案",
    "个案",
    "定罪",
    "檢控",
    "检控",
    "案",
)

# Nouns that say what a count counts; up to three other words may come between ("78 concluded
# NSL cases"). Singular and plural.
COUNT_NOUNS = frozenset(
    [
        "people",
        "person",
        "persons",
        "individual",
        "individuals",
        "defendant",
        "defendants",
        "activist",
        "activists",
        "journalist",
        "journalists",
        "reporter",
        "reporters",
        "lawmaker",
        "lawmakers",
        "legislator",
        "legislators",
        "democrat",
        "democrats",
        "politician",
        "politicians",
        "student",
        "students",
        "teenager",
        "teenagers",
        "minor",
        "minors",
        "child",
        "children",
        "protester",
        "protesters",
        "protestor",
        "protestors",
        "demonstrator",
        "demonstrators",
        "arrest",
        "arrests",
        "conviction",
        "convictions",
        "case",
        "cases",
        "charge",
        "charges",
        "prosecution",
        "prosecutions",
        "trial",
        "trials",
        "acquittal",
        "acquittals",
        "detainee",
        "detainees",
        "prisoner",
        "prisoners",
        "inmate",
        "inmates",
        "organisation",
        "organisations",
        "organization",
        "organizations",
        "group",
        "groups",
        "union",
        "unions",
        "company",
        "companies",
        "outlet",
        "outlets",
        "publication",
        "publications",
        "book",
        "books",
        "judgment",
        "judgments",
        "application",
        "applications",
        "appeal",
        "appeals",
        "man",
        "men",
        "woman",
        "women",
        "resident",
        "residents",
        "citizen",
        "citizens",
        "suspect",
        "suspects",
        "offender",
        "offenders",
        "member",
        "members",
        "officer",
        "officers",
    ]
)
