"""The values that command help lists: case statuses, kinds, roles, the default scope, measures,
model-selection criteria.

They are copies of the library's constants, kept here so that building the commands (and so
`nsdocket --help`) does not import the database layer. tests/test_cli_startup.py fails when a
copy differs from the library's value.
"""

from __future__ import annotations

# nsdocket.queries.cases
CASE_STATUSES = ("concluded", "pending", "mixed", "not_charged", "unknown")
ENTITY_KINDS = ("person", "company", "organisation", "group")
# nsdocket.db.documents_schema
DOCUMENT_KINDS = ("judgment", "report", "news", "ngo", "government")
# nsdocket.db.lineage
LINK_KINDS = ("appeal", "review", "retrial")
LINK_STATUSES = ("linked", "proposed", "confirmed", "dismissed")
# nsdocket.db.auth_schema
ROLES = ("viewer", "coder", "reviewer", "admin")
# nsdocket.stats.scopes
DEFAULT_SCOPE = "amnesty-2025"
# nsdocket.stats.figures
ALL_MEASURES = (
    "arrested",
    "charged",
    "convicted",
    "acquitted",
    "legitimate_expression",
    "bail_denied",
    "sentence_months",
    "pretrial_detention",
)
# nsdocket.stats.estimate
CRITERIA = ("aic", "bic")
