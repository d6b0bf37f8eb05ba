"""What a stored document is, read from its text: judgment or report, court, year, language.

Heuristics, written down so that they can be argued with: see `classify`. ``documents add
--kind`` overrides the kind for files a person knows better about.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from nsdocket.extract import Span, find_case_numbers, find_citations

#: A judgment names its own citation or case number near the top, or says what it is.
_HEAD = 2000
_JUDGMENT_WORDS = re.compile(
    r"\b(JUDGMENT|REASONS FOR (?:VERDICT|SENTENCE|JUDGMENT|DECISION)|RULING)\b"
    r"|判案書|判決書|判刑理由|裁決理由|裁斷理由",
)
#: A case title opening the text: "HKSAR v ...", "香港特別行政區 訴 ...".
_CASE_TITLE = re.compile(
    r"\s*(HKSAR|THE QUEEN|SECRETARY FOR JUSTICE|[A-Z][A-Za-z .]{1,60})\s+v\.?\s+\S"
    r"|\s*(香港特別行政區|律政司司長)\s*訴",
)
#: What may stand beside a judgment's own citation or number on its line.
_LABEL_ONLY = re.compile(
    r"[\s:.,;()\[\]-]*(neutral citation(?: no\.?)?|case no\.?|判案書編號|案件編號|and)?"
    r"[\s:.,;()-]*",
    re.I,
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class DocumentFacts:
    """What a document is, read from its text: kind, court, year and language."""

    kind: str
    court: str
    year: int | None
    language: str


def language_of(text: str) -> str:
    """``en``, ``zh`` or ``en+zh`` by the share of Chinese characters among letters."""
    sample = text[:200_000]
    cjk, latin = len(_CJK.findall(sample)), len(_LATIN.findall(sample))
    if not cjk and not latin:
        return ""
    share = cjk / (cjk + latin / 5)  # a Chinese character carries about a word
    return "zh" if share > 0.8 else "en" if share < 0.05 else "en+zh"


def _on_its_own_line(text: str, span: Span) -> bool:
    """A citation or case number standing alone on its line, as a judgment's own does."""
    if span.kind not in ("citation", "case_number"):
        return False
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    rest = text[start : end if end >= 0 else len(text)].replace(span.text, " ")
    return bool(_LABEL_ONLY.fullmatch(rest))


def _own_reference(text: str, spans: Sequence[Span], title: str | None) -> Span | None:
    """The document's own citation or number: in its title, else alone on a line near the top
    (a citation before a case number), else the first one anywhere."""
    in_title = find_citations(title or "") or find_case_numbers(title or "")
    if in_title:
        return in_title[0]
    for kind in ("citation", "case_number"):
        for span in spans:
            if span.kind == kind and span.start < _HEAD and _on_its_own_line(text, span):
                return span
    return next((s for s in spans if s.kind in ("citation", "case_number")), None)


def classify(text: str, spans: Sequence[Span], title: str | None = None) -> DocumentFacts:
    """Kind, court and year of a document from its own citation or case number near the top.

    A document is a judgment when its head has a neutral citation or a case number on a line of
    its own, or words such as "REASONS FOR SENTENCE" or 判案書, or when it names a case under a
    case title ("HKSAR v ...", "香港特別行政區 訴 ...") as its title or first line; anything
    else is a report (a news story cites numbers inside sentences). The court comes
    from its own citation or case number (`_own_reference`); so does a judgment's year, while
    a report's year is that of its first date.
    """
    citation = next((s for s in spans if s.kind == "citation"), None)
    number = next((s for s in spans if s.kind == "case_number"), None)
    judgment = (
        any(_on_its_own_line(text, s) for s in spans if s.start < _HEAD)
        or bool(_JUDGMENT_WORDS.search(text[:_HEAD]))
        or (
            (number is not None or citation is not None)
            and any(_CASE_TITLE.match(t) for t in (title or "", text))
        )
    )
    own = _own_reference(text, spans, title)
    court = str(own.fields.get("court") or "") if own is not None else ""
    date = next((s for s in spans if s.kind == "date"), None)
    years = [s.fields.get("year") for s in ((own, date) if judgment else (date, own)) if s]
    year = next((y for y in years if isinstance(y, int)), None)
    return DocumentFacts("judgment" if judgment else "report", court, year, language_of(text))
