"""Every regular expression the extractors use, built from small named pieces.

Read this module top to bottom: shared pieces first, then one section per kind of reference.
Each section ends in one compiled pattern that the matching ``find_*`` function scans with, and
sometimes a few small "parse" patterns run on the matched text only.

Linear time. Every repetition here is either bounded (``{0,3}``), possessive (``++``, ``*+``,
Python 3.11+) or followed by a character it cannot itself consume, so a failed match gives back
at most a constant amount of text: there is no nested, ambiguous repetition that could
backtrack catastrophically. ``tests/test_extract.py`` runs every pattern over adversarial
strings (long runs of digits, capitalised words, separators) to keep it that way.

Offsets. Python ``str`` regexes work on code points, so match offsets are code-point offsets.
Note that ``\\d`` and ``\\s`` are Unicode-aware: full-width digits (``２０２１``) and no-break or
ideographic spaces count, which suits text converted from HTML and PDF.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------
# Shared pieces
# ---------------------------------------------------------------------------------------------

#: A little horizontal or vertical white space (PDF text breaks lines anywhere).
GAP = r"\s{0,3}"
#: At least one, at most three white-space characters.
SPACE = r"\s{1,3}"
#: A four-digit year from 1900 to 2099, not part of a longer number.
YEAR = r"(?:19|20)\d{2}(?!\d)"
#: Chinese numerals as written in judgments and the press (traditional and simplified).
ZH_DIGITS = "〇零一二三四五六七八九十百千萬万兩两"
#: One to three (ASCII or Unicode) digits, not preceded by a digit.
SMALL_INT = r"(?<!\d)\d{1,3}+(?!\d)"

# ---------------------------------------------------------------------------------------------
# Neutral citations: [2021] HKCFI 2200
# ---------------------------------------------------------------------------------------------

#: Neutral-citation court codes of the Hong Kong Judiciary, canonical spelling -> court.
NEUTRAL_COURTS: dict[str, str] = {
    "HKCFA": "Court of Final Appeal",
    "HKCA": "Court of Appeal",
    "HKCFI": "Court of First Instance",
    "HKCT": "Competition Tribunal",
    "HKDC": "District Court",
    "HKFC": "Family Court",
    "HKLdT": "Lands Tribunal",
    "HKLaT": "Labour Tribunal",
    "HKSCT": "Small Claims Tribunal",
    "HKMagC": "Magistrates' Courts",
    "HKCrC": "Coroner's Court",
    "HKOAT": "Obscene Articles Tribunal",
}
#: Look-up from any capitalisation (``HKLAT``, ``HKMAGC``) to the canonical code.
NEUTRAL_COURT_BY_FOLD: dict[str, str] = {code.casefold(): code for code in NEUTRAL_COURTS}

_COURT_CODE = "|".join(sorted(NEUTRAL_COURTS, key=len, reverse=True))

CITATION = re.compile(
    rf"""
    \[ (?P<year>{YEAR}) \]          # the year in square brackets
    {GAP}
    (?P<court>(?i:{_COURT_CODE}))   # the court, any capitalisation (HKLaT, HKLAT)
    (?![A-Za-z])                    # ... and not the start of a report series (HKCFAR)
    {GAP}
    (?P<number>\d{{1,5}}+)(?!\d)    # the judgment number within that court and year
    """,
    re.VERBOSE,
)

# ---------------------------------------------------------------------------------------------
# Case numbers: HCCC 280/2020, DCCC 854-858/2021, HCCC 69 and 70/2022
# ---------------------------------------------------------------------------------------------

_CFA, _CA, _CFI, _DC, _FC, _MAG = "HKCFA", "HKCA", "HKCFI", "HKDC", "HKFC", "HKMagC"

#: Magistracies (current and closed) whose codes prefix their case numbers: ESCC, WKS, ...
MAGISTRACIES = ("ES", "KC", "KT", "WK", "ST", "FL", "TM", "TW", "SK", "NK", "SP", "WS")

#: Case-number prefix -> the court (as a neutral-citation code) that the prefix implies.
CASE_PREFIXES: dict[str, str] = {
    # Court of Final Appeal: criminal / civil appeals and miscellaneous proceedings.
    **dict.fromkeys(["FACC", "FACV", "FAMC", "FAMV", "FAMP"], _CFA),
    # Court of Appeal: appeals, review of sentence (CAAR), reserved questions, misc.
    **dict.fromkeys(["CACC", "CACV", "CAAR", "CAMP", "CASJ", "CAQL", "CAAG", "CAMA"], _CA),
    # Court of First Instance: criminal cases, magistracy appeals, judicial review, actions.
    **dict.fromkeys(
        ["HCCC", "HCMA", "HCCM", "HCAL", "HCMP", "HCAJ", "HCAG", "HCCP", "HCIA", "HCPI", "HCA"],
        _CFI,
    ),
    **dict.fromkeys(["HCB", "HCCL", "HCCT", "HCCW", "HCMC", "HCSD", "HCZZ"], _CFI),
    # District Court: criminal cases, civil actions, misc., personal injuries, tax, equal ops.
    **dict.fromkeys(["DCCC", "DCCJ", "DCMP", "DCPI", "DCTC", "DCEC", "DCDT", "DCZZ"], _DC),
    # Family Court.
    **dict.fromkeys(["FCMC", "FCMP", "FCJA"], _FC),
    # Magistrates' courts: <magistracy>CC for charge cases, <magistracy>S for summonses.
    **{code + suffix: _MAG for code in MAGISTRACIES for suffix in ("CC", "S")},
}

#: Plain names of the courts the prefixes imply.
COURT_NAMES: dict[str, str] = {**NEUTRAL_COURTS, _MAG: "Magistrates' court"}

_PREFIX = "|".join(sorted(CASE_PREFIXES, key=len, reverse=True))
#: One case number within its year: 1 to 5 digits, leading zeros allowed (0280).
_CASE_NUM = r"\d{1,5}+(?!\d)"
#: A number or a range of numbers: 854-858, 854–858, 854 to 858.
_CASE_ITEM = rf"{_CASE_NUM}(?:{GAP}(?:[-–]|to\b){GAP}{_CASE_NUM})?"
#: Between items of a list: "1, 2 & 3", "69 and 70", "1, 2, and 3".
_CASE_SEP = rf"(?:{GAP},{GAP}(?:(?:and|&){GAP})?|{GAP}&{GAP}|{SPACE}and{SPACE})"

CASE_NUMBER = re.compile(
    rf"""
    (?<![A-Za-z0-9])
    (?P<prefix>{_PREFIX})(?![A-Za-z])       # HCCC, DCCC, WKCC, ESS ...
    (?:{GAP}No\.?)?                          # "HCCC No. 280 of 2020"
    {GAP}                                    # the space is optional: HCCC280/2020
    (?P<numbers>{_CASE_ITEM}(?:{_CASE_SEP}{_CASE_ITEM}){{0,50}}+)
    (?:{GAP}/{GAP}|{SPACE}of{SPACE})         # 280/2020 or 280 of 2020
    (?P<year>{YEAR})
    """,
    re.VERBOSE,
)
#: Run on the ``numbers`` group: each number or range in the list.
CASE_ITEM = re.compile(rf"(?P<first>{_CASE_NUM})(?:{GAP}(?:[-–]|to){GAP}(?P<last>{_CASE_NUM}))?")

# ---------------------------------------------------------------------------------------------
# Statute references: article 21 of the National Security Law, s.10(1)(c) Crimes Ordinance
# ---------------------------------------------------------------------------------------------

#: The names of laws the project tracks, by the code that `nsdocket.reference` uses.
#: Each is a regex piece; order does not matter (each must match where the law name starts).
LAW_NAMES: dict[str, str] = {
    "NSL": r"""(?:Law\s+of\s+the\s+People['’]s\s+Republic\s+of\s+China\s+on\s+Safeguarding
               \s+National\s+Security\s+in\s+the\s+Hong\s+Kong\s+Special\s+Administrative
               \s+Region
              |(?:Hong\s+Kong\s+)?National\s+Security\s+Law
              |HK\s?NSL(?![A-Za-z])|NSL(?![A-Za-z]))""",
    "SNSO": r"(?:Safeguarding\s+National\s+Security\s+Ordinance|SNSO(?![A-Za-z]))",
    "CAP200": r"(?<!Serious\s)Crimes\s+Ord(?:inance|\.|(?![a-z]))",
    "CAP245": r"Public\s+Order\s+Ord(?:inance|\.|(?![a-z]))",
    "CAP455": r"(?:Organi[sz]ed\s+and\s+Serious\s+Crimes?\s+Ordinance|OSCO(?![A-Za-z]))",
    "CAP210": r"Theft\s+Ordinance",
    "CAP374": r"Road\s+Traffic\s+Ordinance",
    "CAP151": r"Societies\s+Ordinance",
    "CAP554": r"Elections\s+\(Corrupt\s+and\s+Illegal\s+Conduct\)\s+Ordinance",
    "BL": r"Basic\s+Law",
}
#: "Cap. 200", "Cap 200", "cap.200", "CAP 200": the chapter of the Laws of Hong Kong.
CAP = r"(?:[Cc]ap|CAP)(?:\.|(?=\s))\s{0,2}(?P<cap>\d{1,4}[A-Z]?)(?![\w])"
_CAP_PLAIN = CAP.replace("(?P<cap>", "(?:")

#: An ordinance the table does not name, recognised only when its chapter follows it and a
#: provision precedes it: "section 27 of the Firearms and Ammunition Ordinance (Cap 238)".
_OTHER_ORDINANCE = (
    r"[A-Z][a-z]+(?:\s(?:[A-Z][a-z]+|and|of|or|\([A-Z][A-Za-z ]{1,40}\))){0,8}\sOrdinance"
)
#: A known law, optionally with its chapter in brackets or after a comma.
_KNOWN_LAW = rf"(?:{'|'.join(LAW_NAMES.values())})(?:{GAP}[(,]{GAP}{_CAP_PLAIN}\)?)?"
#: What a provision can be attached to: a known law, a bare chapter, or (after "of") an
#: ordinance with its chapter.
_LAW = rf"(?:{_KNOWN_LAW}|{_CAP_PLAIN})"
_LAW_AFTER_OF = rf"(?:{_KNOWN_LAW}|{_CAP_PLAIN}|{_OTHER_ORDINANCE}{GAP}\({GAP}{_CAP_PLAIN}\))"

#: The word before a provision: Article(s), Art., section(s), s., ss, §.
_PROVISION_WORD = r"(?<![A-Za-z])(?i:articles?|arts?\.?|sections?|ss?\.?|§§?)"
#: One provision: 21, 17A, 10(1)(b), 22(3), 159A.
PROVISION = r"\d{1,3}+[A-Z]{0,2}+(?:\([0-9A-Za-z]{1,4}\)){0,4}+"
#: Between provisions: "20 and 21", "9, 10", "20 to 22", "10(1)(b) or section 10(1)(c)".
_PROVISION_SEP = (
    rf"(?:{GAP},{GAP}(?:(?:and|or){SPACE})?|{SPACE}(?:and|or|to){SPACE}|{GAP}[&–-]{GAP})"
)
_PROVISIONS = (
    rf"{_PROVISION_WORD}{GAP}{PROVISION}"
    rf"(?:{_PROVISION_SEP}(?:{_PROVISION_WORD}{GAP})?{PROVISION}){{0,20}}+"
)
#: Between the provisions and the law: "of the", "under the", ",", or just a space.
_CONNECT = rf"(?:{GAP},)?(?:{SPACE}(?:of|under|in){SPACE}(?:the{SPACE})?|{SPACE})"

# Chinese: 《國安法》第22條, 《香港國安法》第二十三條, 《刑事罪行條例》第9及10條, 第200章.
#: Chinese law names by code (traditional and simplified characters).
ZH_LAW_NAMES: dict[str, str] = {
    "NSL": r"(?:(?:中華人民共和國|中华人民共和国)?香港特[別别]行政[區区][維维][護护][國国]家安全法"
    r"|(?:香港)?[國国]安法)",
    "SNSO": r"[維维][護护][國国]家安全[條条]例",
    "CAP200": r"刑事罪行[條条]例",
    "CAP245": r"公安[條条]例",
    "CAP455": r"有[組组][織织]及[嚴严]重罪行[條条]例",
    "CAP210": r"盜竊罪[條条]例",
    "CAP151": r"社[團团][條条]例",
    "BL": r"基本法",
}
_ZH_CAP = r"(?:香港法例)?第\s?(?P<zh_cap>\d{1,4}[A-Z]?)\s?章"
_ZH_LAW = rf"《?(?:{'|'.join(ZH_LAW_NAMES.values())})》?|{_ZH_CAP.replace('(?P<zh_cap>', '(?:')}"
_ZH_NUMBER = rf"(?:\d{{1,3}}+[A-Z]?(?:\(\w{{1,4}}\)){{0,4}}+|[{ZH_DIGITS}]{{1,6}}+[A-Z]?)"
_ZH_ONE = rf"第\s?{_ZH_NUMBER}(?:\s?(?:及|和|、|或|至|-)\s?第?\s?{_ZH_NUMBER}){{0,10}}+\s?[條条]"
_ZH_PROVISIONS = rf"{_ZH_ONE}(?:\s?(?:及|和|、|或|至)\s?{_ZH_ONE}){{0,10}}+"

STATUTE = re.compile(
    rf"""
      (?P<provs_first>{_PROVISIONS}) {_CONNECT} (?P<law_after>{_LAW_AFTER_OF})
          # article 21 of the National Security Law; ss 9 and 10 of Cap. 200; s 24 SNSO
    | (?<![A-Za-z]) (?P<law_first>{_LAW})
      (?:{GAP} (?P<provs_after>{_PROVISIONS}) (?!{SPACE}(?:of|under){SPACE}))?
          # NSL art. 24; or a bare mention: Cap. 455, the Public Order Ordinance (Cap 245).
          # Not "the NSL s 24 of the SNSO": provisions followed by "of" belong to what follows.
    | (?P<zh_law>{_ZH_LAW}) (?:\s?(?P<zh_provs>{_ZH_PROVISIONS}))?
          # 《國安法》第22條, 《香港國安法》第二十三條, bare 《維護國家安全條例》
    """,
    re.VERBOSE,
)
#: Run on the law part of a match: which law (one named group per code) or which chapter.
LAW_PARSE = re.compile(
    "|".join(
        [f"(?P<{code}>{piece})" for code, piece in LAW_NAMES.items()]
        + [f"(?P<ZH_{code}>{piece})" for code, piece in ZH_LAW_NAMES.items()]
        + [CAP, _ZH_CAP]
    ),
    re.VERBOSE,
)
#: Run on the provisions part: each provision, or a range of two ("20 to 22", "第20至22條").
PROVISION_PARSE = re.compile(
    rf"(?P<first>{PROVISION}|[{ZH_DIGITS}]+[A-Z]?)"
    rf"(?:{SPACE}to{SPACE}|{GAP}[–-]{GAP}|\s?至\s?第?\s?)(?P<last>{PROVISION}|[{ZH_DIGITS}]+)"
    rf"|(?P<single>{PROVISION}|[{ZH_DIGITS}]+[A-Z]?)"
)

# ---------------------------------------------------------------------------------------------
# Sentences: 5 years and 9 months' imprisonment, a fine of HK$5,000, 判監5年9個月
# ---------------------------------------------------------------------------------------------

#: English number words, one to ninety-nine ("four", "twenty-one", "twenty one").
NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_UNITS_WORD = "one|two|three|four|five|six|seven|eight|nine"
_TEENS_WORD = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS_WORD = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
#: A number in words; teens before units so "seventeen" is not read as "seven".
_WORD_NUMBER = rf"(?i:(?:{_TENS_WORD})(?:[-\s](?:{_UNITS_WORD}))?|{_TEENS_WORD}|{_UNITS_WORD})"
#: A number of time units: 5, 4.5, 4½, four, twenty-one, one and a half.
_COUNT = (
    rf"(?:(?<![\d.,/$])\d{{1,3}}+(?:\.\d{{1,2}}+|½)?(?![\d,])"
    rf"|(?<![A-Za-z]){_WORD_NUMBER}(?:\s+and\s+a\s+half)?(?![a-z]))"
)
#: A time unit, singular or plural, with the hyphen of "3-year" allowed before it.
_TIME_UNIT = r"(?i:years?|yrs?\.?|months?|mths?\.?|weeks?|days?)(?![a-z])"
_TERM_PART = rf"{_COUNT}(?:\s{{1,2}}|\s?-\s?)?{_TIME_UNIT}"
#: A term: "5 years and 9 months", "5 years 9 months", "1 year, 2 months and 3 days".
_TERM = rf"{_TERM_PART}(?:(?:{GAP},{GAP}|\s{{1,2}})(?:and\s{{1,2}})?{_TERM_PART}){{0,3}}+"
#: Run on a term: each number and its unit.
TERM_PART = re.compile(rf"(?P<count>{_COUNT})(?:\s{{1,2}}|\s?-\s?)?(?P<unit>{_TIME_UNIT})")


def _money(tag: str) -> str:
    """Money: $10,000, HK$1.5 million, HKD 2,000 (groups ``amount<tag>``, ``scale<tag>``)."""
    return (
        rf"(?:HK\$|HKD\s?|\$)\s?(?P<amount{tag}>\d{{1,3}}(?:,\d{{3}})++(?:\.\d{{1,2}})?"
        rf"|\d{{1,9}}+(?:\.\d{{1,2}})?)(?:\s?(?P<scale{tag}>(?i:million|mn|m|k))(?![a-z]))?"
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
#: Words that introduce a Chinese custodial term.
_ZH_JAIL = r"(?:判處監禁|判处监禁|判監|判监|判囚|入獄|入狱|監禁|监禁|囚禁)"

SENTENCE = re.compile(
    rf"""
      (?P<centre>(?i:training|detention|rehabilitation)\s+cent(?:re|er)(?![a-z]))
          # training centre, detention centre, rehabilitation centre (no fixed term)
    | (?P<cso_hours>\d{{1,4}}+)\s?(?:hours?|hrs?)\s+(?:of\s+)?community\s+service
          # 200 hours of community service
    | community\s+service\s+order\s+(?:of|for)\s+(?P<cso_hours2>\d{{1,4}}+)\s?(?:hours?|hrs?)
    | (?P<fine>(?i:(?:a\s+)?fine\s+of|fined)\s+){_money("")}
          # a fine of $10,000, fined HK$5,000
    | (?P<fine_after>{_money("2")}\s+(?i:fine)(?![a-z]))
          # a HK$5,000 fine
    | (?P<life>(?i:life\s+imprisonment|imprisonment\s+for\s+life))
    | (?P<suspended_alone>(?i:suspended)\s+for\s+(?:a\s+period\s+of\s+)?{_TERM})
          # suspended for 2 years (the operational period; the term itself is not given)
    | (?P<term>{_TERM})
      (?:['’]s?)?
      (?P<custodial>\s+(?:of\s+)?(?i:imprisonment|jail|detention|custody|in\s+prison))?
      (?P<suspension>{GAP},?{GAP}(?:which\s+(?:was|is)\s+)?(?i:suspended)\s+for\s+
                     (?:a\s+period\s+of\s+)?{_TERM})?
          # 5 years and 9 months' imprisonment; 6 months' imprisonment, suspended for 2 years
    | (?P<zh_jail>{_ZH_JAIL})\s?{_ZH_TERM}
          # 判監5年9個月, 入獄40個月
    | (?P<zh_suspended>緩刑)\s?{_ZH_TERM}
    | (?P<zh_fine>罰款|罚款)\s?(?:港幣|港币|港元)?\s?
      (?P<zh_amount>\d{{1,3}}(?:,\d{{3}})++|\d{{1,9}}+|[{ZH_DIGITS}]{{1,8}}+)\s?萬?\s?元?
    | (?P<zh_cso>社會服務令|社会服务令)\s?(?P<zh_hours>\d{{1,4}}+|[{ZH_DIGITS}]{{1,6}}+)\s?小時
    | (?P<zh_centre>教導所|教导所|勞教中心|劳教中心|更生中心)
    """,
    re.VERBOSE,
)
#: Just before a term, words that make it an age or a period of time, not a sentence.
NOT_SENTENCE_BEFORE = re.compile(
    r"(?i:aged|age\s+of|ages\s+of|past|last|next|first|within|since|every|per|lasted|lasting)"
    r"\s*$"
)
#: Just after a term, words that make it an age or a point in time, not a sentence.
NOT_SENTENCE_AFTER = re.compile(
    r"(?i:\s*-?\s*old|\s+of\s+age|\s+ago|\s+later|\s+earlier|\s+before|\s+after|\s+prior"
    r"|\s+previously|\s+since|\s+of\s+experience)(?![a-z])"
)

# ---------------------------------------------------------------------------------------------
# Dates: 27 July 2021, July 27, 2021, 2021-07-27, 30.6.2020, 2021年7月27日, July 2021
# ---------------------------------------------------------------------------------------------

#: Month names and their usual abbreviations, any capitalisation (JULY, July, Jul.).
MONTHS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)
_DAY = r"(?<![\d.])[0-3]?\d(?!\d)(?i:st|nd|rd|th)?"
_ZH_SMALL = r"[0-9０-９]{1,2}|[〇零一二三四五六七八九十]{1,3}"

DATE = re.compile(
    rf"""
      (?P<dmy_day>{_DAY}){SPACE}(?:of{SPACE})?(?P<dmy_month>{_MONTH}),?{SPACE}(?P<dmy_year>{YEAR})
          # 27 July 2021, 27th July 2021, 1st of July 2021
    | (?<![A-Za-z])(?P<mdy_month>{_MONTH}){SPACE}(?P<mdy_day>{_DAY}),?{SPACE}(?P<mdy_year>{YEAR})
          # July 27, 2021
    | (?<![\d-])(?P<iso_year>{YEAR})-(?P<iso_month>\d{{1,2}})-(?P<iso_day>\d{{1,2}})(?![\d-])
          # 2021-07-27
    | (?<![\d./])(?P<num_day>\d{{1,2}})(?P<sep>[./])(?P<num_month>\d{{1,2}})(?P=sep)
      (?P<num_year>{YEAR})(?![./]?\d)
          # 30.6.2020, 30/6/2020: day first, as in Hong Kong
    | (?P<zh_year>(?<!\d)[0-9０-９]{{4}}|[〇零一二三四五六七八九]{{4}})\s?年\s?
      (?P<zh_month>{_ZH_SMALL})\s?月(?:\s?(?P<zh_day>{_ZH_SMALL})\s?[日號号])?
          # 2021年7月27日, 二〇二一年七月二十七日, 2021年7月 (month precision)
    | (?<![A-Za-z])(?P<my_month>{_MONTH}),?{SPACE}(?P<my_year>{YEAR})
          # July 2021 (month precision)
    """,
    re.VERBOSE,
)
