"""The regular expressions for numbers that are not statistics (``SKIP_PATTERNS``).

Years, dates, times, legal references ("article 23", "s. 9", "第23條"), case numbers ("HCCC
69/2022"), ages, durations, money, percentage points. A claim whose *number* overlaps one of these
is dropped.
"""

from __future__ import annotations

import re

from nsdocket.claims.number_patterns import _LEFT, DIGITS, WORD_NUMBER
from nsdocket.extract.patterns import CASE_NUMBER, CITATION

# --- numbers that are not statistics ------------------------------------------------------
_MONTH = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
_ZH_INT = r"[零〇一二兩两三四五六七八九十百千]+"
_DURATION_UNIT = r"(?:years?|months?|weeks?|days?|hours?|minutes?|decades?)\b"
_REF_WORDS = (
    r"articles?|arts?\.|sections?|ss?\.|cap\.?|chapters?|paragraphs?|paras?\.|rules?|no\.|nos\.|"
    r"pages?|pp?\.|clauses?|schedules?|principles?|comments?|resolutions?|items?|parts?|"
    r"annex(?:es)?|regulations?|reg\."
)
_REF_NUMBER = r"\d+[A-Za-z]?(?:\(\d+[a-z]?\))*"

_OWN_SKIPS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rx, re.IGNORECASE))
    for name, rx in (
        # 2020, 2019-20, 2020–2025 (a bare four-digit number from 1900 to 2099 is a year)
        (
            "year",
            rf"{_LEFT}(?:19|20)\d{{2}}(?:\s?[-–/]\s?(?:(?:19|20)\d{{2}}|\d{{2}}))?"
            r"(?![0-9%]|\s?(?:per\s?cent|percent))",
        ),
        # 30 June 2020, June 30, 2025, 1st of July
        ("date_dm", rf"\b\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH}(?![A-Za-z])"),
        ("date_md", rf"\b{_MONTH}\s+\d{{1,2}}{_ORD}(?![0-9A-Za-z])"),
        # 2025-06-30, 30/6/2020, 30.6.2020
        ("date_numeric", r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"),
        # 2020年6月30日, 三年, 6號
        (
            "date_zh",
            rf"(?:\d+|{_ZH_INT})\s?(?:[年月日號号]|個月|个月|星期|小時|小时|天|週|周|歲|岁)",
        ),
        ("time", r"\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:am|pm|a\.m\.|p\.m\.)(?![A-Za-z])"),
        # article 23, arts. 20-22, art. 42(2), s. 9, Cap. 200, General Comment 34
        (
            "legal_reference",
            rf"\b(?:{_REF_WORDS})\s*{_REF_NUMBER}"
            rf"(?:\s*(?:-|–|to|and|or|,)\s*{_REF_NUMBER}(?![0-9A-Za-z]))*",
        ),
        ("ordinal_zh", rf"第\s?(?:\d+|{_ZH_INT})"),
        # HCCC 69/2022, [2024] HKCFI 1234, (2021) 24 HKCFAR 417
        ("case_number", r"(?-i:\b[A-Z]{2,6}\s?\d{1,5}/\d{2,4}\b)"),
        (
            "neutral_citation",
            r"(?-i:\[\d{4}\]\s?[A-Z]{2,8}\s?\d+|\(\d{4}\)\s?\d+\s?[A-Z]{2,8}\s?\d+)",
        ),
        # aged 26, age 18 to 25, 26-year-old, 26 years old
        ("age", r"\bages?d?\s+(?:between\s+)?\d+(?:\s*(?:-|–|to|and)\s*\d+)?"),
        # 11 months, five years, 10-year
        ("duration", rf"(?:{DIGITS}|{WORD_NUMBER})\s?[-–]?\s?{_DURATION_UNIT}"),
        # HK$500, US$1 million, 500 dollars, 5,000元
        (
            "money",
            r"(?:HK|US|NT|RMB)?[$¥£€]\s?\d[\d,.]*(?:\s?(?:million|billion|thousand|[萬万億亿]))?"
            r"|\d[\d,.]*\s?(?:million\s+|billion\s+)?(?:dollars|yuan|HKD|USD|港元|港幣|元)",
        ),
        # 5 percentage points, 3 points
        ("points", rf"{DIGITS}\s?(?:percentage\s+points?|points?|pp)\b"),
    )
)
SKIP_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    *_OWN_SKIPS,
    # The case-number and citation extractors' own patterns, with their list of court
    # prefixes: "HCCC 69 and 70/2022", "HCCC No. 280 of 2020", "[2021] HKCFI 2200".
    ("court_case_number", CASE_NUMBER),
    ("court_citation", CITATION),
)
