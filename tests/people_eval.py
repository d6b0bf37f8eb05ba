"""Scoring person matching on the labelled name pairs (`tests/data/people/`, see NOTES.md)."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nsdocket.people.compare import Record

PAIRS = Path(__file__).parent / "data" / "people" / "pairs.csv"
PEOPLE = Path(__file__).parent / "data" / "people" / "people.csv"


@dataclass(frozen=True)
class Pair:
    id: str
    a: Record
    b: Record
    same: bool
    kind: str
    undecidable: bool


def load(split: str, with_aliases: bool = False) -> list[Pair]:
    """The pairs of one split; with ``with_aliases``, each record also carries the aliases the
    people list gives its person (as a database that knows them would)."""
    aliases: dict[str, tuple[str, ...]] = {}
    if with_aliases:
        with PEOPLE.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                known = tuple(a.strip() for a in row["aliases"].split(";") if a.strip())
                forms = [f.strip() for f in row["english_forms"].split(";") if f.strip()]
                chinese = [c.strip() for c in row["chinese"].split(";")]
                for form in [*forms, *chinese]:
                    if form:
                        aliases[form] = known
    out = []
    with PAIRS.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["split"] != split:
                continue

            def record(name: str, chinese: str) -> Record:
                known = aliases.get(name) or aliases.get(chinese) or ()
                return Record(name=name, chinese_name=chinese, aliases=known)

            out.append(
                Pair(
                    row["id"],
                    record(row["name_a"], row["chinese_a"]),
                    record(row["name_b"], row["chinese_b"]),
                    row["same"] == "yes",
                    row["kind"],
                    "UNDECIDABLE" in row["note"],
                )
            )
    return out


@dataclass
class Score:
    """Precision and recall of a matcher's decisions on decidable pairs."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    by_kind: Counter[tuple[str, bool]] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def table(self, title: str) -> str:
        lines = [
            title,
            f"pairs {self.tp + self.fp + self.fn + self.tn}: precision {self.precision:.3f} "
            f"recall {self.recall:.3f} (tp {self.tp}, fp {self.fp}, fn {self.fn}, tn {self.tn})",
        ]
        for kind in sorted(self.kinds):
            right = self.by_kind[(kind, True)]
            lines.append(f"  {kind:30s} right on {right} of {self.kinds[kind]}")
        return "\n".join(lines)


def score(pairs: list[Pair], same: Callable[[Record, Record], bool]) -> Score:
    """Score a decision function on the decidable pairs."""
    out = Score()
    for p in pairs:
        if p.undecidable:
            continue
        said = same(p.a, p.b)
        if said and p.same:
            out.tp += 1
        elif said:
            out.fp += 1
        elif p.same:
            out.fn += 1
        else:
            out.tn += 1
        out.kinds[p.kind] += 1
        out.by_kind[(p.kind, said == p.same)] += 1
        if said != p.same:
            out.errors.append(f"{p.id} {p.kind}: {p.a} / {p.b}")
    return out
