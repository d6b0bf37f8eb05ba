"""The one result type of the extractors: a `Span` of the source text with normalised fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KINDS = ("citation", "case_number", "statute", "sentence", "date")


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
        match: the regex match that produced the span (not compared, not serialised); see
            `groups`. It keeps the source text alive as long as the span is.
    """

    kind: str
    start: int
    end: int
    text: str
    fields: dict[str, object] = field(default_factory=dict, hash=False)
    match: re.Match[str] | None = field(default=None, hash=False, compare=False, repr=False)

    @property
    def groups(self) -> dict[str, str]:
        """The named regex groups that took part in the match, so an extraction can be traced
        back to the pattern piece that made it; empty "marker" groups (``centre``,
        ``term_end``) name the branch of the pattern that matched. Empty for a hand-made span.
        """
        return matched_groups(self.match) if self.match is not None else {}

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict: kind, start, end, text and fields (not the regex match)."""
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
    return Span(kind, start, end, match.group(), fields, match)


def matched_groups(match: re.Match[str]) -> dict[str, str]:
    """The named groups that took part in a match, empty marker groups included."""
    return {name: value for name, value in match.groupdict().items() if value is not None}
