"""Write docs/verdicts.md: the verdict on every bundled published claim and official figure.

Run on a database loaded as `make run` loads it:
    .venv/bin/nsdocket --db sqlite:///nsdocket.db claims check --json > claims.json
    .venv/bin/nsdocket --db sqlite:///nsdocket.db claims official --json > official.json
    .venv/bin/python scripts/verdicts-md.py claims.json official.json > docs/verdicts.md
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def main(claims_path: str, official_path: str) -> None:
    claims = json.loads(Path(claims_path).read_text(encoding="utf-8"))
    official = json.loads(Path(official_path).read_text(encoding="utf-8"))
    out = ["# What nsdocket says of the bundled claims and official figures", ""]
    out.append(
        "Made by `scripts/verdicts-md.py` from `nsdocket claims check --json` and "
        "`nsdocket claims official --json` on the bundled Hong Kong data (`make run`)."
    )
    tally = Counter(c["verdict"] for c in claims)
    out += [
        "",
        f"## Published claims ({len(claims)}: "
        + ", ".join(f"{n} {v}" for v, n in sorted(tally.items()))
        + ")",
        "",
    ]
    out += ["| # | claim | verdict | why | the database |", "|---|---|---|---|---|"]
    for c in claims:
        figure = (c.get("figure") or {}).get("summary", "")
        out.append(
            f"| {c['claim_id']} | {_cell(c['claim']['text'])} | **{c['verdict']}** | "
            f"{_cell(c['reason'])} | {_cell(figure)} |"
        )
    tally = Counter(o["verdict"] for o in official)
    out += [
        "",
        f"## Official and tracker figures ({len(official)} checks: "
        + ", ".join(f"{n} {v}" for v, n in sorted(tally.items()))
        + ")",
        "",
    ]
    out.append("Contradictions first; every check is listed.")
    out += [
        "",
        "| date | publisher | scope | stage | value | check | verdict | why |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for o in sorted(official, key=lambda o: (o["verdict"] == "consistent", o["as_of"])):
        out.append(
            "| "
            + " | ".join(
                _cell(o[k]) for k in ("as_of", "publisher", "scope", "stage", "value", "check")
            )
            + f" | **{o['verdict']}** | {_cell(o['reason'])} |"
        )
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
