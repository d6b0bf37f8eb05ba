"""Coders and reviewers named by pseudonym in a public release.

The people who code and review prosecutions can be put at risk by being named next to their
judgments, so a release names them ``coder-1``, ``coder-2`` ... unless the team chooses to
publish names. Numbers follow each person's first coding (then first adjudication), so they
stay the same from one release to the next and a changelog between releases shows no
spurious renames. Machine coders (the seed compiler's first-pass drafts) keep their name.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from nsdocket.coding.store import SEED_CODER
from nsdocket.db.schema import adjudication, coding

#: Coders that are programs, not people: published as they are.
MACHINE_CODERS = frozenset({SEED_CODER})
#: The released columns that name a coder or reviewer.
PERSON_COLUMNS = {"coding": "coder", "adjudication": "reviewer"}


def coder_pseudonyms(engine: Engine) -> dict[str, str]:
    """Every person who coded or adjudicated, mapped to a stable pseudonym."""
    with engine.connect() as connection:
        coders = connection.execute(
            select(coding.c.coder).group_by(coding.c.coder).order_by(func.min(coding.c.id))
        ).scalars()
        reviewers = connection.execute(
            select(adjudication.c.reviewer)
            .group_by(adjudication.c.reviewer)
            .order_by(func.min(adjudication.c.id))
        ).scalars()
        people = [n for n in dict.fromkeys([*coders, *reviewers]) if n not in MACHINE_CODERS]
    return {name: f"coder-{number}" for number, name in enumerate(people, start=1)}


def pseudonymise(table: str, rows: list[dict[str, Any]], names: dict[str, str]) -> None:
    """Replace, in place, the person named in each row of ``table`` by their pseudonym."""
    column = PERSON_COLUMNS.get(table)
    if column is None:
        return
    for row in rows:
        row[column] = names.get(row[column], row[column])
