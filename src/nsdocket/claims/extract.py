"""Find numeric claims in text: counts, percents and ratios, in English and Chinese.

What is *not* a claim (decided here, see ``SKIP_PATTERNS``): years (any bare 1900-2099),
dates, times, legal references ("article 23", "s. 9", "Cap. 200", "第23條"), case numbers
("HCCC 69/2022"), ages ("aged 26"), durations ("11 months", "five years"), money and
percentage points. A number written as a word with the value one ("one", "一名") is not
kept as a count, since it is mostly an article; it is kept inside ratios and shares ("one of
the 47", "one in five"). Decimal numbers without a percent sign are not counts.

A range of percents ("80-90%", "between 80% and 90%", "百分之八十至九十", "八至九成") is one
percent claim with ``upper`` set, when it rises and is not a change ("rose from 30% to 45%"
gives two percents). A slash pair ("66/78") is a ratio only when it reads as a count ratio,
not a case number, date, score or URL (:mod:`nsdocket.claims.slash`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

from nsdocket.claims.consistency import decimals_of
from nsdocket.claims.link import link_denominators
from nsdocket.claims.model import Kind, NumericClaim
from nsdocket.claims.number_words import (
    parse_chinese_number,
    parse_english_number,
    parse_fraction_words,
)
from nsdocket.claims.patterns import (
    CLAIM_PATTERNS,
    COUNT_NOUNS,
    SKIP_PATTERNS,
    ZH_NOUNS,
    normalise,
)
from nsdocket.claims.qualifiers import Qualifier, parse_qualifier
from nsdocket.claims.slash import is_count_ratio

__all__ = ["extract_claims", "is_cjk", "skipped_spans"]

_SCALES = {
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "萬": 10_000,
    "万": 10_000,
    "億": 10**8,
    "亿": 10**8,
}
# Words that end the search for a count's noun ("332 were arrested": no noun after 332).
_STOP = frozenset(
    [
        "of",
        "were",
        "was",
        "is",
        "are",
        "be",
        "been",
        "being",
        "had",
        "have",
        "has",
        "led",
        "to",
        "and",
        "or",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "who",
        "which",
        "that",
        "than",
        "from",
        "under",
        "over",
        "since",
        "after",
        "before",
        "during",
        "per",
        "as",
        "the",
        "a",
        "an",
        "it",
        "they",
        "them",
        "their",
        "these",
        "those",
        "this",
        "not",
        "no",
        "only",
        "each",
        "every",
        "while",
        "whom",
        "whose",
        "into",
        "among",
        "between",
    ]
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_RESULT_VERBS = frozenset({"led", "resulted", "ended"})
_PASSIVE = frozenset({"were", "was"})
_NUMBER_GROUPS = ("num", "den", "frac", "high")
# Just before a range that is a change, not a range: "rose from 30% to 45%", "由80%至90%".
_CHANGE_BEFORE = re.compile(
    r"(?:\b(?:from|by|rose|risen|fell|fallen|increased|decreased|dropped|grew|declined|"
    r"jumped|climbed|went|up|down)\s+|[由從从]\s?)$",
    re.IGNORECASE,
)


def is_cjk(char: str) -> bool:
    """Whether a character is a CJK ideograph or CJK punctuation."""
    return (
        "\u3000" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef"
    )


def skipped_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans of numbers that are not statistics (years, dates, references, ...).

    Args:
        text: Text (normalised or not; offsets are the same).

    Returns:
        ``(start, end, pattern name)`` for every skip match, in pattern order.
    """
    norm = normalise(text)
    return [(m.start(), m.end(), name) for name, rx in SKIP_PATTERNS for m in rx.finditer(norm)]


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < b and a < end for a, b in spans)


def _following_words(norm: str, pos: int, limit: int = 6) -> list[str]:
    """Words right after ``pos``, separated by single spaces only (stops at punctuation)."""
    words: list[str] = []
    while len(words) < limit:
        match = re.match(r" ([A-Za-z][A-Za-z'’-]*)", norm[pos:])
        if not match:
            break
        words.append(match.group(1))
        pos += match.end()
    return words


