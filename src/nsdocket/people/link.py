"""Matching people: an outside list against the database's defendants, and the database's
defendants against each other.

Each person is a `Record` of names (`nsdocket.people.compare`) and what else is known of them:
the cases they were charged in, their first arrest, their year of birth. Candidates are found
by sound (`Blocks`: any record sharing the sound of a possible surname, or the first Chinese
character's), then scored: the names' evidence plus that of the cases, dates and years, summed
as weights into a probability. A match is the best candidate at or above the threshold.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from sqlalchemy import Connection, func, select

from nsdocket.db.schema import case, case_defendant, defendant, event
from nsdocket.ingest.seed_rows import case_numbers_in
from nsdocket.names import name_key
from nsdocket.people.compare import Evidence, Record, compare_records
from nsdocket.people.romanise import char_keys
from nsdocket.people.store import known_names

THRESHOLD = 0.5
DESCRIBED = re.compile(r"\b(unnamed|unknown|anonymous|unidentified)\b|year-old", re.IGNORECASE)
W_SAME_CASE = 4.0
W_OTHER_CASE = -1.0
W_BIRTH_YEAR = 3.0
W_BIRTH_YEAR_CLASH = -6.0
W_ARREST_SAME_DAY = 3.0
W_ARREST_FAR = -1.0


@dataclass(frozen=True)
class Person:
    """One person as a database or a list knows them."""

    key: int  # a defendant id, or a line of the list
    record: Record
    cases: frozenset[str] = frozenset()  # case numbers and folded titles
    arrests: tuple[dt.date, ...] = ()
    birth_years: frozenset[int] = frozenset()
    label: str = ""


@dataclass
class Match:
    """The best candidate for one person, and the evidence for it."""

    person: Person
    candidate: Person | None
    probability: float
    reasons: list[str] = field(default_factory=list)
    runners_up: list[tuple[int, float]] = field(default_factory=list)


def case_keys(text: str) -> set[str]:
    """The keys a case is known by: its case numbers, else its folded title."""
    numbers = {n.upper() for n in case_numbers_in(text)}
    return numbers or ({name_key(text)} if text.strip() else set())


def context_evidence(a: Person, b: Person, out: Evidence, *, within: bool = False) -> None:
    """What the cases, arrest dates and birth years of two people say. Two defendants of one
    database (``within``) in one case, or arrested together, are co-defendants, not a sign of
    one person: only their years of birth count."""
    if a.cases and b.cases and not within:
        shared = a.cases & b.cases or {
            x for x in a.cases for y in b.cases if fuzz.token_set_ratio(x, y) >= 90
        }
        if shared:
            out.add(W_SAME_CASE, f"same case ({sorted(shared)[0]})")
        else:
            out.add(W_OTHER_CASE, "no case in common")
    if a.birth_years and b.birth_years:
        if any(abs(x - y) <= 1 for x in a.birth_years for y in b.birth_years):
            out.add(W_BIRTH_YEAR, "same year of birth")
        else:
            out.add(W_BIRTH_YEAR_CLASH, "different years of birth")
    if a.arrests and b.arrests and not within:
        gap = min(abs((x - y).days) for x in a.arrests for y in b.arrests)
        if gap <= 2:
            out.add(W_ARREST_SAME_DAY, "arrested the same day")
        elif gap > 366:
            out.add(W_ARREST_FAR, "arrests more than a year apart")


def block_keys(record: Record) -> set[str]:
    """Sounds a record can share with another of the same person: each form's first and last
    syllables (a surname is written first or last), and the Cantonese and Mandarin readings
    of the first character of a Chinese name (so that a name in Pinyin finds it)."""
    keys: set[str] = set()
    for form in record.read_forms:
        for syllable in {form.syllables[0], form.syllables[-1]} if form.syllables else ():
            keys.add(syllable)
        if form.chinese:
            keys.update(char_keys(form.chinese[0]))
            keys.update(char_keys(form.chinese[0], mandarin=True))
        if not form.syllables and not form.chinese:
            keys.update(f"w:{w}" for w in form.western)
    return keys


class Blocks:
    """People indexed by `block_keys`, to find the candidates of one."""

    def __init__(self, people: Iterable[Person]) -> None:
        self.people = {p.key: p for p in people}
        self.index: dict[str, set[int]] = {}
        for p in self.people.values():
            for k in block_keys(p.record):
                self.index.setdefault(k, set()).add(p.key)

    def candidates(self, person: Person) -> list[Person]:
        """Everyone sharing a block key with ``person``."""
        found: set[int] = set()
        for k in block_keys(person.record):
            found |= self.index.get(k, set())
        return [self.people[i] for i in sorted(found)]


def score(a: Person, b: Person, *, within: bool = False) -> Evidence:
    """The names' evidence and the context's, together (see `context_evidence`)."""
    out = compare_records(a.record, b.record)
    context_evidence(a, b, out, within=within)
    return out


def best_match(person: Person, blocks: Blocks, threshold: float = THRESHOLD) -> Match:
    """The most probable candidate for ``person``, if at or above ``threshold``."""
    scored = sorted(
        ((score(person, c), c) for c in blocks.candidates(person) if c.key != person.key),
        key=lambda ec: -ec[0].weight,
    )
    runners = [(c.key, round(e.probability(), 3)) for e, c in scored[1:4]]
    if not scored or scored[0][0].probability() < threshold:
        top = scored[0] if scored else None
        return Match(
            person,
            None,
            round(top[0].probability(), 3) if top else 0.0,
            top[0].reasons() if top else ["no defendant's name sounds alike"],
            [(top[1].key, round(top[0].probability(), 3)), *runners] if top else [],
        )
    evidence, candidate = scored[0]
    return Match(person, candidate, round(evidence.probability(), 3), evidence.reasons(), runners)


def database_people(connection: Connection) -> list[Person]:
    """Every person defendant, with their names, cases, first arrests and years of birth."""
    rows = connection.execute(
        select(
            defendant.c.id, defendant.c.name, defendant.c.name_zh, defendant.c.aliases,
            defendant.c.age, defendant.c.age_is_at_arrest,
        ).where(defendant.c.kind == "person").order_by(defendant.c.id)
    ).all()  # fmt: skip
    ids = [int(r.id) for r in rows]
    names = known_names(connection, ids)
    cases: dict[int, set[str]] = {}
    for did, title, numbers in connection.execute(
        select(case_defendant.c.defendant_id, case.c.title, case.c.case_numbers).join(
            case, case.c.id == case_defendant.c.case_id
        )
    ):
        keys = cases.setdefault(int(did), set())
        keys |= case_keys(title)
        keys |= {n.strip().upper() for n in (numbers or "").split(";") if n.strip()}
    arrests: dict[int, list[dt.date]] = {}
    first = (
        select(case_defendant.c.defendant_id, func.min(event.c.date_lower))
        .join(event, event.c.case_defendant_id == case_defendant.c.id)
        .where(event.c.kind == "arrest", event.c.date_lower.is_not(None))
        .group_by(case_defendant.c.id, case_defendant.c.defendant_id)
    )
    for did, day in connection.execute(first):
        if day is not None:
            arrests.setdefault(int(did), []).append(day)
    people = []
    for r in rows:
        if DESCRIBED.search(r.name):
            continue  # "Unnamed 28-year-old woman": a description, not a name to match
        other = tuple(n["name"] for n in names.get(int(r.id), []))
        record = Record(
            name=r.name,
            chinese_name=r.name_zh or "",
            aliases=tuple(dict.fromkeys([*(r.aliases or []), *other])),
        )
        days = tuple(sorted(arrests.get(int(r.id), [])))
        years: frozenset[int] = frozenset()
        if r.age is not None and r.age_is_at_arrest and days:
            years = frozenset({days[0].year - r.age, days[0].year - r.age - 1})
        people.append(
            Person(int(r.id), record, frozenset(cases.get(int(r.id), ())), days, years, r.name)
        )
    return people
