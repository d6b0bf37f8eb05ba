"""The tables of the maintained facts: one row per prosecution, and what they were built with.

Derived tables: every row is worked out again from the data tables (`nsdocket.db.facts` says
how and when); they are never dumped or audited.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Boolean, Column, Date, ForeignKey, Index, Integer, String, Table
from sqlalchemy import text as sql_text

from nsdocket.db.schema import metadata

#: Event kinds whose dates the facts keep.
FACT_KINDS = (
    "arrest",
    "charge",
    "bail_granted",
    "bail_denied",
    "bail_revoked",
    "remand",
    "plea",
    "verdict",
    "sentence",
    "release",
    "appeal",
)
#: The event kinds that decide a prosecution (at trial, or at a later step of its lineage).
DECISION_KINDS = ("verdict", "sentence")
#: Tables that hold nothing of their own: worked out again from the rest, never dumped.
DERIVED_TABLES = ("prosecution_facts", "facts_meta")
#: The lineage columns: left to their defaults by the statement that builds a facts row, then
#: set for the prosecutions of linked cases (`nsdocket.db.facts_lineage`).
LINEAGE_COLUMNS = (
    "superseded",
    "lineage_root",
    "lineage_order",
    "lineage_steps",
    "final_outcome",
    "final_sentence_months",
)


def kind_columns(kind: str) -> list[Column[Any]]:
    """The columns that keep the dates of one event kind (see `nsdocket.db.facts`)."""
    return [
        Column(f"{kind}_lo", Date),
        Column(f"{kind}_hi", Date),
        Column(f"{kind}_n", Integer, nullable=False, server_default="0"),
        Column(f"{kind}_undated", Integer, nullable=False, server_default="0"),
        Column(f"{kind}_imprecise", Integer, nullable=False, server_default="0"),
        Column(f"{kind}_slo", Date),
        Column(f"{kind}_shi", Date),
    ]


prosecution_facts = Table(
    "prosecution_facts",
    metadata,
    Column("cd_id", ForeignKey("case_defendant.id", ondelete="CASCADE"), primary_key=True),
    Column("defendant_id", Integer, nullable=False),
    Column("case_id", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("sentence_months", Integer),
    # the defendant has other prosecutions: a figure by person must group them
    Column("shared", Boolean, nullable=False),
    Column("offence_bits", BigInteger, nullable=False),
    Column("offence_overflow", Boolean, nullable=False),
    # offences with a convicted charge (for sentence lengths by offence)
    Column("convicted_bits", BigInteger, nullable=False),
    *(c for kind in FACT_KINDS for c in kind_columns(kind)),
    # the first verdict or release on or after the first dated remand: the end of pre-trial
    # custody (None: no remand, or no end recorded yet)
    Column("custody_end_lo", Date),
    Column("custody_end_hi", Date),
    # the year a unit is placed in by the breakdowns: of the first arrest, of the first
    # verdict or sentence ('undated', 'year uncertain' when the bounds span two years)
    Column("arrest_year", String(16), nullable=False),
    Column("verdict_year", String(16), nullable=False),
    Column("answer_final", String(32)),
    Column("basis_final", String(32), nullable=False),
    Column("answer_draft", String(32)),
    Column("basis_draft", String(32), nullable=False),
    # whole days from the first remand to the end of custody: the shortest and the longest
    # the partial dates allow (None without both ends)
    Column("custody_days_short", Integer),
    Column("custody_days_long", Integer),
    # Lineage (`nsdocket.db.lineage`). A later step of a prosecution (its appeal, a review of
    # its sentence, a retrial) is `superseded`: figures leave it out and count its first
    # instance, the root, whose row it names in `lineage_root`; `lineage_order` places it
    # among the root's steps (1, 2, ...). The root holds how many of its steps decided
    # something (a verdict or sentence recorded) and the outcome and sentence they left.
    Column("superseded", Boolean, nullable=False, server_default="0"),
    Column("lineage_root", Integer),
    Column("lineage_order", Integer, nullable=False, server_default="0"),
    Column("lineage_steps", Integer, nullable=False, server_default="0"),
    Column("final_outcome", String(32)),
    Column("final_sentence_months", Integer),
    # the rows a figure by person groups (few), found without reading the others
    Index(
        "ix_prosecution_facts_shared",
        "defendant_id",
        sqlite_where=sql_text("shared = 1"),
        postgresql_where=sql_text("shared"),
    ),
    # the later steps of a root (few), found without reading the others
    Index(
        "ix_prosecution_facts_lineage",
        "lineage_root",
        sqlite_where=sql_text("superseded = 1"),
        postgresql_where=sql_text("superseded"),
    ),
)

facts_meta = Table(
    "facts_meta",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("codebook_id", Integer),
)
