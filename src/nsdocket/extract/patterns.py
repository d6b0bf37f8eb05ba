"""Every regular expression the extractors use, built from small named pieces.

Read this module top to bottom: shared pieces first, then one section per kind of reference.
Each section ends in one compiled pattern that the matching ``find_*`` function scans with, and
sometimes a few small "parse" patterns run on the matched text only.

Linear time. Every repetition here is either bounded (``{0,3}``), possessive (``++``, ``*+``,
Python 3.11+) or followed by a character it cannot itself consume, so a failed match gives back
at most a constant amount of text: there is no nested, ambiguous repetition that could
backtrack catastrophically. ``tests/test_extract.py`` runs every pattern over adversarial
strings (long runs of digits, capitalised words, separators) to keep it that way.

Speed: one character class first. Python's engine skips through the text in a tight C loop
only when a pattern starts with a single character class (or literal); otherwise it starts a
full match attempt at every position, which made the first version of these patterns run at
under 1 MB/s. So each scanning pattern below reads ``[first characters](?:(?<=A)rest of
A...|(?<=B)rest of B...)``: the class consumes the first character of whatever can start a
match, and each branch checks with a one-character look-behind which one it was (see
`first_chars` and `after_first`). Word boundaries are checked just after that first character
too (`WORD_START`). Groups that would have to include the first character are replaced by
empty "marker" groups (``(?P<term_end>)``) whose position or presence the finders use.

Offsets. Python ``str`` regexes work on code points, so match offsets are code-point offsets.
Note that ``\\d`` and ``\\s`` are Unicode-aware: full-width digits (``２０２１``) and no-break or
ideographic spaces count, which suits text converted from HTML and PDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
#: Just after a pattern's first character: if that was a letter, the one before it was not,
#: so the match starts a word. (Cheaper than a look-behind before the first character.)
WORD_START = r"(?<![A-Za-z][A-Za-z])"


def _split_first(piece: str) -> tuple[str, str]:
    """Split a pattern piece into its first character (a literal or a ``[class]``) and the rest."""
    if piece.startswith("["):
        end = piece.index("]") + 1
        return piece[1 : end - 1], piece[end:]
    if piece[0] in "\\()|?*+{.^$":
        raise ValueError(f"a piece must start with a plain character or a class: {piece!r}")
    return re.escape(piece[0]), piece[1:]


def first_chars(pieces: Iterable[str]) -> str:
    """The inside of a character class holding the first character of every piece."""
    return "".join(dict.fromkeys(_split_first(piece)[0] for piece in pieces))


def after_first(pieces: Iterable[str]) -> str:
    """The pieces without their first character, each behind a look-behind for it.

    ``after_first(["NSL", "Cap 200", "Crimes"])`` is ``(?:(?<=[N])SL|(?<=[C])(?:ap 200|rimes))``:
    it is used right after a class (see `first_chars`) that consumed that first character.
    Pieces sharing a first character keep their order, so put longer alternatives first.
    """
    rests: dict[str, list[str]] = {}
    for piece in pieces:
        first, rest = _split_first(piece)
        rests.setdefault(first, []).append(rest)
    branches = [
        f"(?<=[{first}])" + (tails[0] if len(tails) == 1 else f"(?:{'|'.join(tails)})")
        for first, tails in rests.items()
    ]
    return f"(?:{'|'.join(branches)})"


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

_PREFIXES = sorted(CASE_PREFIXES, key=len, reverse=True)
#: One case number within its year: 1 to 5 digits, leading zeros allowed (0280).
_CASE_NUM = r"\d{1,5}+(?!\d)"
#: A number or a range of numbers: 854-858, 854–858, 854 to 858.
_CASE_ITEM = rf"{_CASE_NUM}(?:{GAP}(?:[-–]|to\b){GAP}{_CASE_NUM})?"
#: Between items of a list: "1, 2 & 3", "69 and 70", "1, 2, and 3".
_CASE_SEP = rf"(?:{GAP},{GAP}(?:(?:and|&){GAP})?|{GAP}&{GAP}|{SPACE}and{SPACE})"

CASE_NUMBER = re.compile(
    rf"""
    (?P<prefix>[{first_chars(_PREFIXES)}]   # HCCC, DCCC, WKCC, ESS ...: the first letter,
      (?<![A-Za-z0-9].)                      # at the start of a word,
      {after_first(_PREFIXES)}               # then the rest of a known prefix
    )(?![A-Za-z])
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

