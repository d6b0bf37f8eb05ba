"""Data shipped with nsdocket: the bundled Hong Kong dataset and reference YAML."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

BUNDLED_FILES = {
    "cases": "hk_cases.csv",
    "events": "hk_events.csv",
    "merges": "hk_case_merges.csv",
    "figures": "hk_official_figures.csv",
    "claims": "published_claims.csv",
}


def bundled_path(kind: str, jurisdiction: str = "hk") -> Path:
    """The path of a bundled CSV: ``cases``, ``events``, ``merges``, ``figures`` or ``claims``."""
    return Path(str(resources.files("nsdocket.data") / jurisdiction / BUNDLED_FILES[kind]))
