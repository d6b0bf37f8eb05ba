"""Qualifiers on a number ("at least 66", "over 80%", "近八成") and how they read.

A claim's qualifier is kept as one of a dozen canonical English words (:class:`Qualifier`); the
surface forms that mean the same thing ("above", "逾", "以上") map onto them in
:data:`QUALIFIER_WORDS`. What each qualifier allows arithmetically is decided in
:mod:`nsdocket.claims.consistency`; this module only names and groups them.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "QUALIFIER_WORDS",
    "RECORDED",
    "ZH_SUFFIX_QUALIFIERS",
    "Qualifier",
    "Relation",
    "parse_qualifier",
    "relation_of",
]


class Qualifier(StrEnum):
    """A qualifier as recorded on a claim: the canonical English word for it."""

    NONE = "none"
    AT_LEAST = "at least"
    MORE_THAN = "more than"
    OVER = "over"
    ALMOST = "almost"
    NEARLY = "nearly"
    ABOUT = "about"
    AROUND = "around"
    FEWER_THAN = "fewer than"
    LESS_THAN = "less than"
    UNDER = "under"
    AT_MOST = "at most"
    UP_TO = "up to"


class Relation(StrEnum):
    """What a qualifier asks of the true value, relative to the number written."""

    ROUNDS_TO = "rounds to"  # no qualifier: the value rounds to the number written
    AT_LEAST = "at least"  # value, rounded as written, is >= the number
    GREATER = "greater than"  # value > the number
    JUST_BELOW = "just below"  # number - tolerance <= value < number
    NEAR = "near"  # |value - number| <= tolerance
    LESS = "less than"  # value < the number
    AT_MOST = "at most"  # value, rounded as written, is <= the number


_RELATIONS: dict[Qualifier, Relation] = {
    Qualifier.NONE: Relation.ROUNDS_TO,
    Qualifier.AT_LEAST: Relation.AT_LEAST,
    Qualifier.MORE_THAN: Relation.GREATER,
    Qualifier.OVER: Relation.GREATER,
    Qualifier.ALMOST: Relation.JUST_BELOW,
    Qualifier.NEARLY: Relation.JUST_BELOW,
    Qualifier.ABOUT: Relation.NEAR,
    Qualifier.AROUND: Relation.NEAR,
    Qualifier.FEWER_THAN: Relation.LESS,
    Qualifier.LESS_THAN: Relation.LESS,
    Qualifier.UNDER: Relation.LESS,
    Qualifier.AT_MOST: Relation.AT_MOST,
    Qualifier.UP_TO: Relation.AT_MOST,
}

# Surface form (lower case, single spaces) -> canonical qualifier. Prefix forms only; the
# Chinese suffix forms ("80%以上") are in ZH_SUFFIX_QUALIFIERS.
QUALIFIER_WORDS: dict[str, Qualifier] = {
    "none": Qualifier.NONE,
    "exactly": Qualifier.NONE,
    "at least": Qualifier.AT_LEAST,
    "no fewer than": Qualifier.AT_LEAST,
    "no less than": Qualifier.AT_LEAST,
    "more than": Qualifier.MORE_THAN,
    "slightly more than": Qualifier.MORE_THAN,
    "exceeding": Qualifier.MORE_THAN,
    "in excess of": Qualifier.MORE_THAN,
    "upwards of": Qualifier.MORE_THAN,
    "over": Qualifier.OVER,
    "just over": Qualifier.OVER,
    "well over": Qualifier.OVER,
    "above": Qualifier.OVER,
    "almost": Qualifier.ALMOST,
    "nearly": Qualifier.NEARLY,
    "close to": Qualifier.NEARLY,
    "just under": Qualifier.NEARLY,
    "about": Qualifier.ABOUT,
    "approximately": Qualifier.ABOUT,
    "roughly": Qualifier.ABOUT,
    "some": Qualifier.ABOUT,
    "around": Qualifier.AROUND,
    "fewer than": Qualifier.FEWER_THAN,
    "less than": Qualifier.LESS_THAN,
    "under": Qualifier.UNDER,
    "below": Qualifier.UNDER,
    "up to": Qualifier.UP_TO,
    "as many as": Qualifier.UP_TO,
    "at most": Qualifier.AT_MOST,
    "no more than": Qualifier.AT_MOST,
    "not more than": Qualifier.AT_MOST,
    # Chinese prefixes, traditional and simplified.
    "逾": Qualifier.OVER,
    # 過百 / 過萬 / 過2000 "over a hundred / ten thousand / 2000" (the pattern takes 過 only
    # where it is not part of a word such as 通過 "pass" or 經過 "through")
    "過": Qualifier.OVER,
    "过": Qualifier.OVER,
    "超過": Qualifier.MORE_THAN,
    "超过": Qualifier.MORE_THAN,
    "多於": Qualifier.MORE_THAN,
    "多于": Qualifier.MORE_THAN,
    "至少": Qualifier.AT_LEAST,
    "不少於": Qualifier.AT_LEAST,
    "不少于": Qualifier.AT_LEAST,
    "不低於": Qualifier.AT_LEAST,
    "不低于": Qualifier.AT_LEAST,
    "最少": Qualifier.AT_LEAST,
    "近": Qualifier.NEARLY,
    "接近": Qualifier.NEARLY,
    "將近": Qualifier.NEARLY,
    "将近": Qualifier.NEARLY,
    "約": Qualifier.ABOUT,
    "约": Qualifier.ABOUT,
    "大約": Qualifier.ABOUT,
    "大约": Qualifier.ABOUT,
    "不足": Qualifier.FEWER_THAN,
    "不到": Qualifier.FEWER_THAN,
    "少於": Qualifier.LESS_THAN,
    "少于": Qualifier.LESS_THAN,
    "不超過": Qualifier.AT_MOST,
    "不超过": Qualifier.AT_MOST,
    "最多": Qualifier.AT_MOST,
    "至多": Qualifier.AT_MOST,
    # 多達 "as many as"
    "多達": Qualifier.UP_TO,
    "多达": Qualifier.UP_TO,
}

# The one qualifier a found claim records for each meaning, as the labelled set writes them
# (tests/data/claims/published/NOTES.md): "over", 逾 and 過 are "more than"; "nearly" and 近
# are "almost"; "around" and 左右 are "about"; "less than" and "under" are "fewer than". Each
# pair allows the same values (:func:`relation_of`), so nothing is lost.
RECORDED: dict[Qualifier, Qualifier] = {
    Qualifier.OVER: Qualifier.MORE_THAN,
    Qualifier.NEARLY: Qualifier.ALMOST,
    Qualifier.AROUND: Qualifier.ABOUT,
    Qualifier.LESS_THAN: Qualifier.FEWER_THAN,
    Qualifier.UNDER: Qualifier.FEWER_THAN,
}

# "80%以上" is "80% or more" in ordinary Chinese usage, so at least, not over.
ZH_SUFFIX_QUALIFIERS: dict[str, Qualifier] = {
    "以上": Qualifier.AT_LEAST,
    "以下": Qualifier.UP_TO,
    "左右": Qualifier.AROUND,
}


def parse_qualifier(value: Qualifier | str | None) -> Qualifier:
    """Turn a qualifier as written (any known surface form) into a :class:`Qualifier`.

    Args:
        value: e.g. "Over", "more  than", "逾", "以上", a Qualifier, or None / "" for none.

    Returns:
        The canonical qualifier.

    Raises:
        ValueError: The words are not a known qualifier.
    """
    if value is None:
        return Qualifier.NONE
    if isinstance(value, Qualifier):
        return value
    key = " ".join(value.lower().split())
    if not key:
        return Qualifier.NONE
    if key in QUALIFIER_WORDS:
        return QUALIFIER_WORDS[key]
    if key in ZH_SUFFIX_QUALIFIERS:
        return ZH_SUFFIX_QUALIFIERS[key]
    raise ValueError(f"unknown qualifier: {value!r}")


def relation_of(qualifier: Qualifier | str | None) -> Relation:
    """The arithmetic relation a qualifier stands for.

    Args:
        qualifier: A qualifier or any surface form :func:`parse_qualifier` accepts.

    Returns:
        The relation, e.g. ``Relation.GREATER`` for "over" and "more than".
    """
    return _RELATIONS[parse_qualifier(qualifier)]
