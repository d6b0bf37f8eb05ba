"""case lineage: links from a case to its appeal, review or retrial (case_link), and the
lineage columns of the prosecution facts

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-10 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_link",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("case.id"), nullable=False),
        sa.Column("later_case_id", sa.Integer(), sa.ForeignKey("case.id"), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("how", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("evidence", sa.Text(), server_default="", nullable=False),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("source.id"), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.UniqueConstraint("case_id", "later_case_id", name="uq_case_link_pair"),
    )
    op.create_index("ix_case_link_case_id", "case_link", ["case_id"])
    op.create_index("ix_case_link_later_case_id", "case_link", ["later_case_id"])
    with op.batch_alter_table("prosecution_facts") as batch:
        batch.add_column(sa.Column("superseded", sa.Boolean(), server_default="0", nullable=False))
        batch.add_column(sa.Column("lineage_root", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("lineage_order", sa.Integer(), server_default="0", nullable=False)
        )
        batch.add_column(
            sa.Column("lineage_steps", sa.Integer(), server_default="0", nullable=False)
        )
        batch.add_column(sa.Column("final_outcome", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("final_sentence_months", sa.Integer(), nullable=True))
    op.create_index(
        "ix_prosecution_facts_lineage",
        "prosecution_facts",
        ["lineage_root"],
        sqlite_where=sa.text("superseded = 1"),
        postgresql_where=sa.text("superseded"),
    )
    # Facts of the older definition are rebuilt on the next read (see nsdocket.db.facts).
    op.execute("DELETE FROM facts_meta")


def downgrade() -> None:
    op.drop_index("ix_prosecution_facts_lineage", table_name="prosecution_facts")
    with op.batch_alter_table("prosecution_facts") as batch:
        for name in (
            "final_sentence_months",
            "final_outcome",
            "lineage_steps",
            "lineage_order",
            "lineage_root",
            "superseded",
        ):
            batch.drop_column(name)
    op.drop_index("ix_case_link_later_case_id", table_name="case_link")
    op.drop_index("ix_case_link_case_id", table_name="case_link")
    op.drop_table("case_link")