def _english_noun(norm: str, pos: int) -> str | None:
    """What a count ending at ``pos`` counts, from the words after it."""
    words = _following_words(norm, pos)
    lowered = [w.lower() for w in words]
    for word, low in zip(words[:4], lowered[:4], strict=False):
        if low in COUNT_NOUNS:
            return word
        if low in _STOP:
            break
    for word, low in zip(words[:4], lowered[:4], strict=False):
        if low in _STOP:
            break
        if low.endswith("s") and not low.endswith("ss") and len(low) > 3:
            return word  # "three designated judges"
    if len(words) >= 3 and lowered[0] in _RESULT_VERBS and lowered[1] in {"to", "in", "with"}:
        return words[2]  # "189 led to convictions"
    if len(words) >= 2 and lowered[0] in _PASSIVE and lowered[1].endswith("ed"):
        return words[1]  # "189 were convicted"
    return None


def _zh_noun(norm: str, classifier: str, pos: int) -> str:
    """A Chinese count's noun: the noun after its classifier if known, else the classifier."""
    for noun in ZH_NOUNS:
        if norm.startswith(noun, pos):
            return noun
    return classifier


def _number(text: str) -> Decimal | None:
    """Parse digits ("1,234", "84.6"), English words or a Chinese numeral."""
    cleaned = text.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
        return Decimal(cleaned)
    if cleaned.isascii():
        words = parse_english_number(cleaned)
        return None if words is None else Decimal(words)
    return parse_chinese_number(cleaned)


def _integer(text: str) -> int | None:
    value = _number(text)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


def _qualifier(match: re.Match[str]) -> Qualifier:
    groups = match.groupdict()
    for name in ("qen", "qzh", "qsuf"):
        if groups.get(name):
            return parse_qualifier(groups[name])
    return Qualifier.NONE


def _percent_of(fraction: Fraction) -> Decimal:
    rounded = (Decimal(fraction.numerator) * 100 / Decimal(fraction.denominator)).quantize(
        Decimal("0.01")
    )
    return Decimal(format(rounded.normalize(), "f"))


def _share(
    match: re.Match[str], fraction: Fraction, qualifier: Qualifier | None = None
) -> dict[str, Any]:
    return {
        "kind": Kind.PERCENT,
        "value": _percent_of(fraction),
        "fraction": fraction,
        "qualifier": _qualifier(match) if qualifier is None else qualifier,
    }


def _percent(written: str) -> tuple[Decimal, int] | None:
    """A percent's value and its decimals as written ("84.6", "八十四點六")."""
    raw = written.replace(",", "")
    value = _number(raw)
    if value is None:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", raw):
        return value, decimals_of(value)
    point = re.search(r"[點点]", raw)
    decimals = 0 if point is None else len(raw) - point.end()
    return value.quantize(Decimal(1).scaleb(-decimals)), decimals


def _range(name: str, match: re.Match[str], norm: str) -> dict[str, Any] | None:
    """A range of percents, or None when it falls, is a change, or an end is not a number."""
    if _CHANGE_BEFORE.search(norm[max(0, match.start() - 24) : match.start()]):
        return None
    if name == "range_tenths_zh":
        low, high = _integer(match.group("num")), _integer(match.group("high"))
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
        "qualifier": _qualifier(match),
    }


