"""one-time login links, a clearer name for the age flag, public documents

- ``login_link``: a one-time, expiring link that signs the first admin in, so that no password
  is printed where logs and scrollback keep it (only a SHA-256 of the token is stored).
- ``defendant.age_at_arrest`` held true/false, not an age: it is now ``age_is_at_arrest``
  (the age in ``age`` was the defendant's age at arrest).
- ``document.public``: judgments are public documents; a public document can be searched and
  read by anyone (names the public view withholds are withheld in it too).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_login_link_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_login_link_token_hash")),
    )
    # Both SQLite (3.25+) and PostgreSQL rename a column in place, indexes and all.
    op.execute("ALTER TABLE defendant RENAME COLUMN age_at_arrest TO age_is_at_arrest")
    op.add_column("document", sa.Column("public", sa.Boolean(), server_default="0", nullable=False))
    op.execute("UPDATE document SET public = (kind = 'judgment')")


def downgrade() -> None:
    op.drop_column("document", "public")
    op.execute("ALTER TABLE defendant RENAME COLUMN age_is_at_arrest TO age_at_arrest")
    op.drop_table("login_link")
