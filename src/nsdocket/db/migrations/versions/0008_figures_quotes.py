"""official figures: remanded and on-bail totals and a quote; claims: a stated value and a quote

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("official_figure") as batch:
        batch.add_column(sa.Column("remanded", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("on_bail", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("quote", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("claim") as batch:
        batch.add_column(sa.Column("value", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("quote", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("quote")
        batch.drop_column("value")
    with op.batch_alter_table("official_figure") as batch:
        batch.drop_column("quote")
        batch.drop_column("on_bail")
        batch.drop_column("remanded")
