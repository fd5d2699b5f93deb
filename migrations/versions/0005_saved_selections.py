"""saved mailing selections

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

Mailing lists (Verteiler) are kept by name as the criteria that select their people, so that
a list run again months later writes to today's people with today's consent.
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "saved_selections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_saved_selections_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_selections")),
        sa.UniqueConstraint("owner_id", "name", name=op.f("uq_saved_selections_owner_id")),
    )
    op.create_index(op.f("ix_saved_selections_owner_id"), "saved_selections", ["owner_id"])


def downgrade():
    op.drop_index("ix_saved_selections_owner_id", table_name="saved_selections")
    op.drop_table("saved_selections")
