"""volunteer status history, exit reasons, areas that need a clearance

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-02

Status changes are recorded with their date so that the history and the figures for funders
(active, new, left) can be counted; every existing volunteer gets one entry for the status it
has today, dated when it began. Reasons for leaving and the areas of work that need a
clearance certificate (§ 72a SGB VIII) are short lists the office edits, seeded here.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from crm.search import install_index

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

EXIT_REASONS = ("umgezogen", "keine Zeit mehr", "Beruf", "Sonstiges")
# Beyond Kinder/Jugend, which always needs one: where volunteers meet children most.
CLEARANCE_AREAS = ("schule_kita",)


def _stamps():
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("updated_by", sa.Integer(), nullable=True),
    ]


def upgrade():
    op.create_table(
        "exit_reasons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exit_reasons")),
        sa.UniqueConstraint("name", name=op.f("uq_exit_reasons_name")),
    )
    op.create_index(op.f("ix_exit_reasons_position"), "exit_reasons", ["position"])
    op.create_table(
        "clearance_areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=32), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clearance_areas")),
        sa.UniqueConstraint("area", name=op.f("uq_clearance_areas_area")),
    )
    op.create_table(
        "volunteer_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("previous_status", sa.String(length=32), nullable=True),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("exit_reason_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["exit_reason_id"],
            ["exit_reasons.id"],
            name=op.f("fk_volunteer_status_changes_exit_reason_id_exit_reasons"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteers.id"],
            name=op.f("fk_volunteer_status_changes_volunteer_id_volunteers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_status_changes")),
    )
    with op.batch_alter_table("volunteer_status_changes") as batch:
        batch.create_index(batch.f("ix_volunteer_status_changes_volunteer_id"), ["volunteer_id"])
        batch.create_index(batch.f("ix_volunteer_status_changes_changed_on"), ["changed_on"])
        batch.create_index(
            batch.f("ix_volunteer_status_changes_exit_reason_id"), ["exit_reason_id"]
        )
    _add_volunteer_columns()
    _seed()
    _record_current_status()


def _add_volunteer_columns():
    """paused_until and exit_reason_id on volunteers. SQLite adds a foreign key only by
    rebuilding the table, and dropping the old one would delete (or be refused) what points to
    it: foreign keys are off while it is rebuilt, and its search triggers are put back."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        with op.get_context().autocommit_block():
            op.execute("PRAGMA foreign_keys=OFF")
    with op.batch_alter_table("volunteers") as batch:
        batch.add_column(sa.Column("paused_until", sa.Date(), nullable=True))
        batch.add_column(sa.Column("exit_reason_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_volunteers_exit_reason_id_exit_reasons"),
            "exit_reasons",
            ["exit_reason_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch.create_index(batch.f("ix_volunteers_paused_until"), ["paused_until"])
        batch.create_index(batch.f("ix_volunteers_exit_reason_id"), ["exit_reason_id"])
    if sqlite:
        install_index(op.get_bind(), ["volunteers"])
        with op.get_context().autocommit_block():
            op.execute("PRAGMA foreign_keys=ON")


def _seed():
    now = datetime.now(UTC)
    stamps = {"created_at": now, "updated_at": now}
    reasons = sa.table(
        "exit_reasons", sa.column("name"), sa.column("position"),
        sa.column("created_at"), sa.column("updated_at"),
    )  # fmt: skip
    op.bulk_insert(
        reasons,
        [{"name": name, "position": i, **stamps} for i, name in enumerate(EXIT_REASONS, 1)],
    )
    areas = sa.table(
        "clearance_areas", sa.column("area"), sa.column("created_at"), sa.column("updated_at")
    )
    op.bulk_insert(areas, [{"area": area, **stamps} for area in CLEARANCE_AREAS])


def _record_current_status():
    """One entry per volunteer for today's status: left on left_on, else since active_since,
    else since the volunteer was recorded."""
    bind = op.get_bind()
    volunteers = sa.table(
        "volunteers", sa.column("id"), sa.column("status"), sa.column("left_on"),
        sa.column("active_since"), sa.column("created_at"),
    )  # fmt: skip
    changes = sa.table(
        "volunteer_status_changes", sa.column("volunteer_id"), sa.column("status"),
        sa.column("changed_on"), sa.column("created_at"), sa.column("updated_at"),
    )  # fmt: skip
    if bind.dialect.name == "sqlite":
        recorded_on = sa.func.substr(volunteers.c.created_at, 1, 10)
    else:
        recorded_on = sa.cast(volunteers.c.created_at, sa.Date)
    began = sa.case(
        (
            sa.and_(volunteers.c.status == "ausgeschieden", volunteers.c.left_on.isnot(None)),
            volunteers.c.left_on,
        ),
        else_=sa.func.coalesce(volunteers.c.active_since, recorded_on),
    )
    now = sa.literal(datetime.now(UTC), sa.DateTime(timezone=True))
    select = sa.select(volunteers.c.id, volunteers.c.status, began, now, now)
    op.execute(
        changes.insert().from_select(
            ["volunteer_id", "status", "changed_on", "created_at", "updated_at"], select
        )
    )


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        with op.get_context().autocommit_block():
            op.execute("PRAGMA foreign_keys=OFF")
    with op.batch_alter_table("volunteers") as batch:
        batch.drop_index(batch.f("ix_volunteers_exit_reason_id"))
        batch.drop_index(batch.f("ix_volunteers_paused_until"))
        batch.drop_constraint(
            batch.f("fk_volunteers_exit_reason_id_exit_reasons"), type_="foreignkey"
        )
        batch.drop_column("exit_reason_id")
        batch.drop_column("paused_until")
    if sqlite:
        install_index(op.get_bind(), ["volunteers"])
        with op.get_context().autocommit_block():
            op.execute("PRAGMA foreign_keys=ON")
    op.drop_table("volunteer_status_changes")
    op.drop_table("clearance_areas")
    op.drop_table("exit_reasons")
