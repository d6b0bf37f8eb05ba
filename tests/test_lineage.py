"""A prosecution across its lineage: a trial, its appeal allowed in part, a review of sentence.

Built by hand: HCCC 69/2022 tried Chan Tai-man and Lee Siu-ming (both convicted 2022-10-10;
60 and 48 months). In CACC 123/2023 (decided 2024-03-01) Chan's appeal was allowed in part (one
charge quashed, the conviction stands, 50 months) and Lee's conviction was quashed. In CAAR
5/2024 Chan's sentence was reviewed (40 months, 2025-02-01). That is two people and two
prosecutions, not five; as of 2023 both convicted, from March 2024 Chan convicted and Lee
acquitted.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from nsdocket.db.engine import open_database
from nsdocket.db.lineage import NO_LINEAGE, LineageValues, StepRow, plan_lineages
from nsdocket.db.schema import audit_log, case, case_link
from nsdocket.documents import add_documents
from nsdocket.ingest.load_cases import import_cases
from nsdocket.lineage import (
    LinkError,
    decide_case_link,
    find_case_links,
    lineage_of,
    link_cases,
    list_case_links,
)
from nsdocket.stats.figures import headline_figures
from tests.conftest import bundled_header, invoke, seed_rows, write_csv

TRIAL = "HKSAR v Chan Tai-man and Lee Siu-ming (HCCC 69/2022)"
APPEAL = "HKSAR v Chan Tai-man and Lee Siu-ming (CACC 123/2023)"
REVIEW = "Secretary for Justice v Chan Tai-man (CAAR 5/2024)"


def _row(rid: str, group: str, name: str, verdict: str, **cells: str) -> dict[str, str]:
    template = next(r for r in seed_rows() if r["row_id"] == "R002")  # an NSL art.21 row
    months = cells.pop("months", "")
    blank = ("chinese_name", "aliases", "arrest_date", "verdict_date", "sentence_date")
    return {
        **template,
        **dict.fromkeys(blank, ""),
        "row_id": rid,
        "case_group": group,
        "defendant": name,
        "verdict": verdict,
        "sentence": f"{months} months" if months else "",
        "sentence_months": months,
        "appeal_outcome": "",
        "notes": "",
        "source_quote": "",
        "key_sources": f"https://example.org/{rid}",
        **cells,
    }


def lineage_rows(*, with_citations: bool = True) -> list[dict[str, str]]:
    """The hand-built lineage as seed rows: the trial and the appeal name the appeal's
    judgment [2024] HKCA 300 (a citation only: proposed); the review names HCCC 69/2022 (a
    case number: applied)."""
    cite = " [2024] HKCA 300" if with_citations else ""
    trial = {
        "arrest_date": "2021-03-01",
        "verdict_date": "2022-10-10",
        "sentence_date": "2022-11-01",
    }
    return [
        _row("T1", TRIAL, "Chan Tai-man", "convicted", months="60", **trial,
             appeal_outcome=f"appeal allowed in part{cite}"),
        _row("T2", TRIAL, "Lee Siu-ming", "convicted", months="48", **trial,
             appeal_outcome=f"conviction quashed{cite}"),
        _row("A1", APPEAL, "Chan Tai-man", "convicted", months="50", verdict_date="2024-03-01",
             sentence_date="2024-03-01", notes=f"appeal allowed in part: one charge quashed{cite}"),
        _row("A2", APPEAL, "Lee Siu-ming", "acquitted", verdict_date="2024-03-01",
             notes=f"conviction quashed{cite}"),
        _row("R1", REVIEW, "Chan Tai-man", "convicted", months="40", sentence_date="2025-02-01",
             notes="review of sentence imposed in HCCC 69/2022"),
    ]  # fmt: skip


def import_lineage(engine: Engine, folder: Path, **kw: bool) -> dict[str, int]:
    """Import the hand-built lineage; return the case ids by title."""
    path = write_csv(folder / "lineage.csv", bundled_header(), lineage_rows(**kw))
    import_cases(engine, path, actor="test")
    with engine.connect() as c:
        return {t: int(i) for i, t in c.execute(select(case.c.id, case.c.title))}


@pytest.fixture
def lineage(engine: Engine, tmp_path: Path) -> dict[str, int]:
    return import_lineage(engine, tmp_path)


def counts(engine: Engine, unit: str = "prosecution", as_of: dt.date | None = None) -> dict:
    """The figures that lineage changes, by ``unit`` as of ``as_of``."""
    found = {f.measure: f for f in headline_figures(engine, as_of=as_of, unit=unit)}
    sentences = found["sentence_months"].stats
    return {
        "charged": found["charged"].numerator,
        "convicted": found["convicted"].numerator,
        "acquitted": found["acquitted"].numerator,
        "sentences": (sentences["n"], sentences.get("median")),
    }


# ---- the plan, without a database ------------------------------------------------------------


def _step(cd: int, case_id: int, outcome: str = "convicted", day: str | None = None, **kw):  # type: ignore[no-untyped-def]
    decided = dt.date.fromisoformat(day) if day else None
    return StepRow(cd, case_id, kw.get("defendant", 1), outcome, kw.get("months"),
                   kw.get("decided", day is not None), decided)  # fmt: skip


@pytest.mark.parametrize(
    ("links", "rows", "expected"),
    [
        # trial -> appeal: the appeal is step 1 and leaves its outcome
        ([(1, 2)], [_step(10, 1, day="2022-01-01"), _step(20, 2, "acquitted", "2024-01-01")],
         {10: LineageValues(lineage_steps=1, final_outcome="acquitted"),
          20: LineageValues(True, 10, 1)}),
        # trial -> CA -> CFA, the defendant not named in the CA case: the CFA still follows
        ([(1, 2), (2, 3)],
         [_step(10, 1, day="2022-01-01"), _step(30, 3, "acquitted", "2025-01-01")],
         {10: LineageValues(lineage_steps=1, final_outcome="acquitted"),
          30: LineageValues(True, 10, 1)}),
        # an appeal not decided yet: a step, but it leaves the trial's outcome and sentence
        ([(1, 2)], [_step(10, 1, day="2022-01-01", months=60), _step(20, 2, "pending")],
         {10: NO_LINEAGE, 20: LineageValues(True, 10, 1)}),
        # steps ordered by depth then date; a review without a sentence keeps the one before
        ([(1, 2), (1, 3), (2, 4)],
         [_step(10, 1, day="2022-01-01", months=60), _step(20, 2, day="2024-01-01", months=50),
          _step(30, 3, day="2023-01-01"), _step(40, 4, "acquitted", "2023-06-01")],
         {10: LineageValues(lineage_steps=3, final_outcome="acquitted", final_sentence_months=50),
          20: LineageValues(True, 10, 2), 30: LineageValues(True, 10, 1),
          40: LineageValues(True, 10, 3)}),
        # another defendant in the same cases is a lineage of their own
        ([(1, 2)], [_step(10, 1, day="2022-01-01"), _step(20, 2, defendant=2, day="2024-01-01")],
         {10: NO_LINEAGE, 20: NO_LINEAGE}),
        # links both ways round (a cycle) link nothing
        ([(1, 2), (2, 1)], [_step(10, 1, day="2022-01-01"), _step(20, 2, day="2024-01-01")],
         {10: NO_LINEAGE, 20: NO_LINEAGE}),
    ],
)  # fmt: skip
def test_plan_lineages(
    links: list[tuple[int, int]], rows: list[StepRow], expected: dict[int, LineageValues]
) -> None:
    assert plan_lineages(links, rows) == expected


# ---- finding links, and a reviewer confirming one ------------------------------------------


def test_a_link_is_found_by_case_number_and_another_proposed_by_citation(
    engine: Engine, lineage: dict[str, int]
) -> None:
    trial, appeal, review = lineage[TRIAL], lineage[APPEAL], lineage[REVIEW]
    report = find_case_links(engine, actor="finder")
    found = {(r["case_id"], r["later_case_id"]): r for r in list_case_links(engine)}
    assert set(found) == {(trial, appeal), (trial, review)}
    by_number = found[trial, review]
    assert (by_number["kind"], by_number["how"], by_number["status"]) == (
        "review",
        "case_number",
        "linked",
    )
    assert "HCCC 69/2022" in by_number["evidence"] and by_number["shared"] == 1
    by_citation = found[trial, appeal]
    assert (by_citation["kind"], by_citation["how"], by_citation["status"]) == (
        "appeal",
        "citation",
        "proposed",
    )
    assert "[2024] HKCA 300" in by_citation["evidence"] and by_citation["shared"] == 2
    assert (report.linked, report.proposed) == ([by_number["id"]], [by_citation["id"]])
    # every write audited, by who made it; a second run finds nothing new
    with engine.connect() as c:
        actors = c.execute(
            select(audit_log.c.actor).where(audit_log.c.table_name == "case_link")
        ).scalars()
        assert set(actors) == {"finder"}
    again = find_case_links(engine, actor="finder")
    assert (again.linked, again.proposed, again.upgraded) == ([], [], [])


def test_figures_count_one_prosecution_once_the_reviewer_confirms(
    engine: Engine, lineage: dict[str, int]
) -> None:
    # five rows, as the sources wrote them: Lee is both convicted and acquitted
    assert counts(engine) == {"charged": 5, "convicted": 4, "acquitted": 1, "sentences": (4, 49)}
    assert counts(engine, "person")["convicted"] == 2
    find_case_links(engine, actor="finder")
    # the review follows the trial for certain: Chan's trial and review are one prosecution
    assert counts(engine) == {"charged": 4, "convicted": 3, "acquitted": 1, "sentences": (3, 48)}
    [proposed] = list_case_links(engine, status="proposed")
    assert decide_case_link(engine, proposed["id"], "confirm", actor="web:reviewer")
    final = {"charged": 2, "convicted": 1, "acquitted": 1, "sentences": (1, 40)}
    assert counts(engine) == final
    assert counts(engine, "person") == final
    assert counts(engine, "case") == {**final, "charged": 1}
    with engine.connect() as c:
        decided = c.execute(
            select(audit_log.c.actor, audit_log.c.after).where(
                audit_log.c.table_name == "case_link", audit_log.c.action == "update"
            )
        ).one()
    assert decided.actor == "web:reviewer" and decided.after["status"] == "confirmed"
    # dismissing the review again makes Chan's review a prosecution of its own
    review = next(r for r in list_case_links(engine) if r["kind"] == "review")
    decide_case_link(engine, review["id"], "dismiss", actor="reviewer")
    assert counts(engine)["charged"] == 3


@pytest.mark.parametrize(
    ("as_of", "convicted", "acquitted", "sentences"),
    [
        ("2022-06-01", 0, 0, (0, None)),  # before the verdict
        ("2023-01-01", 2, 0, (2, 54)),  # both convicted at trial, 60 and 48 months
        ("2024-06-01", 1, 1, (1, 50)),  # after the appeal: Lee's conviction quashed
        ("2025-06-01", 1, 1, (1, 40)),  # after the review of Chan's sentence
        (None, 1, 1, (1, 40)),  # everything recorded
    ],
)
def test_the_outcome_as_of_a_day_is_that_of_the_last_step_decided_by_then(
    engine: Engine,
    lineage: dict[str, int],
    as_of: str | None,
    convicted: int,
    acquitted: int,
    sentences: tuple[int, float | None],
) -> None:
    find_case_links(engine, actor="finder")
    [proposed] = list_case_links(engine, status="proposed")
    decide_case_link(engine, proposed["id"], "confirm", actor="reviewer")
    day = dt.date.fromisoformat(as_of) if as_of else None
    expected = {
        "charged": 2,
        "convicted": convicted,
        "acquitted": acquitted,
        "sentences": sentences,
    }
    assert counts(engine, "prosecution", day) == expected
    assert counts(engine, "person", day) == expected


def test_a_review_dated_by_its_year_only_leaves_the_outcome_uncertain_that_year(
    engine: Engine, tmp_path: Path
) -> None:
    rows = [r for r in lineage_rows() if r["row_id"] in ("T2", "A2")]
    rows[1]["verdict_date"] = "2024"
    path = write_csv(tmp_path / "year.csv", bundled_header(), rows)
    import_cases(engine, path, actor="test")
    with engine.connect() as c:
        ids = dict(c.execute(select(case.c.title, case.c.id)).all())
    link_cases(engine, ids[TRIAL], ids[APPEAL], kind="appeal", actor="test")
    figures = {
        f.measure: f
        for f in headline_figures(engine, as_of=dt.date(2024, 6, 1), unit="prosecution")
    }
    assert figures["convicted"].numerator == figures["acquitted"].numerator == 0
    assert figures["convicted"].excluded == {"verdict date uncertain at the as-of date": 1}
    assert counts(engine, as_of=dt.date(2025, 1, 1))["acquitted"] == 1


def test_a_link_found_in_a_judgment(engine: Engine, tmp_path: Path) -> None:
    ids = import_lineage(engine, tmp_path, with_citations=False)
    judgment = tmp_path / "cacc-123-2023.txt"
    judgment.write_text(
        "IN THE HIGH COURT OF THE HONG KONG SPECIAL ADMINISTRATIVE REGION\n"
        "COURT OF APPEAL\nCRIMINAL APPEAL CACC 123/2023\n"
        "(ON APPEAL FROM HCCC 69/2022)\n\nHKSAR v Chan Tai-man and Lee Siu-ming\n\n"
        "1. The appeal of the first appellant is allowed in part.\n",
        encoding="utf-8",
    )
    add_documents(engine, [judgment], actor="test")
    report = find_case_links(engine, actor="finder")
    found = {(r["case_id"], r["later_case_id"]): r for r in list_case_links(engine)}
    link = found[ids[TRIAL], ids[APPEAL]]
    assert (link["how"], link["status"], link["kind"]) == ("case_number", "linked", "appeal")
    assert "in document" in link["evidence"] and link["source_id"] is not None
    assert link["id"] in report.linked


# ---- by hand, from the command line ----------------------------------------------------------


def test_link_by_hand_dry_run_then_the_chain(
    runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    engine = open_database(db_url)
    ids = import_lineage(engine, tmp_path)
    trial, appeal, review = (str(ids[t]) for t in (TRIAL, APPEAL, REVIEW))
    code, out, _ = invoke(runner, db_url, "cases", "link", trial, appeal, "--kind", "appeal",
                          "--dry-run")  # fmt: skip
    assert code == 0, out
    assert "would link" in out and "Chan Tai-man, Lee Siu-ming" in out and "--dry-run" in out
    with engine.connect() as c:
        assert c.execute(select(case_link)).first() is None
        assert (
            c.execute(select(audit_log).where(audit_log.c.table_name == "case_link")).first()
            is None
        )

    note = "the CA judgment names HCCC 69/2022"
    code, out, _ = invoke(runner, db_url, "--actor", "alice", "cases", "link", trial, appeal,
                          "--kind", "appeal", "--note", note)  # fmt: skip
    assert code == 0 and "linked case" in out, out
    code, out, _ = invoke(runner, db_url, "cases", "link", trial, review, "--kind", "review")
    assert code == 0, out
    code, out, err = invoke(runner, db_url, "cases", "link", appeal, trial, "--kind", "appeal")
    assert code == 1 and "cycle" in err
    code, out, err = invoke(runner, db_url, "cases", "link", trial, appeal, "--kind", "remand")
    assert code == 1 and "kind must be one of" in err

    code, out, _ = invoke(runner, db_url, "cases", "lineage", appeal)
    assert code == 0, out
    assert "Lee Siu-ming: stands acquitted\n" in out
    assert "Chan Tai-man: stands convicted, 40 months" in out
    assert f"[appeal of case {trial}; manual, confirmed]" in out
    code, out, _ = invoke(runner, db_url, "cases", "links", "--status", "all", "--json")
    links = json.loads(out)
    assert {(r["how"], r["status"]) for r in links} == {("manual", "confirmed")}
    with engine.connect() as c:
        who = c.execute(
            select(audit_log.c.actor, audit_log.c.reason).where(
                audit_log.c.table_name == "case_link"
            )
        ).first()
    assert who is not None and who.actor == "alice" and "HCCC 69/2022" in who.reason
    engine.dispose()


def test_lineage_of_a_case_names_each_step_and_what_stands(
    engine: Engine, lineage: dict[str, int]
) -> None:
    with pytest.raises(LinkError):
        link_cases(engine, lineage[TRIAL], lineage[TRIAL], kind="appeal", actor="test")
    find_case_links(engine, actor="finder")
    chain = lineage_of(engine, lineage[REVIEW])
    assert [(c.id, c.depth, c.kind) for c in chain.cases] == [
        (lineage[TRIAL], 0, ""),
        (lineage[APPEAL], 1, "appeal"),
        (lineage[REVIEW], 1, "review"),
    ]
    # the appeal is only proposed: Chan's trial and review are one prosecution, the appeal not
    chan = [p for p in chain.prosecutions if p.name == "Chan Tai-man"]
    assert sorted(len(p.steps) for p in chan) == [1, 2]
    assert {(p.outcome, p.sentence_months) for p in chan if len(p.steps) == 2} == {
        ("convicted", 40)
    }


@pytest.mark.parametrize(
    ("lower_number", "later_number", "named", "linked"),
    [
        ("DCCC 927/2020", "CACC 61/2022", "appeal against DCCC 927/2020", "appeal"),
        ("HCCC 280/2020", "CAAR 3/2021", "review of HCCC 280/2020", "review"),
        ("KCCC 1234/2021", "HCMA 56/2022", "appeal from KCCC 1234/2021", "appeal"),
        ("CACC 61/2022", "FACC 5/2023", "further appeal from CACC 61/2022", "appeal"),
        # A trial names a defendant's earlier case: neither follows the other.
        ("DCCC 927/2020", "HCCC 69/2022", "also convicted in DCCC 927/2020", None),
        ("WKCC 100/2021", "DCCC 5/2022", "earlier charged in WKCC 100/2021", None),
    ],
)
def test_only_an_appellate_case_follows_another(
    lower_number: str, later_number: str, named: str, linked: str | None
) -> None:
    from nsdocket.lineage.finding import CaseRefs, plan_case_links, references

    lower = CaseRefs(1, tuple(references(lower_number)), (), frozenset({9}))
    later = CaseRefs(
        2, tuple(references(later_number)), (("a defendant's row", named),), frozenset({9})
    )
    plans = plan_case_links([lower, later])
    assert [(p.case_id, p.later_case_id, p.kind, p.certain) for p in plans] == (
        [(1, 2, linked, True)] if linked else []
    )
