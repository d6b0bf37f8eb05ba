"""defendants: every name with its source (defendant_name), and the keys of merged defendants

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 15:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("defendant") as batch:
        batch.add_column(sa.Column("key_aliases", sa.JSON(), server_default="[]", nullable=False))
    op.create_table(
        "defendant_name",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "defendant_id",
            sa.Integer(),
            sa.ForeignKey("defendant.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("form", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("source.id"), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.UniqueConstraint("defendant_id", "form", "name_key", name="uq_defendant_name"),
    )
    op.create_index("ix_defendant_name_defendant_id", "defendant_name", ["defendant_id"])
    op.create_index("ix_defendant_name_name_key", "defendant_name", ["name_key"])


def downgrade() -> None:
    op.drop_index("ix_defendant_name_name_key", table_name="defendant_name")
    op.drop_index("ix_defendant_name_defendant_id", table_name="defendant_name")
    op.drop_table("defendant_name")
    if op.get_bind().dialect.name == "sqlite":
        # A batch rebuild would drop `defendant`, which every prosecution references; SQLite
        # (3.35+) drops an unindexed column in place.
        op.execute("ALTER TABLE defendant DROP COLUMN key_aliases")
    else:
        op.drop_column("defendant", "key_aliases")
