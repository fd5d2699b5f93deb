"""newcomers' needs and notes out of the search document

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-02

A newcomer's needs and notes are sensitive (crm.sensitive): a viewer must not find a household
by words in them, so the shared search document holds the reference and first name only. The
documents are rewritten in batches; the index follows (SQLite: the FTS trigger on update,
PostgreSQL: the generated tsvector column).
"""
import sqlalchemy as sa
from alembic import op

from crm.search import MAX_DOCUMENT, fold

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None

BATCH = 1000
newcomers = sa.table(
    "newcomers",
    *(sa.column(n) for n in ("id", "reference", "first_name", "needs", "notes")),
    sa.column("search_document"),
)


def _document(values) -> str:
    return " ".join(word for value in values for word in fold(value))[:MAX_DOCUMENT]


def _rewrite(columns: tuple[str, ...]) -> None:
    connection = op.get_bind()
    read = sa.select(newcomers.c.id, *(newcomers.c[n] for n in columns)).order_by(newcomers.c.id)
    after = 0
    while True:
        rows = connection.execute(read.where(newcomers.c.id > after).limit(BATCH)).all()
        if not rows:
            return
        connection.execute(
            newcomers.update()
            .where(newcomers.c.id == sa.bindparam("row_id"))
            .values(search_document=sa.bindparam("document")),
            [{"row_id": row.id, "document": _document(row[1:])} for row in rows],
        )
        after = rows[-1].id


def upgrade():
    _rewrite(("reference", "first_name"))


def downgrade():
    _rewrite(("reference", "first_name", "needs", "notes"))
