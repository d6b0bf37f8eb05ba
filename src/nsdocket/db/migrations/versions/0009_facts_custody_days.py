"""prosecution facts: custody in whole days, and an index of the rows a figure by person groups

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 15:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("prosecution_facts") as batch:
        batch.add_column(sa.Column("custody_days_short", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("custody_days_long", sa.Integer(), nullable=True))
    op.create_index(
        "ix_prosecution_facts_shared",
        "prosecution_facts",
        ["defendant_id"],
        sqlite_where=sa.text("shared = 1"),
        postgresql_where=sa.text("shared"),
    )
    # Facts of the older definition are rebuilt on the next read (see nsdocket.db.facts).
    op.execute("DELETE FROM facts_meta")


def downgrade() -> None:
    op.drop_index("ix_prosecution_facts_shared", table_name="prosecution_facts")
    with op.batch_alter_table("prosecution_facts") as batch:
        batch.drop_column("custody_days_long")
        batch.drop_column("custody_days_short")
