"""Tables for ingested documents: their text, the spans found in it, case links and proposals.

On the same ``metadata`` as the data tables, and audited like them. Each document is also a
``source`` row (matched by content hash), so a passage of it can be cited as ``evidence`` with
the offsets kept (``evidence.document_id``, ``span_start``, ``span_end``).

The full-text index is not a table here: migration ``0004`` creates it per backend (an SQLite
FTS5 table with the trigram tokenizer, kept in step by triggers; GIN indexes on PostgreSQL).
`is_search_index` names those objects so that schema comparisons leave them alone.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from nsdocket.db.schema import AUDITED_TABLES, metadata

DOCUMENT_KINDS = ("judgment", "report", "news", "ngo", "government")
LINK_STATUSES = ("linked", "ambiguous", "confirmed", "dismissed")
PROPOSAL_STATUSES = ("pending", "accepted", "rejected")

#: The SQLite FTS5 table over ``document`` (title, text) and the prefix of its shadow tables.
FTS_TABLE = "document_fts"
#: PostgreSQL indexes created by hand in migration 0004 (expression and trigram indexes).
PG_SEARCH_INDEXES = ("ix_document_text_tsv", "ix_document_text_trgm")


def _version() -> Column[int]:
    return Column("version", Integer, nullable=False, server_default="1")


document = Table(
    "document",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("source_id", ForeignKey("source.id"), nullable=False, index=True),
    Column("file_name", Text, nullable=False),
    Column("format", String(8), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("title", Text, nullable=False, server_default=""),
    Column("court", String(16), nullable=False, server_default=""),
    Column("year", Integer),
    Column("language", String(8), nullable=False, server_default=""),
    Column("size", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("added_at", DateTime, nullable=False),
    # Public documents (judgments, by default) can be searched and read by anyone.
    Column("public", Boolean, nullable=False, server_default="0"),
    _version(),
    Index("ix_document_kind_court_year", "kind", "court", "year"),
)

# One row per extracted span; offsets are code points into ``document.text``.
document_span = Table(
    "document_span",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "document_id", ForeignKey("document.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("kind", String(16), nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("fields", JSON, nullable=False),
    UniqueConstraint("document_id", "kind", "span_start", "span_end", name="uq_document_span"),
)

# A document names a case (by number or citation). ``span_id`` is the span that made the link;
# a number that matches several cases gives one ``ambiguous`` row per candidate, for review.
document_case = Table(
    "document_case",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "document_id", ForeignKey("document.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("case_id", ForeignKey("case.id"), nullable=False, index=True),
    Column("span_id", ForeignKey("document_span.id"), nullable=False),
    Column("matched", Text, nullable=False),
    Column("status", String(16), nullable=False),
    _version(),
    UniqueConstraint("document_id", "case_id", name="uq_document_case_pair"),
)

# A fact read in a document, offered as an update to a row; a person accepts or rejects it.
proposal = Table(
    "proposal",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "document_id", ForeignKey("document.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("span_id", ForeignKey("document_span.id"), nullable=False),
    Column("target_table", String(32), nullable=False),
    Column("target_id", Integer, nullable=False),
    Column("field", String(64), nullable=False),
    Column("value", Text, nullable=False),
    Column("basis", Text, nullable=False, server_default=""),
    # the passage (code points into document.text) quoted as evidence when it is accepted
    Column("passage_start", Integer, nullable=False),
    Column("passage_end", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("decided_at", DateTime),
    Column("decided_by", Text, nullable=False, server_default=""),
    _version(),
    UniqueConstraint(
        "document_id", "target_table", "target_id", "field", "value", name="uq_proposal_fact"
    ),
    Index("ix_proposal_status", "status"),
)

AUDITED_TABLES.update({t.name: t for t in (document, document_span, document_case, proposal)})


def is_search_index(name: str | None, type_: str) -> bool:
    """Whether a database object is part of the hand-made full-text index of migration 0004.

    Args:
        name: the object's name.
        type_: Alembic's object type (``table``, ``index``, ...).
    """
    if not name:
        return False
    if type_ == "table":
        return name == FTS_TABLE or name.startswith(f"{FTS_TABLE}_")
    return type_ == "index" and name in PG_SEARCH_INDEXES


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic ``include_object`` hook: leave the full-text index out of autogenerate."""
    return not (reflected and is_search_index(name, type_))
