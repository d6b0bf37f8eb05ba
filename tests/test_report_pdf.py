"""The PDF report renders: its first pages, converted to PNG with pdftoppm, are not blank."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from pypdf import PdfReader
from sqlalchemy import Engine
from typer.testing import CliRunner

from tests.conftest import invoke
from tests.test_release import MARKERS, plant_markers

PAGES = 3


@pytest.mark.slow
def test_pdf_report_renders_pages_that_are_not_blank(
    loaded: Engine, runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is missing: run `make publishing-deps` (Debian's poppler-utils)")
    plant_markers(loaded)
    out = tmp_path / "out"
    out.mkdir()
    day = dt.datetime.now(dt.UTC).date().isoformat()
    html, pdf = out / "report.html", out / "report.pdf"
    code, stdout, stderr = invoke(
        runner, db_url, "report", "--as-of", day, "--out", str(html), "--pdf", str(pdf)
    )
    assert code == 0, stderr
    assert f"wrote {pdf}" in stdout
    assert pdf.read_bytes().startswith(b"%PDF-")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", str(PAGES), str(pdf), str(out / "page")],
        check=True,
        timeout=120,
    )
    pages = sorted(out.glob("page-*.png"))
    assert len(pages) == PAGES
    for page in pages:
        image = Image.open(page).convert("L")
        stat = ImageStat.Stat(image)
        assert stat.stddev[0] > 10, f"{page.name} looks blank"
        dark = sum(image.histogram()[:128])
        assert dark > 0.005 * image.width * image.height, f"{page.name} has almost no ink"
    reader = PdfReader(pdf)
    text = "\n".join(p.extract_text() or "" for p in reader.pages).lower()
    for heading in ("headline figures", "charts", "methodology", "defendants counted"):
        assert heading in text
    assert "appendix a: claim checks" in text
    assert "[withheld]" in text
    assert not any(m in text for m in MARKERS)
