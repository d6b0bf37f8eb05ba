"""The report: its figures are `stats --json`'s, it is reproducible, self-contained, and public."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from sqlalchemy import Engine
from typer.testing import CliRunner

from nsdocket.coding import bundled_codebook
from nsdocket.data import bundled_path
from nsdocket.db.engine import open_database
from nsdocket.ingest.load_cases import import_cases
from nsdocket.ingest.small_tables import import_claims, import_official_figures
from nsdocket.report import build_report, without_generated_line
from nsdocket.report.charts import bail, detention, render_charts, to_svg
from nsdocket.report.data import gather
from nsdocket.stats.figure import Figure
from tests.conftest import invoke
from tests.test_release import MARKERS, plant_markers, scan

TODAY = dt.datetime.now(dt.UTC).date()


def _write_report(runner: CliRunner, db_url: str, folder: Path) -> Path:
    folder.mkdir()
    out = folder / "report.html"
    code, stdout, stderr = invoke(
        runner, db_url, "report", "--as-of", TODAY.isoformat(), "--out", str(out)
    )
    assert code == 0, stderr
    assert "wrote" in stdout
    return out


@pytest.fixture(scope="module")
def marked_sqlite(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Engine]:
    """One SQLite database for this module: the bundled data with markers planted."""
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'report.db'}"
    engine = open_database(url)
    import_cases(engine, bundled_path("cases"), actor="test")
    import_official_figures(engine, bundled_path("figures"), actor="test")
    import_claims(engine, bundled_path("claims"), actor="test")
    plant_markers(engine)
    return url, engine


@pytest.fixture(scope="module")
def report_file(
    marked_sqlite: tuple[str, Engine], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The report of the marked database, as the CLI writes it (in a folder of its own)."""
    return _write_report(CliRunner(), marked_sqlite[0], tmp_path_factory.mktemp("out") / "r")


def _attr_numbers(text: str) -> list[float]:
    return [float(x) for x in text.split(",")] if text else []