def _build(name: str, match: re.Match[str], norm: str) -> dict[str, Any] | None:
    """The fields of a claim for one match, or None when the match is not a claim."""
    groups = match.groupdict()
    if name.startswith("range"):
        return _range(name, match, norm)
    if name in {"percent", "percent_zh"}:
        written = _percent(groups["num"])
        if written is None:
            return None
        return {
            "kind": Kind.PERCENT,
            "value": written[0],
            "decimals": written[1],
            "qualifier": _qualifier(match),
        }
    if name == "tenths_zh":
        tenths = _integer(groups["num"])
        if tenths is None:
            return None
        return _share(match, Fraction(2 * tenths + (1 if groups["half"] else 0), 20))
    if name == "fraction_zh":
        top, bottom = _integer(groups["num"]), _integer(groups["den"])
        if not top or not bottom or top > bottom:
            return None
        return _share(match, Fraction(top, bottom))
    if name == "fraction_en":
        words = groups["frac"]
        fraction = Fraction(1, 2) if words.lower() == "half" else parse_fraction_words(words)
        return None if fraction is None or fraction > 1 else _share(match, fraction)
    if name == "in_en":
        top, bottom = _integer(groups["num"]), _integer(groups["den"])
        if top is None or not bottom or top > bottom:
            return None
        return _share(match, Fraction(top, bottom))
    if name == "majority_en" or (name == "majority_zh" and groups["zmaj"]):
        return _share(match, Fraction(1, 2), Qualifier.MORE_THAN)
    if name == "majority_zh":
        return _share(match, Fraction(1, 2), Qualifier.NONE)
    if name == "ratio_slash" and not is_count_ratio(norm, match):
        return None
    if name in {"ratio_en", "ratio_zh", "ratio_slash"}:
        top, bottom = _integer(groups["num"]), _integer(groups["den"])
        if top is None or not bottom:
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
            "qualifier": _qualifier(match),
        }
    return _count(name, match, norm)


def _count(name: str, match: re.Match[str], norm: str) -> dict[str, Any] | None:
    groups = match.groupdict()
    value = _number(groups["num"])
    if value is None:
        return None
    scale = (groups.get("scale") or "").strip().lower()
    value *= _SCALES.get(scale, 1)
    if value != value.to_integral_value():
        return None
    count = int(value)
    if count == 1 and name != "count_digits":
        return None
    if groups.get("cls"):
        noun: str | None = _zh_noun(norm, groups["cls"], match.end("cls"))
    else:
        noun = _english_noun(norm, match.end())
    return {"kind": Kind.COUNT, "value": count, "noun": noun, "qualifier": _qualifier(match)}


def _number_spans(match: re.Match[str]) -> list[tuple[int, int]]:
    spans = [match.span(g) for g in _NUMBER_GROUPS if g in match.groupdict() and match.group(g)]
    return spans or [match.span()]


def _language(name: str, text: str, start: int, end: int) -> str:
    nearby = text[max(0, start - 1) : end + 1]
    return "zh" if name.endswith("_zh") or any(is_cjk(c) for c in nearby) else "en"


def extract_claims(text: str, *, link: bool = True) -> list[NumericClaim]:
    """Find the counts, percents and ratios in a text.

    Args:
        text: Any text, English or Chinese or both; full-width digits are understood.
        link: Also link each percent to the counts and ratios it may be a share of (see
            :func:`nsdocket.claims.link.link_denominators`).

    Returns:
        Claims in order of position; for each, ``text[claim.start:claim.end] == claim.text``.

    Example:
        >>> [c.text for c in extract_claims("84.6% of the 189 convictions")]
        ['84.6%', '189']
    """
    norm = normalise(text)
    skips = [(start, end) for start, end, _ in skipped_spans(norm)]
    taken: list[tuple[int, int]] = []
    claims: list[NumericClaim] = []
    for name, regex in CLAIM_PATTERNS:
        pos = 0
        while (match := regex.search(norm, pos)) is not None:
            start, end = match.span()
            fields = None
            if not _overlaps(start, end, taken) and not any(
                _overlaps(a, b, skips) for a, b in _number_spans(match)
            ):
                fields = _build(name, match, norm)
            if fields is None:
                pos = start + 1
                continue
            taken.append((start, end))
            claims.append(
                NumericClaim(
                    text=text[start:end],
                    start=start,
                    end=end,
                    pattern=name,
                    language="zh" if _language(name, norm, start, end) == "zh" else "en",
                    **fields,
                )
            )
            pos = end
    claims.sort(key=lambda c: c.start)
    return link_denominators(claims, text) if link else claims