#: The names of laws the project tracks, by the code that `nsdocket.reference` uses. Each
#: alternative starts with a plain character or a class (see `after_first`).
LAW_NAMES: dict[str, tuple[str, ...]] = {
    "NSL": (
        r"Law\s+of\s+the\s+People['’]s\s+Republic\s+of\s+China\s+on\s+Safeguarding\s+National"
        r"\s+Security\s+in\s+the\s+Hong\s+Kong\s+Special\s+Administrative\s+Region",
        r"Hong\s+Kong\s+National\s+Security\s+Law",
        r"National\s+Security\s+Law",
        r"HK\s?NSL(?![A-Za-z])",
        r"NSL(?![A-Za-z])",
    ),
    "SNSO": (r"Safeguarding\s+National\s+Security\s+Ordinance", r"SNSO(?![A-Za-z])"),
    # Not the tail of "Organized and Serious Crimes Ordinance".
    "CAP200": (r"C(?<!Serious\sC)rimes\s+Ord(?:inance|\.|(?![a-z]))",),
    "CAP245": (r"Public\s+Order\s+Ord(?:inance|\.|(?![a-z]))",),
    "CAP455": (r"Organi[sz]ed\s+and\s+Serious\s+Crimes?\s+Ordinance", r"OSCO(?![A-Za-z])"),
    "CAP210": (r"Theft\s+Ordinance",),
    "CAP374": (r"Road\s+Traffic\s+Ordinance",),
    "CAP151": (r"Societies\s+Ordinance",),
    "CAP554": (r"Elections\s+\(Corrupt\s+and\s+Illegal\s+Conduct\)\s+Ordinance",),
    "BL": (r"Basic\s+Law",),
}
_LAW_NAME_PIECES = [piece for pieces in LAW_NAMES.values() for piece in pieces]
#: "Cap. 200", "Cap 200", "cap.200", "CAP 200": the chapter of the Laws of Hong Kong.
_CAP_PIECES = [
    rf"{word}(?:\.|(?=\s))\s{{0,2}}\d{{1,4}}[A-Z]?(?![\w])" for word in ("[Cc]ap", "CAP")
]
_CAP_PLAIN = f"(?:{'|'.join(_CAP_PIECES)})"
#: The same with the chapter number as group ``cap``, for `LAW_PARSE`.
CAP = r"(?:[Cc]ap|CAP)(?:\.|(?=\s))\s{0,2}(?P<cap>\d{1,4}[A-Z]?)(?![\w])"

#: An ordinance the table does not name, recognised only when its chapter follows it and a
#: provision precedes it: "section 27 of the Firearms and Ammunition Ordinance (Cap 238)".
_OTHER_ORDINANCE = (
    r"[A-Z][a-z]+(?:\s(?:[A-Z][a-z]+|and|of|or|\([A-Z][A-Za-z ]{1,40}\))){0,8}\sOrdinance"
)
#: After a law's name, its chapter in brackets or after a comma: "(Cap 245)", ", Cap. 200".
_CHAPTER_AFTER = rf"(?:{GAP}[(,]{GAP}{_CAP_PLAIN}\)?)?"
#: A known law, in the middle of a pattern.
_KNOWN_LAW = rf"(?:{'|'.join(_LAW_NAME_PIECES)}){_CHAPTER_AFTER}"
#: What a provision can be attached to after "of": a known law, a bare chapter, or an
#: ordinance with its chapter.
_LAW_AFTER_OF = rf"(?:{_KNOWN_LAW}|{_CAP_PLAIN}|{_OTHER_ORDINANCE}{GAP}\({GAP}{_CAP_PLAIN}\))"

#: The word before a provision: Article(s), Art., section(s), s., ss, §.
_PROVISION_WORDS = [
    r"[Aa]rticles?", r"ARTICLES?", r"[Aa]rts?\.?", r"ARTS?\.?",
    r"[Ss]ections?", r"SECTIONS?", r"[Ss]s?\.?", r"SS?\.?", r"§§?",
]  # fmt: skip
_PROVISION_WORD = rf"(?<![A-Za-z])(?:{'|'.join(_PROVISION_WORDS)})"
#: One provision: 21, 17A, 10(1)(b), 22(3), 159A.
PROVISION = r"\d{1,3}+[A-Z]{0,2}+(?:\([0-9A-Za-z]{1,4}\)){0,4}+"
#: Between provisions: "20 and 21", "9, 10", "20 to 22", "10(1)(b) or section 10(1)(c)".
_PROVISION_SEP = (
    rf"(?:{GAP},{GAP}(?:(?:and|or){SPACE})?|{SPACE}(?:and|or|to){SPACE}|{GAP}[&–-]{GAP})"
)
#: The provisions after their first word: " 20 and 21", " 10(1)(b) or section 10(1)(c)".
_PROVISIONS_REST = (
    rf"{GAP}{PROVISION}(?:{_PROVISION_SEP}(?:{_PROVISION_WORD}{GAP})?{PROVISION}){{0,20}}+"
)
_PROVISIONS = _PROVISION_WORD + _PROVISIONS_REST
#: Between the provisions and the law: "of the", "under the", ",", or just a space.
_CONNECT = rf"(?:{GAP},)?(?:{SPACE}(?:of|under|in){SPACE}(?:the{SPACE})?|{SPACE})"

