"""Patterns for dates: 27 July 2021, July 27, 2021, 2021-07-27, 30.6.2020, 2021年7月27日,
July 2021.
"""

from __future__ import annotations

import re

from nsdocket.extract.patterns.pieces import SPACE, WORD_START, YEAR, after_first, first_chars

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
