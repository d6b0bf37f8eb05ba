"""What a count counts: the noun after a number, in English ("189 convictions") or Chinese."""

from __future__ import annotations

import re

from nsdocket.claims.patterns import COUNT_NOUNS, ZH_NOUNS

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
_RESULT_VERBS = frozenset({"led", "resulted", "ended"})
_PASSIVE = frozenset({"were", "was"})


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