# Chinese: 《國安法》第22條, 《香港國安法》第二十三條, 《刑事罪行條例》第9及10條, 第200章.
#: Chinese law names by code (traditional and simplified characters).
ZH_LAW_NAMES: dict[str, tuple[str, ...]] = {
    "NSL": (
        r"中華人民共和國香港特別行政區維護國家安全法",
        r"中华人民共和国香港特别行政区维护国家安全法",
        r"香港特[別别]行政[區区][維维][護护][國国]家安全法",
        r"香港[國国]安法",
        r"[國国]安法",
    ),
    "SNSO": (r"[維维][護护][國国]家安全[條条]例",),
    "CAP200": (r"刑事罪行[條条]例",),
    "CAP245": (r"公安[條条]例",),
    "CAP455": (r"有[組组][織织]及[嚴严]重罪行[條条]例",),
    "CAP210": (r"盜竊罪[條条]例",),
    "CAP151": (r"社[團团][條条]例",),
    "BL": (r"基本法",),
}
_ZH_NAME_PIECES = [piece for pieces in ZH_LAW_NAMES.values() for piece in pieces]
#: 香港法例第200章, 第200章: a chapter.
_ZH_CAP_PIECES = [r"香港法例第\s?(?P<zh_cap>\d{1,4}[A-Z]?)\s?章", r"第\s?\d{1,4}[A-Z]?\s?章"]
_ZH_CAP = _ZH_CAP_PIECES[0].replace("香港法例", "(?:香港法例)?")
_ZH_LAW_PIECES = [
    f"《(?:{'|'.join(_ZH_NAME_PIECES)})》?",
    *[f"{piece}》?" for piece in _ZH_NAME_PIECES],
    _ZH_CAP_PIECES[0].replace("(?P<zh_cap>", "(?:"),
    _ZH_CAP_PIECES[1],
]
_ZH_NUMBER = rf"(?:\d{{1,3}}+[A-Z]?(?:\(\w{{1,4}}\)){{0,4}}+|[{ZH_DIGITS}]{{1,6}}+[A-Z]?)"
_ZH_ONE = rf"第\s?{_ZH_NUMBER}(?:\s?(?:及|和|、|或|至|-)\s?第?\s?{_ZH_NUMBER}){{0,10}}+\s?[條条]"
_ZH_PROVISIONS = rf"{_ZH_ONE}(?:\s?(?:及|和|、|或|至)\s?{_ZH_ONE}){{0,10}}+"

