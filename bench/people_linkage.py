"""Benchmark 5: person matching on the labelled name pairs, nsdocket against Splink and a plain
fuzzy match, side by side (precision and recall at probability 0.5, and seconds).

- ``nsdocket``: `nsdocket.people.compare.compare_records` (sound keys across romanisations and
  scripts, Fellegi-Sunter-style weights set from what the evidence means);
- ``splink``: Splink 5 with its DuckDB backend, the field's reference for Fellegi-Sunter linkage,
  given the same read names as columns (Chinese name, surname sound, all syllables, Western
  name), u estimated by random sampling and m by expectation maximisation, as its tutorials do;
- ``fuzzy``: RapidFuzz token-sort ratio of the folded names >= 85, or equal Chinese names.

Every pair of both splits, the nine UNDECIDABLE pairs left out; the aliases a database would
hold are given to all three. Run: ``.venv/bin/python bench/people_linkage.py``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402
from tests.people_eval import Pair, load  # noqa: E402

from nsdocket.names import name_key  # noqa: E402
from nsdocket.people.compare import Record, compare_records, surname  # noqa: E402
from nsdocket.people.written import read_name  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "people.json"


def _pairs() -> list[Pair]:
    return [p for split in ("dev", "holdout") for p in load(split, with_aliases=True)
            if not p.undecidable]  # fmt: skip


def _score(pairs: list[Pair], said: list[bool]) -> dict[str, Any]:
    tp = sum(s and p.same for s, p in zip(said, pairs, strict=True))
    fp = sum(s and not p.same for s, p in zip(said, pairs, strict=True))
    fn = sum(not s and p.same for s, p in zip(said, pairs, strict=True))
    return {
        "precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
        "recall": round(tp / (tp + fn), 3) if tp + fn else 1.0,
        "tp": tp, "fp": fp, "fn": fn,
    }  # fmt: skip


def _columns(record: Record, uid: str) -> dict[str, Any]:
    name = read_name(record.name)
    return {
        "unique_id": uid,
        "zh": record.chinese_name or name.chinese or None,
        "surname": surname(name) or None,
        "syllables": " ".join(name.syllables) or None,
        "western": name.western[0] if name.western else None,
        "folded": name_key(record.name) or None,
    }


def run_splink(pairs: list[Pair]) -> list[bool]:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    left = pd.DataFrame([_columns(p.a, f"{p.id}") for p in pairs])
    right = pd.DataFrame([_columns(p.b, f"{p.id}") for p in pairs])
    db = DuckDBAPI()
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.ExactMatch("zh"),
            cl.JaroWinklerAtThresholds("syllables", [0.92, 0.8]),
            cl.ExactMatch("surname"),
            cl.ExactMatch("western"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("surname"), block_on("zh"), block_on("western"), block_on("folded"),
        ],
    )  # fmt: skip
    linker = Linker(
        [db.register(left, table_name="a"), db.register(right, table_name="b")],
        settings,
        log_level=None,
    )
    linker.training.estimate_probability_two_random_records_match([block_on("folded")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e5)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    predicted = linker.inference.predict().as_pandas_dataframe()
    same = {(r.unique_id_l, r.unique_id_r): r.match_probability for r in predicted.itertuples()}
    return [same.get((p.id, p.id), 0.0) >= 0.5 for p in pairs]


def main() -> int:
    pairs = _pairs()
    out: dict[str, Any] = {"pairs": len(pairs), "same": sum(p.same for p in pairs)}
    start = time.perf_counter()
    ours = [compare_records(p.a, p.b).probability() >= 0.5 for p in pairs]
    out["nsdocket"] = {**_score(pairs, ours), "seconds": round(time.perf_counter() - start, 3)}
    start = time.perf_counter()
    fuzzy = [
        (bool(p.a.chinese_name) and p.a.chinese_name == p.b.chinese_name)
        or fuzz.token_sort_ratio(name_key(p.a.name), name_key(p.b.name)) >= 85
        for p in pairs
    ]
    out["fuzzy"] = {**_score(pairs, fuzzy), "seconds": round(time.perf_counter() - start, 3)}
    start = time.perf_counter()
    splink = run_splink(pairs)
    out["splink"] = {**_score(pairs, splink), "seconds": round(time.perf_counter() - start, 3)}
    RESULTS.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
