"""Every regular expression the claim extractor uses, built from named pieces.

The extractor runs on *normalised* text (:func:`normalise`): full-width digits, "％" and "．"
folded to ASCII one character for one, so that offsets found here are offsets in the original.

Two families of patterns:

``SKIP_PATTERNS``
    Numbers that are not statistics: years, dates, times, legal references ("article 23",
    "s. 9", "第23條"), case numbers ("HCCC 69/2022"), ages, durations, money, percentage
    points. A claim whose *number* overlaps one of these is dropped.

``CLAIM_PATTERNS``
    The claims, in priority order: ranges of shares first (so "80-90%" is one claim, not a
    count and a percent), shares (so "84.6% of 189" gives a percent and then a count, never a
    ratio), ratios, then counts. An earlier match wins any overlap.

Some forms are only candidates here and are decided in code: a range must rise and must not
be a change ("from 30% to 45%"), and a slash ratio ("66/78") must read as a count of a count
(:mod:`nsdocket.claims.slash`).

No pattern uses ``\\b`` next to a digit: Chinese characters are word characters in Unicode,
so "有84.6%" has no word boundary before the 8. Digits are fenced with ASCII-only look-arounds.

The pieces live next door: numbers, :func:`normalise` and the nouns a count counts in
:mod:`nsdocket.claims.number_patterns`, ``SKIP_PATTERNS`` in :mod:`nsdocket.claims.skip_patterns`.
This module builds ``CLAIM_PATTERNS`` and re-exports the names the extractor uses.
"""

from __future__ import annotations

import re

from nsdocket.claims.number_patterns import (
    _SMALL,
    _ZH_CHARS,
    _ZH_CLS,
    COUNT_NOUNS,
    DIGITS,
    INTEGER,
    WORD_NUMBER,
    ZH_CLASSIFIERS,
    ZH_NOUNS,
    ZH_NUMERAL,
    _alternation,
    normalise,
)
from nsdocket.claims.number_words import DENOMINATOR_WORDS
from nsdocket.claims.qualifiers import QUALIFIER_WORDS, ZH_SUFFIX_QUALIFIERS
from nsdocket.claims.skip_patterns import SKIP_PATTERNS

__all__ = [
    "CLAIM_PATTERNS",
    "COUNT_NOUNS",
    "SKIP_PATTERNS",
    "ZH_CLASSIFIERS",
    "ZH_NOUNS",
    "normalise",
]

# --- qualifiers --------------------------------------------------------------------------------
_EN_QUAL_WORDS = [w for w in QUALIFIER_WORDS if w.isascii() and w not in {"none"}]
_ZH_QUAL_WORDS = [w for w in QUALIFIER_WORDS if not w.isascii()]
# "over", "more than", "at least" ... followed by whitespace.
QUAL_EN = rf"(?P<qen>\b(?:{_alternation(_EN_QUAL_WORDS)}))\s+"
# "逾", "超過", "近" (not the 近 of 最近 "recently", 附近 "nearby").
QUAL_ZH = rf"(?P<qzh>(?<![最附])(?:{_alternation(_ZH_QUAL_WORDS)}))\s?"
# "80%以上", "八成左右"
SUFFIX_ZH = rf"(?P<qsuf>{_alternation(list(ZH_SUFFIX_QUALIFIERS))})?"
_QUAL = rf"(?:{QUAL_EN}|{QUAL_ZH})?"

