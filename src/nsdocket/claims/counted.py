"""What a number counts: its unit, the stage of prosecution, the law and the period.

Each claim is read in its sentence, clause by clause (:mod:`nsdocket.claims.clauses`), from the
cue words of :mod:`nsdocket.claims.counted_cues` (English and Chinese, in one place):

unit
    the noun or classifier counted: people (人, 名, "defendants"), cases (宗, "cases"), charges
    (項...罪, "counts of"), companies (間 / 家 公司, "companies"), organisations, or other things
    ("tear gas rounds", 支, 度). A number with nothing after it counts what the number before
    it counted ("2804 people were prosecuted and 1172 convicted"), else people.
stage
    the verb attached to the number (:mod:`nsdocket.claims.counted_stage`): arrested, charged,
    prosecuted, convicted, acquitted, remanded, bail_denied, bail_granted, sentenced, released,
    wanted, or None.
law
    what the number's clause names, else the clauses continuing it, else what the number it
    follows in the sentence was given, else what the sentence names before its first number:
    the national security law (NSL), the Safeguarding National Security Ordinance (SNSO),
    sedition, national security laws in general ("acts endangering national security", the NSL
    and sedition together) or the 2019 protests (修例風波, "Amendment" cases, protesters). A
    clause that starts another set (另有, 相比) takes nothing from the sentence; things and
    charges take a law only from their own clause.
period
    the words giving the date or period ("as of 28 February 2022", "since 2020",
    截至2025年3月1日), in the number's clause, else before the sentence's first number.

A percent or ratio counts what its numerator counts: a share written as the share of a count
before it ("1,172 were convicted, accounting for 41.8%", "3,725名學生,佔...40.4%", "at least
66 (84.6%)") takes that count's unit and stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from nsdocket.claims.clauses import Place, place_claims
from nsdocket.claims.counted_cues import (
    AGENTS,
    ANOTHER_SET,
    CONTRAST,
    FINITE_VERB,
    LAWS,
    NOUN_BEFORE,
    NOUN_SETS,
    OF_THOSE_DONE,
    OF_WHAT,
    PERIODS,
    SENTENCE_UNIT,
    SHARE_OF_BEFORE,
    ZH_CHARGE,
    ZH_CHARGES_AFTER,
    ZH_NOUN_UNITS,
    ZH_UNITS,
)
from nsdocket.claims.counted_stage import after_window, stage_of
from nsdocket.claims.model import Kind, NumericClaim
from nsdocket.claims.nouns import _STOP, _following_words
from nsdocket.claims.patterns import ADJUNCT, TAG_ZH

__all__ = ["what_is_counted"]

# Classifiers whose unit the noun after them decides (5間公司, 10個人), or a charge (1項...罪).
_NOUN_DECIDES = frozenset("間间家個个件")
_CHARGE_OR_ITEM = frozenset("項项條条")


def _noun_unit(word: str | None) -> str | None:
    """The unit an English noun names; "other" for another plural noun; None if no noun."""
    if not word:
        return None
    low = word.lower().replace("’", "'").removesuffix("'s")
    for unit, nouns in NOUN_SETS:
        if low in nouns:
            return unit
    if low.endswith("ed") or not word.isascii():
        return None
    return "other" if low.endswith("s") and not low.endswith("ss") else None


def _first_noun(text: str) -> str | None:
    """The unit of the noun right after a number ("47 pro-democracy advocates", "three animated
    books"), read up to punctuation or a word such as "and", "of", "were"."""
    other = None
    for word in _following_words(text, 0):
        if word.lower() in _STOP:
            break
        unit = _noun_unit(word)
        if unit == "other":
            other = other or unit
        elif unit is not None:
            return unit
    return other


def _classifier(claim: NumericClaim, norm: str) -> str | None:
    last = claim.text.rstrip()[-1:]
    if last in ZH_UNITS or last in _NOUN_DECIDES or last in _CHARGE_OR_ITEM:
        return last
    if claim.language != "zh":
        return None
    after = norm[claim.end : claim.end + 2].strip()[:1]
    known = after in ZH_UNITS or after in _NOUN_DECIDES or after in _CHARGE_OR_ITEM
    return after if known else None


def _zh_unit(cls: str, place: Place, end: int) -> str:
    if cls in ZH_UNITS:
        return ZH_UNITS[cls]
    if cls in _CHARGE_OR_ITEM:
        return "charges" if ZH_CHARGE.search(place.clause_full) else "other"
    rest = place.norm[end:].lstrip().removeprefix(cls)
    return next((unit for unit, rx in ZH_NOUN_UNITS if rx.search(rest)), "other")


def _unit(claim: NumericClaim, place: Place, done: Sequence[NumericClaim]) -> str:
    previous = None if place.previous is None else done[place.previous]
    share = claim.kind is Kind.PERCENT
    if share and previous is not None and SHARE_OF_BEFORE.search(place.sentence_before.rstrip()):
        return previous.unit or "people"
    after = place.norm[claim.end : place.sentence[1]]
    cls = _classifier(claim, place.norm)
    if cls is not None:
        return _zh_unit(cls, place, claim.end)
    if claim.language == "zh" and ZH_CHARGES_AFTER.match(after):
        return "charges"
    if OF_THOSE_DONE.match(after):
        return "people"  # "41.8% of those charged"
    of = OF_WHAT.match(after)
    unit = None
    if claim.language == "en":
        unit = _first_noun(" " + after[of.end() :] if of else after)
    if unit is not None:
        return unit
    if previous is not None and previous.unit not in (None, "other"):
        return previous.unit or "people"
    sentence = place.norm[place.sentence[0] : place.sentence[1]]
    for name, rx in SENTENCE_UNIT:
        if rx.search(sentence):
            return name
    if share:
        for name, rx in NOUN_BEFORE:
            if rx.search(place.before) or rx.search(place.topic):
                return name
    return "people"


def _law_in(text: str) -> str | None:
    named = [law for law, rx in LAWS if rx.search(text)]
    if "NSL" in named and "sedition" in named:
        return "national security laws"
    return named[0] if named else None


def _law(claim: NumericClaim, place: Place, done: Sequence[NumericClaim], unit: str) -> str | None:
    if AGENTS.match(place.norm, claim.end):
        return None
    own = _law_in(place.clause_full)
    if own is not None or unit == "other" or ANOTHER_SET.search(place.clause_full):
        return own
    english = claim.language == "en"
    if not (english and FINITE_VERB.search(after_window(place))):
        texts = []
        for index in range(place.clause + 1, len(place.clauses)):
            text = place.clause_text(index)
            if place.holds_claim(index) or ADJUNCT.match(text) or CONTRAST.match(text):
                break
            texts.append(text)
        law = _law_in(" ".join(texts))
        if law is not None or unit == "charges":
            return law
    previous = None if place.previous is None else done[place.previous]
    if previous is not None and previous.law is not None and not CONTRAST.match(place.before):
        return previous.law
    return _law_in(TAG_ZH.sub("", place.topic))


def _period(place: Place, done: Sequence[NumericClaim]) -> str | None:
    """The period in the claim's clause (or the clauses continuing it), else the period of the
    number before it in the sentence, else the nearest one before the sentence's first number."""
    spans = [place.clauses[place.clause]]
    for index in range(place.clause + 1, len(place.clauses)):
        if place.holds_claim(index):
            break
        spans.append(place.clauses[index])
    previous = None if place.previous is None else done[place.previous]
    another = ANOTHER_SET.search(place.clause_full)
    for low, high in spans:
        hits = [m for rx in PERIODS for m in rx.finditer(place.norm, low, high)]
        if hits:
            first = min(hits, key=lambda m: (m.start(), -m.end()))
            return place.text[first.start() : first.end()].strip(" ,，.。")
    if another:
        return None  # 另有..., 與...相比: another set, with its own period or none
    if previous is not None:
        return previous.period
    low = place.sentence[0]
    hits = [m for rx in PERIODS for m in rx.finditer(place.norm, low, low + len(place.topic))]
    if not hits:
        return None
    nearest = max(hits, key=lambda m: (m.start(), m.end()))  # the last before the number
    return place.text[nearest.start() : nearest.end()].strip(" ,，.。")


def what_is_counted(claims: Sequence[NumericClaim], text: str) -> list[NumericClaim]:
    """Fill in each claim's unit, stage, law and period (see the module notes).

    Args:
        claims: Claims found in ``text``, in text order.
        text: The text.

    Returns:
        The same claims with ``unit``, ``stage``, ``law`` and ``period`` set.
    """
    done: list[NumericClaim] = []
    for claim, place in zip(claims, place_claims(claims, text), strict=True):
        unit = _unit(claim, place, done)
        done.append(
            replace(
                claim,
                unit=unit,
                stage=stage_of(claim, place, done, unit),
                law=_law(claim, place, done, unit),
                period=_period(place, done),
            )
        )
    return done
