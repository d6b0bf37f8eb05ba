"""Load: 20 coders save codings at once through uvicorn, and not one write is lost or doubled.

The server runs in a child process on 127.0.0.1 over a fresh database (a SQLite file, or a
PostgreSQL database); 20 async HTTP clients log in and, once all are in, for the given time
fetch the coding form of a prosecution assigned to them and post it back with a new answer and a
unique note. Every few saves a client posts a form again with the version it was based on: the
server must refuse that stale edit (409). Afterwards the client-side ledger of accepted writes
must match the audit log and the stored codings exactly, and no response may be a 5xx.

``NSDOCKET_LOAD_SECONDS`` sets how long the clients write (default 30 on SQLite; the
PostgreSQL run uses ``NSDOCKET_LOAD_SECONDS_PG``, default 30 too).
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from nsdocket import users
from nsdocket.coding import bundled_codebook
from nsdocket.db.schema import audit_log, case_defendant, coding, coding_answer
from tests.load.coders import Ledger, logged_in, percentile, run_coders, save_at_once
from tests.load.server import running_server

CODERS = 20
PER_CODER = 6  # prosecutions assigned to each coder; neighbours share half of theirs
MAX_WRITES = 5_000  # per coder: a bound on the count whatever the duration
PASSWORD = "load test password 1"


def load_seconds(db_url: str) -> float:
    """How long the clients write on this backend (environment, default 60)."""
    name = "NSDOCKET_LOAD_SECONDS_PG" if db_url.startswith("postgresql") else ""
    raw = os.environ.get(name) if name else None
    return float(raw or os.environ.get("NSDOCKET_LOAD_SECONDS") or 30)


def assignments(engine: Engine) -> list[list[int]]:
    """Each coder's prosecutions: a sliding window, so every prosecution has two coders."""
    with engine.connect() as connection:
        cds = connection.execute(select(case_defendant.c.id).order_by("id")).scalars().all()
    assert len(cds) >= CODERS * PER_CODER // 2
    step = PER_CODER // 2
    return [[cds[(i * step + k) % len(cds)] for k in range(PER_CODER)] for i in range(CODERS)]


def check_against_database(engine: Engine, ledger: Ledger) -> dict[str, int]:
    """Compare the ledger with the audit log and the stored codings; return the counts."""
    with engine.connect() as connection:
        audited = connection.execute(
            select(audit_log.c.action, audit_log.c.actor, audit_log.c.after).where(
                audit_log.c.table_name == "coding", audit_log.c.actor.like("web:load%")
            )
        ).all()
        stored = {
            (row.coder, row.case_defendant_id): row
            for row in connection.execute(select(coding).where(coding.c.coder.like("load%")))
        }
        violence = dict(
            connection.execute(
                select(coding_answer.c.coding_id, coding_answer.c.value).where(
                    coding_answer.c.question == "violence"
                )
            ).all()
        )
    audited_notes = Counter(row.after["note"] for row in audited)
    ledger_notes = Counter(write.note for write in ledger.accepted)
    lost = sorted(ledger_notes - audited_notes)
    extra = sorted(audited_notes - ledger_notes)
    doubled = sorted(note for note, n in audited_notes.items() if n > 1)
    assert not lost, f"accepted by the server but not in the audit log: {lost[:10]}"
    assert not extra, f"in the audit log but never accepted: {extra[:10]}"
    assert not doubled, f"audited twice: {doubled[:10]}"
    stale_written = {w.note for w in ledger.refused} & set(audited_notes)
    assert not stale_written, f"refused stale edits that were written: {sorted(stale_written)}"
    actions = Counter(row.action for row in audited)
    assert set(actions) <= {"insert", "update"}

    last: dict[tuple[str, int], str] = {}
    per_pair: Counter[tuple[str, int]] = Counter()
    answer: dict[tuple[str, int], str] = {}
    for write in ledger.accepted:  # in the order the server accepted them, per client
        key = (write.coder, write.case_defendant_id)
        last[key], answer[key] = write.note, write.violence
        per_pair[key] += 1
    assert set(stored) == set(last), "a coding row for every pair written, and no other"
    for key, row in stored.items():
        assert row.note == last[key], f"{key}: stored {row.note!r}, last accepted {last[key]!r}"
        assert row.version == per_pair[key], f"{key}: version {row.version}, {per_pair[key]} saves"
        assert violence[row.id] == answer[key], key
    assert actions["insert"] == len(stored)
    return {"writes": len(ledger.accepted), "audited": len(audited), "codings": len(stored)}


