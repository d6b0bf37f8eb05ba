"""The bundled Hong Kong data set: every row and event sourced, every date real, and the counts
the CSVs imply (worked out here from the files, independently of the importer)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from nsdocket.data import bundled_path
from nsdocket.dates import parse_date
from nsdocket.db.audit import history
from nsdocket.db.schema import (
    audit_log,
    case,
    case_defendant,
    charge,
    claim,
    defendant,
    event,
    evidence,
    law,
    offence,
    official_figure,
    source,
)
from nsdocket.event_kinds import EVENT_KINDS
from nsdocket.ingest.load_cases import import_cases
from nsdocket.ingest.load_events import import_events
from tests.conftest import SHARED, bundled_header, seed_rows, write_csv

DATE_COLUMNS = ("arrest_date", "verdict_date", "sentence_date")


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
    return re.sub(r"[\s\-'.]+", " ", cell.casefold()).strip()


def events_rows() -> list[dict[str, str]]:
    with bundled_path("events").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_row_and_event_cites_a_source_and_every_date_parses() -> None:
    rows, events = seed_rows(), events_rows()
    assert len(rows) >= 200, "the issue's target: at least 200 defendant rows"
    for r in rows:
        sources = [s for s in re.split(r"\s+;\s+", r["key_sources"]) if s.strip()]
        assert any(s.startswith("http") for s in sources), f"{r['row_id']} has no source address"
        for column in DATE_COLUMNS:
            parse_date(r[column])  # raises DateError for an impossible date
    ids = {r["row_id"] for r in rows}
    for e in events:
        assert e["row_id"] in ids, e
        assert e["event"] in EVENT_KINDS, e
        assert e["source_url"].startswith("http"), e
        assert parse_date(e["date"]).lower is not None, e


def test_seed_rows_are_kept_and_the_group_row_is_replaced_by_its_people() -> None:
    shared = SHARED / "data" / "hk_cases_seed.csv"
    if not shared.exists():
        pytest.skip("../shared is not beside the checkout")
    with shared.open(encoding="utf-8") as handle:
        seed = {r["row_id"] for r in csv.DictReader(handle)}
    bundled = {r["row_id"] for r in seed_rows()}
    # R069 ("Chow Hang-tung + 7 others") became one row per person, named by the sources.
    assert seed - bundled == {"R069"}
    group = [r for r in seed_rows() if r["case_group"] == "SNSO first arrests, May-Jun 2024"]
    assert len(group) == 8 and all(r["entity_type"] == "person" for r in group)


def test_counts_follow_from_the_csv(loaded: Engine) -> None:
    rows, events = seed_rows(), events_rows()
    assert _count(loaded, case_defendant) == len(rows)
    # One case per case_group spelling, less the one the merges file reconciles.
    merges = bundled_path("merges").read_text(encoding="utf-8").splitlines()[1:]
    assert _count(loaded, case) == len({r["case_group"] for r in rows}) - len(merges)
    people = {_plain_name(r["defendant"]) for r in rows if r["entity_type"] == "person"}
    assert _count(loaded, defendant, defendant.c.kind == "person") == len(people)
    for kind in ("company", "organisation"):
        expected = len({r["defendant"] for r in rows if r["entity_type"] == kind})
        assert _count(loaded, defendant, defendant.c.kind == kind) == expected
    assert _count(loaded, defendant, defendant.c.kind == "group") == 0
    for kind in ("bail_denied", "bail_granted", "remand", "release", "plea"):
        expected = sum(1 for e in events if e["event"] == kind) + (
            sum(1 for r in rows if "immediate release" in r["sentence"].casefold())
            if kind == "release"
            else 0
        )
        assert _count(loaded, event, event.c.kind == kind) == expected, kind
    arrests = sum(1 for r in rows if r["arrest_date"]) + sum(
        1 for e in events if e["event"] == "arrest"
    )
    assert _count(loaded, event, event.c.kind == "arrest") == arrests
    assert _count(loaded, evidence, evidence.c.target_table == "event") == len(events)
    urls = {
        part.strip()
        for r in rows
        for part in re.split(r"\s+;\s+", r["key_sources"])
        if part.strip().startswith("http")
    } | {e["source_url"] for e in events}
    assert _count(loaded, source, source.c.url.in_(urls)) == len(urls)
    with_chinese = {_plain_name(r["defendant"]) for r in rows if r["chinese_name"]}
    assert _count(loaded, defendant, defendant.c.name_zh != "") == len(with_chinese)
    assert (
        _count(loaded, official_figure) == len(bundled_path("figures").read_text().splitlines()) - 1
    )
    assert _count(loaded, claim) == len(bundled_path("claims").read_text().splitlines()) - 1


def test_the_data_loads_reconciled_with_the_merge_recorded(loaded: Engine) -> None:
    with loaded.connect() as c:
        hk47 = c.execute(select(case).where(case.c.title.contains("Tai Yiu Ting"))).mappings().all()
        merge = c.execute(
            select(audit_log.c.action, audit_log.c.reason).where(
                audit_log.c.table_name == "case", audit_log.c.action == "delete"
            )
        ).all()
        members = c.execute(
            select(func.count()).where(case_defendant.c.case_id == hk47[0]["id"])
        ).scalar_one()
    assert len(hk47) == 1, "the Hong Kong 47 case is stored once"
    assert members == 47
    assert "hksar v tai yiu ting & 46 others ('hong kong 47')" in hk47[0]["key_aliases"]
    assert [a for a, _ in merge] == ["delete"] and "HCCC 69/2022" in merge[0][1]


def test_companies_are_not_persons(loaded: Engine) -> None:
    with loaded.connect() as c:
        kinds = dict(
            c.execute(
                select(defendant.c.name, defendant.c.kind).where(
                    defendant.c.name.in_(["Best Pencil (Hong Kong) Ltd", "Apple Daily Ltd"])
                )
            ).all()
        )
    assert kinds == {"Best Pencil (Hong Kong) Ltd": "company", "Apple Daily Ltd": "company"}


def test_one_person_in_several_cases(loaded: Engine) -> None:
    expected = sum(1 for r in seed_rows() if _plain_name(r["defendant"]) == "chow hang tung")
    with loaded.connect() as c:
        found = c.execute(
            select(defendant.c.id, func.count(case_defendant.c.id))
            .join(case_defendant, case_defendant.c.defendant_id == defendant.c.id)
            .where(defendant.c.name == "Chow Hang-tung")
            .group_by(defendant.c.id)
        ).all()
    assert expected == 3 and len(found) == 1 and found[0][1] == expected


def test_minors_at_arrest_are_sensitive(loaded: Engine) -> None:
    def person(name: str) -> dict[str, object]:
        with loaded.connect() as c:
            return dict(
                c.execute(select(defendant).where(defendant.c.name == name)).mappings().one()
            )

    aged = person("Ho Yu-wang")  # age 17 at arrest in the age column
    flagged = person("Chan Cheuk-hin")  # no age published; minor_at_arrest = yes
    adult = person("Lai Man-ling")
    assert aged["minor"] and aged["sensitive"] and aged["age"] == 17 and aged["age_is_at_arrest"]
    assert flagged["minor"] and flagged["sensitive"] and flagged["age"] is None
    assert not adult["sensitive"] and adult["aliases"] == ["Lorie"] and adult["age"] == 25
    assert adult["name_zh"] == "黎雯齡"


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


def test_partial_dates_keep_bounds(loaded: Engine) -> None:
    with loaded.connect() as c:
        arrest = (
            c.execute(
                select(event)
                .join(case_defendant, case_defendant.c.id == event.c.case_defendant_id)
                .where(case_defendant.c.seed_row_id == "R063", event.c.kind == "arrest")
            )
            .mappings()
            .one()
        )
    assert arrest["date_edtf"] == "2021-07"
    assert arrest["date_lower"].isoformat() == "2021-07-01"
    assert arrest["date_upper"].isoformat() == "2021-07-31"


def test_reimport_is_idempotent_and_keeps_the_events_file(loaded: Engine) -> None:
    report = import_cases(loaded, bundled_path("cases"), actor="again")
    assert not report.changed, report.changes
    again = import_events(loaded, bundled_path("events"), actor="again")
    assert not again.changed, again.changes


def test_the_hong_kong_47_halves_are_flagged_before_the_merge(engine: Engine) -> None:
    report = import_cases(engine, bundled_path("cases"), actor="test")
    pairs = [str(d) for d in report.likely_duplicates]
    assert any("Tai Yiu Ting" in p and "Hong Kong 47" in p for p in pairs), pairs


def test_a_changed_row_updates_and_is_audited(loaded: Engine, tmp_path: Path) -> None:
    rows = seed_rows()
    changed = next(r for r in rows if r["row_id"] == "R002")
    before = int(changed["sentence_months"])
    changed["sentence_months"] = "60"
    changed["conduct_summary"] = "Chanted slogans (corrected summary)"
    path = write_csv(tmp_path / "corrected.csv", bundled_header(), rows)
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
    assert entries[-1].changed_fields()["sentence_months"] == (before, 60)
