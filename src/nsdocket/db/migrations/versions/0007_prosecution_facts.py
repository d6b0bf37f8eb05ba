"""per-prosecution facts maintained by every write, read by every figure

One row per prosecution (``prosecution_facts``) with what figures classify it by: outcome,
defendant kind, offences charged (a bit set), the date bounds of its events by kind and the
coded answers; ``facts_meta`` says which definition and codebook they were built with. The
table starts empty and is built in full the first time figures are asked for
(`nsdocket.db.facts.ensure_facts`); from then on every write keeps it current.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The event kinds as of this revision (a copy: later code may add kinds with a new revision).
KINDS = (
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


def _kind_columns(kind: str) -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column(f"{kind}_lo", sa.Date(), nullable=True),
        sa.Column(f"{kind}_hi", sa.Date(), nullable=True),
        sa.Column(f"{kind}_n", sa.Integer(), server_default="0", nullable=False),
        sa.Column(f"{kind}_undated", sa.Integer(), server_default="0", nullable=False),
        sa.Column(f"{kind}_imprecise", sa.Integer(), server_default="0", nullable=False),
        sa.Column(f"{kind}_slo", sa.Date(), nullable=True),
        sa.Column(f"{kind}_shi", sa.Date(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "prosecution_facts",
        sa.Column("cd_id", sa.Integer(), nullable=False),
        sa.Column("defendant_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("sentence_months", sa.Integer(), nullable=True),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("offence_bits", sa.BigInteger(), nullable=False),
        sa.Column("offence_overflow", sa.Boolean(), nullable=False),
        sa.Column("convicted_bits", sa.BigInteger(), nullable=False),
        *(c for kind in KINDS for c in _kind_columns(kind)),
        sa.Column("custody_end_lo", sa.Date(), nullable=True),
        sa.Column("custody_end_hi", sa.Date(), nullable=True),
        sa.Column("arrest_year", sa.String(length=16), nullable=False),
        sa.Column("verdict_year", sa.String(length=16), nullable=False),
        sa.Column("answer_final", sa.String(length=32), nullable=True),
        sa.Column("basis_final", sa.String(length=32), nullable=False),
        sa.Column("answer_draft", sa.String(length=32), nullable=True),
        sa.Column("basis_draft", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["cd_id"],
            ["case_defendant.id"],
            name=op.f("fk_prosecution_facts_cd_id_case_defendant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cd_id", name=op.f("pk_prosecution_facts")),
    )
    op.create_table(
        "facts_meta",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("codebook_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facts_meta")),
    )


def downgrade() -> None:
    op.drop_table("facts_meta")
    op.drop_table("prosecution_facts")