_LAW_FIRST = _LAW_NAME_PIECES + _CAP_PIECES
STATUTE = re.compile(
    rf"""
    [{first_chars(_PROVISION_WORDS + _LAW_FIRST + _ZH_LAW_PIECES)}]
    {WORD_START}                    # a word starts here, not mid-way
    (?:
      (?<=[{first_chars(_PROVISION_WORDS)}])   # (one look-behind to skip the branch early)
      {after_first(_PROVISION_WORDS)} {_PROVISIONS_REST} (?P<provs_end>)
      {_CONNECT} (?P<law_after>{_LAW_AFTER_OF})
          # article 21 of the National Security Law; ss 9 and 10 of Cap. 200; s 24 SNSO
    | (?<=[A-Za-z])
      (?:{after_first(_LAW_NAME_PIECES)}{_CHAPTER_AFTER}|{after_first(_CAP_PIECES)})
      (?P<law_end>)
      (?:{GAP} (?P<provs_after>{_PROVISIONS}) (?!{SPACE}(?:of|under){SPACE}))?
          # NSL art. 24; or a bare mention: Cap. 455, the Public Order Ordinance (Cap 245).
          # Not "the NSL s 24 of the SNSO": provisions followed by "of" belong to what follows.
    | (?<=[{first_chars(_ZH_LAW_PIECES)}])
      {after_first(_ZH_LAW_PIECES)} (?P<zh_law_end>) (?:\s?(?P<zh_provs>{_ZH_PROVISIONS}))?
          # 《國安法》第22條, 《香港國安法》第二十三條, bare 《維護國家安全條例》
    )
    """,
    re.VERBOSE,
)
#: Run on the law part of a match: which law (one named group per code) or which chapter.
LAW_PARSE = re.compile(
    "|".join(
        [f"(?P<{code}>{'|'.join(pieces)})" for code, pieces in LAW_NAMES.items()]
        + [f"(?P<ZH_{code}>{'|'.join(pieces)})" for code, pieces in ZH_LAW_NAMES.items()]
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

# ---------------------------------------------------------------------------------------------
# Dates: 27 July 2021, July 27, 2021, 2021-07-27, 30.6.2020, 2021年7月27日, July 2021
# ---------------------------------------------------------------------------------------------

#: Month names and their usual abbreviations, by their first three letters.
MONTHS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
#: Month names as written in judgments: capitalised or in capitals, full or abbreviated
#: (July, JULY, Jul., Sept.); not in lower case, so the verb "may" is never a month.
_MONTH_PIECES = [
    r"Jan(?:uary)?", r"JAN(?:UARY)?", r"June?", r"JUNE?", r"July?", r"JULY?",
    r"Feb(?:ruary)?", r"FEB(?:RUARY)?", r"Mar(?:ch)?", r"MAR(?:CH)?", r"May", r"MAY",
    r"Apr(?:il)?", r"APR(?:IL)?", r"Aug(?:ust)?", r"AUG(?:UST)?",
    r"Sep(?:t(?:ember)?)?", r"SEP(?:T(?:EMBER)?)?", r"Oct(?:ober)?", r"OCT(?:OBER)?",
    r"Nov(?:ember)?", r"NOV(?:EMBER)?", r"Dec(?:ember)?", r"DEC(?:EMBER)?",
]  # fmt: skip
_MONTH_END = r"(?![A-Za-z])\.?"
_MONTH = rf"(?:{'|'.join(_MONTH_PIECES)}){_MONTH_END}"
_ORDINAL = r"(?:st|nd|rd|th|ST|ND|RD|TH)?"
_DAY = rf"\d(?<![\d.]\d)\d?(?!\d){_ORDINAL}"
_ZH_YEAR_DIGITS = "〇零一二三四五六七八九"
_ZH_SMALL = r"[0-9０-９]{1,2}|[〇零一二三四五六七八九十]{1,3}"
#: The rest of a Chinese date after its year's first character: 021年7月27日.
_ZH_DATE_REST = rf"\s?年\s?(?P<zh_month>{_ZH_SMALL})\s?月(?:\s?(?P<zh_day>{_ZH_SMALL})\s?[日號号])?"

DATE = re.compile(
    rf"""
    [\d{_ZH_YEAR_DIGITS}{first_chars(_MONTH_PIECES)}]
    (?<!\d\d){WORD_START}         # a number or a word starts here, not mid-way
    (?:
      (?<=\d)(?<![\d.]\d) \d?(?!\d){_ORDINAL} {SPACE}(?:of{SPACE})?
      (?P<dmy_month>{_MONTH}),?{SPACE}(?P<dmy_year>{YEAR})
          # 27 July 2021, 27th July 2021, 1st of July 2021
    | (?<=[12])(?<![\d-]\d) (?:(?<=1)9|(?<=2)0)\d{{2}}(?!\d)
      -(?P<iso_month>\d{{1,2}})-(?P<iso_day>\d{{1,2}})(?![\d-])
          # 2021-07-27
    | (?<=\d)(?<![\d./]\d) \d?(?P<sep>[./])(?P<num_month>\d{{1,2}})(?P=sep)
      (?P<num_year>{YEAR})(?![./]?\d)
          # 30.6.2020, 30/6/2020: day first, as in Hong Kong
    | (?: (?<=[0-9０-９])[0-9０-９]{{3}} | (?<=[{_ZH_YEAR_DIGITS}])[{_ZH_YEAR_DIGITS}]{{3}})
      {_ZH_DATE_REST}
          # 2021年7月27日, 二〇二一年七月二十七日, 2021年7月 (month precision)
    | {after_first(_MONTH_PIECES)}{_MONTH_END}
      (?: {SPACE}(?P<mdy_day>{_DAY}),?{SPACE}(?P<mdy_year>{YEAR})
          # July 27, 2021
        | ,?{SPACE}(?P<my_year>{YEAR})
          # July 2021 (month precision)
      )
    )
    """,
    re.VERBOSE,
)
