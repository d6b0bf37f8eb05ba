"""Every regular expression the extractors use, built from small named pieces.

One module per kind of reference, each read top to bottom: `pieces` (shared by all), `courts`
(neutral citations and case numbers), `statutes`, `sentences` and `dates`. Each kind ends in
one compiled pattern that the matching ``find_*`` function scans with, and sometimes a few small
"parse" patterns run on the matched text only. This package exports them all by name.

Linear time. Every repetition here is either bounded (``{0,3}``), possessive (``++``, ``*+``,
Python 3.11+) or followed by a character it cannot itself consume, so a failed match gives back
at most a constant amount of text: there is no nested, ambiguous repetition that could
backtrack catastrophically. ``tests/test_extract.py`` runs every pattern over adversarial
strings (long runs of digits, capitalised words, separators) to keep it that way.

Speed: one character class first. Python's engine skips through the text in a tight C loop
only when a pattern starts with a single character class (or literal); otherwise it starts a
full match attempt at every position, which made the first version of these patterns run at
under 1 MB/s. So each scanning pattern reads ``[first characters](?:(?<=A)rest of
A...|(?<=B)rest of B...)``: the class consumes the first character of whatever can start a
match, and each branch checks with a one-character look-behind which one it was (see
`pieces.first_chars` and `pieces.after_first`). Word boundaries are checked just after that
first character too (`pieces.WORD_START`). Groups that would have to include the first
character are replaced by empty "marker" groups (``(?P<term_end>)``) whose position or presence
the finders use.

Offsets. Python ``str`` regexes work on code points, so match offsets are code-point offsets.
Note that ``\\d`` and ``\\s`` are Unicode-aware: full-width digits (``２０２１``) and no-break or
ideographic spaces count, which suits text converted from HTML and PDF.
"""

from __future__ import annotations

from nsdocket.extract.patterns.courts import (
    CASE_ITEM,
    CASE_NUMBER,
    CASE_PREFIXES,
    CITATION,
    COURT_NAMES,
    MAGISTRACIES,
    NEUTRAL_COURT_BY_FOLD,
    NEUTRAL_COURTS,
)
from nsdocket.extract.patterns.dates import DATE, MONTHS
from nsdocket.extract.patterns.pieces import (
    GAP,
    SPACE,
    WORD_START,
    YEAR,
    ZH_DIGITS,
    after_first,
    first_chars,
)
from nsdocket.extract.patterns.sentences import (
    NOT_SENTENCE_AFTER,
    NOT_SENTENCE_BEFORE,
    NUMBER_WORDS,
    SENTENCE,
    TERM_PART,
    ZH_TERM_PART,
)
from nsdocket.extract.patterns.statutes import (
    CAP,
    LAW_NAMES,
    LAW_PARSE,
    PROVISION,
    PROVISION_PARSE,
    STATUTE,
    ZH_LAW_NAMES,
)

__all__ = [
    "CAP",
    "CASE_ITEM",
    "CASE_NUMBER",
    "CASE_PREFIXES",
    "CITATION",
    "COURT_NAMES",
    "DATE",
    "GAP",
    "LAW_NAMES",
    "LAW_PARSE",
    "MAGISTRACIES",
    "MONTHS",
    "NEUTRAL_COURTS",
    "NEUTRAL_COURT_BY_FOLD",
    "NOT_SENTENCE_AFTER",
    "NOT_SENTENCE_BEFORE",
    "NUMBER_WORDS",
    "PROVISION",
    "PROVISION_PARSE",
    "SENTENCE",
    "SPACE",
    "STATUTE",
    "TERM_PART",
    "WORD_START",
    "YEAR",
    "ZH_DIGITS",
    "ZH_LAW_NAMES",
    "ZH_TERM_PART",
    "after_first",
    "first_chars",
]
