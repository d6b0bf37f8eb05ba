"""Offsets mean the user's text: `extract FILE --json` and `claims extract FILE --json` give
start and end as code points into the file's own text, so slicing the file gives the span."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nsdocket.cli.main import app

# Indented lines, a run of spaces, Windows line endings and blank lines: everything a
# whitespace-normalised copy would move.
TEXT = (
    "   HKSAR v Tong Ying Kit (HCCC 280/2020)\r\n\r\n\r\n"
    "\tOn 27 July 2021 the court convicted him under   article 21 of the NSL.\r\n"
    "    Of the 332 people arrested, 189 were convicted; 84.6% of 189 is no whole number.\r\n"
    "  他被判監9年。警方至今拘捕 332 人。\r\n"
)


def _run(*args: str, db: Path) -> object:
    # a database of its own: never the working folder's nsdocket.db
    result = CliRunner().invoke(app, ["--db", f"sqlite:///{db}", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def file(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    return path


def test_extract_offsets_index_the_file(file: Path) -> None:
    data = _run("extract", str(file), "--json", db=file.with_suffix(".db"))
    own = file.read_bytes().decode("utf-8")
    assert data["spans"], data  # type: ignore[index]
    for span in data["spans"]:  # type: ignore[index]
        assert own[span["start"] : span["end"]] == span["text"], span
    assert "file's own text" in data["offsets"]  # type: ignore[index]


def test_claims_extract_offsets_index_the_file(file: Path) -> None:
    rows = _run("claims", "extract", str(file), "--json", db=file.with_suffix(".db"))
    own = file.read_bytes().decode("utf-8")
    claims = rows["claims"] if isinstance(rows, dict) else rows  # type: ignore[index]
    assert claims
    for row in claims:
        claim = row.get("claim", row)
        assert own[claim["start"] : claim["end"]] == claim["text"], claim


def test_html_offsets_index_the_extracted_text(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><h1>Arrests</h1><p>Police   arrested <b>332</b> people.</p></body></html>",
        encoding="utf-8",
    )
    data = _run("extract", str(path), "--json", db=tmp_path / "page.db")
    assert "extracted from the HTML" in data["offsets"]  # type: ignore[index]
