"""Precision and recall of extract_claims over the hand-labelled sentences.

Run ``.venv/bin/pytest tests/test_claims_labelled.py -s`` to see the figures.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from nsdocket.claims import NumericClaim, extract_claims

LABELLED = Path(__file__).parent / "data" / "claims" / "labelled.yaml"

Key = tuple[str, str, Decimal]


def load() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    return items


def key_of(claim: NumericClaim) -> Key:
    return (claim.text, claim.kind.value, Decimal(claim.value))


def expected_key(item: dict[str, Any]) -> Key:
    return (str(item["text"]), str(item["kind"]), Decimal(str(item["value"])))


def test_the_set_is_large_and_varied() -> None:
    items = load()
    assert len(items) >= 40
    kinds = {c["kind"] for item in items for c in item["claims"]}
    assert kinds == {"count", "percent", "ratio"}
    assert sum(1 for item in items if not item["claims"]) >= 8  # negatives
    assert sum(1 for item in items if any("\u4e00" <= ch <= "\u9fff" for ch in item["text"])) >= 10


def test_precision_and_recall(record_property: Callable[[str, object], None]) -> None:
    true_pos = false_pos = false_neg = 0
    misses: list[str] = []
    for item in load():
        got = {key_of(c) for c in extract_claims(item["text"])}
        want = {expected_key(c) for c in item["claims"]}
        true_pos += len(got & want)
        false_pos += len(got - want)
        false_neg += len(want - got)
        if got != want:
            misses.append(f"{item['text']!r}: extra {got - want}, missing {want - got}")
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    record_property("precision", round(precision, 3))
    record_property("recall", round(recall, 3))
    print(f"\nextract_claims on {LABELLED.name}: precision {precision:.3f}, recall {recall:.3f}")
    print(f"  ({true_pos} right, {false_pos} spurious, {false_neg} missed)")
    for miss in misses:
        print("  ", miss)
    assert precision >= 0.9
    assert recall >= 0.9


@pytest.mark.parametrize(
    "field", ["qualifier", "noun", "linked", "numerator", "denominator", "upper"]
)
def test_fields_of_matched_claims(
    field: str, record_property: Callable[[str, object], None]
) -> None:
    right = total = 0
    for item in load():
        got = {key_of(c): c for c in extract_claims(item["text"])}
        for expected in item["claims"]:
            claim = got.get(expected_key(expected))
            if claim is None or field not in expected:
                continue
            total += 1
            if field == "linked":
                value: object = None if claim.attached is None else claim.attached.denominator
            elif field == "qualifier":
                value = claim.qualifier.value
            else:
                value = getattr(claim, field)
            right += value == expected[field]
    record_property(f"{field}_accuracy", f"{right}/{total}")
    print(f"\n{field}: {right}/{total}")
    assert total > 0
    assert right / total >= 0.9