def test_report_figures_equal_stats_json(
    loaded: Engine, runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    report_file = _write_report(runner, db_url, tmp_path / "out")
    code, stdout, _ = invoke(runner, db_url, "stats", "--as-of", TODAY.isoformat(), "--json")
    assert code == 0
    expected = {f["measure"]: f for f in json.loads(stdout)}
    tree = HTMLParser(report_file.read_text(encoding="utf-8"))
    shown = {n.attributes["data-measure"]: n.attributes for n in tree.css("[data-measure]")}
    assert set(shown) == set(expected)
    for measure, attrs in shown.items():
        want = expected[measure]
        assert int(attrs["data-numerator"] or 0) == want["numerator"], measure
        denominator = attrs["data-denominator"]
        assert (int(denominator) if denominator else None) == want["denominator"], measure
        value = attrs["data-value"]
        assert (float(value) if value else None) == want["value"], measure
        assert _attr_numbers(attrs["data-interval"] or "") == (want["interval"] or []), measure
        assert _attr_numbers(attrs["data-bounds"] or "") == (want["bounds"] or []), measure
        assert int(attrs["data-unclear"] or 0) == want["unclear"], measure
        node = tree.css_first(f'[data-measure="{measure}"]')
        assert want["scope_words"] in node.text(), measure
    share = expected["legitimate_expression"]
    assert share["denominator"] > 0  # the comparison is not of empty figures
    assert "95% interval" in tree.css_first('[data-measure="legitimate_expression"]').text()


def test_report_is_reproducible_apart_from_the_generated_line(
    marked_sqlite: tuple[str, Engine],
) -> None:
    loaded = marked_sqlite[1]
    first = build_report(loaded, TODAY, generated_at=dt.datetime(2025, 6, 30, 9, 0))
    second = build_report(loaded, TODAY, generated_at=dt.datetime(2025, 7, 1, 10, 30))
    assert first.html != second.html
    assert without_generated_line(first.html) == without_generated_line(second.html)
    differing = [
        (a, b)
        for a, b in zip(first.html.splitlines(), second.html.splitlines(), strict=True)
        if a != b
    ]
    assert len(differing) == 1
    assert "Generated 2025-06-30 09:00:00 UTC" in differing[0][0]


def test_report_is_self_contained_with_inline_svg_charts(report_file: Path) -> None:
    html = report_file.read_text(encoding="utf-8")
    tree = HTMLParser(html)
    assert not tree.css("script[src], link[rel=stylesheet], img[src^=http], iframe")
    assert "@import" not in html
    charts = {n.attributes["id"]: n for n in tree.css("figure.chart")}
    assert set(charts) == {
        "chart-over-time",
        "chart-legitimate-expression",
        "chart-bail",
        "chart-detention",
        "chart-sentences",
    }
    for drawn in ("chart-over-time", "chart-legitimate-expression", "chart-sentences"):
        assert charts[drawn].css_first("svg") is not None, drawn
    # The bundled data records no bail decision and no remand: said in words, not drawn.
    for empty in ("chart-bail", "chart-detention"):
        assert charts[empty].css_first("svg") is None
        assert "Nothing to draw" in charts[empty].text()


def test_report_methodology_comes_from_the_data(
    report_file: Path, marked_sqlite: tuple[str, Engine]
) -> None:
    loaded = marked_sqlite[1]
    tree = HTMLParser(report_file.read_text(encoding="utf-8"))
    cb = bundled_codebook()
    assert tree.css_first("[data-codebook-version]").text() == cb.version
    assert tree.css_first("[data-codebook-hash]").text() == f"sha256:{cb.content_hash}"
    section = tree.css_first("#methodology").text()
    for question in cb.questions:
        assert question.id in section
    for instrument in cb.instruments:
        assert instrument.name in section
    data = gather(loaded, TODAY, "amnesty-2025")
    share = data.figure("legitimate_expression")
    assert share is not None
    assert tree.css_first("[data-single-coded]").text() == str(share.single_coded)
    assert tree.css_first("[data-drafts]").text() == str(share.basis.get("draft", 0))
    for fig in data.figures:
        assert fig.definition in section
        for reason in fig.excluded:
            assert reason in section
    assert tree.css_first('[data-agreement="none"]') is not None  # drafts only: no pairs


def test_report_lists_counted_defendants_and_withholds_sensitive_ones(
    report_file: Path, marked_sqlite: tuple[str, Engine]
) -> None:
    loaded = marked_sqlite[1]
    html = report_file.read_text(encoding="utf-8")
    assert scan(report_file.parent) == []
    lowered = html.lower()
    assert not any(m in lowered for m in MARKERS)
    tree = HTMLParser(html)
    rows = {int(r.attributes["data-prosecution"] or 0): r for r in tree.css("[data-prosecution]")}
    data = gather(loaded, TODAY, "amnesty-2025")
    counted = {cd for f in data.figures for cd in f.row_ids}
    assert set(rows) == counted
    planted = rows[1]
    cells = [c.text() for c in planted.css("td")]
    assert cells[1].startswith("[withheld] (defendant ")
    assert cells[2] == "HKSAR v [withheld] (HCCC 1/2099)"
    assert "withheld (sensitive defendant)" in cells[-1]
    assert not planted.css("a[href]")
    assert rows[2].css("a[href^=http]")  # an ordinary defendant's sources are linked


def test_report_appendix_has_the_claim_verdicts(report_file: Path) -> None:
    tree = HTMLParser(report_file.read_text(encoding="utf-8"))
    verdicts = [n.attributes["data-claim-verdict"] for n in tree.css("[data-claim-verdict]")]
    # Every stored claim has its verdict, and the press's 84.6% of 189 is among the
    # impossible ones.
    with_numbers = len(verdicts)
    assert with_numbers >= 30 and "inconsistent" in verdicts
    assert "cannot be a share of 189" in tree.css_first("#claims").text()
    assert "66 of 78" in tree.css_first("#published").text()


def _figure(measure: str, **kwargs: object) -> Figure:
    base: dict[str, object] = {
        "measure": measure,
        "title": measure,
        "scope": "amnesty-2025",
        "scope_words": "NSL; persons",
        "unit": "person",
        "as_of": None,
        "numerator": 0,
        "denominator": None,
        "value": None,
    }
    return Figure(**{**base, **kwargs})  # type: ignore[arg-type]


def test_bail_and_detention_charts_draw_when_there_is_data() -> None:
    denied = _figure(
        "bail_denied",
        numerator=9,
        denominator=10,
        value=0.9,
        interval=(0.6, 0.98),
        excluded={"no bail decision recorded": 3},
    )
    chart = bail(denied)
    assert chart is not None
    svg = to_svg(chart, "bail")
    assert svg.startswith('<svg role="img" aria-labelledby="bail-title" ')
    assert "granted bail" in svg
    stats = {"n": 5, "median": 11.0, "q1": 6.0, "q3": 14.0, "min": 2.0, "max": 30.0}
    held = _figure("pretrial_detention", numerator=5, value=11.0, stats=stats)
    chart = detention(held)
    assert chart is not None
    assert "all (n=5)" in to_svg(chart, "detention")
    assert detention(_figure("pretrial_detention", stats={"n": 0})) is None
    assert bail(_figure("bail_denied", denominator=0)) is None


def test_charts_render_the_same_twice(marked_sqlite: tuple[str, Engine]) -> None:
    data = gather(marked_sqlite[1], TODAY, "amnesty-2025")
    laws = ["NSL", "SNSO", "CAP200"]
    assert render_charts(data, laws) == render_charts(data, laws)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--as-of", "2025-13-01"), "--as-of must be a date"),
        (("--as-of", "2025-06-30", "--scope", "nope"), "unknown scope 'nope'"),
    ],
)
def test_report_command_errors(
    runner: CliRunner, db_url: str, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    code, _, stderr = invoke(runner, db_url, "report", *args, "--out", str(tmp_path / "r.html"))
    assert code == 1
    assert message in stderr
    assert not (tmp_path / "r.html").exists()