@pytest.mark.slow
def test_twenty_coders_lose_nothing(db_url: str, loaded: Engine, tmp_path: Path) -> None:
    accounts = [(f"load{i:02d}", PASSWORD) for i in range(CODERS)]
    for username, password in accounts:
        users.add_user(loaded, username, "coder", password, actor="test")
    answers = [a.value for a in bundled_codebook().question("violence").answers]
    seconds = load_seconds(db_url)
    with running_server(db_url, tmp_path / "server.log") as base:
        assert base.startswith("http://127.0.0.1:")
        started = time.monotonic()
        ledger = asyncio.run(
            run_coders(
                base,
                accounts,
                assignments(loaded),
                answers,
                seconds=seconds,
                max_writes=MAX_WRITES,
            )
        )
        elapsed = time.monotonic() - started
    log = (tmp_path / "server.log").read_text(encoding="utf-8")
    backend = db_url.split(":", 1)[0].split("+")[0]
    saves, everything = (
        ledger.latency.get("save", []),
        [t for times in ledger.latency.values() for t in times],
    )
    print(
        f"\nload {backend}: {CODERS} coders, {seconds:.0f} s writing ({elapsed:.0f} s with "
        f"logins), {len(ledger.accepted)} writes "
        f"accepted, {len(ledger.refused)} stale edits refused, {len(everything)} requests, "
        f"statuses {dict(sorted(ledger.statuses.items()))}; save p50 "
        f"{percentile(saves, 50) * 1000:.0f} ms p95 {percentile(saves, 95) * 1000:.0f} ms; "
        f"all requests p50 {percentile(everything, 50) * 1000:.0f} ms "
        f"p95 {percentile(everything, 95) * 1000:.0f} ms"
    )
    for kind, times in sorted(ledger.latency.items()):
        print(
            f"  {kind}: {len(times)} requests, p50 {percentile(times, 50) * 1000:.0f} ms, "
            f"p95 {percentile(times, 95) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
        )
    assert ledger.server_errors() == 0, (dict(ledger.statuses), log[-4000:])
    assert not ledger.unexpected, (ledger.unexpected[:20], log[-4000:])
    assert len({w.coder for w in ledger.accepted}) == CODERS, "every coder wrote"
    assert ledger.refused, "stale edits were tried"
    counts = check_against_database(loaded, ledger)
    assert counts["writes"] >= CODERS


TABS = 8


async def _tabs_round(base: str, cds: list[int]) -> list[list[tuple[str, int]]]:
    tabs = [await logged_in(base, "tabs", PASSWORD) for _ in range(TABS)]
    try:
        rounds = []
        for cd in cds:
            rounds.append(await save_at_once(tabs, cd, "none"))  # no coding yet: all insert
            rounds.append(await save_at_once(tabs, cd, "alleged"))  # all edit the same version
        return rounds
    finally:
        for http in tabs:
            await http.aclose()


@pytest.mark.slow
def test_one_coder_in_eight_tabs_saving_at_once(
    db_url: str, loaded: Engine, tmp_path: Path
) -> None:
    """Eight tabs post the same coding at the same moment: no 5xx, one row, nothing lost.

    Round one creates the coding (every tab's form says there is none yet); round two edits it,
    every tab with the same version. In each round exactly one save may win; the others get 409.
    """
    users.add_user(loaded, "tabs", "coder", PASSWORD, actor="test")
    cds = assignments(loaded)[0][:3]
    with running_server(db_url, tmp_path / "server.log") as base:
        rounds = asyncio.run(_tabs_round(base, cds))
    log = (tmp_path / "server.log").read_text(encoding="utf-8")
    for number, statuses in enumerate(rounds):
        codes = sorted(status for _, status in statuses)
        assert all(code in (303, 409) for code in codes), (codes, log[-3000:])
        what = "edit of version 1" if number % 2 else "first save"
        assert codes.count(303) == 1, f"exactly one {what} wins: {codes}"
    with loaded.connect() as connection:
        stored = connection.execute(select(coding).where(coding.c.coder == "tabs")).all()
        audited = (
            connection.execute(
                select(audit_log.c.after).where(
                    audit_log.c.table_name == "coding", audit_log.c.actor == "web:tabs"
                )
            )
            .scalars()
            .all()
        )
    assert len(stored) == len(cds), "one coding per prosecution, however many tabs"
    winners = sorted(note for statuses in rounds for note, status in statuses if status == 303)
    assert sorted(after["note"] for after in audited) == winners, "every accepted save audited"
