"""The stage of a prosecution a number counts, read from its clause.

See :mod:`nsdocket.claims.counted` for the other fields, and
:mod:`nsdocket.claims.counted_cues` for the cue words. In order, the first that gives a stage:

1. a share written as the share of the count before it ("accounting for 41.8%", 佔...40.4%,
   "(84.6%)") has that count's stage;
2. in English, a verb right before the number that takes it as object ("arrested 55", "denied
   bail to 32"); a refusal before it and bail after it ("rejects 11 bail applications",
   拒絕12名被告的保釋申請); a rate named before a share ("the conviction rate was 100%");
3. the first stage verb after the number in its clause, up to the next number unless the two
   are joined ("112 people and five companies have been prosecuted", "Ten people involved in
   eight cases were convicted"); "arrested ... and charged" is the later stage; for a share the
   verb with "were" / "have been" comes first; after "none of", only a participle; a verb only
   intended or feared (將會認罪, "will be") is none;
4. in Chinese, the nearest stage verb before it in its clause ("拘捕37人", "被定罪的有141人");
5. counts of charges are charged; an English number with its own passive verb that is no stage
   ("1,700 cases have been closed") has none;
6. the clauses after it with no number of their own ("55 activists, former legislators ...
   were arrested"; "47人涉..., 被控..."), unless an English clause already has its own verb
   ("were disqualified") or the next clause turns to another set ("while", 而);
7. the stage of the number it belongs to (其中, 當中, "including", "of them", "and five
   companies", "Out of the 420 protesters arrested, 347 ...");
8. a noun naming a stage ("46 co-defendants", 被捕人士, 被告);
9. the stage named in the sentence before its first number ("The number of arrests is several
   hundred", 在被檢控的人中...), unless the number starts another set (另有, 相比).

Things (unit other) and the people who arrest or judge ("200 police officers") have no stage.
"""

from __future__ import annotations

from collections.abc import Sequence

from nsdocket.claims.clauses import Place, cues_in, pick_cue
from nsdocket.claims.counted_cues import (
    AGENTS,
    ANOTHER_SET,
    BAIL_AFTER,
    BELONGS_AFTER,
    BELONGS_START,
    CONTRAST,
    FINITE_VERB,
    FRAME,
    JOINED_BEFORE,
    MODAL,
    OBJECTS,
    OWN_PASSIVE,
    RATE_NOUNS,
    REFUSED_BEFORE,
    SHARE_OF_BEFORE,
    STAGE_NOUNS,
    STAGES,
)
from nsdocket.claims.model import Kind, NumericClaim
from nsdocket.claims.patterns import (
    AND_THEN,
    AUXILIARY_BEFORE,
    BRACKETED_SHARE,
    COORDINATION,
    IN_PHRASE,
    NONE_OF,
    QUANTITY_AFTER,
    SHARE_START,
    SIDE_BY_SIDE,
)

__all__ = ["MISSING", "after_window", "stage_of"]


class _Missing:
    """No cue was found (as opposed to a cue that says "no stage")."""


MISSING = _Missing()
Found = str | None | _Missing


def after_window(place: Place) -> str:
    """The claim's clause after it, up to the next claim not joined to it by "and" / 及 (and
    then up to a 、 before it: "被判簽保守行為的有108人、被定罪的有141人")."""
    end = place.clauses[place.clause][1]
    at = place.end
    for start, stop in place.spans:
        if start < place.end or start >= end:
            continue
        between = place.norm[at:start]
        if not (COORDINATION.match(between) or (between.isascii() and IN_PHRASE.search(between))):
            return place.norm[place.end : start].split("、")[0]
        at = stop
    return place.norm[place.end : end]


def _verb(
    text: str, *, continuing: bool = False, negated: bool = False, share: bool = False
) -> Found:
    """The stage of the verb that a number before ``text`` goes with. After "none of", only a
    participle without "were" / "have been" before it; for a share, a verb with "were" /
    "have been" first ("two-thirds of the 260 people arrested have been charged": charged)."""
    found = cues_in(text, STAGES)
    if negated:
        found = [c for c in found if not AUXILIARY_BEFORE.search(text[: c.start])]
    if share:
        with_aux = [c for c in found if AUXILIARY_BEFORE.search(text[: c.start])]
        found = with_aux + [c for c in found if c not in with_aux]
    if continuing and found and QUANTITY_AFTER.match(text, found[0].end):
        return MISSING  # "拘捕數人": the verb has its own object
    cue = pick_cue(text, found)
    if cue is None:
        return MISSING
    then = AND_THEN.match(text, cue.end)
    if then is not None:
        later = [c for c in found if c.start == then.end()]
        cue = later[0] if later else cue
    if MODAL.search(text[: cue.start]):
        return MISSING if continuing else None
    return cue.value


