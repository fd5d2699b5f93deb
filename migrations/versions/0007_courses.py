"""courses with their modules; a training becomes a run of a course

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

A course defines its numbered modules once; a training is one run of it and its modules are
the dates of the course's modules. Every existing training becomes a course of its own with
its modules, and stays as that course's one run: no row is lost, attendance stays as it was.
A participation keeps what its certificate said when first issued.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from crm.models import Course
from crm.search import document, install_index, rebuild_index
from crm.sorting import sort_key

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def stamps() -> tuple[sa.Column, ...]:
    return (
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )


def upgrade():
    op.create_table(
        "courses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "sort_title",
            sa.String().with_variant(sa.String(collation="C"), "postgresql"),
            server_default="",
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("search_document", sa.Text(), nullable=False),
        *stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courses")),
    )
    install_index(op.get_bind(), ["courses"])
    with op.batch_alter_table("courses") as batch:
        batch.create_index(batch.f("ix_courses_sort_title"), ["sort_title"], unique=False)
    op.create_table(
        "course_modules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("hours", sa.Numeric(precision=4, scale=1), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        *stamps(),
        sa.CheckConstraint(
            "hours IS NULL OR hours >= 0", name=op.f("ck_course_modules_hours_not_negative")
        ),
        sa.CheckConstraint(
            "number IS NULL OR number >= 0", name=op.f("ck_course_modules_number_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_course_modules_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_modules")),
        sa.UniqueConstraint("course_id", "number", name=op.f("uq_course_modules_course_id")),
    )
    with op.batch_alter_table("trainings") as batch:
        batch.add_column(sa.Column("course_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("training_modules") as batch:
        batch.add_column(sa.Column("course_module_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("training_participations") as batch:
        batch.add_column(sa.Column("certificate", sa.JSON(), nullable=True))

    each_training_a_course(op.get_bind())

    with op.batch_alter_table("trainings") as batch:
        batch.alter_column("course_id", existing_type=sa.Integer(), nullable=False)
        batch.create_index(batch.f("ix_trainings_course_id"), ["course_id"], unique=False)
        batch.create_foreign_key(
            batch.f("fk_trainings_course_id_courses"),
            "courses",
            ["course_id"],
            ["id"],
            ondelete="RESTRICT",
        )
    with op.batch_alter_table("training_modules") as batch:
        batch.alter_column("course_module_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_constraint(batch.f("uq_training_modules_training_id"), type_="unique")
        batch.drop_constraint(batch.f("ck_training_modules_number_not_negative"), type_="check")
        batch.drop_column("number")
        batch.drop_column("title")
        batch.create_unique_constraint(
            batch.f("uq_training_modules_training_id"), ["training_id", "course_module_id"]
        )
        batch.create_index(
            batch.f("ix_training_modules_course_module_id"), ["course_module_id"], unique=False
        )
        batch.create_foreign_key(
            batch.f("fk_training_modules_course_module_id_course_modules"),
            "course_modules",
            ["course_module_id"],
            ["id"],
            ondelete="RESTRICT",
        )
    # SQLite rebuilt the table and with it dropped the triggers of its search index.
    rebuild_index(op.get_bind(), ["trainings", "courses"])


def each_training_a_course(connection) -> None:
    """A course per training, named like it, with the training's modules as its modules."""
    trainings = sa.table(
        "trainings",
        sa.column("id"),
        sa.column("title"),
        sa.column("description"),
        sa.column("course_id"),
    )
    modules = sa.table(
        "training_modules",
        sa.column("id"),
        sa.column("training_id"),
        sa.column("number"),
        sa.column("title"),
        sa.column("course_module_id"),
    )
    courses = sa.table(
        "courses",
        *(sa.column(n) for n in ("id", "title", "sort_title", "description", "search_document")),
        *(sa.column(n) for n in ("created_at", "updated_at", "version")),
    )
    course_modules = sa.table(
        "course_modules",
        *(sa.column(n) for n in ("id", "course_id", "number", "title")),
        *(sa.column(n) for n in ("created_at", "updated_at", "version")),
    )
    now = datetime.now(UTC)
    stamps = {"created_at": now, "updated_at": now, "version": 1}
    found = connection.execute(sa.select(trainings).order_by(trainings.c.id)).all()
    if not found:
        return
    # The ids are the trainings' own: no id needs to be read back from either database.
    connection.execute(
        courses.insert(),
        [
            {
                "id": t.id,
                "title": t.title,
                "sort_title": sort_key(t.title),
                "description": t.description,
                "search_document": document(
                    Course, {"title": t.title, "description": t.description}
                ),
                **stamps,
            }
            for t in found
        ],
    )
    connection.execute(trainings.update().values(course_id=trainings.c.id))
    dated = connection.execute(sa.select(modules).order_by(modules.c.id)).all()
    if dated:
        connection.execute(
            course_modules.insert(),
            [
                {
                    "id": m.id,
                    "course_id": m.training_id,
                    "number": m.number,
                    "title": m.title,
                    **stamps,
                }
                for m in dated
            ],
        )
        connection.execute(modules.update().values(course_module_id=modules.c.id))
    if connection.dialect.name == "postgresql":
        for table in ("courses", "course_modules"):
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            )


def downgrade():
    with op.batch_alter_table("training_modules") as batch:
        batch.add_column(sa.Column("number", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("title", sa.String(length=200), nullable=True))
    connection = op.get_bind()
    connection.exec_driver_sql(
        "UPDATE training_modules SET number = (SELECT number FROM course_modules "
        "WHERE course_modules.id = training_modules.course_module_id), "
        "title = (SELECT title FROM course_modules "
        "WHERE course_modules.id = training_modules.course_module_id)"
    )
    with op.batch_alter_table("training_modules") as batch:
        batch.drop_constraint(
            batch.f("fk_training_modules_course_module_id_course_modules"), type_="foreignkey"
        )
        batch.drop_index(batch.f("ix_training_modules_course_module_id"))
        batch.drop_constraint(batch.f("uq_training_modules_training_id"), type_="unique")
        batch.drop_column("course_module_id")
        batch.alter_column("number", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("title", existing_type=sa.String(length=200), nullable=False)
        batch.create_unique_constraint(
            batch.f("uq_training_modules_training_id"), ["training_id", "number"]
        )
        batch.create_check_constraint(
            batch.f("ck_training_modules_number_not_negative"), "number IS NULL OR number >= 0"
        )
    with op.batch_alter_table("trainings") as batch:
        batch.drop_constraint(batch.f("fk_trainings_course_id_courses"), type_="foreignkey")
        batch.drop_index(batch.f("ix_trainings_course_id"))
        batch.drop_column("course_id")
    with op.batch_alter_table("training_participations") as batch:
        batch.drop_column("certificate")
    op.drop_table("course_modules")
    if connection.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS courses_fts")
    op.drop_table("courses")
    rebuild_index(connection, ["trainings"])
