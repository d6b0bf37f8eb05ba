"""The headline figures equal the same numbers written by hand in SQL (the benchmark's peer),
on a generated database with events, codings, disagreements and adjudications: the maintained
facts give what the raw tables give."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from nsdocket.coding.codebook import bundled_codebook
from nsdocket.db.engine import open_database
from nsdocket.stats.figures import headline_figures
from nsdocket.stats.scopes import get_scope, scope_profiles

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

from figures_sql import hand_figures, nsdocket_numbers, same_numbers  # noqa: E402
from generate import build_database  # noqa: E402


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("generated") / "g.db"
    build_database(db, 1500, seed=7)
    return db


@pytest.mark.parametrize("scope", sorted(scope_profiles()))
def test_headline_figures_equal_the_sql_by_hand(generated: Path, scope: str) -> None:
    # The SQL by hand counts every recorded fact (no as-of date), as the benchmark compares.
    cb = bundled_codebook()
    engine = open_database(f"sqlite:///{generated}")
    ours = nsdocket_numbers(headline_figures(engine, get_scope(scope), with_rows=False))
    connection = sqlite3.connect(generated)
    hand = hand_figures(
        lambda sql: connection.execute(sql).fetchall(), get_scope(scope), cb.id, cb.version
    )
    connection.close()
    engine.dispose()
    assert same_numbers(ours, hand) == []
    assert ours["pretrial_detention"]["n"] > 0 and ours["bail_denied"]["denominator"]
