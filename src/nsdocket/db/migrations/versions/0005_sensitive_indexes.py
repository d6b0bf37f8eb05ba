"""index the sensitive flag of defendants and sources

Every public page reads the few sensitive rows to withhold their names wherever they are
written; without an index that read scanned both tables (0.2 s a request at 1M defendants).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 16:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_defendant_sensitive", "defendant", ["sensitive"])
    op.create_index("ix_source_sensitive", "source", ["sensitive"])


def downgrade() -> None:
    op.drop_index("ix_source_sensitive", table_name="source")
    op.drop_index("ix_defendant_sensitive", table_name="defendant")
