"""Reports: headline figures, charts, methodology, the defendants counted and claim checks,
as one self-contained HTML file and as PDF."""

from nsdocket.report.data import ReportData, gather
from nsdocket.report.html import (
    Report,
    build_report,
    render_html,
    without_generated_line,
    write_html,
)
from nsdocket.report.pdf import write_pdf

__all__ = [
    "Report",
    "ReportData",
    "build_report",
    "gather",
    "render_html",
    "without_generated_line",
    "write_html",
    "write_pdf",
]
