"""Seed the countries (ISO 3166-1) and the Ministry's customs points.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from permits.domain.reference_data import country_rows, customs_point_rows

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

countries = sa.table(
    "countries",
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("requires_end_user_certificate", sa.Boolean),
)
customs_points = sa.table(
    "customs_points",
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("border_country", sa.String),
    sa.column("active", sa.Boolean),
)


def upgrade() -> None:
    connection = op.get_bind()
    present = {row[0] for row in connection.execute(sa.select(countries.c.code))}
    rows = [row for row in country_rows() if row["code"] not in present]
    if rows:
        op.bulk_insert(countries, rows)
    present = {row[0] for row in connection.execute(sa.select(customs_points.c.code))}
    rows = [row for row in customs_point_rows() if row["code"] not in present]
    if rows:
        op.bulk_insert(customs_points, rows)


def downgrade() -> None:
    # Reference rows may be in use by applications; they are kept.
    pass
