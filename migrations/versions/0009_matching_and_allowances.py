"""matching and allowances: who matched an assignment, whether it needs a car, office settings

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-02

An assignment records who matched it and when, and whether the volunteer needs a car; the
office keeps the rates and caps of the expense allowance in one row of settings.
"""
import sqlalchemy as sa
from alembic import op

from crm.search import install_index

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "office_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hourly_rate", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column("km_rate", sa.Numeric(precision=4, scale=2), nullable=False),
        sa.Column("yearly_hours_cap", sa.Integer(), nullable=False),
        sa.Column("yearly_allowance_cap", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "hourly_rate IS NULL OR hourly_rate >= 0",
            name=op.f("ck_office_settings_hourly_rate_not_negative"),
        ),
        sa.CheckConstraint(
            "km_rate IS NULL OR km_rate >= 0",
            name=op.f("ck_office_settings_km_rate_not_negative"),
        ),
        sa.CheckConstraint(
            "yearly_hours_cap IS NULL OR yearly_hours_cap >= 0",
            name=op.f("ck_office_settings_yearly_hours_cap_not_negative"),
        ),
        sa.CheckConstraint(
            "yearly_allowance_cap IS NULL OR yearly_allowance_cap >= 0",
            name=op.f("ck_office_settings_yearly_allowance_cap_not_negative"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_settings")),
    )
    with op.batch_alter_table("assignments") as batch:
        batch.add_column(
            sa.Column("needs_car", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("matched_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("matched_on", sa.Date(), nullable=True))
        batch.create_index(
            batch.f("ix_assignments_matched_by_id"), ["matched_by_id"], unique=False
        )
        batch.create_foreign_key(
            batch.f("fk_assignments_matched_by_id_users"),
            "users",
            ["matched_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("assignments") as batch:
        batch.alter_column("needs_car", server_default=None)
    op.create_index(
        "ix_assignments_status_volunteer_id", "assignments", ["status", "volunteer_id"]
    )
    install_index(op.get_bind(), ["assignments"])  # SQLite's batch dropped its triggers


def downgrade():
    op.drop_index("ix_assignments_status_volunteer_id", table_name="assignments")
    with op.batch_alter_table("assignments") as batch:
        batch.drop_constraint(batch.f("fk_assignments_matched_by_id_users"), type_="foreignkey")
        batch.drop_index(batch.f("ix_assignments_matched_by_id"))
        batch.drop_column("matched_on")
        batch.drop_column("matched_by_id")
        batch.drop_column("needs_car")
    install_index(op.get_bind(), ["assignments"])
    op.drop_table("office_settings")
