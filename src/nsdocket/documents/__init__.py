"""Documents: turn judgment and report files (HTML, PDF, text) into text."""

from __future__ import annotations

from nsdocket.documents.text import DEFAULT_MAX_BYTES, DocumentError, DocumentText, document_text

__all__ = ["DEFAULT_MAX_BYTES", "DocumentError", "DocumentText", "document_text"]
