"""names sorted the German way: sort keys beside the names lists sort by

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

Lists sorted names by the raw columns: bytewise on SQLite ("AWO" before "Afghanischer
Kulturverein", "Zeller" before "Äbi"), by the server's locale on PostgreSQL. Each such column
now keeps a folded copy (crm.sorting: Ä as A, ß as ss, accents and case ignored), compared byte
by byte on both databases ("C" collation on PostgreSQL); the indexes that served a name order
serve the key instead. The keys of existing rows are computed here in batches.
"""
import sqlalchemy as sa
from alembic import op

from crm.sorting import key_column, refresh_sort_keys

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SORT_KEY = sa.String().with_variant(sa.String(collation="C"), "postgresql")
# The columns that keep a sort key, per table, as of this revision.
SORTED = {
    "contacts": ("last_name", "first_name"),
    "languages": ("name",),
    "municipalities": ("name",),
    "network_meetings": ("title",),
    "networks": ("name",),
    "offers": ("title",),
    "organisations": ("name",),
    "tags": ("name",),
    "trainings": ("title",),
    "users": ("name",),
}
# Indexes on a key alone; the contacts' keys ride on the composite indexes below.
SINGLE = [(t, key_column(c)) for t, columns in SORTED.items() if t != "contacts" for c in columns]
# Indexes on the names that the keys replace.
REPLACED = [
    ("organisations", "ix_organisations_name", ["name"]),
    ("offers", "ix_offers_title", ["title"]),
    ("users", "ix_users_name", ["name"]),
]
COMPOSITE = [
    ("contacts", "ix_contacts_name_order", ["last_name", "first_name", "id"]),
    (
        "contacts",
        "ix_contacts_municipality_name",
        ["municipality_id", "last_name", "first_name", "id"],
    ),
    ("organisations", "ix_organisations_municipality_name", ["municipality_id", "name"]),
]
KEYED = {"last_name": "sort_last_name", "first_name": "sort_first_name", "name": "sort_name"}


def upgrade():
    connection = op.get_bind()
    for table, columns in SORTED.items():
        for name in columns:
            op.add_column(
                table,
                sa.Column(key_column(name), SORT_KEY, nullable=False, server_default=""),
            )
        refresh_sort_keys(connection, table, columns)
    for table, index, _ in REPLACED:
        op.drop_index(index, table_name=table)
    for table, key in SINGLE:
        op.create_index(f"ix_{table}_{key}", table, [key])
    for table, index, columns in COMPOSITE:
        op.drop_index(index, table_name=table)
        op.create_index(index, table, [KEYED.get(c, c) for c in columns])


def downgrade():
    for table, index, columns in COMPOSITE:
        op.drop_index(index, table_name=table)
        op.create_index(index, table, columns)
    for table, key in SINGLE:
        op.drop_index(f"ix_{table}_{key}", table_name=table)
    for table, index, columns in REPLACED:
        op.create_index(index, table, columns)
    for table, columns in SORTED.items():
        for name in columns:
            op.drop_column(table, key_column(name))
