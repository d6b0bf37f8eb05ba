"""Scoring the claim extractor on sentences from published texts, labelled by hand.

A found claim matches a labelled one when their spans overlap, their kinds agree and their
values are equal (a ratio's numerator and denominator, a range's two ends). Precision and recall
are counted per kind; for the claims that match, how often what they count (unit, stage, law)
and their qualifier agree with the labels.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from nsdocket.claims import extract_claims
from nsdocket.claims.model import NumericClaim

PUBLISHED = Path(__file__).parent / "data" / "claims" / "published"
KINDS = ("count", "percent", "ratio", "range")
FIELDS = ("qualifier", "unit", "stage", "law")


def load(split: str) -> list[dict[str, Any]]:
    """The labelled sentences of one split (``dev`` or ``holdout``)."""
    data: list[dict[str, Any]] = yaml.safe_load((PUBLISHED / f"{split}.yaml").read_text("utf-8"))
    return data


def kind_of(claim: NumericClaim) -> str:
    """The label kind of a found claim (a count with an upper end is a range of counts)."""
    if claim.upper is not None and claim.kind.value == "count":
        return "range"
    return claim.kind.value


def _num(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def same(found: NumericClaim, gold: dict[str, Any], start: int, end: int) -> bool:
    """Whether a found claim is the labelled claim at ``start:end``."""
    if not (found.start < end and start < found.end):
        return False
    kind = kind_of(found)
    if kind != gold["kind"]:
        return False
    if kind == "ratio":
        return (found.numerator, found.denominator) == (gold["value"], gold["denominator"])
    if kind == "range":
        return (_num(found.value), _num(found.upper)) == (_num(gold["value"]), _num(gold["high"]))
    return _num(found.value) == _num(gold["value"])


@dataclass
class Score:
    """Matches and misses per kind, and field agreement on the matches."""

    found: Counter[str] = field(default_factory=Counter)
    labelled: Counter[str] = field(default_factory=Counter)
    matched: Counter[str] = field(default_factory=Counter)
    fields: Counter[str] = field(default_factory=Counter)
    fields_right: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong_fields: list[str] = field(default_factory=list)

    def precision(self, kind: str) -> float:
        return self.matched[kind] / self.found[kind] if self.found[kind] else 1.0

    def recall(self, kind: str) -> float:
        return self.matched[kind] / self.labelled[kind] if self.labelled[kind] else 1.0

    def table(self, title: str) -> str:
        lines = [
            title,
            f"{'kind':8} {'labelled':>8} {'found':>6} {'matched':>7} "
            f"{'precision':>9} {'recall':>6}",
        ]
        for kind in KINDS:
            lines.append(
                f"{kind:8} {self.labelled[kind]:8} {self.found[kind]:6} {self.matched[kind]:7} "
                f"{self.precision(kind):9.3f} {self.recall(kind):6.3f}"
            )
        for name in FIELDS:
            n = self.fields[name]
            share = self.fields_right[name] / n if n else 1.0
            lines.append(
                f"field {name:10} right on {self.fields_right[name]} of {n} matches ({share:.3f})"
            )
        return "\n".join(lines)


def _position(text: str, span: str, after: int) -> int:
    found = text.find(span, after)
    return found if found >= 0 else text.find(span)


def score(items: list[dict[str, Any]]) -> Score:
    """Run the extractor on each labelled sentence and count."""
    result = Score()
    for item in items:
        text = item["text"]
        found = extract_claims(text)
        gold = []
        at = 0
        for claim in item.get("claims") or []:
            start = _position(text, claim["text"], at)
            gold.append((claim, start, start + len(claim["text"])))
            at = start + 1
        used: set[int] = set()
        for claim, start, end in gold:
            result.labelled[claim["kind"]] += 1
            hit = next(
                (i for i, f in enumerate(found) if i not in used and same(f, claim, start, end)),
                None,
            )
            if hit is None:
                result.misses.append(f"{item['id']}: {claim['kind']} {claim['text']!r} in {text!r}")
                continue
            used.add(hit)
            result.matched[claim["kind"]] += 1
            for name in FIELDS:
                want = str(claim.get(name) or "none")
                got = str(getattr(found[hit], name, None) or "none")
                if name == "qualifier" and want == "over":
                    want = "more than"
                result.fields[name] += 1
                if got == want:
                    result.fields_right[name] += 1
                else:
                    result.wrong_fields.append(
                        f"{item['id']}: {name} {got!r} != {want!r} for {claim['text']!r}"
                    )
        for i, f in enumerate(found):
            result.found[kind_of(f)] += 1
            if i not in used:
                result.extras.append(f"{item['id']}: {kind_of(f)} {f.text!r} in {text!r}")
    return result
