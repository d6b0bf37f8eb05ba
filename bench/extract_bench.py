"""Benchmark: `nsdocket.extract.extract_all` against one plain `re` scan of the same patterns.

Run from the repository root::

    .venv/bin/python bench/extract_bench.py [--mb 20] [--runs 5] [--seed 2020]

A seeded corpus of judgment-like paragraphs (every kind of reference, in English and Chinese,
mixed with plain prose) is built in memory. Two things are timed, each as the median of
``--runs`` runs (alternating the two, so that a shared machine's load hits both alike):

- ``nsdocket``: ``extract_all(corpus)``, i.e. every finder with its post-processing
  (normalisation, range expansion, offence look-up, age filters) and one `Span` per match;
- ``plain re``: one ``re.finditer`` over the corpus with a single alternation of the same five
  patterns, counting matches and building nothing.

The ratio ``nsdocket MB/s / plain re MB/s`` says what the library costs over the bare regex
work; the target is >= 0.5. It is given for process CPU time (``ratio_cpu``, steady on a shared
machine) and wall time (``ratio_wall``). Results go to ``bench/results/extraction.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nsdocket.extract import extract_all
from nsdocket.extract import patterns as p

RESULTS = Path(__file__).parent / "results" / "extraction.json"

_NAMES = ["CHAN Tai Man", "WONG Siu Ming", "LEE Ka Yan", "CHEUNG Wai Kit", "LAM Hoi Ting"]
_PARAGRAPHS = [
    "{n}. On {date}, in HKSAR v {name} {cite}, the defendant was convicted of inciting "
    "secession contrary to {statute}, and sentenced to {term}' imprisonment.",
    "{n}. The applicant relies on {cite} and on {case}. The magistrate in {case2} imposed "
    "{term}, suspended for {small} years, and a fine of HK${money}.",
    "{n}. Under {statute}, read with {statute2}, the starting point was {term}. A one-third "
    "discount for the plea was given; the defendant, aged {age} years, had no record.",
    "{n}. The hearing took place between {date} and {date2}. The defence called {small} "
    "witnesses over the past {small} years of investigation; see paragraphs 45 to 52.",
    "{n}. 被告於{zhdate}被裁定違反{zhstatute}，判監{zhterm}，另罰款{money}元。",
    "{n}. The court ordered {hours} hours of community service for the co-defendant, and a "
    "training centre order for the youngest, a {age}-year-old student, on {date}.",
    "{n}. Nothing in the evidence suggests that the speeches, delivered in {year} to crowds of "
    "some {money} people, were anything but political; the prosecution did not say otherwise.",
]
_STATUTES = [
    "Article 21 of the National Security Law", "Articles 20 and 21 of the NSL",
    "section 10(1)(b) of the Crimes Ordinance", "ss 9 and 10 of Cap. 200", "s 24 SNSO",
    "section 17A(3)(b)(i) of the Public Order Ordinance (Cap 245)", "NSL art. 24",
    "Art 22 of the NSL", "section 25(1) of the Organized and Serious Crimes Ordinance",
]  # fmt: skip
_ZH_STATUTES = ["《國安法》第22條", "《香港國安法》第二十三條", "《維護國家安全條例》第24條"]
_MONTHS = ["January", "March", "May", "July", "September", "November"]


def make_corpus(megabytes: float, seed: int) -> str:
    """A seeded corpus of about ``megabytes`` MB (UTF-8) of judgment-like paragraphs."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    parts: list[str] = []
    size = 0
    n = 0
    while size < target:
        n += 1
        year = rng.randint(2020, 2025)
        first = rng.randint(1, 3000)
        values = {
            "n": n,
            "name": rng.choice(_NAMES),
            "date": f"{rng.randint(1, 28)} {rng.choice(_MONTHS)} {year}",
            "date2": f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.{year}",
            "zhdate": f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
            "cite": f"[{year}] {rng.choice(['HKCFI', 'HKCA', 'HKDC', 'HKCFA'])} "
            f"{rng.randint(1, 3000)}",
            "case": f"{rng.choice(['HCCC', 'DCCC', 'CACC'])} {rng.randint(1, 999)}/{year}",
            "case2": f"{rng.choice(['WKCC', 'ESCC', 'KTCC'])} {first}-{first + rng.randint(1, 4)}"
            f"/{year}",
            "statute": rng.choice(_STATUTES),
            "statute2": rng.choice(_STATUTES),
            "zhstatute": rng.choice(_ZH_STATUTES),
            "term": rng.choice(["9 years", "5 years and 9 months", "40 months", "four years"]),
            "zhterm": rng.choice(["5年9個月", "40個月", "三年"]),
            "small": rng.randint(2, 9),
            "money": f"{rng.randint(1, 99)},000",
            "age": rng.randint(16, 70),
            "hours": rng.choice([80, 120, 200, 240]),
            "year": year,
        }
        paragraph = rng.choice(_PARAGRAPHS).format(**values) + "\n\n"
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8"))
    return "".join(parts)


