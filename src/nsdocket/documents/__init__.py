"""Documents: judgments and reports turned into text, stored, linked, searched and cited.

The verbs: `document_text` (a file to text), `add_documents` (store files with their spans,
case links and proposals), `search`, `cite_passage` (a passage as evidence), and
`accept_proposal` / `reject_proposal` (a person decides on a fact read in a document).
"""

from __future__ import annotations

from nsdocket.documents.evidence import PassageError, cite_passage
from nsdocket.documents.proposals import (
    ProposalError,
    accept_proposal,
    list_proposals,
    reject_proposal,
)
from nsdocket.documents.search import Hit, search
from nsdocket.documents.store import (
    AddReport,
    add_documents,
    collect_files,
    document_detail,
    list_documents,
)
from nsdocket.documents.text import DEFAULT_MAX_BYTES, DocumentError, DocumentText, document_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "AddReport",
    "DocumentError",
    "DocumentText",
    "Hit",
    "PassageError",
    "ProposalError",
    "accept_proposal",
    "add_documents",
    "cite_passage",
    "collect_files",
    "document_detail",
    "document_text",
    "list_documents",
    "list_proposals",
    "reject_proposal",
    "search",
]
