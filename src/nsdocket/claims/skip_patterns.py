"""The regular expressions for numbers that are not statistics (``SKIP_PATTERNS``).

Years, dates, times, legal references ("article 23", "s. 9", "第23條"), case numbers ("HCCC
69/2022"), ages, durations, money, percentage points; and numbers that are part of a name, a
title, an address, a page count, a telephone number or a list marker ("the Hong Kong 47",
「612 基金」, 《事件簿2》, "17樓", "82頁", "(1)"). A claim whose *number* overlaps one of these
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
    r"articles?|arts?\.|sections?|ss?\.|cap\.?|chapters?|paragraphs?|paras?\b\.?|rules?|no\.|nos\.|"
    r"pages?|pp?\.|clauses?|schedules?|principles?|comments?|resolutions?|items?|parts?|"
    r"annex(?:es)?|regulations?|reg\."
)
_REF_NUMBER = r"\d+[A-Za-z]?(?:\(\d+[a-z]?\))*"
_ZH_NUM = rf"(?:\d+|{_ZH_INT})"
# Between the two ends of a span of ages or durations: "18至29歲", "3-4 months", "three to four".
_SPAN = r"\s?(?:至|到|-|–|~|to)\s?"
# Chinese units of time after a number: "2周", "3個月", "5年", "39 日".
_ZH_TIME_UNIT = r"(?:周|週|星期|個月|个月|年|日|天)"
_WEEKDAY_OR_MONTH = (
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    r"May|June|July|August|September|October|November|December"
)
# A capitalised word of a name ("Hong", "Yan-ling"), not a weekday or a month.
_NAME_WORD = rf"(?!(?:{_WEEKDAY_OR_MONTH})\b)[A-Z][a-z]+(?:-[a-z]+)?"
# What ends a name that has a number at its end: a closing quote, comma or bracket, the end of
# the text, or a verb ("The Hong Kong 47 are", "the Hong Kong 47,” saw").
_NAME_END = r"(?=[”\"’',)]|\s+(?:are|is|were|was|refers?|have|has|had)\b|\s*$)"
# Words that end the name of an organisation ("612 Humanitarian Relief Fund", 「612 人道支援基金」).
_ORG_EN = r"Fund|Union|Alliance|Association|Front|Foundation|Society|Movement|Trust"
_ORG_ZH = r"基金|聯盟|联盟|陣線|阵线|協會|协会|學會|学会|組織|组织|工會|工会"
_ORG_ZH_NAME = r"基金|聯盟|联盟|陣線|阵线|協會|协会|學會|学会|工會|工会"

# Dates and times the patterns above miss, spans of ages and durations, and numbers that are
# part of a name, a title, an address or a reference.
_MORE_SKIPS: tuple[tuple[str, str], ...] = (
    # "20 May 20201" (a year mistyped after a day and month is still the year)
    ("date_dm_year", rf"\b\d{{1,2}}{_ORD}\s+{_MONTH},?\s+\d{{4,5}}(?!\d)"),
    # "2020年6月30的數據" (a day with no 日 after it), "9.15" / "6.21" (a month and day)
    ("date_zh_day", rf"{_ZH_NUM}\s?月\s?{_ZH_NUM}(?![\d.])"),
    # 今日(15), 昨日（14）: the day of the month in brackets after "today" / "yesterday"
    ("date_zh_bracket", r"(?:今|昨|明|前)(?:日|天)?\s?[(（]\s?\d{1,2}\s?[)）]"),
    # "09-27 00:08" (month and day before a time)
    ("date_time", r"\b\d{1,2}-\d{1,2}(?=\s\d{1,2}:\d{2})"),
    # 9時半, 9時許, 下午2點, 淩晨1點 (點 not followed by a decimal: 八十四點六 is a number)
    (
        "time_zh",
        rf"{_ZH_NUM}\s?(?:時|时|點|点)(?![\d零〇一二兩两三四五六七八九])(?:半|許|许|\d+分)?",
    ),
    # aged from 15 to 90, aged between23 and 72, ages ranging from 14 to 36
    ("age_span", r"\bages?d?\s+(?:ranging\s+)?(?:from|between)\s*\d+(?:\s*(?:-|–|to|and)\s*\d+)?"),
    # 年齡介乎15至90歲, 18至23歲, 13至15歲, 16-21歲 (the first end has no 歲 of its own)
    ("age_span_zh", rf"{_ZH_NUM}{_SPAN}{_ZH_NUM}\s?[歲岁]"),
    # "Paula Leung Yan-ling, 42, waved", "A man, 17, and a woman, 45, were", "The judge, 58,
    # said", "his wife, 43,": an age set off by commas after a name or one person ("the" / "a" /
    # "his" and a singular noun; not "Of the prosecutors, 1,172 were")
    (
        "age_apposition",
        rf"(?-i:(?:{_NAME_WORD}|\b(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir)\s+[a-z]+(?<!s)),\s\d{{1,2}}(?=,(?!\d)))",
    ),
    # "was under 18", "were over 60": an age limit after a verb, with nothing counted after it
    (
        "age_limit",
        r"\b(?:was|were|is|are|be|been|being)\s+(?:under|over|below|above)\s+\d{1,2}"
        r"(?=\s*[.,;)]|\s+years?\b|\s*$)",
    ),
    # "Chiang Cheuk-sang Arthur (22), a student": an age in brackets after a full name (two
    # capitalised words or more; a single word, as in "Belarus (827)", is not a person's name)
    ("age_bracket", rf"(?-i:{_NAME_WORD}(?:\s{_NAME_WORD})+\s\(\d{{1,2}}\))"),
    # 3-4 months, three to four months; 約1至2周, 4至5年
    (
        "duration_span",
        rf"(?:{DIGITS}|{WORD_NUMBER}){_SPAN}(?:{DIGITS}|{WORD_NUMBER})\s?[-–]?\s?{_DURATION_UNIT}",
    ),
    ("duration_span_zh", rf"{_ZH_NUM}{_SPAN}{_ZH_NUM}\s?{_ZH_TIME_UNIT}"),
    # 三个多月, 兩年多: a duration with 多 ("more than") inside
    ("duration_zh_more", rf"{_ZH_NUM}\s?(?:個|个)?多\s?(?:月|年|日|天|星期)"),
    # 基本法23條, 條例24条: an article with no 第 before it, after the name of a law (not
    # 13000條訊息 or 499條罪狀, counts with the classifier 條)
    ("statute_zh", r"(?:法|例|約|约)\s?\d+\s?[條条款]"),
    # 23條立法, 23條下: the article named by its number alone, before 立法 or 下
    ("statute_zh_alone", rf"{_ZH_NUM}\s?[條条](?=\s?(?:立法|下|的?規定|的?规定|國安|国安))"),
    # BL 86 (an article of the Basic Law), ¶ 46, § 3
    ("statute_short", r"(?-i:\bBL\s?\d+)|[¶§]+\s?\d+"),
    # [2020] 4 HKLRD 416, (2021) 24 HKCFAR 417: a law report (year, volume, series, page)
    ("report_citation", r"(?-i:[\[(]\d{4}[\])]\s?\d+\s?[A-Z]{2,8}\s?\d+)"),
    # MISCELLANEOUS PROCEEDINGS NO 463 OF 2020
    ("case_number_of", r"\bno\.?\s?\d+\s+of\s+\d{4}\b"),
    # LC Paper No. CB(3) 760/18-19: a paper number of the Legislative Council
    ("paper_number", r"(?-i:\b[A-Z]{1,4}\(\d\)\s?\d+/\d{2}-\d{2})"),
    # 63-666-999: a telephone number (three groups of digits or more)
    ("telephone", r"(?<![\d-])\d{2,4}(?:-\d{2,4}){2,}(?![\d-])"),
    # (1), (2) as list markers, at the start or after a colon, a semicolon, "and" or "or"
    (
        "list_marker",
        r"(?:^|(?<=[:;])|(?<=[:;]\s)|(?<=\band\s)|(?<=\bor\s))\(?\d{1,2}\)(?=\s?[A-Za-z])",
    ),
    # [1], [23]: footnote markers
    ("footnote", r"\[\d{1,3}\]"),
    # 香港01, 09-27: a number written with a leading zero is a code or a date, not a count
    ("leading_zero", r"(?<![\d.,])0\d+"),
    # "2. On 6 July 2020": a paragraph number at the start of a line
    ("paragraph_number", r"(?m:^\s*\d{1,3}\.(?=\s+[A-Z]))"),
    # 17樓, A座, 3室: floors and rooms of an address (號 is with the dates)
    ("address_zh", rf"{_ZH_NUM}\s?[樓楼層层室座]"),
    # 82頁, a 319-page report
    ("pages", r"\d+\s?[頁页]|\d+-page\b"),
    # 《国安法事件簿2》: a number inside the title of a book, programme or law
    ("title_zh", r"《[^》\n]{0,40}\d[^》\n]{0,40}》"),
    # 「1111」, 「35+」, “612”: a number that is all of a quotation is a name
    ("quoted_number", r"[「“\"]\s?\d+\+?\s?(?:條|条)?\s?[」”\"]"),
    # 「612 基金」, 「612 人道支援基金」, 612 Humanitarian Relief Fund: an organisation's name
    ("org_name_zh", rf"「\s?\d+[^」\n]{{0,12}}?(?:{_ORG_ZH})"),
    # 612人道支援基金 without quotes (not 3個組織, a count with its classifier)
    ("org_name_zh_bare", rf"\d+\s?(?![個个間间家名位])[^\d，,。\s]{{0,10}}?(?:{_ORG_ZH_NAME})"),
    ("org_name_en", rf"(?-i:\d+(?:\s[A-Z][a-z]+){{1,4}}\s(?:{_ORG_EN})\b)"),
    # 47人案 "the case of the 47": the name of a case
    ("case_name_zh", r"\d+\s?人案(?!件)"),
    # "12 Warriors of the Sheep Village": a number that starts a title of capitalised words
    ("title_en", r"(?-i:\b\d+(?:\s[A-Z][a-z]+){1,3}\s+of\s+the\s+[A-Z][a-z]+)"),
    # "the Hong Kong 47": a number that ends a name of capitalised words
    ("name_number", rf"(?-i:\b{_NAME_WORD}(?:\s{_NAME_WORD})*\s\d+(?![\d,.]\d){_NAME_END})"),
)

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
        # 30 June, 6-7 July; June 30, July 6-7
        (
            "date_dm",
            rf"\b\d{{1,2}}{_ORD}(?:\s?[-–]\s?\d{{1,2}}{_ORD})?\s+(?:of\s+)?{_MONTH}(?![A-Za-z])",
        ),
        ("date_md", rf"\b{_MONTH}\s+\d{{1,2}}{_ORD}(?:\s?[-–]\s?\d{{1,2}})?(?![0-9A-Za-z])"),
        # 2025-06-30, 30/6/2020, 30.6.2020
        ("date_numeric", r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"),
        # 2020年6月30日, 三年, 6號
        (
            "date_zh",
            rf"(?:\d+|{_ZH_INT})\s?(?:[年月日號号]|個月|个月|星期|小時|小时|分鐘|分钟|天|週|周|歲|岁)",
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
            r"|\d[\d,.]*\s?(?:million\s+|billion\s+|[萬万億亿千])?\s?(?:dollars|yuan|HKD|USD|港元|港幣|"
            r"港币|美元|人民幣|人民币|元)|(?:港幣|港币|港元|美元|人民幣|人民币)\s?\d[\d,.]*[萬万億亿千]?",
        ),
        # "hundreds of thousands of dollars", "tens of millions of yuan": vague sums of money
        (
            "money_vague",
            r"\b(?:dozens|tens|hundreds|thousands|millions)\s+(?:of\s+(?:thousands|millions)\s+)?"
            r"of\s+(?:dollars|yuan|pounds|euros|HK\$|US\$)",
        ),
        # 5 percentage points, 3 points
        ("points", rf"{DIGITS}\s?(?:percentage\s+points?|points?|pp)\b"),
        *_MORE_SKIPS,
    )
)
SKIP_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    *_OWN_SKIPS,
    # The case-number and citation extractors' own patterns, with their list of court
    # prefixes: "HCCC 69 and 70/2022", "HCCC No. 280 of 2020", "[2021] HKCFI 2200".
    ("court_case_number", CASE_NUMBER),
    ("court_citation", CITATION),
)
