"""Defendant records that are probably one person, for a reviewer to merge or leave apart."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from nsdocket.people.link import THRESHOLD, Blocks, database_people, score


@dataclass(frozen=True)
class LikelySamePerson:
    """Two defendants whose records probably name one person, and why."""

    defendant_id: int
    name: str
    other_id: int
    other_name: str
    probability: float
    reasons: tuple[str, ...]


def likely_same_people(engine: Engine, threshold: float = THRESHOLD) -> list[LikelySamePerson]:
    """Pairs of person defendants at or above ``threshold``, most probable first."""
    with engine.connect() as connection:
        people = database_people(connection)
    blocks = Blocks(people)
    found = []
    for person in people:
        for other in blocks.candidates(person):
            if other.key <= person.key:
                continue
            evidence = score(person, other, within=True)
            p = evidence.probability()
            if p >= threshold:
                found.append(
                    LikelySamePerson(
                        person.key, person.label, other.key, other.label, round(p, 3),
                        tuple(evidence.reasons()),
                    )
                )  # fmt: skip
    return sorted(found, key=lambda f: (-f.probability, f.defendant_id, f.other_id))
