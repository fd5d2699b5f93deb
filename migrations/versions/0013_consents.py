"""consents per purpose, with their history

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02

The purposes a person may consent to are a short list the office edits, seeded here; each
consent or withdrawal is a row. What was known before becomes rows "übernommen": the post and
e-mail permissions of contacts (dated their consent day, else today, the source as note), and
of volunteers the data-protection consent (as "storage") and, where they had one, the consent
to their own migration experience (the model said it was given with data_consent_on).
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# (code, name): the codes are what Lotse acts on, the names the office may change.
PURPOSES = (
    ("storage", "Speicherung der Daten"),
    ("post", "Post"),
    ("email", "E-Mail"),
    ("photos", "Fotos"),
    ("publication", "Veröffentlichung des Namens"),
    ("migration", "Eigene Migrationserfahrung"),
)


def upgrade():
    op.create_table(
        "consent_purposes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_purposes")),
        sa.UniqueConstraint("code", name=op.f("uq_consent_purposes_code")),
        sa.UniqueConstraint("name", name=op.f("uq_consent_purposes_name")),
    )
    op.create_index(op.f("ix_consent_purposes_position"), "consent_purposes", ["position"])
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("purpose_id", sa.Integer(), nullable=False),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("how", sa.String(length=32), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_consents_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["purpose_id"],
            ["consent_purposes.id"],
            name=op.f("fk_consents_purpose_id_consent_purposes"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    op.create_index("ix_consents_contact_purpose", "consents", ["contact_id", "purpose_id", "on"])
    op.create_index(op.f("ix_consents_purpose_id"), "consents", ["purpose_id"])
    _seed_and_carry_over()


def _seed_and_carry_over():
    now = datetime.now(UTC)
    purposes = sa.table(
        "consent_purposes", sa.column("code"), sa.column("name"), sa.column("position"),
        sa.column("created_at"), sa.column("updated_at"),
    )  # fmt: skip
    op.bulk_insert(
        purposes,
        [
            {"code": code, "name": name, "position": i, "created_at": now, "updated_at": now}
            for i, (code, name) in enumerate(PURPOSES, 1)
        ],
    )
    insert = (
        'INSERT INTO consents (contact_id, purpose_id, given, "on", how, note, created_at,'
        " updated_at) SELECT {contact}, p.id, :yes, {on}, 'uebernommen', {note}, :now, :now"
        " FROM {source} JOIN consent_purposes p ON p.code = '{code}' WHERE {where}"
    )
    contacts = {"contact": "c.id", "source": "contacts c", "note": "c.consent_source"}
    volunteers = {"contact": "v.contact_id", "source": "volunteers v", "note": "NULL"}
    carried = (
        {**contacts, "code": "post", "on": "COALESCE(c.consent_on, :today)",
         "where": "c.may_mail_post = :yes"},
        {**contacts, "code": "email", "on": "COALESCE(c.consent_on, :today)",
         "where": "c.may_mail_email = :yes"},
        {**volunteers, "code": "storage", "on": "v.data_consent_on",
         "where": "v.data_consent_on IS NOT NULL"},
        {**volunteers, "code": "migration", "on": "v.data_consent_on",
         "where": "v.data_consent_on IS NOT NULL AND v.own_migration_experience IS NOT NULL"},
    )  # fmt: skip
    for parts in carried:
        op.get_bind().execute(
            sa.text(insert.format(**parts)), {"yes": True, "now": now, "today": date.today()}
        )


def downgrade():
    op.drop_index(op.f("ix_consents_purpose_id"), table_name="consents")
    op.drop_index("ix_consents_contact_purpose", table_name="consents")
    op.drop_table("consents")
    op.drop_index(op.f("ix_consent_purposes_position"), table_name="consent_purposes")
    op.drop_table("consent_purposes")
