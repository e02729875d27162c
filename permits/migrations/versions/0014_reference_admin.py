"""Reference data administered: customs point kinds, embargo notes, versions for ETags

Customs points say whether they are a land border post, an airport or an inland post (of the
seeded posts without a neighbouring country, the ``-AIR`` ones are airports, the others
inland); countries get the admin's embargo notes; both get a version so that edits through
the API are guarded by If-Match.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("countries") as batch:
        batch.add_column(sa.Column("embargo_notes", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("customs_points") as batch:
        batch.add_column(sa.Column("kind", sa.String(10), nullable=False, server_default="border"))
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.execute(
        "UPDATE customs_points SET kind = CASE WHEN code LIKE '%-AIR' THEN 'airport' "
        "ELSE 'inland' END WHERE border_country IS NULL"
    )
    with op.batch_alter_table("customs_points") as batch:
        batch.create_check_constraint(
            batch.f("ck_customs_points_kind"), "kind IN ('border','airport','inland')"
        )


def downgrade() -> None:
    with op.batch_alter_table("customs_points") as batch:
        batch.drop_constraint(batch.f("ck_customs_points_kind"), type_="check")
        batch.drop_column("version")
        batch.drop_column("kind")
    with op.batch_alter_table("countries") as batch:
        batch.drop_column("version")
        batch.drop_column("embargo_notes")
