"""Patterns for sentences: 5 years and 9 months' imprisonment, a fine of HK$5,000, 判監5年9個月."""

from __future__ import annotations

import re

from nsdocket.extract.patterns.pieces import GAP, WORD_START, ZH_DIGITS, after_first, first_chars

#: English number words, one to ninety-nine ("four", "twenty-one", "twenty one").
NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_UNITS_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
#: Number words as pattern pieces, capitalised or not; tens take a unit ("twenty-one").
_NUMBER_WORD_PIECES = [
    f"[{word[0].upper()}{word[0]}]{word[1:]}"
    + (rf"(?:[-\s](?:{'|'.join(_UNITS_WORDS)}))?" if word in _TENS_WORDS else "")
    for word in sorted(NUMBER_WORDS, key=len, reverse=True)
]
#: A number of time units, mid-pattern: 5, 4.5, 4½, four, twenty-one, one and a half.
_DIGIT_COUNT_REST = r"\d{0,2}+(?:\.\d{1,2}+|½)?(?![\d,])"  # after the first digit
_WORD_COUNT_REST = r"(?:\s+and\s+a\s+half)?(?![a-z])"  # after the number word
_COUNT = (
    rf"(?:\d(?<![\d.,/$]\d){_DIGIT_COUNT_REST}"
    rf"|(?<![A-Za-z])(?:{'|'.join(_NUMBER_WORD_PIECES)}){_WORD_COUNT_REST})"
)
#: A time unit, singular or plural, with the hyphen of "3-year" allowed before it.
_TIME_UNIT = r"(?:\s{1,2}|\s?-\s?)?(?i:years?|yrs?\.?|months?|mths?\.?|weeks?|days?)(?![a-z])"
_TERM_PART = rf"{_COUNT}{_TIME_UNIT}"
#: More parts of a term: " and 9 months", " 9 months", ", 2 months and 3 days".
_TERM_MORE = rf"(?:(?:{GAP},{GAP}|\s{{1,2}})(?:and\s{{1,2}})?{_TERM_PART}){{0,3}}+"
#: A term: "5 years and 9 months", "5 years 9 months", "1 year, 2 months and 3 days".
_TERM = _TERM_PART + _TERM_MORE
#: Run on a term: each number and its unit.
TERM_PART = re.compile(
    rf"(?P<count>{_COUNT})(?:\s{{1,2}}|\s?-\s?)?"
    r"(?P<unit>(?i:years?|yrs?\.?|months?|mths?\.?|weeks?|days?))(?![a-z])"
)


def _money_rest(tag: str) -> str:
    """An amount after its currency sign: 10,000; 1.5 million (groups ``amount<tag>``...)."""
    return (
        rf"\s?(?P<amount{tag}>\d{{1,3}}(?:,\d{{3}})++(?:\.\d{{1,2}})?|\d{{1,9}}+(?:\.\d{{1,2}})?)"
        rf"(?:\s?(?P<scale{tag}>(?i:million|mn|m|k))(?![a-z]))?"
    )


