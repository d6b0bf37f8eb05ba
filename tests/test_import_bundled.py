"""The bundled Hong Kong data imports with the counts the CSVs imply, worked out here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from nsdocket.data import bundled_path
from nsdocket.db.audit import history
from nsdocket.db.schema import (
    case,
    case_defendant,
    charge,
    claim,
    defendant,
    event,
    law,
    offence,
    official_figure,
    source,
)
from nsdocket.ingest.load_cases import import_cases
from nsdocket.ingest.seed_rows import SEED_COLUMNS
from tests.conftest import SHARED, seed_rows, write_csv


def _count(engine: Engine, table: object, *where: object) -> int:
    with engine.connect() as c:
        stmt = select(func.count()).select_from(table)  # type: ignore[arg-type]
        for w in where:
            stmt = stmt.where(w)  # type: ignore[arg-type]
        return int(c.execute(stmt).scalar_one())


def _plain_name(cell: str) -> str:
    """An independent, crude name key: drop brackets, ages, quotes, case and hyphens."""
    cell = re.sub(r"\([^)]*\)", "", cell)
    cell = re.sub(r",\s*\d+\s*$", "", cell)
    cell = cell.strip(" '\"")
    return re.sub(r"[\s\-']+", " ", cell.casefold()).strip()


def test_bundled_copy_matches_shared() -> None:
    shared = SHARED / "data" / "hk_cases_seed.csv"
    if not shared.exists():
        pytest.skip("../shared is not beside the checkout")
    assert bundled_path("cases").read_bytes() == shared.read_bytes()


def test_counts_follow_from_the_csv(loaded: Engine) -> None:
    rows = seed_rows()
    group_rows = [r for r in rows if r["entity_type"].startswith("group")]
    # A group row ("X + 7 others") is one named person plus one group defendant.
    assert _count(loaded, case_defendant) == len(rows) + len(group_rows)
    # Cases: one per case_group spelling; none of the seed's spellings share a case number.
    assert _count(loaded, case) == len({r["case_group"] for r in rows})
    people = {
        _plain_name(r["defendant"].split("+")[0])
        for r in rows
        if r["entity_type"] == "person" or r["entity_type"].startswith("group")
    }
    assert _count(loaded, defendant, defendant.c.kind == "person") == len(people)
    for kind in ("company", "organisation"):
        expected = len({r["defendant"] for r in rows if r["entity_type"] == kind})
        assert _count(loaded, defendant, defendant.c.kind == kind) == expected
    assert _count(loaded, defendant, defendant.c.kind == "group") == len(group_rows)
    arrests = sum(
        (2 if r["entity_type"].startswith("group") else 1) for r in rows if r["arrest_date"]
    )
    assert _count(loaded, event, event.c.kind == "arrest") == arrests
    urls = {
        part.strip()
        for r in rows
        for part in re.split(r"\s+;\s+", r["key_sources"])
        if part.strip().startswith("http")
    }
    assert _count(loaded, source, source.c.url.in_(urls)) == len(urls)
    assert (
        _count(loaded, official_figure) == len(bundled_path("figures").read_text().splitlines()) - 1
    )
    assert _count(loaded, claim) == len(bundled_path("claims").read_text().splitlines()) - 1


def test_companies_and_groups_are_not_persons(loaded: Engine) -> None:
    with loaded.connect() as c:
        kinds = dict(
            c.execute(
                select(defendant.c.name, defendant.c.kind).where(
                    defendant.c.name.in_(["Best Pencil (Hong Kong) Ltd", "Apple Daily Ltd"])
                )
            ).all()
        )
        group = c.execute(select(defendant).where(defendant.c.kind == "group")).mappings().one()
    assert kinds == {"Best Pencil (Hong Kong) Ltd": "company", "Apple Daily Ltd": "company"}
    assert group["group_size"] == 7


def test_one_person_in_two_cases(loaded: Engine) -> None:
    with loaded.connect() as c:
        found = c.execute(
            select(defendant.c.id, func.count(case_defendant.c.id))
            .join(case_defendant, case_defendant.c.defendant_id == defendant.c.id)
            .where(defendant.c.name == "Chow Hang-tung")
            .group_by(defendant.c.id)
        ).all()
    assert len(found) == 1 and found[0][1] == 2


def test_minor_at_arrest_is_sensitive(loaded: Engine) -> None:
    with loaded.connect() as c:
        row = c.execute(select(defendant).where(defendant.c.name == "Ho Yu-wang")).mappings().one()
        adult = (
            c.execute(select(defendant).where(defendant.c.name == "Lai Man-ling")).mappings().one()
        )
    assert row["minor"] and row["sensitive"] and row["age"] == 17 and row["age_at_arrest"]
    assert not adult["sensitive"] and adult["aliases"] == ["Lorie"] and adult["age"] == 26


@pytest.mark.parametrize(
    ("row_id", "expected"),
    [
        ("R001", [("NSL", "21", False), ("NSL", "24", False), ("CAP374", "36A", True)]),
        ("R002", [("NSL", "21", False)]),
        (
            "R003",
            [
                ("NSL", "20", False),
                ("CAP455", "25", False),
                ("CAP200", "10", False),
                ("CAP455", "25", False),
            ],
        ),
    ],
)
def test_charges_of_known_rows(
    loaded: Engine, row_id: str, expected: list[tuple[str, str, bool]]
) -> None:
    with loaded.connect() as c:
        found = c.execute(
            select(law.c.code, offence.c.provision, charge.c.alternative)
            .select_from(charge)
            .join(case_defendant, case_defendant.c.id == charge.c.case_defendant_id)
            .join(offence, offence.c.id == charge.c.offence_id)
            .join(law, law.c.id == offence.c.law_id)
            .where(case_defendant.c.seed_row_id == row_id)
            .order_by(charge.c.position)
        ).all()
    assert [tuple(r) for r in found] == expected


def test_partial_dates_keep_bounds_and_notes(loaded: Engine) -> None:
    with loaded.connect() as c:
        arrest = (
            c.execute(
                select(event)
                .join(case_defendant, case_defendant.c.id == event.c.case_defendant_id)
                .where(case_defendant.c.seed_row_id == "R002", event.c.kind == "arrest")
            )
            .mappings()
            .one()
        )
    assert arrest["date_edtf"] == "2020-11~"
    assert arrest["date_lower"].isoformat() == "2020-11-01"
    assert arrest["date_upper"].isoformat() == "2020-11-30"
    assert "conduct Aug-Nov 2020" in arrest["date_note"]


def test_reimport_is_idempotent(loaded: Engine) -> None:
    report = import_cases(loaded, bundled_path("cases"), actor="again")
    assert not report.changed
    assert report.changes.get("case_defendant") is None


def test_hong_kong_47_flagged_as_likely_duplicate(engine: Engine) -> None:
    report = import_cases(engine, bundled_path("cases"), actor="test")
    pairs = [str(d) for d in report.likely_duplicates]
    assert len(pairs) == 1
    assert "Tai Yiu Ting" in pairs[0] and "Hong Kong 47" in pairs[0]


def test_a_changed_row_updates_and_is_audited(loaded: Engine, tmp_path: Path) -> None:
    rows = seed_rows()
    changed = next(r for r in rows if r["row_id"] == "R002")
    changed["sentence_months"] = "60"
    changed["conduct_summary"] = "Chanted slogans (corrected summary)"
    path = write_csv(tmp_path / "corrected.csv", list(SEED_COLUMNS), rows)
    report = import_cases(loaded, path, actor="corrector")
    assert report.changes["case_defendant"] == {"update": 1}
    with loaded.connect() as c:
        cd = (
            c.execute(select(case_defendant).where(case_defendant.c.seed_row_id == "R002"))
            .mappings()
            .one()
        )
    assert cd["sentence_months"] == 60
    entries = history(loaded, "case_defendant", cd["id"])
    assert [e.action for e in entries] == ["insert", "update"]
    assert entries[-1].actor == "corrector"
    assert entries[-1].changed_fields()["sentence_months"] == (69, 60)
