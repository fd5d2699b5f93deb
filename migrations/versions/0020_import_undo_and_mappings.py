"""import undo and saved mappings

Revision ID: 0020
Revises: 0017
Create Date: 2026-12-02

An import records the rows it created or updated (import_changes), so that it can be undone
as a whole while they are unchanged; imports before this revision recorded none and stay
not undoable. Users save the mapping of a file's columns to fields (import_mappings).
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("imports") as batch:
        batch.add_column(
            sa.Column("undoable", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("undone_by", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_imports_undone_by_users"),
            "users",
            ["undone_by"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(batch.f("ix_imports_undone_by"), ["undone_by"])
    op.create_table(
        "import_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("table", sa.String(length=60), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("old", sa.JSON(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("row_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("links", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["imports.id"],
            name=op.f("fk_import_changes_import_id_imports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_changes")),
    )
    op.create_index(op.f("ix_import_changes_import_id"), "import_changes", ["import_id"])
    op.create_table(
        "import_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_import_mappings_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_mappings")),
        sa.UniqueConstraint("kind", "name", name=op.f("uq_import_mappings_kind")),
    )
    op.create_index(op.f("ix_import_mappings_user_id"), "import_mappings", ["user_id"])


def downgrade():
    op.drop_index("ix_import_mappings_user_id", table_name="import_mappings")
    op.drop_table("import_mappings")
    op.drop_index("ix_import_changes_import_id", table_name="import_changes")
    op.drop_table("import_changes")
    with op.batch_alter_table("imports") as batch:
        batch.drop_index("ix_imports_undone_by")
        batch.drop_constraint("fk_imports_undone_by_users", type_="foreignkey")
        batch.drop_column("undone_by")
        batch.drop_column("undone_at")
        batch.drop_column("undoable")
