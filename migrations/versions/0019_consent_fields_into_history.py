"""a contact's consent day and source become consent rows

Revision ID: 0019
Revises: 0017
Create Date: 2026-12-02

``contacts.consent_on`` and ``consent_source`` duplicated the consent history (0013): each
contact with either becomes a consent „übernommen“ to the purpose coded ``storage`` (dated its
consent day, else the migration day; the source as note), unless the contact already has a
storage row (a volunteer's data-protection consent, carried over by 0013). Then the columns go.
The downgrade puts them back, filled from each contact's latest storage consent.
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

STORAGE = "(SELECT id FROM consent_purposes WHERE code = 'storage')"


def upgrade():
    now = datetime.now(UTC)
    op.get_bind().execute(
        sa.text(
            'INSERT INTO consents (contact_id, purpose_id, given, "on", how, note, created_at,'
            f" updated_at) SELECT c.id, {STORAGE}, :yes, COALESCE(c.consent_on, :today),"
            " 'uebernommen', c.consent_source, :now, :now FROM contacts c"
            " WHERE (c.consent_on IS NOT NULL OR c.consent_source IS NOT NULL)"
            f" AND {STORAGE} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM consents k"
            f" WHERE k.contact_id = c.id AND k.purpose_id = {STORAGE})"
        ),
        {"yes": True, "now": now, "today": date.today()},
    )
    # Not in batch mode: SQLite (3.35+) drops a column in place, where a batch would copy the
    # table (and drop the contacts others point to, and the search triggers).
    op.drop_index(op.f("ix_contacts_consent_on"), table_name="contacts")
    op.drop_column("contacts", "consent_source")
    op.drop_column("contacts", "consent_on")


def downgrade():
    op.add_column("contacts", sa.Column("consent_on", sa.Date(), nullable=True))
    op.add_column("contacts", sa.Column("consent_source", sa.String(length=200), nullable=True))
    op.create_index(op.f("ix_contacts_consent_on"), "contacts", ["consent_on"], unique=False)
    latest = (
        f"FROM consents k WHERE k.contact_id = contacts.id AND k.purpose_id = {STORAGE}"
        ' AND k.given = :yes ORDER BY k."on" DESC, k.id DESC LIMIT 1'
    )
    op.get_bind().execute(
        sa.text(
            f'UPDATE contacts SET consent_on = (SELECT k."on" {latest}),'
            f" consent_source = (SELECT substr(k.note, 1, 200) {latest})"
        ),
        {"yes": True},
    )
