"""The report as PDF, laid out by WeasyPrint from the same HTML (A4, page numbers)."""

from __future__ import annotations

from pathlib import Path


def write_pdf(html: str, path: Path) -> None:
    """Render report HTML to a PDF file.

    WeasyPrint is imported here, not at module level: it loads Pango, which only the PDF
    needs (``make publishing-deps`` installs it on Debian).
    """
    from weasyprint import HTML

    HTML(string=html).write_pdf(str(path))
