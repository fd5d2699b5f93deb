"""a municipality's contacts and organisations in name order

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

The lists filtered by municipality are sorted by name: with the name in the index of the
foreign key, the database reads the first page in order instead of sorting every contact of
the municipality (several thousand in a large county) for each page.
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_contacts_municipality_id", table_name="contacts")
    op.create_index(
        "ix_contacts_municipality_name",
        "contacts",
        ["municipality_id", "last_name", "first_name", "id"],
    )
    op.drop_index("ix_organisations_municipality_id", table_name="organisations")
    op.create_index(
        "ix_organisations_municipality_name", "organisations", ["municipality_id", "name"]
    )


def downgrade():
    op.drop_index("ix_organisations_municipality_name", table_name="organisations")
    op.create_index("ix_organisations_municipality_id", "organisations", ["municipality_id"])
    op.drop_index("ix_contacts_municipality_name", table_name="contacts")
    op.create_index("ix_contacts_municipality_id", "contacts", ["municipality_id"])
