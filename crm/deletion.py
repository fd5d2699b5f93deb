"""Whether a record may be deleted: not while other rows still point to it.

Foreign keys declared ``ondelete="CASCADE"`` belong to the record (modules of a training,
the time log of an assignment) and go with it, ``ondelete="SET NULL"`` ones let go of it; every
other foreign key blocks the deletion.
"""

from functools import cache

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, literal, select, union_all

from .errors import RuleError
from .extensions import db
from .labels import TABLE_LABELS

# References that never block: the row's own children, and links that go empty with it (a
# mail of the outbox keeps its address when the contact it went to is deleted).
OWNED_OR_LOOSE = {"CASCADE", "SET NULL"}


@cache
def _blocking_statement(target):
    """(table name, rows) of every table that points to a row of ``target`` without owning
    it, as one statement: one count per reference would cost a round trip each."""
    counts = []
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table is not target or (fk.ondelete or "").upper() in OWNED_OR_LOOSE:
                continue
            counts.append(
                select(literal(table.name).label("name"), func.count().label("rows"))
                .select_from(table)
                .where(fk.parent == bindparam("row_id"))
            )
    if not counts:
        return None
    return union_all(*counts) if len(counts) > 1 else counts[0]


def blocking_references(obj) -> list[tuple[str, int]]:
    """(table name, row count) of every non-owned reference to ``obj``."""
    statement = _blocking_statement(type(obj).__table__)
    if statement is None:
        return []
    found: dict[str, int] = {}
    for name, rows in db.session.execute(statement, {"row_id": obj.id}):
        if rows:
            found[name] = found.get(name, 0) + rows
    return list(found.items())


def check_deletable(obj) -> None:
    """Refuse, in German, to delete ``obj`` while rows point to it, naming them."""
    refs = blocking_references(obj)
    if refs:
        listed = ", ".join(f"{TABLE_LABELS.get(t, t)}: {n}" for t, n in refs)
        raise RuleError(
            _(
                "„%(name)s“ kann nicht gelöscht werden, weil noch Einträge darauf verweisen "
                "(%(refs)s). Bitte zuerst diese Verweise entfernen.",
                name=str(obj),
                refs=listed,
            )
        )
