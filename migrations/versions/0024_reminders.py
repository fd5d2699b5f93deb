"""e-mail reminders: digest choice per user, switches per network and office, the ledger

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02

Each user chooses the e-mail digest of what is due (empty: the role's default); networks and
the office switch the reminders to people outside; ``reminders_sent`` keeps which item of a
digest was sent to whom at which step, so that nothing goes twice (crm.reminders).
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMNs (SQLite can, with a default): a batch operation would rebuild the
    # tables and drop the triggers of their search index.
    op.add_column("users", sa.Column("digest", sa.String(length=32), nullable=True))
    op.add_column(
        "networks",
        sa.Column("remind_partners", sa.Boolean(), nullable=False, server_default=sa.true()),
    )
    for column in ("remind_partners", "remind_volunteers"):
        op.add_column(
            "office_settings",
            sa.Column(column, sa.Boolean(), nullable=False, server_default=sa.true()),
        )
    op.create_table(
        "reminders_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("item_key", sa.String(length=80), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_reminders_sent_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders_sent")),
        sa.UniqueConstraint("user_id", "item_key", "step", name=op.f("uq_reminders_sent_user_id")),
    )
    with op.batch_alter_table("reminders_sent") as batch:
        batch.create_index(batch.f("ix_reminders_sent_item_key"), ["item_key"])


def downgrade():
    from crm.search import install_index

    op.drop_table("reminders_sent")
    for column in ("remind_partners", "remind_volunteers"):
        with op.batch_alter_table("office_settings") as batch:
            batch.drop_column(column)
    with op.batch_alter_table("networks") as batch:
        batch.drop_column("remind_partners")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("digest")
    install_index(op.get_bind(), ["users", "networks"])
