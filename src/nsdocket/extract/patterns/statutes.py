"""Patterns for statute references: article 21 of the National Security Law,
s.10(1)(c) Crimes Ordinance, 《國安法》第22條.
"""

from __future__ import annotations

import re

from nsdocket.extract.patterns.pieces import (
    GAP,
    SPACE,
    WORD_START,
    ZH_DIGITS,
    after_first,
    first_chars,
)

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
