"""Patterns for court references: neutral citations ([2021] HKCFI 2200) and case numbers
(HCCC 280/2020, DCCC 854-858/2021, HCCC 69 and 70/2022).
"""

from __future__ import annotations

import re

from nsdocket.extract.patterns.pieces import GAP, SPACE, YEAR, after_first, first_chars

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
