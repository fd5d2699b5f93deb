"""offers in several fields of action, stages and target groups; status, ages, checks, UUIDs

Revision ID: 0011
Revises: 0006
Create Date: 2026-12-02

The single ``field`` and ``education_stage`` of every offer move into link tables to lists the
office edits (seeded with the defaults of the municipal education monitoring guide); offers
gain a status, an age range, accessibility, a last check and a UUID, organisations a UUID.

SQLite: no batch rebuild of ``offers`` or ``organisations``. With foreign keys on, dropping the
old table deletes every row pointing to it (``offer_languages``, roles) in cascade; so columns
are added and dropped in place, and the two CHECKs on ages exist on PostgreSQL only (the write
path checks them on both).
"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# Today's codes of the single field and stage, and the entries they become.
FIELDS = (
    ("sprache", "Sprache"),
    ("bildung", "Bildung"),
    ("arbeit", "Arbeit/Ausbildung"),
    ("beratung", "Beratung"),
    ("gesundheit", "Gesundheit"),
    ("wohnen", "Wohnen"),
    ("familie", "Kinder/Familie"),
    ("begegnung", "Begegnung/Freizeit"),
    ("begleitung", "Ehrenamtliche Begleitung"),
    ("sonstiges", "Sonstiges"),
)
STAGES = (
    ("fruehkindlich", "Frühkindliche Bildung"),
    ("schulisch", "Allgemeinbildende Schulen"),
    ("beruflich", "Berufliche Bildung"),
    ("hochschule", "Hochschule"),
    ("erwachsenenbildung", "Erwachsenen- und Weiterbildung"),
    (None, "Non-formale und informelle Lernwelten"),
    (None, "Bildungsberatung"),
)
TARGET_GROUPS = (
    "Kinder",
    "Jugendliche",
    "Junge Erwachsene",
    "Erwachsene",
    "Familien",
    "Frauen",
    "Ältere Menschen",
    "Geflüchtete",
)
CATALOGUES = (
    ("fields_of_action", [name for _, name in FIELDS]),
    ("education_stages", [name for _, name in STAGES]),
    ("target_groups", list(TARGET_GROUPS)),
)
LINKS = (
    ("offer_fields", "field_id", "fields_of_action"),
    ("offer_stages", "stage_id", "education_stages"),
    ("offer_target_groups", "target_group_id", "target_groups"),
)
# A random version-4 UUID per row, in each database's SQL.
UUID_SQL = {
    "postgresql": "gen_random_uuid()::text",
    "sqlite": (
        "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || "
        "substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1) || "
        "substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
    ),
}


def _catalogue(name):
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("name", name=op.f(f"uq_{name}_name")),
    )
    op.create_index(f"ix_{name}_position", name, ["position"])


def _link(name, column, target):
    op.create_table(
        name,
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column(column, sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f(f"fk_{name}_offer_id_offers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            [column], [f"{target}.id"], name=op.f(f"fk_{name}_{column}_{target}"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("offer_id", column, name=op.f(f"pk_{name}")),
    )
    op.create_index(f"ix_{name}_{column}", name, [column, "offer_id"])


def _seed(connection):
    now = datetime.now(UTC)
    for table, names in CATALOGUES:
        rows = [
            {"name": n, "position": (i + 1) * 10, "created_at": now, "updated_at": now, "version": 1}
            for i, n in enumerate(names)
        ]
        connection.execute(
            sa.text(
                f"INSERT INTO {table} (name, position, created_at, updated_at, version) "
                "VALUES (:name, :position, :created_at, :updated_at, :version)"
            ),
            rows,
        )


def _move(connection, link, column, target, source, mapping):
    """Every offer's code in ``source`` as a link to the entry of that name; a code without
    an entry of its own goes to the last one ("Sonstiges"), so no offer is left out."""
    for code, name in mapping:
        if code is None:
            continue
        connection.execute(
            sa.text(
                f"INSERT INTO {link} (offer_id, {column}) SELECT o.id, t.id FROM offers o, "
                f"{target} t WHERE o.{source} = :code AND t.name = :name"
            ),
            {"code": code, "name": name},
        )


def upgrade():
    connection = op.get_bind()
    postgresql = connection.dialect.name == "postgresql"
    for table, _ in CATALOGUES:
        _catalogue(table)
    for link in LINKS:
        _link(*link)
    _seed(connection)
    _move(connection, "offer_fields", "field_id", "fields_of_action", "field", FIELDS)
    connection.execute(
        sa.text(
            "INSERT INTO offer_fields (offer_id, field_id) SELECT o.id, "
            "(SELECT id FROM fields_of_action WHERE name = 'Sonstiges') FROM offers o "
            "WHERE o.field NOT IN ({})".format(", ".join(f"'{c}'" for c, _ in FIELDS))
        )
    )
    # "keine" (none) is no stage: such an offer simply has no link.
    _move(connection, "offer_stages", "stage_id", "education_stages", "education_stage", STAGES)

    for index in ("ix_offers_field", "ix_offers_education_stage", "ix_offers_municipality_field"):
        op.drop_index(index, table_name="offers")
    op.execute("ALTER TABLE offers DROP COLUMN field")
    op.execute("ALTER TABLE offers DROP COLUMN education_stage")
    op.add_column("offers", sa.Column("uuid", sa.String(length=36), nullable=True))
    op.add_column(
        "offers",
        sa.Column("status", sa.String(length=32), nullable=False, server_default="aktiv"),
    )
    op.add_column("offers", sa.Column("min_age", sa.Integer(), nullable=True))
    op.add_column("offers", sa.Column("max_age", sa.Integer(), nullable=True))
    op.add_column("offers", sa.Column("accessibility", sa.String(length=300), nullable=True))
    op.add_column("offers", sa.Column("checked_on", sa.Date(), nullable=True))
    op.add_column("offers", sa.Column("checked_by_id", sa.Integer(), nullable=True))
    op.add_column("organisations", sa.Column("uuid", sa.String(length=36), nullable=True))
    for table in ("offers", "organisations"):
        op.execute(f"UPDATE {table} SET uuid = {UUID_SQL[connection.dialect.name]}")
        op.create_index(f"ix_{table}_uuid", table, ["uuid"], unique=True)
    op.create_index("ix_offers_municipality_id", "offers", ["municipality_id"])
    op.create_index("ix_offers_status", "offers", ["status"])
    op.create_index("ix_offers_checked_on", "offers", ["checked_on"])
    if postgresql:
        op.alter_column("offers", "status", server_default=None)
        op.create_check_constraint(
            "ck_offers_max_age_after_min_age",
            "offers",
            "min_age IS NULL OR max_age IS NULL OR max_age >= min_age",
        )


def downgrade():
    connection = op.get_bind()
    postgresql = connection.dialect.name == "postgresql"
    if postgresql:
        op.drop_constraint("ck_offers_max_age_after_min_age", "offers", type_="check")
    for index in ("ix_offers_checked_on", "ix_offers_status", "ix_offers_municipality_id"):
        op.drop_index(index, table_name="offers")
    for table in ("offers", "organisations"):
        op.drop_index(f"ix_{table}_uuid", table_name=table)
    for table, column in (
        ("organisations", "uuid"),
        ("offers", "checked_by_id"),
        ("offers", "checked_on"),
        ("offers", "accessibility"),
        ("offers", "max_age"),
        ("offers", "min_age"),
        ("offers", "status"),
        ("offers", "uuid"),
    ):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    op.add_column(
        "offers",
        sa.Column("field", sa.String(length=32), nullable=False, server_default="sonstiges"),
    )
    op.add_column(
        "offers",
        sa.Column("education_stage", sa.String(length=32), nullable=False, server_default="keine"),
    )
    # Back to one field and stage: the first of each by position.
    for source, link, column, target, mapping in (
        ("field", "offer_fields", "field_id", "fields_of_action", FIELDS),
        ("education_stage", "offer_stages", "stage_id", "education_stages", STAGES),
    ):
        for code, name in mapping:
            if code is None:
                continue
            connection.execute(
                sa.text(
                    f"UPDATE offers SET {source} = :code WHERE (SELECT t.name FROM {link} l "
                    f"JOIN {target} t ON t.id = l.{column} WHERE l.offer_id = offers.id "
                    "ORDER BY t.position LIMIT 1) = :name"
                ),
                {"code": code, "name": name},
            )
    if postgresql:
        op.alter_column("offers", "field", server_default=None)
        op.alter_column("offers", "education_stage", server_default=None)
    op.create_index("ix_offers_field", "offers", ["field"])
    op.create_index("ix_offers_education_stage", "offers", ["education_stage"])
    op.create_index("ix_offers_municipality_field", "offers", ["municipality_id", "field"])
    for link, _, _ in LINKS:
        op.drop_table(link)
    for table, _ in CATALOGUES:
        op.drop_table(table)
