"""The likely-duplicates report of an import: which pairs of cases it flags, and why."""

from __future__ import annotations

import random
from pathlib import Path

from rapidfuzz import fuzz
from sqlalchemy import Engine, select

from nsdocket.db.schema import case
from nsdocket.ingest.duplicates import (
    MAX_SHARING,
    TITLE_SIMILARITY,
    _block,
    _comparable_title,
)
from nsdocket.ingest.load_cases import DUPLICATES_KEPT, import_cases
from nsdocket.ingest.seed_rows import SEED_COLUMNS
from tests.conftest import seed_rows, write_csv


def _cases_file(path: Path, cases: list[tuple[str, str]], start: int = 0) -> Path:
    """A seed file with one row per (title, notes), each a different person; the rows are
    numbered from ``start``."""
    template = seed_rows()[0]
    rows = []
    for n, (title, notes) in enumerate(cases, start=start):
        row = dict(template, row_id=f"D{n:04d}", case_group=title, notes=notes)
        row["defendant"] = f"Person {n:04d}"
        rows.append(row)
    return write_csv(path, list(SEED_COLUMNS), rows)


def _every_pair_compared(engine: Engine, touched_titles: set[str]) -> list[str]:
    """The report as a plain pairwise comparison of every two cases of a block would give it."""
    with engine.connect() as c:
        cases = list(c.execute(select(case).order_by(case.c.id)).mappings())
    touched = {r["id"] for r in cases if r["title"] in touched_titles}
    sharing: dict[str, list[int]] = {}
    for r in cases:
        for ident in {*r["case_numbers"].split("; "), *r["citations"].split("; ")} - {""}:
            sharing.setdefault(ident, []).append(r["id"])
    reasons: dict[tuple[int, int], list[str]] = {}
    for ident, ids in sorted(sharing.items()):
        pairs = [(a, b) for a in ids for b in ids if a < b and touched & {a, b}]
        for pair in pairs if len(ids) <= MAX_SHARING else []:
            reasons.setdefault(pair, []).append(ident)
    found = {pair: f"both cite {', '.join(idents)}" for pair, idents in reasons.items()}
    for a in cases:
        for b in cases:
            if (
                a["id"] >= b["id"]
                or (a["id"], b["id"]) in found
                or not touched & {a["id"], b["id"]}
            ):
                continue
            first, second = _comparable_title(a["title"]), _comparable_title(b["title"])
            if _block(first) != _block(second):
                continue
            score = fuzz.token_set_ratio(first, second)
            if score >= TITLE_SIMILARITY:
                found[a["id"], b["id"]] = f"titles {score:.0f}% alike"
    by_id = {r["id"]: r["title"] for r in cases}
    return [
        f"case {a} '{by_id[a]}' and case {b} '{by_id[b]}' may be one case: {reason}"
        for (a, b), reason in sorted(found.items())
    ]


def test_titles_alike_and_shared_citations_are_flagged(engine: Engine, tmp_path: Path) -> None:
    path = _cases_file(
        tmp_path / "alike.csv",
        [
            ("HKSAR v Chan Tai-man (HCCC 1/2021)", ""),
            ("HKSAR v Chan Tai-man", ""),
            ("HKSAR v Chan Tai-wai", ""),
            ("HKSAR v Chan Tai-man & 2 others (a rally speech)", ""),
            ("HKSAR v Wong Siu-ming", "[2022] HKDC 100 (verdict)"),
            ("HKSAR v Lee Ka-ho", "[2022] HKDC 100 (sentence)"),
            ("Secretary for Justice v Lee Ka-ho", ""),
        ],
    )
    report = import_cases(engine, path, actor="test")
    assert [str(d) for d in report.likely_duplicates] == [
        "case 1 'HKSAR v Chan Tai-man (HCCC 1/2021)' and case 2 'HKSAR v Chan Tai-man' "
        "may be one case: titles 100% alike",
        "case 1 'HKSAR v Chan Tai-man (HCCC 1/2021)' and case 3 'HKSAR v Chan Tai-wai' "
        "may be one case: titles 90% alike",
        "case 1 'HKSAR v Chan Tai-man (HCCC 1/2021)' and case 4 "
        "'HKSAR v Chan Tai-man & 2 others (a rally speech)' may be one case: titles 100% alike",
        "case 2 'HKSAR v Chan Tai-man' and case 3 'HKSAR v Chan Tai-wai' "
        "may be one case: titles 90% alike",
        "case 2 'HKSAR v Chan Tai-man' and case 4 "
        "'HKSAR v Chan Tai-man & 2 others (a rally speech)' may be one case: titles 100% alike",
        "case 5 'HKSAR v Wong Siu-ming' and case 6 'HKSAR v Lee Ka-ho' "
        "may be one case: both cite [2022] HKDC 100",
    ]


def test_a_large_block_flags_the_pairs_a_pairwise_comparison_flags(
    engine: Engine, tmp_path: Path
) -> None:
    # Several hundred titles sharing the block "chan tai", so the block is scored in many
    # tiles; word choices from a small vocabulary make a fair share of pairs alike.
    pick = random.Random(10)
    vocabulary = ["man", "wai", "ming", "jr", "kin", "sr", "ho", "yan", "& 1 others"]
    vocabulary += ["& 2 others", "(a rally)", "(a speech)"]
    titles = list(
        dict.fromkeys(
            "HKSAR v Chan Tai " + " ".join(pick.sample(vocabulary, pick.randint(1, 4)))
            for _ in range(600)
        )
    )
    titles += ["HKSAR v Chan Tai-man (HCCC 7/2023)", "HKSAR v Chan Tai-man (HCCC 8/2023)"]
    # Every 40th case shares a citation with two others; every 9th cites one precedent (too
    # widely cited to say anything).
    first = [
        (t, f"[2023] HKCFI {n // 120} (verdict)" * (n % 40 == 0) + " [2020] HKCFA 1" * (n % 9 == 0))
        for n, t in enumerate(titles)
    ]
    assert len(titles) > 300

    report = import_cases(
        engine, _cases_file(tmp_path / "first.csv", first[:200]), actor="test",
        duplicates_kept=None,
    )  # fmt: skip
    expected = _every_pair_compared(engine, {t for t, _ in first[:200]})
    assert len(expected) > 1000 and any("both cite" in e for e in expected)
    assert [str(d) for d in report.likely_duplicates] == expected
    assert report.likely_duplicate_count == len(expected)

    # A second file touching only some cases: pairs of untouched cases are not reported.
    again = first[150:]
    report = import_cases(
        engine, _cases_file(tmp_path / "second.csv", again, start=150), actor="test"
    )
    expected = _every_pair_compared(engine, {t for t, _ in again})
    # By default the report holds the first pairs by case id and counts all of them.
    assert [str(d) for d in report.likely_duplicates] == expected[:DUPLICATES_KEPT]
    assert report.likely_duplicate_count == len(expected) > DUPLICATES_KEPT
    everything = _every_pair_compared(engine, set(titles))
    assert len(everything) > len(expected) > 1000
