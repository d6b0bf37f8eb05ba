"""Find numeric claims in text: counts, percents, ratios and ranges, in English and Chinese.

What is *not* a claim (decided here, see ``SKIP_PATTERNS``): years (any bare 1900-2099),
dates, times, legal references ("article 23", "s. 9", "Cap. 200", "第23條"), case numbers
("HCCC 69/2022"), ages ("aged 26"), durations ("11 months", "five years"), money and
percentage points; numbers inside names, titles and addresses ("the Hong Kong 47", 「612
基金」). A number written as a word with the value one ("one", "一名") is mostly an article
and is kept as a count only when the text joins it to another count or it counts charges
(:mod:`nsdocket.claims.count_fields`); it is kept inside ratios ("one of the 47", "one in
five"). Decimal numbers without a percent sign are not counts. Vague quantities ("dozens",
"tens of thousands", 數十, 逾萬) are counts of their lower bound, "more than" it, and ranges of
counts ("15 to 30", "約6至7名", "數十至上百人") are claims of kind range.

A range of percents ("80-90%", "between 80% and 90%", "百分之八十至九十", "八至九成") is one
percent claim with ``upper`` set, when it rises and is not a change ("rose from 30% to 45%"
gives two percents). A slash pair ("66/78") is a ratio only when it reads as a count ratio,
not a case number, date, score or URL (:mod:`nsdocket.claims.slash`).

The fields of each match are read in :mod:`nsdocket.claims.match_fields`, a count's noun in
:mod:`nsdocket.claims.nouns`.
"""

from __future__ import annotations

import re

from nsdocket.claims.counted import what_is_counted
from nsdocket.claims.link import link_denominators
from nsdocket.claims.match_fields import _build
from nsdocket.claims.model import NumericClaim
from nsdocket.claims.patterns import CLAIM_PATTERNS, SKIP_PATTERNS, normalise

__all__ = ["extract_claims", "is_cjk", "skipped_spans"]

_NUMBER_GROUPS = ("num", "den", "frac", "high")


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


def _mask(length: int, spans: list[tuple[int, int]]) -> bytearray:
    """One byte per character of the text, set where a span covers it."""
    mask = bytearray(length)
    for start, end in spans:
        mask[start:end] = b"\x01" * (end - start)
    return mask


def _covered(mask: bytearray, start: int, end: int) -> bool:
    return any(mask[start:end])


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
    skips = _mask(len(norm), [(start, end) for start, end, _ in skipped_spans(norm)])
    taken = bytearray(len(norm))
    claims: list[NumericClaim] = []
    for name, regex in CLAIM_PATTERNS:
        pos = 0
        while (match := regex.search(norm, pos)) is not None:
            start, end = match.span()
            fields = None
            if not _covered(taken, start, end) and not any(
                _covered(skips, a, b) for a, b in _number_spans(match)
            ):
                fields = _build(name, match, norm)
            if fields is None:
                pos = start + 1
                continue
            taken[start:end] = b"\x01" * (end - start)
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
    claims = what_is_counted(claims, text)
    return link_denominators(claims, text) if link else claims
