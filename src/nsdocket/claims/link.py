"""Link each percent to the counts it could be a share of, and to the one the text means.

Candidates are every count and ratio in the text, nearest first: same sentence, then same
paragraph, then the rest of the document. The *attached* candidate is the first found by:

1. the text says so: "84.6% of the 189 convictions"; "66 of 78 (84.6%)" or "66 of 78, or
   84.6%"; "Of the 189 people convicted, 84.6% ..."; "在189宗定罪個案中，84.6%";
2. the same sentence: a count whose noun is what the percent is "of", else the nearest count
   before the percent;
3. the sentence before: a count whose noun matches, else its last count ("189 people were
   convicted. Of them, 84.6% ...");

   (rules 2 and 3 fall back on position, so they are not used for a percent that reads as a
   level or a change: "fell to 30%", "a 35% fall");
4. anywhere: the nearest count whose noun is what the percent is "of" ("84.6% of these cases",
   where "these" refers to "convictions" in the sentence before, attaches to "189 led to
   convictions" in the next paragraph).

Rule 4 is what newspapers rely on when they restate a figure; it is also the weakest, so the
reason and the candidate's scope are recorded for the reader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from nsdocket.claims.model import DenominatorLink, Kind, NumericClaim, Scope
from nsdocket.claims.patterns import normalise

__all__ = ["Sentence", "link_denominators", "split_sentences"]

_ABBREVIATIONS = frozenset(
    [
        "art",
        "arts",
        "no",
        "nos",
        "s",
        "ss",
        "cap",
        "para",
        "paras",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "vs",
        "v",
        "etc",
        "eg",
        "ie",
        "e.g",
        "i.e",
        "p",
        "pp",
        "sec",
        "ch",
        "hon",
        "gov",
        "inc",
        "ltd",
        "co",
        "jr",
        "sr",
        "gen",
        "col",
        "lt",
        "sgt",
        "rev",
        "fig",
        "approx",
        "ca",
        "cf",
        "al",
    ]
)
_END = re.compile(r"[.!?]['\"”’)\]]*(?=\s)|[。！？；][」』”’）)]*|\n")
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
_ANAPHORA = frozenset({"these", "those", "them", "such", "this", "that", "which", "it"})
_PERSON = frozenset({"people", "person", "persons", "individual", "individuals"})
_SUFFIXES = ("ions", "ion", "ings", "ing", "ed", "es", "s", "e")
_WORDS = re.compile(r"[A-Za-z][A-Za-z-]*")
# Between a ratio and a percent that restates it: "66 of 78 (84.6%)", "66 of 78 cases, or 85%".
_BRACKET_AFTER_RATIO = r"(?:\s+[A-Za-z][\w-]*){0,4}\s*(?:[(（]|,\s*(?:or\s+)?|[-–—]\s*|\s+or\s+)"
# Between a count and a percent giving its share: "at least 66 involved expression (84.6%)".
_BRACKET_AFTER_COUNT = r"(?:\s+[A-Za-z][\w-]*){0,4}\s*(?:[(（]|,\s*or\s+)"
# A percent that is a level or a change, not a share: "fell to 30%", "a 35% fall".
_LEVEL_BEFORE = r"\b(?:to|from|by|at|a|an)\s+$"
_LEVEL_AFTER = (
    r"\s+(?:rise|fall|increase|decrease|drop|jump|growth|decline|higher|lower|points?|"
    r"turnout|rate|majority)\b"
)
_SCOPE_RANK: dict[Scope, int] = {"sentence": 0, "paragraph": 1, "document": 2}


@dataclass(frozen=True)
class Sentence:
    """A sentence's span and the number of its paragraph."""

    start: int
    end: int
    paragraph: int


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    if text[match.start()] != ".":
        return True
    word = re.search(r"([A-Za-z.]+)\.$", text[: match.start() + 1])
    if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
        return False
    rest = text[match.end() :].lstrip()
    return not rest[:1].islower()


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences, knowing paragraphs (blank lines) and common abbreviations.

    Args:
        text: English or Chinese text.

    Returns:
        Sentences in order, trimmed of surrounding whitespace, none empty.
    """
    sentences: list[Sentence] = []
    paragraph_start = 0
    breaks = [*_PARAGRAPH.finditer(text), None]
    for paragraph, brk in enumerate(breaks):
        paragraph_end = len(text) if brk is None else brk.start()
        start = paragraph_start
        for match in _END.finditer(text, paragraph_start, paragraph_end):
            if _is_boundary(text, match):
                _add(sentences, text, start, match.end(), paragraph)
                start = match.end()
        _add(sentences, text, start, paragraph_end, paragraph)
        paragraph_start = paragraph_end if brk is None else brk.end()
    return sentences


def _add(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + chunk.index(stripped)
        sentences.append(Sentence(offset, offset + len(stripped), paragraph))


def _stem(word: str) -> str:
    low = word.lower().replace("’", "'").removesuffix("'s")
    if low in _PERSON:
        return "person"
    for suffix in _SUFFIXES:
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            return low[: -len(suffix)]
    return low


def _sentence_index(sentences: Sequence[Sentence], position: int) -> int:
    for index, sentence in enumerate(sentences):
        if position < sentence.end:
            return index
    return len(sentences) - 1


def _heads(norm: str, claim: NumericClaim) -> set[str]:
    """Stems of what a count counts: its noun, and a participle after it ("were convicted")."""
    heads = {_stem(claim.noun)} if claim.noun else set()
    after = _WORDS.findall(norm[claim.end : claim.end + 60])[:5]
    for first, second in pairwise(after):
        if first.lower() in {"were", "was", "been"} and second.lower().endswith("ed"):
            heads.add(_stem(second))
    return heads


class _Linker:
    def __init__(self, claims: Sequence[NumericClaim], text: str) -> None:
        self.claims = claims
        self.norm = normalise(text)
        self.sentences = split_sentences(self.norm) or [Sentence(0, len(text), 0)]
        self.where = [_sentence_index(self.sentences, c.start) for c in claims]
        self.pool = [
            j
            for j, c in enumerate(claims)
            if (c.kind is Kind.COUNT and isinstance(c.value, int) and c.value >= 1)
            or (c.kind is Kind.RATIO and c.denominator)
        ]

    def sentence_text(self, index: int) -> str:
        if index < 0:
            return ""
        sentence = self.sentences[index]
        return self.norm[sentence.start : sentence.end]

    def link_for(self, i: int, j: int) -> DenominatorLink:
        other = self.claims[j]
        si, sj = self.where[i], self.where[j]
        scope: Scope = "sentence" if si == sj else "document"
        if scope == "document" and self.sentences[si].paragraph == self.sentences[sj].paragraph:
            scope = "paragraph"
        denominator = other.denominator if other.kind is Kind.RATIO else other.value
        assert isinstance(denominator, int)
        numerator = other.numerator if other.kind is Kind.RATIO else None
        return DenominatorLink(j, other.text, denominator, numerator, scope)

    def topic(self, i: int) -> tuple[set[str], str]:
        """What percent ``i`` is a share of: stems of its "of" phrase, and raw text for CJK."""
        percent = self.claims[i]
        si = self.where[i]
        of = re.match(r"\s+of\s+((?:[A-Za-z][\w'’-]*[ ]?){1,6})", self.norm[percent.end :])
        words = _WORDS.findall(of.group(1)) if of else []
        stems = {_stem(w) for w in words}
        raw = self.sentence_text(si)
        if (not words or words[0].lower() in _ANAPHORA) and not self.is_level(i):
            previous = self.sentence_text(si - 1)
            stems |= {_stem(w) for w in _WORDS.findall(previous)}
            raw = previous + raw
        return stems, raw

    def matches(self, i: int, j: int) -> bool:
        stems, raw = self.topic(i)
        other = self.claims[j]
        if other.language == "zh" and other.noun and len(other.noun) >= 2:
            return other.noun in raw
        return bool(_heads(self.norm, other) & stems - {"person"}) or (
            "person" in _heads(self.norm, other) and "person" in stems
        )

    def numerator_of(self, i: int) -> int | None:
        """A count the percent restates in brackets ("at least 66 ... (84.6%)"): its part."""
        percent = self.claims[i]
        for k in self.pool:
            other = self.claims[k]
            if other.kind is not Kind.COUNT or self.where[k] != self.where[i]:
                continue
            if other.end <= percent.start and re.fullmatch(
                _BRACKET_AFTER_COUNT, self.norm[other.end : percent.start]
            ):
                return k
        return None

    def explicit(self, i: int, j: int, skip: int | None) -> str | None:
        percent, other = self.claims[i], self.claims[j]
        if self.where[i] != self.where[j]:
            return None
        if other.start >= percent.end:
            between = self.norm[percent.end : other.start]
            if re.fullmatch(r"\s+of\s+(?:the\s+|these\s+|those\s+|all\s+)?", between, re.I):
                return f"the text says '{self.norm[percent.start : other.end]}'"
            return None
        between = self.norm[other.end : percent.start]
        if any(other.end <= self.claims[k].start < percent.start for k in self.pool if k != skip):
            return None
        if other.kind is Kind.RATIO and re.fullmatch(_BRACKET_AFTER_RATIO, between):
            return f"it restates '{other.text}'"
        before = self.norm[: other.start]
        lead = r"(?:\b(?:of|out\s+of|among|amongst)\s+(?:the\s+|these\s+|those\s+|all\s+)?|在)$"
        if re.search(lead, before, re.I) and len(between) <= 80:
            return f"the sentence starts from '{other.text}'"
        if re.fullmatch(r"[^。；;]{0,10}?(?:當中|当中|之中|中)[的，,]?\s?", between):
            return f"the sentence says it is among '{other.text}'"
        return None

    def attach(
        self, i: int, links: list[DenominatorLink], skip: int | None
    ) -> tuple[DenominatorLink | None, str | None]:
        percent = self.claims[i]
        si = self.where[i]
        for link in links:
            reason = self.explicit(i, link.index, skip)
            if reason:
                return link, reason
        same = [lk for lk in links if lk.scope == "sentence"]
        for link in same:
            if self.matches(i, link.index):
                return link, f"same sentence, and it counts what the percent is of ({link.text})"
        if self.is_level(i):  # "fell to 30%", "a 35% fall": not a share of a nearby count
            return self.noun_match(i, links)
        before = [lk for lk in same if self.claims[lk.index].end <= percent.start]
        if before:
            return before[0], "nearest number before it in the same sentence"
        previous = [lk for lk in links if self.where[lk.index] == si - 1]
        previous = [
            lk
            for lk in previous
            if self.sentences[si - 1].paragraph == self.sentences[si].paragraph
        ]
        for link in previous:
            if self.matches(i, link.index):
                return link, "the sentence before counts what the percent is of"
        if previous:
            last = max(previous, key=lambda lk: self.claims[lk.index].start)
            return last, "last number in the sentence before"
        return self.noun_match(i, links)

    def noun_match(
        self, i: int, links: list[DenominatorLink]
    ) -> tuple[DenominatorLink | None, str | None]:
        for link in links:
            if self.matches(i, link.index):
                noun = self.claims[link.index].noun
                return link, f"nearest count of what the percent is of ('{noun}', {link.scope})"
        return None, None

    def is_level(self, i: int) -> bool:
        """Whether a percent reads as a level or a change rather than a share of a group."""
        percent = self.claims[i]
        before = self.norm[max(0, percent.start - 12) : percent.start]
        after = self.norm[percent.end : percent.end + 20]
        return bool(re.search(_LEVEL_BEFORE, before, re.I) or re.match(_LEVEL_AFTER, after, re.I))

    def link(self, i: int) -> NumericClaim:
        percent = self.claims[i]

        def distance(lk: DenominatorLink) -> tuple[int, int]:
            other = self.claims[lk.index]
            gap = (
                other.start - percent.end
                if other.start >= percent.end
                else percent.start - other.end
            )
            return _SCOPE_RANK[lk.scope], gap

        part = self.numerator_of(i)
        links = sorted((self.link_for(i, j) for j in self.pool if j != part), key=distance)
        attached, reason = self.attach(i, links, part)
        if attached is not None and part is not None and attached.numerator is None:
            numerator = self.claims[part].value
            assert isinstance(numerator, int)
            attached = replace(attached, numerator=numerator)
            reason = f"{reason}; '{self.claims[part].text}' before it is the part"
        return replace(percent, candidates=tuple(links), attached=attached, link_reason=reason)


def link_denominators(claims: Sequence[NumericClaim], text: str) -> list[NumericClaim]:
    """Give every percent its candidate denominators and the one the text attaches it to.

    Args:
        claims: Claims from :func:`extract_claims` on ``text`` (with ``link=False``), in order.
        text: The text they were found in.

    Returns:
        The same claims, percents with ``candidates``, ``attached`` and ``link_reason`` set.
    """
    linker = _Linker(claims, text)
    return [linker.link(i) if c.kind is Kind.PERCENT else c for i, c in enumerate(claims)]
