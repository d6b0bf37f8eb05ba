"""Sentences passed or discussed: terms of imprisonment, suspended terms, fines, orders.

Normalising a term to months. Years count 12 months; weeks and days are converted at 7 days a
week and 365/12 days a month; the total is rounded half up to a whole month, so ``6 weeks`` is
1 month and ``14 days`` is 0. The exact components stay in the ``term`` field
(``{"weeks": 6}``), so nothing is lost when a figure needs days.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from nsdocket.extract.numbers import parse_chinese_number, parse_count
from nsdocket.extract.patterns.sentences import (
    NOT_SENTENCE_AFTER,
    NOT_SENTENCE_BEFORE,
    SENTENCE,
    TERM_PART,
    ZH_TERM_PART,
)
from nsdocket.extract.spans import Span, span_of

DAYS_PER_MONTH = 365 / 12
_UNIT_KEYS = {"y": "years", "m": "months", "w": "weeks", "d": "days"}
_ZH_UNIT_KEYS = {"星期": "weeks", "週": "weeks", "周": "weeks", "日": "days", "天": "days"}
_CENTRES = {
    "training": "training_centre",
    "detention": "detention_centre",
    "rehabilitation": "rehabilitation_centre",
}
_ZH_CENTRES = {
    "zh_training": "training_centre",
    "zh_detention": "detention_centre",
    "zh_rehabilitation": "rehabilitation_centre",
}
_LEADING_DIGITS = re.compile(r"\d+")
_SCALES = {"million": 1_000_000, "mn": 1_000_000, "m": 1_000_000, "k": 1_000}


def _add(term: dict[str, float], key: str, value: float) -> None:
    term[key] = term.get(key, 0) + value


@lru_cache(maxsize=4096)
def _term_parts(text: str) -> tuple[tuple[str, float], ...]:
    """Components of an English or Chinese term; cached, as judgments repeat their terms."""
    term: dict[str, float] = {}
    for match in TERM_PART.finditer(text):
        value = parse_count(match["count"])
        if value is not None:
            _add(term, _UNIT_KEYS[match["unit"][0].lower()], value)
    if not term:  # a Chinese term: 5年9個月
        for match in ZH_TERM_PART.finditer(text):
            value = parse_count(match["count"])
            unit = match["unit"]
            if value is None:
                continue
            if unit.startswith("年"):
                _add(term, "years", value + (0.5 if unit.endswith("半") else 0))
            else:
                _add(term, "months" if unit.endswith("月") else _ZH_UNIT_KEYS[unit], value)
    return tuple((key, int(v) if float(v).is_integer() else v) for key, v in term.items())


def _term(text: str) -> dict[str, float]:
    """Components of a term: ``{"years": 5, "months": 9}`` for "5 years and 9 months"."""
    return dict(_term_parts(text))


def _months(term: dict[str, float]) -> int:
    days = term.get("weeks", 0) * 7 + term.get("days", 0)
    total = term.get("years", 0) * 12 + term.get("months", 0) + days / DAYS_PER_MONTH
    return math.floor(total + 0.5)


def _amount(digits: str, scale: str | None) -> int | None:
    value = parse_chinese_number(digits.replace(",", "")) if not digits[:1].isdigit() else None
    if value is None:
        try:
            number = float(digits.replace(",", ""))
        except ValueError:
            return None
        return round(number * _SCALES.get((scale or "").casefold(), 1))
    return value


def _sentence(kind: str, months: int | None = None, **extra: object) -> dict[str, object]:
    return {"kind": kind, "months": months, "suspended": kind == "suspended", **extra}


def _leading_digits(text: str) -> str:
    digits = _LEADING_DIGITS.match(text)
    return digits.group() if digits else ""


def _fields(match: re.Match[str]) -> dict[str, object]:
    """The fields for one match of `SENTENCE`, told apart by the marker group it ends with."""
    text, marker = match.group(), match.lastgroup
    if marker == "term":
        # An English term: "5 years and 9 months' imprisonment", maybe suspended.
        term = _term(text[: match.start("term_end") - match.start()])
        suspension = match["suspension"]
        if suspension is None:
            return {
                "kind": "imprisonment",
                "months": _months(term),
                "suspended": False,
                "term": term,
            }
        period = _term(suspension)
        return _sentence(
            "suspended",
            _months(term),
            term=term,
            suspended_months=_months(period),
            suspension_term=period,
        )
    if marker == "zh_jail":
        term = _term(text)
        return _sentence("imprisonment", _months(term), term=term)
    if marker in ("suspended_alone", "zh_suspended"):
        period = _term(text)
        return _sentence("suspended", suspended_months=_months(period), suspension_term=period)
    if marker in ("fine", "fine2", "fine3", "fine4"):
        tag = marker.removeprefix("fine")
        amount = _amount(match[f"amount{tag}"], match[f"scale{tag}"])
        return _sentence("fine", amount_hkd=amount)
    if marker == "zh_fine":
        amount = _amount(match["zh_amount"], None)
        after = text[match.end("zh_amount") - match.start() :]
        if amount is not None and ("萬" in after or "万" in after):
            amount *= 10_000
        return _sentence("fine", amount_hkd=amount)
    if marker in ("cso", "cso_order", "zh_cso"):
        hours = match["cso_hours"] or match["zh_hours"] or _leading_digits(text)
        return _sentence("community_service", hours=_amount(hours, None))
    if marker in ("life", "life2"):
        return _sentence("imprisonment", life=True)
    if marker == "centre":
        return _sentence(_CENTRES[text.split()[0].casefold()])
    return _sentence(_ZH_CENTRES[marker or ""])


def _is_age_or_period(text: str, match: re.Match[str]) -> bool:
    """True for "aged 23 years", "23-year-old", "2 years ago", "within 2 years": not sentences."""
    if match.lastgroup != "term" or match["custodial"] is not None or match["suspension"]:
        return False
    start = match.start()
    words = text[max(0, start - 16) : start].casefold().split()
    if words and (
        words[-1] in NOT_SENTENCE_BEFORE
        or (words[-1] == "of" and words[-2:-1] in (["age"], ["ages"]))
    ):
        return True
    return NOT_SENTENCE_AFTER.match(text, match.start("term_end")) is not None


def find_sentences(text: str) -> list[Span]:
    """Find sentences: terms, suspended terms, fines, community service and centre orders.

    English: ``9 years``, ``40 months``, ``5 years and 9 months``, ``3 years' imprisonment``,
    ``four years and two months``, ``6 weeks``, ``6 months' imprisonment, suspended for 2
    years``, ``suspended for 2 years``, ``a fine of $10,000``, ``fined HK$5,000``, ``200 hours
    of community service``, ``training centre``, ``life imprisonment``. Chinese: ``判監5年9個月``,
    ``入獄40個月``, ``緩刑2年``, ``罰款5,000元``, ``社會服務令200小時``, ``教導所``.
    Ages ("aged 23 years", "a 23-year-old") and stretches of time ("2 years ago", "within 2
    years", "over the past 3 years") are not sentences; years alone ("in 2021") never match.
    A bare amount of money is not a fine: the word "fine" must be there.

    Args:
        text: any text.

    Returns:
        Spans of kind ``sentence``, sorted by start. Fields: ``kind`` (``imprisonment``,
        ``suspended``, ``fine``, ``community_service``, ``training_centre``,
        ``detention_centre``, ``rehabilitation_centre``), ``months`` (int, the custodial term
        normalised as the module explains, or None when not given), ``suspended`` (bool) and
        by kind: ``term`` (the components as written), ``suspended_months`` and
        ``suspension_term`` (the operational period), ``amount_hkd`` (int) for fines,
        ``hours`` for community service, ``life`` for life imprisonment.
    """
    spans = []
    for match in SENTENCE.finditer(text):
        if _is_age_or_period(text, match):
            continue
        spans.append(
            span_of(
                "sentence",
                match,
                _fields(match),
            )
        )
    return spans
