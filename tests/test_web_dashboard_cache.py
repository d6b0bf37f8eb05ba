"""The dashboard keeps the figures of a filter set until the data changes, then recomputes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nsdocket.db.engine import open_database
from nsdocket.ingest.bundled import load_bundled
from nsdocket.ingest.load_cases import import_cases
from nsdocket.ingest.seed_rows import SEED_COLUMNS
from nsdocket.stats import figures as figures_module
from nsdocket.web import create_app
from nsdocket.web.auth import WebSettings
from tests.conftest import seed_rows, write_csv
from tests.test_web_support import client


def _arrested(page: dict[str, Any]) -> int:
    return next(f["value"] for f in page["figures"] if f["measure"] == "arrested")


def test_a_filter_set_is_computed_once_per_state_of_the_data(
    tmp_path: Path, monkeypatch: Any
) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'dash.db'}")
    load_bundled(engine, actor="test")
    calls: list[int] = []
    real = figures_module.headline_figures

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr("nsdocket.web.routes.pages.headline_figures", counted)
    browser = client(create_app(engine, WebSettings()))
    first = browser.get("/index.json").json()
    assert browser.get("/index.json").json()["figures"] == first["figures"]
    other = browser.get("/index.json", params={"scope": "nsl-only"}).json()
    assert len(calls) == 2, "one computation per filter set"
    assert other["filters"] != first["filters"]

    row = {
        **seed_rows()[1],
        "row_id": "NEW1",
        "case_group": "HKSAR v Newly Arrested (WKCC 1/2024)",
        "defendant": "Newly Arrested Person",
    }
    import_cases(engine, write_csv(tmp_path / "new.csv", list(SEED_COLUMNS), [row]), actor="t")
    after = browser.get("/index.json").json()
    assert len(calls) == 3, "the import changed the data: computed again"
    assert _arrested(after) == _arrested(first) + 1
    engine.dispose()