def _continuation(place: Place) -> Found:
    for index in range(place.clause + 1, len(place.clauses)):
        start, end = place.clauses[index]
        text = place.clause_text(index)
        if CONTRAST.match(text):
            break
        if place.holds_claim(index) and not SHARE_START.match(text):
            if BRACKETED_SHARE.match(place.norm[start:end]):
                continue  # "127 cases (85%) involved ...": read past the share
            break
        found = _verb(text, continuing=True)
        if isinstance(found, _Missing) and SHARE_START.match(text):
            nouns = cues_in(text, STAGE_NOUNS)  # "佔全部被捕人40.4%": the share of the arrested
            found = nouns[0].value if nouns else MISSING
        if not isinstance(found, _Missing) or place.holds_claim(index):
            return found
    return MISSING


def _belongs(place: Place, done: Sequence[NumericClaim], after: str) -> NumericClaim | None:
    """The claim this one is part of, if the text says so: a clause between them starting with
    其中 / "including" / "of which", "and" / 及 just before it, "of them" just after it, two
    counts side by side (83 男 17 女), or the clause of the one before framing it ("Out of the
    420 protesters arrested, 347 ...", "13名...被告當中,...有3人")."""
    if place.previous is None:
        return None
    previous = done[place.previous]
    first = next(
        i for i in reversed(range(len(place.clauses))) if place.clauses[i][0] <= previous.start
    )
    if first != place.clause and CONTRAST.match(place.before):
        return None
    starts = (
        place.norm[place.clauses[i][0] : place.start] for i in range(first + 1, place.clause + 1)
    )
    if any(BELONGS_START.match(text) for text in starts):
        return previous
    same_clause = first == place.clause
    between = place.norm[previous.end : place.start]
    if JOINED_BEFORE.search(place.before) or BELONGS_AFTER.match(after):
        return previous
    if same_clause and SIDE_BY_SIDE.match(between):
        return previous
    start, end = place.clauses[first]
    return previous if FRAME.search(place.norm[start:end]) else None


def stage_of(
    claim: NumericClaim, place: Place, done: Sequence[NumericClaim], unit: str
) -> str | None:
    """The stage a claim counts (see the module notes)."""
    english = claim.language == "en"
    if unit == "other" or AGENTS.match(place.norm, claim.end):
        return None
    before = place.before
    previous = None if place.previous is None else done[place.previous]
    share_of = SHARE_OF_BEFORE.search(place.sentence_before.rstrip())
    if claim.kind is Kind.PERCENT and previous is not None and share_of:
        return previous.stage
    if english:
        for stage, rx in OBJECTS:
            if rx.search(before):
                return stage
    if REFUSED_BEFORE.search(before) and BAIL_AFTER.search(place.after):
        return "bail_denied"
    if claim.kind is Kind.PERCENT:
        rates = cues_in(before, RATE_NOUNS)
        if rates:
            return rates[-1].value
    after = after_window(place)
    share = claim.kind in (Kind.PERCENT, Kind.RATIO)
    found = _verb(after, negated=bool(NONE_OF.search(before)), share=share)
    if isinstance(found, _Missing) and not english:
        cues = cues_in(before, STAGES)
        if cues:
            found = None if MODAL.search(before[: cues[-1].start]) else cues[-1].value
    if isinstance(found, _Missing) and unit == "charges":
        return "charged"  # "Four counts of sedition were added", "被控...2項...共3罪"
    if isinstance(found, _Missing) and english and OWN_PASSIVE.match(after):
        return None  # "about 1,700 cases have been closed"
    if isinstance(found, _Missing) and not (english and FINITE_VERB.search(after)):
        found = _continuation(place)
    if not isinstance(found, _Missing):
        return found
    whole = _belongs(place, done, after)
    if whole is not None:
        return whole.stage
    for text in (after, "" if english else before):
        nouns = cues_in(text, STAGE_NOUNS)
        if nouns:
            return nouns[0].value
    if ANOTHER_SET.search(place.clause_full):
        return None
    topic = cues_in(place.topic, STAGE_NOUNS if english else (*STAGES, *STAGE_NOUNS))
    return topic[-1].value if topic else None
