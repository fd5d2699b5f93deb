"""dismissed duplicate pairs

Revision ID: 0017
Revises: 0012
Create Date: 2026-12-02

Pairs of contacts (later organisations) marked „keine Dublette“ on the duplicates screen, so
they are never offered again (crm.duplicates).
"""
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "dismissed_duplicates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("second_id", sa.Integer(), nullable=False),
        sa.Column("dismissed_by", sa.Integer(), nullable=True),
        sa.Column("dismissed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dismissed_by"],
            ["users.id"],
            name=op.f("fk_dismissed_duplicates_dismissed_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dismissed_duplicates")),
        sa.UniqueConstraint(
            "kind", "first_id", "second_id", name=op.f("uq_dismissed_duplicates_kind")
        ),
    )
    with op.batch_alter_table("dismissed_duplicates") as batch:
        batch.create_index(batch.f("ix_dismissed_duplicates_first_id"), ["first_id"])
        batch.create_index(batch.f("ix_dismissed_duplicates_second_id"), ["second_id"])
        batch.create_index(batch.f("ix_dismissed_duplicates_dismissed_by"), ["dismissed_by"])


def downgrade():
    op.drop_table("dismissed_duplicates")
