"""A followed database built by hand: an import in January, edits in March (and April).

Holds no tests; `test_changes` and `test_feeds` build on it. The audit log's clock is set by
patching `nsdocket.db.writer.now`, so each write is recorded on the day the story says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from nsdocket.coding.store import CodingInput, save_coding
from nsdocket.db import writer as writer_module
from nsdocket.db.schema import case_defendant, defendant
from nsdocket.db.writer import Writer
from nsdocket.ingest.load_cases import import_cases
from nsdocket.ingest.load_events import import_events
from tests.conftest import bundled_header, seed_rows, write_csv

IMPORTED = dt.datetime(2025, 1, 10, 9, 0)
EDITED = dt.datetime(2025, 3, 5, 10, 0)
LATER = dt.datetime(2025, 4, 2, 16, 30)
SINCE = dt.date(2025, 3, 1)
ROWS = ("R001", "R041", "R042", "R044")
VERDICT_DETAIL = "Convicted of incitement to subversion after trial"
EVENTS_HEADER = ["row_id", "event", "date", "detail", "source_url", "source_quote"]


@dataclass(frozen=True)
class Followed:
    """What the story wrote: the prosecutions edited and their case."""

    engine: Engine
    case_id: int
    convicted_cd: int
    convicted_defendant: int
    coded_cd: int
    other_case_id: int


def at(monkeypatch: pytest.MonkeyPatch, moment: dt.datetime) -> None:
    """Record the following writes at ``moment``."""
    monkeypatch.setattr(writer_module, "now", lambda: moment)


def _prosecution(engine: Engine, row_id: str) -> tuple[int, int, int]:
    with engine.connect() as connection:
        found = connection.execute(
            select(case_defendant.c.id, case_defendant.c.case_id, case_defendant.c.defendant_id)
            .where(case_defendant.c.seed_row_id == row_id)
            .order_by(case_defendant.c.id)
        ).first()
    assert found is not None, row_id
    return int(found.id), int(found.case_id), int(found.defendant_id)


def build_followed(engine: Engine, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Followed:
    """January: import four rows of the bundled cases file. March: a verdict event imported,
    the verdict changed from pending to convicted, a draft coding saved."""
    rows = [r for r in seed_rows() if r["row_id"] in ROWS]
    at(monkeypatch, IMPORTED)
    import_cases(engine, write_csv(folder / "cases.csv", bundled_header(), rows), actor="import")
    convicted_cd, case_id, person = _prosecution(engine, "R041")
    coded_cd, _, _ = _prosecution(engine, "R042")
    _, other_case, _ = _prosecution(engine, "R001")

    at(monkeypatch, EDITED)
    events = [
        {
            "row_id": "R041",
            "event": "verdict",
            "date": "2025-03-04",
            "detail": VERDICT_DETAIL,
            "source_url": "https://example.org/verdict-2025-03-04",
            "source_quote": "found guilty",
        }
    ]
    import_events(engine, write_csv(folder / "events.csv", EVENTS_HEADER, events), actor="import")
    with engine.begin() as connection:
        Writer(connection, "editor").update(
            case_defendant, convicted_cd, {"outcome": "convicted"}, reason="verdict delivered"
        )
    sheet = CodingInput(answers={"violence": "none"}, note="first look")
    save_coding(engine, coded_cd, "alice", sheet, status="draft")
    monkeypatch.undo()
    return Followed(engine, case_id, convicted_cd, person, coded_cd, other_case)


def edit_later(followed: Followed, monkeypatch: pytest.MonkeyPatch) -> None:
    """April: the first case's defendant gets a note."""
    with followed.engine.connect() as connection:
        person = connection.execute(
            select(case_defendant.c.defendant_id).where(
                case_defendant.c.case_id == followed.other_case_id
            )
        ).scalar_one()
    at(monkeypatch, LATER)
    with followed.engine.begin() as connection:
        Writer(connection, "editor").update(defendant, person, {"notes": "appeal dropped"})
    monkeypatch.undo()


def mark_sensitive(followed: Followed) -> str:
    """Mark the convicted defendant sensitive (today); return their name."""
    with followed.engine.begin() as connection:
        name = connection.execute(
            select(defendant.c.name).where(defendant.c.id == followed.convicted_defendant)
        ).scalar_one()
        Writer(connection, "editor").update(
            defendant, followed.convicted_defendant, {"sensitive": True}
        )
    return str(name)
