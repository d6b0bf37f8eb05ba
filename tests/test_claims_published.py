"""The claim extractor scored on sentences from published texts, labelled by hand before the
code handled them (`tests/data/claims/published/`, see its NOTES.md): precision and recall of
each kind, and how often what a claim counts is read right, printed for both splits."""

from __future__ import annotations

import pytest

from tests.claims_eval import KINDS, load, score

TARGET = 0.9


@pytest.mark.parametrize("split", ["dev", "holdout"])
def test_precision_and_recall_per_kind(split: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = score(load(split))
    with capsys.disabled():
        print("\n" + result.table(f"claims extracted from published sentences ({split})"))
    low = {
        kind: (round(result.precision(kind), 3), round(result.recall(kind), 3))
        for kind in KINDS
        if result.labelled[kind] >= 5
        and (result.precision(kind) < TARGET or result.recall(kind) < TARGET)
    }
    # The holdout's sentences are never shown: only its scores, so that nobody tunes to them.
    detail = (
        f"\nmissed: {result.misses[:20]}\nextra: {result.extras[:20]}" if split == "dev" else ""
    )
    assert not low, f"below {TARGET}: {low}{detail}"
