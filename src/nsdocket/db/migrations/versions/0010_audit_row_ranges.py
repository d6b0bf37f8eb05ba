"""audit log: one entry may stand for many inserted rows (row_id .. row_id_last)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 15:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("row_id_last", sa.Integer(), nullable=True))
    op.create_index("ix_audit_rows_last", "audit_log", ["table_name", "row_id_last"])


def downgrade() -> None:
    # Entries for many rows are written out one per row first, so that nothing is lost (with
    # new ids, after every other entry: their time is still in `at`).
    connection = op.get_bind()
    audit = sa.table(
        "audit_log",
        sa.column("id", sa.Integer),
        sa.column("at", sa.DateTime),
        sa.column("actor", sa.Text),
        sa.column("action", sa.String),
        sa.column("table_name", sa.String),
        sa.column("row_id", sa.Integer),
        sa.column("row_id_last", sa.Integer),
        sa.column("before", sa.JSON),
        sa.column("after", sa.JSON),
        sa.column("batch", sa.Text),
        sa.column("reason", sa.Text),
    )
    many = connection.execute(sa.select(audit).where(audit.c.row_id_last.is_not(None))).all()
    for entry in many:
        columns, rows = entry.after["columns"], entry.after["rows"]
        connection.execute(
            audit.insert(),
            [
                {
                    "at": entry.at,
                    "actor": entry.actor,
                    "action": entry.action,
                    "table_name": entry.table_name,
                    "row_id": values[0],
                    "row_id_last": None,
                    "before": None,
                    "after": dict(zip(columns, values, strict=True)),
                    "batch": entry.batch,
                    "reason": entry.reason,
                }
                for values in rows
            ],
        )
        connection.execute(audit.delete().where(audit.c.id == entry.id))
    op.drop_index("ix_audit_rows_last", table_name="audit_log")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("row_id_last")
