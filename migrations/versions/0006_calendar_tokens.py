"""calendar tokens, versioned training modules

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

The calendar feed is fetched by calendar programs without a login, by a secret per user kept
only as its hash; a training module's version becomes its calendar entry's SEQUENCE.
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "calendar_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_calendar_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_tokens_token_hash")),
        sa.UniqueConstraint("user_id", name=op.f("uq_calendar_tokens_user_id")),
    )
    with op.batch_alter_table("training_modules") as batch:
        batch.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )
    with op.batch_alter_table("training_modules") as batch:
        batch.alter_column("version", server_default=None)


def downgrade():
    with op.batch_alter_table("training_modules") as batch:
        batch.drop_column("version")
    op.drop_table("calendar_tokens")