#: Chinese numbers for sentences: digits or numerals (五, 二十, 兩).
_ZH_COUNT = rf"(?:\d{{1,3}}+(?:\.\d)?|[{ZH_DIGITS}]{{1,4}}+)"
#: A Chinese term: 5年9個月, 四十個月, 一年半, 6星期, 14日.
_ZH_TERM = (
    rf"(?:{_ZH_COUNT}\s?年半?(?:\s?(?:零|又)?{_ZH_COUNT}\s?[個个]?月)?"
    rf"|{_ZH_COUNT}\s?[個个]?月(?:\s?(?:零|又)?{_ZH_COUNT}\s?(?:星期|週|周|日|天))?"
    rf"|{_ZH_COUNT}\s?(?:星期|週|周|日|天))"
)
#: Run on a Chinese term: each number and its unit.
ZH_TERM_PART = re.compile(rf"(?P<count>{_ZH_COUNT})\s?(?P<unit>年半?|[個个]?月|星期|週|周|日|天)")
#: Words that introduce a Chinese custodial term: 判監5年9個月, 入獄40個月.
_ZH_JAIL_WORDS = [
    "判處監禁",
    "判处监禁",
    "判監",
    "判监",
    "判囚",
    "入獄",
    "入狱",
    "監禁",
    "监禁",
    "囚禁",
]
#: Other Chinese sentences. Each piece, like each branch of `SENTENCE`, ends in an empty
#: marker group that says what it is: being the last group to match, it is ``lastgroup``.
_ZH_OTHER_PIECES = [
    rf"緩刑\s?{_ZH_TERM}(?P<zh_suspended>)",  # 緩刑2年: suspended for 2 years
    rf"[罰罚]款\s?(?:港幣|港币|港元)?\s?"  # 罰款5,000元
    rf"(?P<zh_amount>\d{{1,3}}(?:,\d{{3}})++|\d{{1,9}}+|[{ZH_DIGITS}]{{1,8}}+)\s?萬?\s?元?"
    r"(?P<zh_fine>)",
    rf"社[會会]服[務务]令\s?(?P<zh_hours>\d{{1,4}}+|[{ZH_DIGITS}]{{1,6}}+)\s?小時(?P<zh_cso>)",
    r"教[導导]所(?P<zh_training>)",
    r"[勞劳]教中心(?P<zh_detention>)",
    r"更生中心(?P<zh_rehabilitation>)",
]
#: Centre orders: training centre, detention centre, rehabilitation centre (no fixed term).
_CENTRE_WORDS = [r"[Tt]raining", r"[Dd]etention", r"[Rr]ehabilitation"]
#: Other English sentences that start with a word, each with a marker group.
_WORD_SENTENCE_PIECES = [
    # a community service order of 120 hours
    r"[Cc]ommunity\s+service\s+order\s+(?:of|for)\s+(?P<cso_hours>\d{1,4}+)\s?(?:hours?|hrs?)"
    r"(?P<cso_order>)",
    # a fine of $10,000, fined HK$5,000, a HK$5,000 fine
    rf"[Aa]\s+fine\s+of\s+(?:HK\$|HKD\s?|\$){_money_rest('')}(?P<fine>)",
    rf"[Ff]ine(?:\s+of|d)\s+(?:HK\$|HKD\s?|\$){_money_rest('2')}(?P<fine2>)",
    rf"HK(?:\$|D\s?){_money_rest('3')}\s+(?i:fine)(?![a-z])(?P<fine3>)",
    r"[Ll]ife\s+imprisonment(?P<life>)",
    r"[Ii]mprisonment\s+for\s+life(?P<life2>)",
    # suspended for 2 years (the operational period; the term itself is not given)
    rf"[Ss]uspended\s+for\s+(?:a\s+period\s+of\s+)?{_TERM}(?P<suspended_alone>)",
]
_SENTENCE_FIRST = first_chars(
    _NUMBER_WORD_PIECES + _CENTRE_WORDS + _WORD_SENTENCE_PIECES + _ZH_JAIL_WORDS + _ZH_OTHER_PIECES
)

SENTENCE = re.compile(
    rf"""
    [\d${_SENTENCE_FIRST}]
    (?<![\d.,/$]\d){WORD_START}   # a number or a word starts here, not mid-way
    (?:
      # A term: 5 years and 9 months' imprisonment; 6 months' imprisonment, suspended for
      # 2 years; four years and two months. Its count in digits or in words:
      (?: (?<=\d) {_DIGIT_COUNT_REST}
        | (?<=[{first_chars(_NUMBER_WORD_PIECES)}])
          {after_first(_NUMBER_WORD_PIECES)} {_WORD_COUNT_REST}
      )
      {_TIME_UNIT} {_TERM_MORE} (?P<term_end>)
      (?:['’]s?)?
      (?P<custodial>\s+(?:of\s+)?(?i:imprisonment|jail|detention|custody|in\s+prison))?
      (?P<suspension>{GAP},?{GAP}(?:which\s+(?:was|is)\s+)?(?i:suspended)\s+for\s+
                     (?:a\s+period\s+of\s+)?{_TERM})? (?P<term>)
      # 200 hours of community service
    | (?<=\d) \d{{0,3}}+\s?(?:hours?|hrs?)\s+(?:of\s+)?community\s+service
      (?P<cso>)
      # $2,000 fine
    | (?<=\$) {_money_rest("4")} \s+(?i:fine)(?![a-z]) (?P<fine4>)
    | (?<=[A-Za-z])       # words: one look-behind here spares the rest to other characters
      (?: {after_first(_CENTRE_WORDS)} \s+cent(?:re|er)(?![a-z]) (?P<centre>)
        | {after_first(_WORD_SENTENCE_PIECES)}
      )
    | (?<=[{first_chars(_ZH_JAIL_WORDS + _ZH_OTHER_PIECES)}])
      (?: {after_first(_ZH_JAIL_WORDS)} \s?{_ZH_TERM} (?P<zh_jail>)
        | {after_first(_ZH_OTHER_PIECES)}
      )
    )
    """,
    re.VERBOSE,
)
#: The word just before a term that makes it an age or a stretch of time, not a sentence:
#: "aged 23 years", "within 2 years", "over the past 3 years", "the trial lasted 118 days".
#: ("age of" and "ages of" too: see `nsdocket.extract.sentences`.)
NOT_SENTENCE_BEFORE = frozenset(
    {"aged", "past", "last", "next", "first", "within", "since", "every", "per", "lasted",
     "lasting"}
)  # fmt: skip
#: Just after a term, words that make it an age or a point in time, not a sentence.
NOT_SENTENCE_AFTER = re.compile(
    r"(?i:\s*-?\s*old|\s+of\s+age|\s+ago|\s+later|\s+earlier|\s+before|\s+after|\s+prior"
    r"|\s+previously|\s+since|\s+of\s+experience)(?![a-z])"
)
