"""a record's history found by its row

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

Every change is recorded now (crm.audit), and each record page shows its latest entries:
indexed by (table, row_id, at), that is a few index reads instead of a scan of the whole
trail.
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_audit_entries_row", "audit_entries", ["table", "row_id", "at"])


def downgrade():
    op.drop_index("ix_audit_entries_row", table_name="audit_entries")
