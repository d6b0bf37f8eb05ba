"""The fields of a claim from one pattern match: its kind, value, qualifier, noun or range.

A match that is not a claim after all (a falling range or a change, a slash pair that is not a
count ratio, a fraction over one, a count of one written as a word that is only an article, a
range of numbers that counts nothing) gives None. Ranges of counts and vague quantities
("dozens", 數十) are read in :mod:`nsdocket.claims.count_fields`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

from nsdocket.claims.consistency import decimals_of
from nsdocket.claims.count_fields import count_fields, one_is_counted
from nsdocket.claims.match_values import SCALES, integer, number, qualifier_of
from nsdocket.claims.model import Kind
from nsdocket.claims.nouns import _english_noun, _zh_noun
from nsdocket.claims.number_words import parse_fraction_words
from nsdocket.claims.patterns import CHANGE_BEFORE, MARK_AFTER, MARK_BEFORE
from nsdocket.claims.qualifiers import Qualifier
from nsdocket.claims.slash import is_count_ratio


def _percent_of(fraction: Fraction) -> Decimal:
    # To one decimal, as the labelled set writes shares in words: two-thirds is 66.7.
    rounded = (Decimal(fraction.numerator) * 100 / Decimal(fraction.denominator)).quantize(
        Decimal("0.1")
    )
    return Decimal(format(rounded.normalize(), "f"))


def _share(
    match: re.Match[str], fraction: Fraction, qualifier: Qualifier | None = None
) -> dict[str, Any]:
    return {
        "kind": Kind.PERCENT,
        "value": _percent_of(fraction),
        "fraction": fraction,
        "qualifier": qualifier_of(match) if qualifier is None else qualifier,
    }


def _percent(written: str) -> tuple[Decimal, int] | None:
    """A percent's value and its decimals as written ("84.6", "八十四點六")."""
    raw = written.replace(",", "")
    value = number(raw)
    if value is None:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", raw):
        return value, decimals_of(value)
    point = re.search(r"[點点]", raw)
    decimals = 0 if point is None else len(raw) - point.end()
    return value.quantize(Decimal(1).scaleb(-decimals)), decimals


def _range(name: str, match: re.Match[str], norm: str) -> dict[str, Any] | None:
    """A range of percents, or None when it falls, is a change, or an end is not a number."""
    if CHANGE_BEFORE.search(norm[max(0, match.start() - 24) : match.start()]):
        return None
    if name == "range_tenths_zh":
        low, high = integer(match.group("num")), integer(match.group("high"))
        # "七八成": neighbouring tenths only, and not "九十成人" (ninety adults)
        adjacent = match.end("num") == match.start("high")
        if low is None or high is None or (adjacent and (high != low + 1 or high > 9)):
            return None
        ends: tuple[Decimal, Decimal, int | None] = (Decimal(10 * low), Decimal(10 * high), None)
    else:
        first, second = _percent(match.group("num")), _percent(match.group("high"))
        if first is None or second is None:
            return None
        ends = (first[0], second[0], max(first[1], second[1]))
    if ends[0] >= ends[1]:
        return None
    return {
        "kind": Kind.PERCENT,
        "value": ends[0],
        "upper": ends[1],
        "decimals": ends[2],
        "qualifier": qualifier_of(match),
    }


def _build(name: str, match: re.Match[str], norm: str) -> dict[str, Any] | None:
    """The fields of a claim for one match, or None when the match is not a claim."""
    groups = match.groupdict()
    if name.startswith("range"):
        return _range(name, match, norm)
    if name in {"percent", "percent_zh", "percent_points_zh"}:
        written = _percent(groups["num"])
        if written is None:
            return None
        return {
            "kind": Kind.PERCENT,
            "value": written[0],
            "decimals": written[1],
            "qualifier": qualifier_of(match),
        }
    if name in {"tenths_zh", "tenths_of_zh"}:
        tenths = integer(groups["num"])
        if tenths is None:
            return None
        return _share(match, Fraction(2 * tenths + (1 if groups["half"] else 0), 20))
    if name == "fraction_zh":
        top, bottom = integer(groups["num"]), integer(groups["den"])
        if not top or not bottom or top > bottom:
            return None
        return _share(match, Fraction(top, bottom))
    if name == "fraction_en":
        words = groups["frac"]
        fraction = Fraction(1, 2) if words.lower() == "half" else parse_fraction_words(words)
        return None if fraction is None or fraction > 1 else _share(match, fraction)
    if name == "majority_en" or (name == "majority_zh" and groups["zmaj"]):
        return _share(match, Fraction(1, 2), Qualifier.MORE_THAN)
    if name == "majority_zh":  # 一半, 半數, and 近半 / 逾半 with their qualifier
        return _share(match, Fraction(1, 2))
    if name == "ratio_slash" and not is_count_ratio(norm, match):
        return None
    if name in {"ratio_en", "ratio_zh", "ratio_slash", "in_en"}:
        top, bottom = integer(groups["num"]), integer(groups["den"])
        if top is None or not bottom or (name == "in_en" and top > bottom):
            return None
        if groups.get("cls"):
            noun: str | None = groups.get("noun") or _zh_noun(norm, groups["cls"], match.end("cls"))
        else:
            noun = _english_noun(norm, match.end())
        return {
            "kind": Kind.RATIO,
            "value": top,
            "numerator": top,
            "denominator": bottom,
            "noun": noun,
            "qualifier": qualifier_of(match),
        }
    if name.startswith(("count_range", "count_vague", "count_big")):
        return count_fields(name, match, norm)
    return _count(name, match, norm)


def _count(name: str, match: re.Match[str], norm: str) -> dict[str, Any] | None:
    groups = match.groupdict()
    value = number(groups["num"])
    if value is None:
        return None
    scale = (groups.get("scale") or "").strip().lower()
    value = value * SCALES.get(scale, 1) + int(groups.get("rest") or 0)
    if value != value.to_integral_value():
        return None
    count = int(value)
    if count == 1 and not one_is_counted(name, match, norm):
        return None
    if groups.get("cls"):
        noun: str | None = _zh_noun(norm, groups["cls"], match.end("cls"))
    else:
        noun = _english_noun(norm, match.end())
    qualifier = qualifier_of(match)
    before = norm[max(0, match.start() - 20) : match.start()]
    if (
        qualifier is Qualifier.NONE
        and MARK_BEFORE.search(before)
        and MARK_AFTER.match(norm, match.end())
    ):
        qualifier = Qualifier.MORE_THAN  # "crossing the 1,000 mark"
    return {"kind": Kind.COUNT, "value": count, "noun": noun, "qualifier": qualifier}
