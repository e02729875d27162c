"""Permits, their goods lines and the per-type numbering.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 02:23:02.638734
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "permit_counters",
        sa.Column("permit_type", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("permit_type", "year", name=op.f("pk_permit_counters")),
    )
    op.create_table(
        "permits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("permit_type", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("firm_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("customs_point", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('active','suspended','revoked','expired','exhausted')",
            name=op.f("ck_permits_status"),
        ),
        sa.CheckConstraint("valid_until >= valid_from", name=op.f("ck_permits_validity_order")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_permits_application_id_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["customs_point"],
            ["customs_points.code"],
            name=op.f("fk_permits_customs_point_customs_points"),
        ),
        sa.ForeignKeyConstraint(["firm_id"], ["firms.id"], name=op.f("fk_permits_firm_id_firms")),
        sa.ForeignKeyConstraint(
            ["issued_by_id"], ["users.id"], name=op.f("fk_permits_issued_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permits")),
        sa.UniqueConstraint("application_id", name=op.f("uq_permits_application_id")),
        sa.UniqueConstraint("number", name=op.f("uq_permits_number")),
        sa.UniqueConstraint("permit_type", "year", "sequence", name=op.f("uq_permits_permit_type")),
    )
    with op.batch_alter_table("permits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_permits_firm_id"), ["firm_id"], unique=False)

    op.create_table(
        "permit_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("permit_id", sa.Integer(), nullable=False),
        sa.Column("goods_line_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("quantity_shipped", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "quantity_shipped >= 0 AND quantity_shipped <= quantity",
            name=op.f("ck_permit_lines_shipped"),
        ),
        sa.ForeignKeyConstraint(
            ["goods_line_id"],
            ["goods_lines.id"],
            name=op.f("fk_permit_lines_goods_line_id_goods_lines"),
        ),
        sa.ForeignKeyConstraint(
            ["permit_id"], ["permits.id"], name=op.f("fk_permit_lines_permit_id_permits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permit_lines")),
        sa.UniqueConstraint("goods_line_id", name=op.f("uq_permit_lines_goods_line_id")),
    )
    with op.batch_alter_table("permit_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_permit_lines_permit_id"), ["permit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("permit_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_permit_lines_permit_id"))

    op.drop_table("permit_lines")
    with op.batch_alter_table("permits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_permits_firm_id"))

    op.drop_table("permits")
    op.drop_table("permit_counters")
