"""retention periods and archive offers

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02

The office's retention periods (newcomers after their last assignment, volunteers after
leaving, contacts without activity) join its settings with their defaults; the archive offers
(Archivangebot) record what was offered to the state archive, its answer and the
anonymisation that followed (crm.retention, crm.archive_offers).
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

PERIODS = (
    ("newcomer_retention_months", "24"),
    ("volunteer_retention_years", "3"),
    ("contact_retention_years", "5"),
)


def upgrade():
    with op.batch_alter_table("office_settings") as batch:
        for name, default in PERIODS:
            batch.add_column(
                sa.Column(name, sa.Integer(), nullable=False, server_default=sa.text(default))
            )
    op.create_table(
        "archive_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("section", sa.String(length=20), nullable=False),
        sa.Column("record_ids", sa.JSON(), nullable=False),
        sa.Column("answer", sa.String(length=32), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("anonymised_ids", sa.JSON(), nullable=True),
        sa.Column("left_out_ids", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_archive_offers_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_offers")),
    )
    op.create_index(op.f("ix_archive_offers_user_id"), "archive_offers", ["user_id"])
    op.create_index(op.f("ix_archive_offers_section"), "archive_offers", ["section"])


def downgrade():
    op.drop_index("ix_archive_offers_section", table_name="archive_offers")
    op.drop_index("ix_archive_offers_user_id", table_name="archive_offers")
    op.drop_table("archive_offers")
    with op.batch_alter_table("office_settings") as batch:
        for name, _default in reversed(PERIODS):
            batch.drop_column(name)
