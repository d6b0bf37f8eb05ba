"""The one result type of the extractors: a `Span` of the source text with normalised fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nsdocket.extract.patterns import CASE_NUMBER, CITATION, DATE, SENTENCE, STATUTE

KINDS = ("citation", "case_number", "statute", "sentence", "date")
#: The pattern that finds each kind, to recompute a span's regex groups.
_PATTERNS = dict(zip(KINDS, (CITATION, CASE_NUMBER, STATUTE, SENTENCE, DATE), strict=True))


@dataclass(frozen=True, slots=True)
class Span:
    """One reference found in a text, with where it is and what it means.

    Offsets are Unicode code-point offsets into the text the extractor was given, so
    ``text[span.start:span.end] == span.text`` always holds.

    Attributes:
        kind: one of ``citation``, ``case_number``, ``statute``, ``sentence``, ``date``.
        start: offset of the first character.
        end: offset just past the last character.
        text: the matched text, exactly as written.
        fields: normalised values; which keys depend on the kind (see each ``find_*``).
        source: the whole text the span was found in (not compared, not serialised), to show
            the span in context and to recompute its regex `groups`. A reference, not a copy.
    """

    kind: str
    start: int
    end: int
    text: str
    fields: dict[str, object] = field(default_factory=dict, hash=False)
    source: str | None = field(default=None, hash=False, compare=False, repr=False)

    @property
    def groups(self) -> dict[str, str]:
        """The named regex groups that produced the span, so an extraction can be traced back
        to the pattern piece that made it; empty "marker" groups (``centre``, ``term_end``)
        name the branch of the pattern that matched. Empty for a span made by hand.

        Recomputed on demand (matching the kind's pattern again at ``start`` in ``source``
        gives the very same match), which keeps extraction fast.
        """
        pattern = _PATTERNS.get(self.kind)
        if self.source is None or pattern is None:
            return {}
        match = pattern.match(self.source, self.start)
        return matched_groups(match) if match is not None and match.end() == self.end else {}

    def context(self, width: int = 40) -> str:
        """The span with up to ``width`` characters either side, as found in its source."""
        if self.source is None:
            return self.text
        return self.source[max(0, self.start - width) : self.end + width]

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict: kind, start, end, text and fields (not the source)."""
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "fields": dict(self.fields),
        }


def span_of(kind: str, match: re.Match[str], fields: dict[str, object]) -> Span:
    """The `Span` of a regex match (positional arguments: this runs once per span found)."""
    start, end = match.span()
    return Span(kind, start, end, match.group(), fields, match.string)


def matched_groups(match: re.Match[str]) -> dict[str, str]:
    """The named groups that took part in a match, empty marker groups included."""
    return {name: value for name, value in match.groupdict().items() if value is not None}
