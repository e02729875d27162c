"""The State register of weapon models, imported from files as versions

Each entry gets its category, country of manufacture and a unique register number (entries
made before without one are numbered ``UNNUMBERED-<id>``); a model taken off the register keeps
its row with ``date_removed``. The same manufacturer, model and calibre may come back under a
new number after a removal, so that triple is no longer unique. Goods lines remember the entry
they matched (filled here for the lines that matched one). Each import of the register from a
file is recorded as a version.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FOREIGN_KEY = "fk_goods_lines_weapon_model_id_weapon_models"
MATCHING_ENTRY = """
UPDATE goods_lines SET weapon_model_id = (
    SELECT w.id FROM weapon_models w
    WHERE lower(w.manufacturer) = lower(goods_lines.manufacturer)
      AND lower(w.model) = lower(goods_lines.model)
      AND lower(w.calibre) = lower(goods_lines.calibre)
    ORDER BY w.id LIMIT 1
) WHERE in_state_register
"""


def upgrade() -> None:
    op.execute(
        "UPDATE weapon_models SET register_number = 'UNNUMBERED-' || CAST(id AS VARCHAR(20)) "
        "WHERE register_number IS NULL"
    )
    with op.batch_alter_table("weapon_models", schema=None) as batch_op:
        batch_op.drop_constraint("uq_weapon_models_manufacturer", type_="unique")
        batch_op.alter_column("registered_on", new_column_name="date_added")
        batch_op.alter_column("register_number", existing_type=sa.String(50), nullable=False)
        batch_op.add_column(sa.Column("category", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("country_of_manufacture", sa.String(2), nullable=True))
        batch_op.add_column(sa.Column("date_removed", sa.Date(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_weapon_models_register_number"), ["register_number"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_weapon_models_country_of_manufacture_countries"),
            "countries",
            ["country_of_manufacture"],
            ["code"],
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_weapon_models_kind"), "kind IN ('firearm','cartridges','parts')"
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_weapon_models_category"), "category IN ('civilian','service')"
        )
    _goods_line_entry()
    op.execute(MATCHING_ENTRY)
    op.create_table(
        "register_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source_name", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Integer(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.Column("loaded_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_versions")),
        sa.UniqueConstraint("version", name=op.f("uq_register_versions_version")),
    )


def _goods_line_entry() -> None:
    # SQLite can only add this column without rebuilding goods_lines, and a rebuild would drop
    # a table the markings and permit lines refer to: so the column names its key inline there.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE goods_lines ADD COLUMN weapon_model_id INTEGER CONSTRAINT "
            f"{FOREIGN_KEY} REFERENCES weapon_models (id)"
        )
    else:
        op.add_column("goods_lines", sa.Column("weapon_model_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            FOREIGN_KEY, "goods_lines", "weapon_models", ["weapon_model_id"], ["id"]
        )
    op.create_index(op.f("ix_goods_lines_weapon_model_id"), "goods_lines", ["weapon_model_id"])


def downgrade() -> None:
    op.drop_table("register_versions")
    op.drop_index(op.f("ix_goods_lines_weapon_model_id"), table_name="goods_lines")
    if op.get_bind().dialect.name == "sqlite":
        # Dropping the column drops its inline key (SQLite 3.35+), without a rebuild.
        op.execute("ALTER TABLE goods_lines DROP COLUMN weapon_model_id")
    else:
        op.drop_constraint(FOREIGN_KEY, "goods_lines", type_="foreignkey")
        op.drop_column("goods_lines", "weapon_model_id")
    with op.batch_alter_table("weapon_models", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_weapon_models_category"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_weapon_models_kind"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_weapon_models_country_of_manufacture_countries"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("uq_weapon_models_register_number"), type_="unique")
        batch_op.drop_column("date_removed")
        batch_op.drop_column("country_of_manufacture")
        batch_op.drop_column("category")
        batch_op.alter_column("register_number", existing_type=sa.String(50), nullable=True)
        batch_op.alter_column("date_added", new_column_name="registered_on")
        batch_op.create_unique_constraint(
            batch_op.f("uq_weapon_models_manufacturer"), ["manufacturer", "model", "calibre"]
        )
