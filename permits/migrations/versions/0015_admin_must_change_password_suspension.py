"""Users an admin reset must change their password; a firm's licence can be suspended

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("firms", sa.Column("licence_suspended_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column("firms", "licence_suspended_at")
    op.drop_column("users", "must_change_password")
