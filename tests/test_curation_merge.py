"""Merging two cases flagged as one prosecution: audited, all or nothing, and it stays merged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from nsdocket.case_status import case_status
from nsdocket.curation import MergeError, merge_cases
from nsdocket.data import bundled_path
from nsdocket.db.documents_schema import document_case
from nsdocket.db.schema import audit_log, case, case_defendant
from nsdocket.db.writer import RowNotFoundError
from nsdocket.ingest.load_cases import import_cases
from nsdocket.queries.export import dumps
from tests.conftest import invoke
from tests.test_documents_add import add_folder, doc_id, mixed_folder, share_case_number

HK47, HK47_AGAIN = 7, 8  # the "Hong Kong 47" case written twice in the bundled seed data
CHOW_CASES = (9, 37)  # two real prosecutions that both list Chow Hang-tung


def prosecutions(engine: Engine, case_id: int) -> int:
    with engine.connect() as c:
        return int(
            c.execute(select(func.count()).where(case_defendant.c.case_id == case_id)).scalar_one()
        )


@pytest.mark.parametrize(
    ("outcomes", "status"),
    [
        ([], "unknown"),
        (["convicted", "acquitted"], "concluded"),
        (["convicted", "pending"], "pending"),
        (["not_charged"], "not_charged"),
        (["convicted", "not_charged"], "mixed"),
    ],
)
def test_case_status(outcomes: list[str], status: str) -> None:
    assert case_status(outcomes) == status


def test_merge_the_hong_kong_47_pair(unmerged: Engine) -> None:
    before = dumps(unmerged)
    preview = merge_cases(unmerged, HK47, HK47_AGAIN, actor="ana", reason="one case", dry_run=True)
    assert len(preview.prosecutions) == 30 and not preview.applied
    assert dumps(unmerged) == before, "a dry run changes nothing"

    report = merge_cases(unmerged, HK47, HK47_AGAIN, actor="ana", reason="HCCC 69/2022 twice")
    assert prosecutions(unmerged, HK47) == 47 and prosecutions(unmerged, HK47_AGAIN) == 0
    with unmerged.connect() as c:
        assert c.execute(select(case).where(case.c.id == HK47_AGAIN)).first() is None
        kept = c.execute(select(case).where(case.c.id == HK47)).mappings().one()
        entries = c.execute(
            select(audit_log.c.table_name, audit_log.c.action, audit_log.c.actor).where(
                audit_log.c.batch == "merge-8-into-7"
            )
        ).all()
    assert kept["case_numbers"] == "HCCC 69/2022"
    assert "hksar v tai yiu ting & 46 others ('hong kong 47')" in kept["key_aliases"]
    assert "merged with case 8" in kept["notes"] and "HCCC 69/2022 twice" in kept["notes"]
    assert report.case_after["status"] == kept["status"] == "concluded"
    assert {(t, a, who) for t, a, who in entries} == {
        ("case_defendant", "update", "ana"),
        ("case", "update", "ana"),
        ("case", "delete", "ana"),
    }
    assert len(entries) == 30 + 2

    # importing the seed data again fills the kept case: nothing changes, nothing comes back
    merged = dumps(unmerged)
    result = import_cases(unmerged, bundled_path("cases"), actor="test")
    assert dumps(unmerged) == merged, result
    assert not any("may be one case" in str(d) for d in result.likely_duplicates)


def test_merge_refuses_shared_defendants_and_nonsense(unmerged: Engine) -> None:
    before = dumps(unmerged)
    with pytest.raises(MergeError, match="both list Chow Hang-tung"):
        merge_cases(unmerged, *CHOW_CASES, actor="ana")
    with pytest.raises(MergeError, match="with itself"):
        merge_cases(unmerged, HK47, HK47, actor="ana")
    with pytest.raises(RowNotFoundError, match="case 999 does not exist"):
        merge_cases(unmerged, HK47, 999, actor="ana")
    assert dumps(unmerged) == before


def test_merging_resolves_an_ambiguous_document_link(unmerged: Engine, tmp_path: Path) -> None:
    share_case_number(unmerged)
    add_folder(unmerged, mixed_folder(tmp_path, big=False))
    report_id = doc_id(unmerged, "hk47.txt")
    merge_cases(unmerged, HK47, HK47_AGAIN, actor="ana", reason="one case")
    with unmerged.connect() as c:
        links = c.execute(
            select(document_case.c.case_id, document_case.c.status).where(
                document_case.c.document_id == report_id
            )
        ).all()
    assert [tuple(link) for link in links] == [(HK47, "linked")]


def test_cases_merge_command(runner: CliRunner, db_url: str, unmerged: Engine) -> None:
    code, out, err = invoke(
        runner, db_url, "cases", "merge", "7", "8", "--reason", "one case", "--dry-run"
    )
    assert code == 0, err
    assert "would move 30 prosecution(s)" in out and "nothing was changed" in out
    assert prosecutions(unmerged, HK47_AGAIN) == 30
    code, out, err = invoke(
        runner, db_url, "--actor", "ana", "cases", "merge", "7", "8", "--reason", "x", "--json"
    )
    assert code == 0, err
    assert json.loads(out)["case_after"]["id"] == HK47
    code, _, err = invoke(runner, db_url, "cases", "merge", "7", "8", "--reason", "again")
    assert code == 1 and "case 8 does not exist" in err
    code, _, err = invoke(runner, db_url, "cases", "merge", "9", "37", "--reason", "no")
    assert code == 1 and "Chow Hang-tung" in err