def plain_alternation() -> re.Pattern[str]:
    """One regex: the five extractor patterns as alternatives, group names made unique."""
    pieces = []
    for tag, pattern in [
        ("c", p.CITATION),
        ("n", p.CASE_NUMBER),
        ("s", p.STATUTE),
        ("t", p.SENTENCE),
        ("d", p.DATE),
    ]:
        source = pattern.pattern.replace("(?P<", f"(?P<{tag}_").replace("(?P=", f"(?P={tag}_")
        pieces.append(f"(?:{source})")
    return re.compile("|".join(pieces), re.VERBOSE)


@dataclass
class Timing:
    """Wall-clock and process-CPU seconds of repeated runs of one function."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    result: object = None

    def run(self, function: Callable[[], object]) -> None:
        """Call ``function`` once and record its times and result."""
        wall, cpu = time.perf_counter(), time.process_time()
        self.result = function()
        self.cpu.append(time.process_time() - cpu)
        self.wall.append(time.perf_counter() - wall)


def interleaved(
    first: Callable[[], object], second: Callable[[], object], runs: int
) -> tuple[Timing, Timing]:
    """Time ``runs`` calls of each, alternating them so that a change in a shared machine's
    load affects both alike."""
    timings = (Timing(), Timing())
    for _ in range(runs):
        timings[0].run(first)
        timings[1].run(second)
    return timings


def _summary(timing: Timing, megabytes: float) -> dict[str, float]:
    wall, cpu = statistics.median(timing.wall), statistics.median(timing.cpu)
    return {
        "median_wall_seconds": round(wall, 4),
        "median_cpu_seconds": round(cpu, 4),
        "mb_per_second_wall": round(megabytes / wall, 2),
        "mb_per_second_cpu": round(megabytes / cpu, 2),
    }


#: The first version of the patterns (no first-character class, case-insensitive words),
#: measured the same way on a 2 MB corpus before optimising; kept for comparison.
BEFORE_OPTIMISATION = {
    "corpus_megabytes": 2.0,
    "nsdocket_mb_per_second_wall": 0.48,
    "plain_re_mb_per_second_wall": 0.67,
    "ratio": 0.71,
    "note": "both sides were slow: most patterns began with a look-behind or a case-insensitive "
    "group, so the engine tried a full match at every position",
}


def main(argv: list[str] | None = None) -> int:
    """Build the corpus, time both scans, print and save the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (UTF-8)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    corpus = make_corpus(args.mb, args.seed)
    megabytes = len(corpus.encode("utf-8")) / 1_000_000
    combined = plain_alternation()

    load_before = os.getloadavg()[0]
    lib, plain = interleaved(
        lambda: extract_all(corpus), lambda: sum(1 for _ in combined.finditer(corpus)), args.runs
    )
    spans = lib.result
    assert isinstance(spans, list)
    lib_summary, plain_summary = _summary(lib, megabytes), _summary(plain, megabytes)
    result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": " ".join(
            ["python", "bench/extract_bench.py", *(sys.argv[1:] if argv is None else argv)]
        ),
        "machine": {
            "platform": platform.platform(),
            "python": sys.version.split()[0],
            "implementation": platform.python_implementation(),
            "cpu_count": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
            "load_average_1min_before_and_after": [
                round(load_before, 2),
                round(os.getloadavg()[0], 2),
            ],
        },
        "corpus": {
            "seed": args.seed,
            "megabytes_utf8": round(megabytes, 3),
            "characters": len(corpus),
            "paragraphs": corpus.count("\n\n"),
            "spans_per_megabyte": round(len(spans) / megabytes),
        },
        "runs": args.runs,
        "nsdocket": {
            **lib_summary,
            "spans": len(spans),
            "spans_by_kind": dict(sorted(Counter(span.kind for span in spans).items())),
        },
        "plain_re": {**plain_summary, "matches": plain.result},
        "ratio_cpu": round(
            lib_summary["mb_per_second_cpu"] / plain_summary["mb_per_second_cpu"], 3
        ),
        "ratio_wall": round(
            lib_summary["mb_per_second_wall"] / plain_summary["mb_per_second_wall"], 3
        ),
        "target_ratio": 0.5,
        "before_optimisation": BEFORE_OPTIMISATION,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
