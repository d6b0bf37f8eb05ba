"""`nsdocket link people LIST.csv`: each person of an outside list matched to a defendant.

The list has a ``name`` column and, optionally, ``chinese_name``, ``aliases`` (``;``-separated),
``birth_year``, ``case`` (a case number or title) and ``arrest_date``; every problem in it is
reported with its line and column before anything is matched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from nsdocket.dates import DateError, parse_date
from nsdocket.ingest.csvfile import CsvRecord, read_csv
from nsdocket.ingest.errors import ImportFailed, ImportProblem
from nsdocket.people.compare import Record
from nsdocket.people.link import (
    THRESHOLD,
    Blocks,
    Match,
    Person,
    best_match,
    case_keys,
    database_people,
)


class ListRefused(ImportFailed):
    """The list has problems: nothing was matched. Holds every problem found."""

    not_done = "nothing was matched"


LIST_COLUMNS = ("name",)
OPTIONAL_LIST_COLUMNS = ("chinese_name", "aliases", "birth_year", "case", "arrest_date")


def read_list(path: Path) -> list[Person]:
    """The people of a list file, keyed by line.

    Raises:
        ListRefused: every problem in the file, with line and column.
    """
    problems: list[ImportProblem] = []
    try:
        records = read_csv(path, LIST_COLUMNS, OPTIONAL_LIST_COLUMNS)
    except ImportFailed as exc:
        raise ListRefused(exc.problems) from None
    people = [_person(path.name, r, problems) for r in records]
    if problems:
        raise ListRefused(problems)
    return people


def _person(file: str, record: CsvRecord, problems: list[ImportProblem]) -> Person:
    cells = {k: v.strip() for k, v in record.values.items()}

    def problem(column: str, expected: str) -> None:
        problems.append(ImportProblem(file, record.line, column, cells.get(column, ""), expected))

    name, chinese = cells.get("name", ""), cells.get("chinese_name", "")
    if not name and not chinese:
        problem("name", "a name (or a Chinese name in chinese_name)")
    years: frozenset[int] = frozenset()
    if cells.get("birth_year"):
        text = cells["birth_year"]
        if text.isdigit() and 1900 <= int(text) <= 2030:
            years = frozenset({int(text)})
        else:
            problem("birth_year", "a year of birth such as 1996")
    arrests: tuple[dt.date, ...] = ()
    if cells.get("arrest_date"):
        try:
            day = parse_date(cells["arrest_date"]).lower
            arrests = (day,) if day else ()
        except DateError as exc:
            problem("arrest_date", f"a date (YYYY, YYYY-MM or YYYY-MM-DD): {exc}")
    aliases = tuple(a.strip() for a in cells.get("aliases", "").split(";") if a.strip())
    return Person(
        record.line,
        Record(name=name, chinese_name=chinese, aliases=aliases),
        frozenset(case_keys(cells.get("case", ""))),
        arrests,
        years,
        name or chinese,
    )


@dataclass(frozen=True)
class ListMatch:
    """One line of the list and the defendant it names, if any."""

    line: int
    input_name: str
    defendant_id: int | None
    name: str | None
    probability: float
    reasons: list[str]
    other_candidates: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        """The object `link people --json` prints for the line."""
        return {
            "line": self.line,
            "input": self.input_name,
            "defendant_id": self.defendant_id,
            "name": self.name,
            "probability": self.probability,
            "reasons": self.reasons,
            "other_candidates": self.other_candidates,
        }


def link_list(engine: Engine, path: Path, threshold: float = THRESHOLD) -> list[ListMatch]:
    """Match every person of the list at ``path`` to the database's defendants."""
    people = read_list(path)
    with engine.connect() as connection:
        blocks = Blocks(database_people(connection))
    return [_as_list_match(best_match(p, blocks, threshold), blocks) for p in people]


def _as_list_match(match: Match, blocks: Blocks) -> ListMatch:
    found = match.candidate
    return ListMatch(
        line=match.person.key,
        input_name=match.person.label,
        defendant_id=found.key if found else None,
        name=found.label if found else None,
        probability=match.probability,
        reasons=match.reasons,
        other_candidates=[
            {"defendant_id": key, "name": blocks.people[key].label, "probability": p}
            for key, p in match.runners_up
        ],
    )
