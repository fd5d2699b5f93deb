"""login failures, session generation of users

Revision ID: 0012
Revises: 0006
Create Date: 2026-12-02

Failed logins are counted in the database (every worker sees them) to pause an account or an
address after five; a user's session generation ends all of their sessions when counted up.
"""
import sqlalchemy as sa
from alembic import op

from crm.search import install_index

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("address", sa.String(length=45), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    with op.batch_alter_table("login_failures") as batch:
        batch.create_index(batch.f("ix_login_failures_at"), ["at"], unique=False)
        batch.create_index(batch.f("ix_login_failures_email"), ["email"], unique=False)
        batch.create_index(batch.f("ix_login_failures_address"), ["address"], unique=False)
    # A plain ADD COLUMN (SQLite can, with a default): a batch operation would rebuild the
    # table and drop the triggers of its search index.
    op.add_column(
        "users",
        sa.Column("session_generation", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_generation")
    install_index(op.get_bind(), ["users"])
    op.drop_table("login_failures")
