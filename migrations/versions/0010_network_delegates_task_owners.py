"""network delegates, tasks owned by users

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-02

A network's member organisations get their delegates, the people a new meeting starts with;
existing networks take them from their latest held meeting (who came for a member
organisation). A follow-up task may be owned by a Lotse user instead of a contact.
"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from crm.search import rebuild_index

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "network_delegates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_network_delegates_contact_id_contacts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["networks.id"],
            name=op.f("fk_network_delegates_network_id_networks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_network_delegates_organisation_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_delegates")),
        sa.UniqueConstraint(
            "network_id", "contact_id", name=op.f("uq_network_delegates_network_id")
        ),
    )
    with op.batch_alter_table("network_delegates") as batch:
        batch.create_index(batch.f("ix_network_delegates_contact_id"), ["contact_id"])
        batch.create_index(batch.f("ix_network_delegates_organisation_id"), ["organisation_id"])
    with op.batch_alter_table("follow_up_tasks") as batch:
        batch.add_column(sa.Column("owner_user_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_follow_up_tasks_owner_user_id"), ["owner_user_id"])
        batch.create_foreign_key(
            batch.f("fk_follow_up_tasks_owner_user_id_users"),
            "users",
            ["owner_user_id"],
            ["id"],
            ondelete="RESTRICT",
        )
    rebuild_index(op.get_bind(), ["follow_up_tasks"])  # SQLite's batch copy lost its triggers
    _delegates_from_latest_meetings()


def _delegates_from_latest_meetings():
    """Who came for a member organisation to a network's latest held meeting delegates it."""
    now = datetime.now(UTC)
    meetings = sa.table(
        "network_meetings",
        sa.column("id"),
        sa.column("network_id"),
        sa.column("starts_at", sa.DateTime(timezone=True)),
    )
    participants = sa.table(
        "meeting_participants",
        sa.column("meeting_id"),
        sa.column("contact_id"),
        sa.column("organisation_id"),
    )
    members = sa.table("network_members", sa.column("network_id"), sa.column("organisation_id"))
    delegates = sa.table(
        "network_delegates",
        sa.column("network_id"),
        sa.column("organisation_id"),
        sa.column("contact_id"),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    later = meetings.alias("later")
    latest = (
        sa.select(later.c.id)
        .where(later.c.network_id == meetings.c.network_id, later.c.starts_at < now)
        .order_by(later.c.starts_at.desc(), later.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    chosen = (
        sa.select(
            meetings.c.network_id,
            participants.c.organisation_id,
            participants.c.contact_id,
            sa.literal(now, sa.DateTime(timezone=True)),
            sa.literal(now, sa.DateTime(timezone=True)),
        )
        .select_from(meetings)
        .join(participants, participants.c.meeting_id == meetings.c.id)
        .join(
            members,
            sa.and_(
                members.c.network_id == meetings.c.network_id,
                members.c.organisation_id == participants.c.organisation_id,
            ),
        )
        .where(meetings.c.id == latest)
        .distinct()
    )
    op.execute(
        delegates.insert().from_select(
            ["network_id", "organisation_id", "contact_id", "created_at", "updated_at"], chosen
        )
    )


def downgrade():
    with op.batch_alter_table("follow_up_tasks") as batch:
        batch.drop_constraint(batch.f("fk_follow_up_tasks_owner_user_id_users"), type_="foreignkey")
        batch.drop_index(batch.f("ix_follow_up_tasks_owner_user_id"))
        batch.drop_column("owner_user_id")
    rebuild_index(op.get_bind(), ["follow_up_tasks"])
    op.drop_table("network_delegates")