# --- shares ------------------------------------------------------------------------------------
_SIGN = r"(?:\s?%|\s?(?:per[\s-]?cent|percent)\b)"
# "84.6%", "over 80 per cent", "eighty percent", "逾80%以上"
PERCENT = rf"{_QUAL}(?P<num>{DIGITS}|{WORD_NUMBER}){_SIGN}{SUFFIX_ZH}"
# "百分之八十四點六", "百分之84.6"
PERCENT_ZH = rf"{_QUAL}百分之(?P<num>{DIGITS}|{ZH_NUMERAL}){SUFFIX_ZH}"
# "八成" is 80%, "逾八成", "八成半" 85%; not 成功 / 成立 / 成員 ... nor 一成不變.
TENTHS_ZH = (
    rf"{_QUAL}(?P<num>[一二兩两三四五六七八九十])成(?P<half>半)?"
    rf"(?!功|立|員|员|本|熟|長|长|績|绩|交|不變|不变){SUFFIX_ZH}"
)
# "三分之二" is two-thirds (denominator first in Chinese).
FRACTION_ZH = rf"{_QUAL}(?P<den>[二三四五六七八九十]|\d+)分之(?P<num>[一二三四五六七八九]|\d+)"
_FRACTION_NUMERATOR = _alternation(["a", "one", "two", "three", "four", "five", "six", "seven"])
_FRACTION_DENOMINATOR = _alternation(list(DENOMINATOR_WORDS))
# "two-thirds of", "a third of", "half the"; the fraction must be followed by "of" or "the"
# so that "the third defendant" and "half-brother" are not shares.
FRACTION_EN = (
    rf"{_QUAL}(?P<frac>\b(?:(?:{_FRACTION_NUMERATOR})[\s-]+(?:{_FRACTION_DENOMINATOR})|half))\b"
    r"(?=\s+(?:of|the)\b)"
)
# "one in five", "9 in 10", "one in every four"
IN_EN = (
    rf"{_QUAL}(?P<num>{INTEGER}|{_SMALL})\s+in\s+(?:every\s+)?(?P<den>{INTEGER}|{_SMALL})"
    r"(?!\s?(?:%|per\s?cent|percent))"
)
# "a majority", "the vast majority": more than half.
MAJORITY_EN = (
    r"\b(?:a|the)\s+(?:(?:vast|overwhelming|clear|large|great|substantial|slim|narrow|"
    r"simple)\s+)?majority\b"
)
# 過半 "more than half", 大多數 "the great majority", 一半 / 半數 "half".
MAJORITY_ZH = r"(?P<zmaj>過半|过半|大多數|大多数|大部分)|(?P<zhalf>一半|半數|半数)"

# --- ranges of shares -------------------------------------------------------------------------
# Between the two ends: a dash or tilde, "to", 至 or 到 ("80-90%", "80 to 90 per cent", "80%至90%").
_RANGE_SEP = r"(?:\s?[-–—－~～]\s?|\s+to\s+|\s?[至到]\s?)"
# "80-90%", "80%-90%", "80–90 per cent", "about 60 to 70 per cent", "約80%至90%"
RANGE = rf"{_QUAL}(?P<num>{DIGITS})(?:{_SIGN})?{_RANGE_SEP}(?P<high>{DIGITS}){_SIGN}{SUFFIX_ZH}"
# "between 80% and 90%", "between 80 and 90 per cent"
RANGE_BETWEEN = rf"\bbetween\s+(?P<num>{DIGITS})(?:{_SIGN})?\s+and\s+(?P<high>{DIGITS}){_SIGN}"
# "百分之八十至九十", "百分之八十至百分之九十", "百分之80到90"
RANGE_ZH = (
    rf"{_QUAL}百分之(?P<num>{DIGITS}|{ZH_NUMERAL})\s?(?:[至到]|[-–－~～])\s?(?:百分之)?"
    rf"(?P<high>{DIGITS}|{ZH_NUMERAL}){SUFFIX_ZH}"
)
# "八至九成", "八成至九成", "七八成" (two neighbouring tenths: 70-80%)
_TENTH = "一二兩两三四五六七八九"
RANGE_TENTHS_ZH = (
    rf"{_QUAL}(?<![{_ZH_CHARS}])(?P<num>[{_TENTH}])(?:成?(?:[至到]|[-–－~～]))?(?P<high>[{_TENTH}十])成"
    rf"(?!功|立|員|员|本|熟|長|长|績|绩|交|不變|不变){SUFFIX_ZH}"
)

