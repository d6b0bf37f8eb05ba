"""The fields of counts that need more than a number: ranges of counts, vague quantities, one.

Ranges of counts ("15 to 30 Hong Kongers", "1,000 to 1,100 were arrested", "約6至7名",
"數十至上百人", "二、三十人") are claims of kind range: ``value`` is the low end, ``upper`` the
high end. An English range must be followed by what it counts (a noun, or a verb: "were
arrested"), must rise, and must not be a change ("rose from 15 to 30"); a Chinese one needs its
classifier, and two tens side by side must be neighbours (二、三十 is 20 to 30).

Vague quantities are read as the labelled set reads them (tests/data/claims/published/NOTES.md):
"dozens" is more than 12, "hundreds" and "several hundred" more than 100, "tens of thousands"
more than 10,000, 數十 / 幾十 more than 10, 數百 and 數以百計 more than 100, 逾萬 / 過萬 more than
10,000; "a dozen" is 12; a qualifier written with them is kept ("at least hundreds", 至少數百).

A count of one written as a word ("one", 一名) is mostly an article ("a man aged 71"), so it is
kept only when the text joins it to another count ("11 men and one woman", 一名董事及兩名職員),
when it counts charges ("one count of", 被控一項...罪) or is the person an arrest takes (拘捕一人,
but not the indefinite 拘捕一名二十二歲男子 "arrested a man aged 22");
and never when it is the unit of a rate (平均每 2.5 天拘捕 1 名).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from nsdocket.claims.match_values import integer, qualifier_of
from nsdocket.claims.model import Kind
from nsdocket.claims.nouns import _english_noun, _zh_noun
from nsdocket.claims.patterns import (
    CHANGE_BEFORE,
    COUNTED_BY_VERB,
    ONE_CHARGE_AFTER,
    ONE_CHARGE_BEFORE,
    ONE_JOINED_AFTER,
    ONE_JOINED_BEFORE,
    ONE_TAKEN_BEFORE,
    RATE_AFTER,
    RATE_BEFORE,
)
from nsdocket.claims.qualifiers import Qualifier

__all__ = ["count_fields", "one_is_counted"]

# What a vague quantity stands for (its lower bound), English and Chinese.
_VAGUE_EN = {
    "dozens": 12,
    "hundreds": 100,
    "thousands": 1_000,
    "several hundred": 100,
    "several thousand": 1_000,
    "tens of thousands": 10_000,
    "hundreds of thousands": 100_000,
    "a dozen": 12,
}
_ZH_UNIT = {"十": 10, "百": 100, "千": 1_000, "萬": 10_000, "万": 10_000, "億": 10**8, "亿": 10**8}


def _vague_zh(text: str) -> int | None:
    """數十 -> 10, 上百 -> 100, 數以千計 -> 1000; None for anything else."""
    if len(text) == 2 and text[0] in "數数幾几上" and text[1] in _ZH_UNIT:
        return _ZH_UNIT[text[1]]
    if len(text) == 4 and text[:2] in {"數以", "数以"} and text[2] in _ZH_UNIT:
        return _ZH_UNIT[text[2]]
    return None


def _end(text: str) -> int | None:
    """One end of a range: a number, or a vague Chinese quantity (數十, 上百)."""
    vague = _vague_zh(text)
    return vague if vague is not None else integer(text)


def _noun(match: re.Match[str], norm: str) -> str | None:
    if match.groupdict().get("cls"):
        return _zh_noun(norm, match.group("cls"), match.end("cls"))
    return _english_noun(norm, match.end())


def _range(name: str, match: re.Match[str], norm: str) -> dict[str, Any] | None:
    if CHANGE_BEFORE.search(norm[max(0, match.start() - 24) : match.start()]):
        return None
    low, high = _end(match.group("num")), _end(match.group("high"))
    if name == "count_range_tens_zh":  # 二、三十人: neighbouring tens only
        if low is None or high != low + 1:
            return None
        low, high = 10 * low, 10 * high
    if low is None or high is None or low >= high:
        return None
    noun = _noun(match, norm)
    if not name.endswith("_zh") and noun is None and not COUNTED_BY_VERB.match(norm, match.end()):
        return None
    return {
        "kind": Kind.RANGE,
        "value": low,
        "upper": Decimal(high),
        "noun": noun,
        "qualifier": qualifier_of(match),
    }


def count_fields(name: str, match: re.Match[str], norm: str) -> dict[str, Any] | None:
    """The fields of a range of counts or a vague quantity, or None when it is not one."""
    if name.startswith("count_range"):
        return _range(name, match, norm)
    if name == "count_vague_en":
        words = " ".join(match.group("vague").lower().split())
        value: int | None = _VAGUE_EN[words]
        default = Qualifier.NONE if words == "a dozen" else Qualifier.MORE_THAN
    elif name.startswith("count_vague"):
        value, default = _vague_zh(match.group("vague")), Qualifier.MORE_THAN
    else:  # count_big_zh: 逾萬, 過萬
        value, default = _ZH_UNIT[match.group("num")], Qualifier.NONE
    if value is None:
        return None
    return {
        "kind": Kind.COUNT,
        "value": value,
        "noun": _noun(match, norm),
        "qualifier": qualifier_of(match, default),
    }


def one_is_counted(name: str, match: re.Match[str], norm: str) -> bool:
    """Whether a count whose value is one is a claim (see the module notes)."""
    before = norm[max(0, match.start() - 60) : match.start()]
    after = norm[match.end() : match.end() + 30]
    if RATE_BEFORE.search(before) or RATE_AFTER.match(after):
        return False
    if name == "count_digits":
        return True
    cls = match.groupdict().get("cls") or ""
    return bool(
        ONE_JOINED_AFTER.match(after)
        or ONE_JOINED_BEFORE.search(before)
        or ONE_CHARGE_AFTER.match(after)
        or (cls in {"項", "项"} and ONE_CHARGE_BEFORE.search(before))
        or (cls == "人" and ONE_TAKEN_BEFORE.search(before))
    )
