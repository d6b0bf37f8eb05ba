"""The one result type of the extractors: a `Span` of the source text with normalised fields."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("citation", "case_number", "statute", "sentence", "date")


@dataclass(frozen=True)
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
        groups: the named regex groups that produced the match (non-empty ones only), so an
            extraction can be traced back to the pattern piece that made it.
    """

    kind: str
    start: int
    end: int
    text: str
    fields: dict[str, object] = field(default_factory=dict, hash=False)
    groups: dict[str, str] = field(default_factory=dict, hash=False, compare=False, repr=False)

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict: kind, start, end, text and fields (not the raw groups)."""
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "fields": dict(self.fields),
        }
