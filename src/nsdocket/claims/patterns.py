"""The regular expressions of the claim extractor, built from named pieces.

The extractor runs on *normalised* text (:func:`normalise`): full-width digits, "％" and "．"
folded to ASCII one character for one, so that offsets found here are offsets in the original.

Two families of patterns:

``SKIP_PATTERNS``
    Numbers that are not statistics: years, dates, times, legal references ("article 23",
    "s. 9", "第23條"), case numbers ("HCCC 69/2022"), ages, durations, money, percentage
    points, and numbers inside names, titles and addresses. A claim whose *number* overlaps
    one of these is dropped.

``CLAIM_PATTERNS``
    The claims, in priority order: ranges of shares first (so "80-90%" is one claim, not a
    count and a percent), Chinese ranges of counts ("約6至7名"), shares (so "84.6% of 189"
    gives a percent and then a count, never a ratio), ratios, English ranges of counts ("15 to
    30"), vague quantities ("dozens", 數十人), then counts. An earlier match wins any overlap.

Some forms are only candidates here and are decided in code: a range must rise and must not
be a change ("from 30% to 45%"), an English range of counts must be followed by what it counts
(:mod:`nsdocket.claims.count_fields`), and a slash ratio ("66/78") must read as a count of a
count (:mod:`nsdocket.claims.slash`). The patterns after ``COUNT_WORDS`` are context read in
code: around a count of one, and the clauses of a sentence (:mod:`nsdocket.claims.clauses`).
The cue words that say what a number counts are in :mod:`nsdocket.claims.counted_cues`.

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
    first_letters,
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
QUAL_EN = rf"{first_letters(_EN_QUAL_WORDS)}(?P<qen>\b(?:{_alternation(_EN_QUAL_WORDS)}))\s+"
# "逾", "超過", "近" (not the 近 of 最近 "recently", 附近 "nearby"; not the 過 of 通過 "pass",
# 經過 "through", 不過 "but", 難過, 錯過, nor the 超過 inside 不超過), and 有 after it ("至少有
# 3001人" "at least 3001 people").
QUAL_ZH = (
    rf"{first_letters(_ZH_QUAL_WORDS)}"
    rf"(?P<qzh>(?<![最附通經经超不透難难錯错])(?:{_alternation(_ZH_QUAL_WORDS)}))\s?(?:有\s?)?"
)
# "80%以上", "八成左右"
SUFFIX_ZH = rf"(?P<qsuf>{_alternation(list(ZH_SUFFIX_QUALIFIERS))})?"
_QUAL = rf"(?:{QUAL_EN}|{QUAL_ZH})?"

# --- shares ------------------------------------------------------------------------------------
_SIGN = r"(?:\s?%|\s?(?:per[\s-]?cent|percent)\b)"
# "84.6%", "over 80 per cent", "eighty percent", "逾80%以上"
PERCENT = rf"{_QUAL}(?P<num>{DIGITS}|{WORD_NUMBER}){_SIGN}{SUFFIX_ZH}"
# "12.7個百分點" "12.7 percentage points" (a percent, as the labelled set counts it)
PERCENT_POINTS_ZH = rf"{_QUAL}(?P<num>{DIGITS}|{ZH_NUMERAL})\s?[個个]?百分[點点]"
# "百分之八十四點六", "百分之84.6", and 百分百 "a hundred per cent"
PERCENT_ZH = rf"{_QUAL}百分(?:之|(?=百))(?P<num>{DIGITS}|{ZH_NUMERAL}){SUFFIX_ZH}"
# One to ten tenths, in numerals or digits: "八成", "5成半".
_TENTHS_NUM = r"[一二兩两三四五六七八九十]|(?<![0-9.])[1-9]"
# What may not follow 成 in a share: 成功 / 成立 / 成員 ... and 一成不變.
_NOT_TENTHS = r"(?!功|立|員|员|本|熟|長|长|績|绩|交|不變|不变)"
# "八成" is 80%, "逾八成", "八成半" and "5成半" 85%.
TENTHS_ZH = rf"{_QUAL}(?P<num>{_TENTHS_NUM})成(?P<half>半)?{_NOT_TENTHS}{SUFFIX_ZH}"
# "不足總提堂人數一成" "less than a tenth of all the defendants brought to court": the
# qualifier is written before the whole the share is of ("...人數", "總數").
TENTHS_OF_ZH = (
    rf"(?P<qzh>{_alternation(_ZH_QUAL_WORDS)})"
    r"(?P<base>[^\d，,。；;：:\s]{0,8}?(?:人數|人数|總數|总数))"
    rf"(?P<num>{_TENTHS_NUM})成(?P<half>半)?{_NOT_TENTHS}"
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
# "one in five", "9 in 10", "one in every four": a ratio (part and whole)
IN_EN = (
    rf"{_QUAL}(?P<num>{INTEGER}|{_SMALL})\s+in\s+(?:every\s+)?(?P<den>{INTEGER}|{_SMALL})"
    r"(?!\s?(?:%|per\s?cent|percent))"
)
# "a majority", "the vast majority": more than half.
MAJORITY_EN = (
    r"\b(?:a|the)\s+(?:(?:vast|overwhelming|clear|large|great|substantial|slim|narrow|"
    r"simple)\s+)?majority\b"
)
# 過半 "more than half", 大多數 "the great majority", 一半 / 半數 "half". Not 大部分 "most",
# which, like English "most", says no share.
# 近半 / 逾半 "almost / more than half": a bare 半 after a qualifier (not 半年 "half a year").
MAJORITY_ZH = (
    rf"(?P<zmaj>過半|过半|大多數|大多数)|{_QUAL}(?P<zhalf>一半|半數|半数|"
    r"(?<=[近逾約约超])半(?![年月日天夜小時时]))"
)

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
# "二、三十人", "三四十名": two neighbouring tens, 20-30 and 30-40 people (a range of counts)
RANGE_TENS_ZH = (
    rf"{_QUAL}(?<![{_ZH_CHARS}])(?P<num>[一二兩两三四五六七八])、?(?P<high>[二三四五六七八九])十"
    rf"(?P<cls>{_ZH_CLS})(?![月年日星小天])"
)
# "八至九成", "八成至九成", "七八成" (two neighbouring tenths: 70-80%)
_TENTH = "一二兩两三四五六七八九"
RANGE_TENTHS_ZH = (
    rf"{_QUAL}(?<![{_ZH_CHARS}])(?P<num>[{_TENTH}])(?:成?(?:[至到]|[-–－~～]))?(?P<high>[{_TENTH}十])成"
    rf"(?!功|立|員|员|本|熟|長|长|績|绩|交|不變|不变){SUFFIX_ZH}"
)

# --- ratios ------------------------------------------------------------------------------------
# "66 of 78", "at least 108 of the 127", "sixty-six out of seventy-eight", "one of the 47",
# "14 of the remaining 16"
RATIO_EN = (
    rf"{_QUAL}(?P<num>{INTEGER}|{WORD_NUMBER})\s+(?:out\s+of|of)\s+"
    r"(?:the\s+|these\s+|those\s+|all\s+)?(?:remaining\s+|other\s+)?"
    rf"(?P<den>{INTEGER}|{WORD_NUMBER})"
    r"(?!\s?(?:%|per\s?cent|percent))"
)
# "47名被告中16", "在332名被捕人士中有189人": a ratio only when the part follows the whole
# at once. With a comma between ("在該 285 名被捕人之中,有至少 73 人") they are two counts.
RATIO_ZH = (
    rf"(?P<den>{INTEGER}|{ZH_NUMERAL})\s?(?P<cls>{_ZH_CLS})(?P<noun>[^\d，,。；;：:、\s]{{0,6}}?)(?:當中|当中|中)"
    rf"\s?(?:共有|有)?(?:{QUAL_ZH})?"
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

# --- ranges of counts --------------------------------------------------------------------------
# Between the two ends: a dash, or "to" ("15 to 30", "1,000-1,100").
_COUNT_SEP = r"(?:\s?[-–]\s?|\s+to\s+)"
_NO_SIGN = r"(?!\s?(?:%|per\s?cent|percent))"
# "15 to 30 Hong Kongers", "1,000 to 1,100 were arrested", "six to eight people": whether a
# count follows (a noun or a verb) is decided in code.
_COUNT_END = rf"{INTEGER}|{WORD_NUMBER}"
RANGE_COUNT = rf"{_QUAL}(?P<num>{_COUNT_END}){_COUNT_SEP}(?P<high>{_COUNT_END}){_NO_SIGN}"
# "between 10 and 20 people"
RANGE_COUNT_BETWEEN = (
    rf"\bbetween\s+(?P<num>{INTEGER}|{WORD_NUMBER})\s+and\s+(?P<high>{INTEGER}|{WORD_NUMBER})"
    rf"{_NO_SIGN}"
)
# Vague tens, hundreds ... in Chinese: 數十 "some tens", 幾百 "a few hundred"; and 上百 "up to a
# hundred", which only ends a range.
_ZH_VAGUE = r"[數数幾几][十百千萬万]"
_ZH_UP_TO = r"上[百千萬万]"
# "約6至7名", "10至20宗", "数十至上百人": a classifier must follow.
RANGE_COUNT_ZH = (
    rf"{_QUAL}(?P<num>{DIGITS}|{ZH_NUMERAL}|{_ZH_VAGUE})\s?[至到\-–~～]\s?"
    rf"(?P<high>{DIGITS}|{ZH_NUMERAL}|{_ZH_UP_TO})\s?(?P<cls>{_ZH_CLS})(?![月年日星小天])"
)

# --- counts ------------------------------------------------------------------------------------
# 多 / 餘 right after a Chinese number: "20多人", "二百多人" "more than 200 people".
_ZH_MORE = r"(?P<qmore>多|餘|余)"
# A Chinese classifier, not the start of a unit of time ("3個月", "5年").
_CLS = rf"(?P<cls>{_ZH_CLS})(?![月年日星小天])"
# "332", "at least 66", "逾1.2萬", "1.2 million", "逾3千人", "20多人", and "1万零200多人"
# (a number of thousands after 萬: 10,200)
COUNT_DIGITS = (
    rf"{_QUAL}(?P<num>{DIGITS})(?P<scale>\s+(?:million|billion|thousand)\b|[萬万億亿千])?"
    r"(?:(?<=[萬万億亿])零?(?P<rest>\d{1,4})(?![\d.]))?"
    rf"{_ZH_MORE}?(?:\s?{_CLS})?"
)
# "三百三十二人", "逾百人", "二百多人"
COUNT_ZH = rf"{_QUAL}(?P<num>{ZH_NUMERAL}){_ZH_MORE}?\s?{_CLS}"
# 逾萬人, 過萬名: a bare 萬 "ten thousand" is a number only after a qualifier.
COUNT_BIG_ZH = rf"{QUAL_ZH}(?P<num>[萬万億亿])\s?{_CLS}"
# 數十人, 數百名, 幾十宗: "tens of", "hundreds of"; a classifier must follow.
COUNT_VAGUE_ZH = rf"{_QUAL}(?P<vague>{_ZH_VAGUE}){_ZH_MORE}?\s?{_CLS}"
# 數以百計 / 數以千計 "by the hundred / thousand"
COUNT_BY_THE_ZH = rf"{_QUAL}(?P<vague>[數数]以[十百千萬万]計|[數数]以[十百千萬万]计)"
# "hundreds of protesters", "dozens", "tens of thousands", "several hundred", "a dozen"
COUNT_VAGUE_EN = (
    rf"{_QUAL}(?P<vague>\b(?:(?:tens|hundreds)\s+of\s+thousands|several\s+(?:hundred|thousand)|"
    r"hundreds|thousands|dozens|a\s+dozen)\b)"
)
# "sixty-six defendants" (a value of one is mostly an article: it is kept only when
# nsdocket.claims.count_fields.one_is_counted says so)
COUNT_WORDS = rf"{_QUAL}(?P<num>{WORD_NUMBER})"

# --- context checked in code ------------------------------------------------------------------
# Just before a range that is a change, not a range: "rose from 30% to 45%", "由80%至90%".
CHANGE_BEFORE = re.compile(
    r"(?:\b(?:from|by|rose|risen|fell|fallen|increased|decreased|dropped|grew|declined|"
    r"jumped|climbed|went|up|down)\s+|[由從从]\s?)$",
    re.IGNORECASE,
)
# After a range of numbers, what makes it a range of counts when no noun follows: a verb
# ("1,000 to 1,100 were arrested").
COUNTED_BY_VERB = re.compile(r"\s+(?:were|was|are|is|have|has|had|remain|remained)\b", re.I)
# "crossing the 1,000 mark", "passed the 10,000 threshold": more than the number.
MARK_BEFORE = re.compile(
    r"\b(?:cross(?:ed|es|ing)?|pass(?:ed|es|ing)?|top(?:ped|s|ping)?)\s+the\s+$", re.I
)
MARK_AFTER = re.compile(r"\s+(?:mark|threshold|milestone)\b", re.I)
# A count of one written as a word is kept when the text joins it to another count ...
# "one organiser and 13 candidates", "一名董事及兩名職員" (after it)
_ANOTHER = rf"(?:\d|{WORD_NUMBER}|[兩两二三四五六七八九十])"
ONE_JOINED_AFTER = re.compile(
    rf"\s+[A-Za-z-]+\s+and\s+{_ANOTHER}|[^\d，,。；;：:]{{0,6}}?[及和與与、]\s?{_ANOTHER}", re.I
)
# "11 men and one woman", "兩名職員及一名董事" (before it)
ONE_JOINED_BEFORE = re.compile(
    rf"(?:\d|\b{WORD_NUMBER})\s+[A-Za-z-]+\s+and\s+$|{_ANOTHER}\s?(?:{_ZH_CLS})"
    r"[^\d，,。；;：:]{0,6}?[及和與与、]\s?$",
    re.I,
)
# ... or when it counts charges: "one count of sedition", 被控一項「...」罪
ONE_CHARGE_AFTER = re.compile(r"\s+counts?\s+of\b", re.I)
ONE_CHARGE_BEFORE = re.compile(r"控\s?$")
# ... or when a verb of arrest or prosecution takes it: 拘捕一人 "arrested one person".
ONE_TAKEN_BEFORE = re.compile(r"(?:拘捕|逮捕|檢控|检控|起訴|起诉|控告)\s?$")
# A count of one in a rate is the unit of the rate, not a claim: "平均每 2.5 天...拘捕 1 名"
# "one arrest every 2.5 days on average".
RATE_BEFORE = re.compile(r"(?:每|平均)[^。！？!?]{0,40}$")
RATE_AFTER = re.compile(r"\s?\S*\s+(?:every|per)\b", re.I)

# --- clauses (nsdocket.claims.clauses) --------------------------------------------------------
# What ends a clause inside a sentence: a comma (not the one inside "1,234"), semicolon, colon,
# bracket or dash; a reporting verb and its "that" ("the analysis also showed that bail was
# denied"); and in Chinese headlines a space between two characters ("逾260人被捕 定罪率維持
# 100%") or after a verb or 人 before the next number ("逾萬人被捕 720人被控").
CLAUSE_BREAK = re.compile(
    r"(?<!\d),|,(?!\d{3}(?!\d))|[，;；:：()（）【】—–]|\s-\s"
    r"|\b(?:showed|shows|said|says|found|finds|reported|revealed|noted|stated|indicated)\s+that\b"
    r"|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])|(?<=[捕控訴诉罪刑人])\s+(?=\d)",
    re.I,
)
# "those arrested", "the convicted", "of people convicted": a participle naming another group.
DEFINITE_BEFORE = re.compile(r"\b(?:those|the|these|all|of)\s+$", re.I)
# Words joining two counts in one clause: "112 people and five companies", "26男11女", "91人及".
COORDINATION = re.compile(
    r"^\s*(?:[A-Za-z-]+\s+){0,2}(?:and|or)\s*$|^[^\d\sA-Za-z，,。；;]{0,2}$"
    r"|^\s*[^\d\sA-Za-z，,。；;]{0,4}?\s*(?:及|和|與|与|、)\s*$",
    re.I,
)
# An English number inside a phrase of the number before it: "Ten people involved in eight
# cases were convicted" (the verb after "eight cases" is the verb of "Ten").
IN_PHRASE = re.compile(r"\b(?:in|of|from|across|among)\s+(?:the\s+|these\s+|those\s+)?$", re.I)
# "none of the 55 ... have been charged": a verb after "none of" is true of none of them, so
# only a participle right after the group ("55 activists arrested") is read.
NONE_OF = re.compile(r"\bnone\s+of\s+(?:the\s+|these\s+|those\s+)?$", re.I)
AUXILIARY_BEFORE = re.compile(
    r"\b(?:were|was|been|be|being|are|is|have|has|had)\s+(?:[a-z]+ly\s+)?$", re.I
)
# Two Chinese counts side by side: "83 男 17 女" (the second is part of the same breakdown).
SIDE_BY_SIDE = re.compile(r"^\s*[^\d\sA-Za-z，,。；;]{0,2}\s*$")
# A clause that is only a share in brackets after a count: "at least 108 of the 127 cases (85%)".
BRACKETED_SHARE = re.compile(r"^\s*[\d.]+\s?%\s*$")
# A clause of time or reason, not the continuation of the number's clause: "since China
# imposed a national security law".
ADJUNCT = re.compile(r"^\s*(?:since|after|before|when|as|because|due\s+to|until)\b", re.I)
# A clause that starts as the share of the count before it: "佔全部被捕人40.4%".
SHARE_START = re.compile(r"^\s*(?:佔|占|accounting\s+for|representing)", re.I)
# After a Chinese verb, a quantity that is its own object: "拘捕數人" (not the number before).
QUANTITY_AFTER = re.compile(r"\s?[\d一二兩两三四五六七八九十數数幾几多]")
# "arrested on 28 January and charged with": the later of two stages joined by "and".
AND_THEN = re.compile(r"[^,;:，；]{0,60}?\band\s+(?:(?:was|were|then|later|officially)\s+)*", re.I)
# A Chinese bracketed tag before a headline, such as 【國安法】: a section label, not context.
TAG_ZH = re.compile(r"【[^】]*】")

#: Claim patterns in priority order: (name, compiled regex).
CLAIM_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rx, re.IGNORECASE))
    for name, rx in (
        ("range_zh", RANGE_ZH),
        ("range_tenths_zh", RANGE_TENTHS_ZH),
        ("range_between", RANGE_BETWEEN),
        ("range", RANGE),
        ("count_range_zh", RANGE_COUNT_ZH),
        ("count_range_tens_zh", RANGE_TENS_ZH),
        ("percent_points_zh", PERCENT_POINTS_ZH),
        ("percent_zh", PERCENT_ZH),
        ("percent", PERCENT),
        ("tenths_of_zh", TENTHS_OF_ZH),
        ("tenths_zh", TENTHS_ZH),
        ("fraction_zh", FRACTION_ZH),
        ("fraction_en", FRACTION_EN),
        ("in_en", IN_EN),
        ("majority_en", MAJORITY_EN),
        ("majority_zh", MAJORITY_ZH),
        ("ratio_slash", RATIO_SLASH),
        ("ratio_zh", RATIO_ZH),
        ("ratio_en", RATIO_EN),
        ("count_range_between", RANGE_COUNT_BETWEEN),
        ("count_range", RANGE_COUNT),
        ("count_vague_en", COUNT_VAGUE_EN),
        ("count_vague_zh", COUNT_VAGUE_ZH),
        ("count_vague_by_zh", COUNT_BY_THE_ZH),
        ("count_big_zh", COUNT_BIG_ZH),
        ("count_zh", COUNT_ZH),
        ("count_digits", COUNT_DIGITS),
        ("count_words", COUNT_WORDS),
    )
)
