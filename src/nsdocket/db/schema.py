"""The database schema, one SQLAlchemy Core table per entity.

Alembic migrations in ``migrations/`` create and evolve these tables; this module is what the
code reads and writes through. Every mutable row carries a ``version`` so that an edit based on
a stale copy can be refused instead of silently overwriting someone else's change.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)


def _version() -> Column[int]:
    return Column("version", Integer, nullable=False, server_default="1")


jurisdiction = Table(
    "jurisdiction",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("name", Text, nullable=False),
)

law = Table(
    "law",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("jurisdiction_id", ForeignKey("jurisdiction.id"), nullable=False),
    Column("code", String(32), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("short_name", Text, nullable=False),
    Column("in_force", String(32)),
    Column("national_security", Boolean, nullable=False),
)

offence = Table(
    "offence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("law_id", ForeignKey("law.id"), nullable=False),
    Column("provision", String(32), nullable=False),
    Column("name", Text, nullable=False),
    Column("category", String(32), nullable=False),
    Column("national_security", Boolean, nullable=False),
    UniqueConstraint("law_id", "provision", name="uq_offence_law_provision"),
)

case = Table(
    "case",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("jurisdiction_id", ForeignKey("jurisdiction.id"), nullable=False),
    Column("case_key", Text, nullable=False, unique=True),
    Column("key_aliases", JSON, nullable=False),
    Column("title", Text, nullable=False),
    Column("case_numbers", Text, nullable=False, server_default=""),
    Column("citations", Text, nullable=False, server_default=""),
    Column("court", Text, nullable=False, server_default=""),
    Column("status", String(32), nullable=False),
    Column("notes", Text, nullable=False, server_default=""),
    _version(),
)

defendant = Table(
    "defendant",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False, index=True),
    Column("name_original", Text, nullable=False),
    Column("name_zh", Text, nullable=False, server_default=""),
    Column("aliases", JSON, nullable=False),
    Column("age", Integer),
    # True when `age` is the age at arrest (not at sentencing or when reported).
    # True when `age` is the age at arrest (not at sentencing, nor when a report was written).
    Column("age_is_at_arrest", Boolean, nullable=False, server_default="0"),
    Column("minor", Boolean, nullable=False, server_default="0"),
    Column("group_size", Integer),
    Column("sensitive", Boolean, nullable=False, server_default="0", index=True),
    Column("notes", Text, nullable=False, server_default=""),
    # name keys of defendants merged into this one (`nsdocket defendants merge`): an import
    # naming one of them fills this defendant instead of recreating the other
    Column("key_aliases", JSON, nullable=False, server_default="[]"),
    _version(),
)

# Every name a defendant is known by, each with where it was found: the name as reported in
# English, the Chinese name, aliases, other romanisations.
defendant_name = Table(
    "defendant_name",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("defendant_id", ForeignKey("defendant.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False, index=True),
    # reported (the English name as a source gives it), chinese, alias, romanised
    Column("form", String(16), nullable=False),
    Column("source_id", ForeignKey("source.id")),
    Column("note", Text, nullable=False, server_default=""),
    _version(),
    UniqueConstraint("defendant_id", "form", "name_key", name="uq_defendant_name"),
)  # fmt: skip

case_defendant = Table(
    "case_defendant",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("case.id"), nullable=False, index=True),
    Column("defendant_id", ForeignKey("defendant.id"), nullable=False, index=True),
    Column("seed_row_id", String(64)),
    Column("seed_part", Integer, nullable=False, server_default="0"),
    Column("plea", Text, nullable=False, server_default=""),
    Column("outcome", String(32), nullable=False),
    Column("verdict_text", Text, nullable=False, server_default=""),
    Column("sentence_text", Text, nullable=False, server_default=""),
    Column("sentence_months", Integer),
    Column("appeal_text", Text, nullable=False, server_default=""),
    Column("conduct_summary", Text, nullable=False, server_default=""),
    Column("violence_alleged", Text, nullable=False, server_default=""),
    Column("first_pass_label", Text, nullable=False, server_default=""),
    Column("notes", Text, nullable=False, server_default=""),
    _version(),
    UniqueConstraint("seed_row_id", "seed_part", name="uq_case_defendant_seed"),
    UniqueConstraint("case_id", "defendant_id", name="uq_case_defendant_pair"),
)

charge = Table(
    "charge",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_defendant_id", ForeignKey("case_defendant.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("law_id", ForeignKey("law.id")),
    Column("offence_id", ForeignKey("offence.id"), index=True),
    Column("inchoate", String(32), nullable=False, server_default=""),
    Column("count", Integer, nullable=False, server_default="1"),
    Column("alternative", Boolean, nullable=False, server_default="0"),
    Column("outcome", String(32), nullable=False),
    _version(),
    UniqueConstraint("case_defendant_id", "position", name="uq_charge_position"),
)

event = Table(
    "event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_defendant_id", ForeignKey("case_defendant.id"), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("position", Integer, nullable=False, server_default="0"),
    Column("date_edtf", String(64)),
    Column("date_lower", Date),
    Column("date_upper", Date),
    Column("date_note", Text, nullable=False, server_default=""),
    Column("detail", Text, nullable=False, server_default=""),
    Column("sentence_months", Integer),
    _version(),
    UniqueConstraint("case_defendant_id", "kind", "position", name="uq_event_slot"),
    Index("ix_event_kind_lower", "kind", "date_lower"),
)

source = Table(
    "source",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_key", Text, nullable=False, unique=True),
    Column("url", Text),
    Column("title", Text, nullable=False, server_default=""),
    Column("publisher", Text, nullable=False, server_default=""),
    Column("kind", String(32), nullable=False, server_default="news"),
    Column("content_hash", String(64)),
    Column("sensitive", Boolean, nullable=False, server_default="0", index=True),
    Column("note", Text, nullable=False, server_default=""),
    _version(),
)

evidence = Table(
    "evidence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", ForeignKey("source.id"), nullable=False, index=True),
    Column("target_table", String(32), nullable=False),
    Column("target_id", Integer, nullable=False),
    Column("field", String(64), nullable=False, server_default=""),
    Column("asserted_value", Text),
    Column("quote", Text, nullable=False, server_default=""),
    # a passage of an ingested document (nsdocket.db.documents_schema): code-point offsets
    Column("document_id", ForeignKey("document.id")),
    Column("span_start", Integer),
    Column("span_end", Integer),
    _version(),
    UniqueConstraint("source_id", "target_table", "target_id", "field", name="uq_evidence_link"),
    Index("ix_evidence_target", "target_table", "target_id"),
)

# One step of a prosecution's lineage: ``later_case_id`` (an appeal, a review of sentence, a
# retrial) follows ``case_id``. A defendant's prosecutions in linked cases are one prosecution
# (see `nsdocket.db.lineage`). Links found in a case number are applied (``linked``), links that
# rest on less are ``proposed`` until a person confirms or dismisses them.
case_link = Table(
    "case_link",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("case.id"), nullable=False, index=True),
    Column("later_case_id", ForeignKey("case.id"), nullable=False, index=True),
    # appeal, review (of sentence), retrial
    Column("kind", String(16), nullable=False),
    # what the link was found by: case_number, citation, or manual (made by a person)
    Column("how", String(16), nullable=False),
    # linked, proposed, confirmed, dismissed
    Column("status", String(16), nullable=False),
    # the words that made it ("HCCC 69/2022 in the title of case 12")
    Column("evidence", Text, nullable=False, server_default=""),
    # the judgment (a document's source row) or other source it was read in
    Column("source_id", ForeignKey("source.id")),
    Column("note", Text, nullable=False, server_default=""),
    _version(),
    UniqueConstraint("case_id", "later_case_id", name="uq_case_link_pair"),
)

official_figure = Table(
    "official_figure",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("as_of", Date, nullable=False),
    Column("publisher", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("scope", Text, nullable=False),
    Column("arrested", Integer),
    Column("charged", Integer),
    Column("convicted", Integer),
    Column("remanded", Integer),
    Column("on_bail", Integer),
    Column("note", Text, nullable=False, server_default=""),
    # the figures as the source words them, for when its address may not last
    Column("quote", Text, nullable=False, server_default=""),
    Column("source_id", ForeignKey("source.id")),
    _version(),
    UniqueConstraint("as_of", "publisher", "scope", name="uq_official_figure_key"),
)

claim = Table(
    "claim",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("publisher", Text, nullable=False),
    Column("date_edtf", String(64)),
    Column("date_lower", Date),
    Column("text", Text, nullable=False),
    Column("numerator", Integer),
    Column("denominator", Integer),
    Column("percent", String(16)),
    # a stated value that is neither a count nor a share ("an average of 11 months")
    Column("value", String(32)),
    Column("scope_text", Text, nullable=False, server_default=""),
    Column("quote", Text, nullable=False, server_default=""),
    Column("source_id", ForeignKey("source.id")),
    Column("verdict", String(32)),
    Column("verdict_reason", Text, nullable=False, server_default=""),
    Column("checked_figure", JSON),
    Column("checked_at", DateTime),
    _version(),
    UniqueConstraint("publisher", "date_edtf", "text", name="uq_claim_key"),
)

codebook = Table(
    "codebook",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(64), nullable=False),
    Column("version", String(32), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("definition", JSON, nullable=False),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("key", "version", name="uq_codebook_key_version"),
)

coding = Table(
    "coding",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_defendant_id", ForeignKey("case_defendant.id"), nullable=False, index=True),
    Column("codebook_id", ForeignKey("codebook.id"), nullable=False),
    Column("coder", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("finalised_at", DateTime),
    _version(),
    UniqueConstraint("case_defendant_id", "codebook_id", "coder", name="uq_coding_unit_coder"),
)

# One row per answer value: a multi question has one row per chosen value; charge-level
# answers name the charge. Normalised so that figures can be computed in SQL on any backend.
coding_answer = Table(
    "coding_answer",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("coding_id", ForeignKey("coding.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("question", String(64), nullable=False),
    Column("charge_id", ForeignKey("charge.id")),
    Column("value", Text, nullable=False),
    Index("ix_coding_answer_question_value", "question", "value"),
)

adjudication = Table(
    "adjudication",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_defendant_id", ForeignKey("case_defendant.id"), nullable=False, index=True),
    Column("codebook_id", ForeignKey("codebook.id"), nullable=False),
    Column("question", String(64), nullable=False),
    Column("answer", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("reviewer", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    _version(),
    UniqueConstraint(
        "case_defendant_id", "codebook_id", "question", name="uq_adjudication_unit_question"
    ),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(16), nullable=False),
    Column("table_name", String(64), nullable=False),
    Column("row_id", Integer, nullable=False),
    # an entry for many inserted rows: the last id it covers (row_id is the first)
    Column("row_id_last", Integer),
    Column("before", JSON),
    Column("after", JSON),
    Column("batch", Text, nullable=False, server_default=""),
    Column("reason", Text, nullable=False, server_default=""),
    Index("ix_audit_row", "table_name", "row_id"),
    Index("ix_audit_rows_last", "table_name", "row_id_last"),
)

AUDITED_TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        jurisdiction,
        law,
        offence,
        case,
        case_link,
        defendant,
        defendant_name,
        case_defendant,
        charge,
        event,
        source,
        evidence,
        official_figure,
        claim,
        codebook,
        coding,
        coding_answer,
        adjudication,
    )
}