# --- ratios ------------------------------------------------------------------------------------
# "66 of 78", "at least 108 of the 127", "sixty-six out of seventy-eight", "one of the 47"
RATIO_EN = (
    rf"{_QUAL}(?P<num>{INTEGER}|{WORD_NUMBER})\s+(?:out\s+of|of)\s+"
    rf"(?:the\s+|these\s+|those\s+|all\s+)?(?P<den>{INTEGER}|{WORD_NUMBER})"
    r"(?!\s?(?:%|per\s?cent|percent))"
)
# "78宗案件中，至少66宗", "在332名被捕人士中，有189人"
RATIO_ZH = (
    rf"(?P<den>{INTEGER}|{ZH_NUMERAL})\s?(?P<cls>{_ZH_CLS})(?P<noun>[^\d，,。；;：:、\s]{{0,6}}?)(?:當中|当中|中)"
    rf"[，,]?\s?(?:共有|有)?(?:{QUAL_ZH})?"
    rf"(?P<num>{INTEGER}|{ZH_NUMERAL})(?!\s?%|成|分之)\s?(?:{_ZH_CLS})?"
)

# "66/78", "189/332", "1,950/2,000", "189/332宗": only candidates; whether one is a count ratio
# and not a case number, date, score or fraction is decided in nsdocket.claims.slash. Not
# glued to a letter, digit, point, slash or URL punctuation on either side ("HCCC69/2022",
# "1/7/2020", "example.org/66/78", "?id=66/78"), nor a percent after it.
_SLASH_INT = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
RATIO_SLASH = (
    rf"(?<![0-9A-Za-z.,/:\\_=?&#@$¥£€-])(?P<num>{_SLASH_INT})/(?P<den>{_SLASH_INT})"
    r"(?![0-9A-Za-z/_%]|[.,:/]\d|\s?(?:per\s?cent|percent))"
    rf"(?:\s?(?P<cls>{_ZH_CLS})(?![月年日星小天]))?"
)

# --- counts ------------------------------------------------------------------------------------
# "332", "at least 66", "逾1.2萬", "1.2 million"
COUNT_DIGITS = (
    rf"{_QUAL}(?P<num>{DIGITS})(?P<scale>\s+(?:million|billion|thousand)\b|[萬万億亿])?"
    rf"(?:\s?(?P<cls>{_ZH_CLS})(?![月年日星小天]))?"
)
# "三百三十二人", "逾百人"
COUNT_ZH = rf"{_QUAL}(?P<num>{ZH_NUMERAL})\s?(?P<cls>{_ZH_CLS})(?![月年日星小天])"
# "sixty-six defendants" (a value of one is not kept: "one" is mostly an article)
COUNT_WORDS = rf"{_QUAL}(?P<num>{WORD_NUMBER})"

#: Claim patterns in priority order: (name, compiled regex).
CLAIM_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rx, re.IGNORECASE))
    for name, rx in (
        ("range_zh", RANGE_ZH),
        ("range_tenths_zh", RANGE_TENTHS_ZH),
        ("range_between", RANGE_BETWEEN),
        ("range", RANGE),
        ("percent_zh", PERCENT_ZH),
        ("percent", PERCENT),
        ("tenths_zh", TENTHS_ZH),
        ("fraction_zh", FRACTION_ZH),
        ("fraction_en", FRACTION_EN),
        ("in_en", IN_EN),
        ("majority_en", MAJORITY_EN),
        ("majority_zh", MAJORITY_ZH),
        ("ratio_slash", RATIO_SLASH),
        ("ratio_zh", RATIO_ZH),
        ("ratio_en", RATIO_EN),
        ("count_zh", COUNT_ZH),
        ("count_digits", COUNT_DIGITS),
        ("count_words", COUNT_WORDS),
    )
)
