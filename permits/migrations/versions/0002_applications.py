"""Applications, their route, goods lines and markings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("firm_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("permit_type", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("definition_version", sa.Integer(), nullable=False),
        sa.Column("responsible_full_name", sa.String(length=200), nullable=True),
        sa.Column("responsible_id_document_type", sa.String(length=32), nullable=True),
        sa.Column("responsible_id_document_number", sa.String(length=32), nullable=True),
        sa.Column("responsible_iin", sa.String(length=12), nullable=True),
        sa.Column("counterpart_country", sa.String(length=2), nullable=True),
        sa.Column("customs_point", sa.String(length=16), nullable=True),
        sa.Column("contract_reference", sa.String(length=100), nullable=True),
        sa.Column("end_user_name", sa.String(length=300), nullable=True),
        sa.Column("end_user_country", sa.String(length=2), nullable=True),
        sa.Column("end_user_address", sa.String(length=500), nullable=True),
        sa.Column("consignee_name", sa.String(length=300), nullable=True),
        sa.Column("consignee_country", sa.String(length=2), nullable=True),
        sa.Column("consignee_address", sa.String(length=500), nullable=True),
        sa.Column("reexport_of", sa.String(length=32), nullable=True),
        sa.Column("recommendation", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "permit_type IN ('import','export','transit','re_export')",
            name=op.f("ck_applications_permit_type"),
        ),
        sa.ForeignKeyConstraint(
            ["consignee_country"],
            ["countries.code"],
            name=op.f("fk_applications_consignee_country_countries"),
        ),
        sa.ForeignKeyConstraint(
            ["counterpart_country"],
            ["countries.code"],
            name=op.f("fk_applications_counterpart_country_countries"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_applications_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["customs_point"],
            ["customs_points.code"],
            name=op.f("fk_applications_customs_point_customs_points"),
        ),
        sa.ForeignKeyConstraint(
            ["end_user_country"],
            ["countries.code"],
            name=op.f("fk_applications_end_user_country_countries"),
        ),
        sa.ForeignKeyConstraint(
            ["firm_id"], ["firms.id"], name=op.f("fk_applications_firm_id_firms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_applications_firm_id"), ["firm_id"], unique=False)
        batch_op.create_index(
            "ix_applications_status_submitted", ["status", "submitted_at"], unique=False
        )

    op.create_table(
        "application_transit_countries",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_transit_countries_application_id_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["country_code"],
            ["countries.code"],
            name=op.f("fk_application_transit_countries_country_code_countries"),
        ),
        sa.PrimaryKeyConstraint(
            "application_id", "position", name=op.f("pk_application_transit_countries")
        ),
    )
    op.create_table(
        "goods_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("calibre", sa.String(length=50), nullable=False),
        sa.Column("manufacturer", sa.String(length=200), nullable=False),
        sa.Column("country_of_manufacture", sa.String(length=2), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("unit_value", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("hs_code", sa.String(length=10), nullable=False),
        sa.Column("in_state_register", sa.Boolean(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "category IN ('civilian','service')", name=op.f("ck_goods_lines_category")
        ),
        sa.CheckConstraint(
            "kind IN ('firearm','cartridges','parts')", name=op.f("ck_goods_lines_kind")
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_goods_lines_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_goods_lines_application_id_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["country_of_manufacture"],
            ["countries.code"],
            name=op.f("fk_goods_lines_country_of_manufacture_countries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goods_lines")),
        sa.UniqueConstraint(
            "application_id", "position", name=op.f("uq_goods_lines_application_id")
        ),
    )
    with op.batch_alter_table("goods_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_goods_lines_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "markings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goods_line_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["goods_line_id"],
            ["goods_lines.id"],
            name=op.f("fk_markings_goods_line_id_goods_lines"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_markings")),
        sa.UniqueConstraint("goods_line_id", "serial", name=op.f("uq_markings_goods_line_id")),
    )
    with op.batch_alter_table("markings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_markings_goods_line_id"), ["goods_line_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_markings_serial"), ["serial"], unique=False)


def downgrade() -> None:
    for table in ("markings", "goods_lines", "application_transit_countries", "applications"):
        op.drop_table(table)
