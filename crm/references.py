"""Which rows still point to a record, so nothing is deleted that others depend on.

Foreign keys declared ``ondelete="CASCADE"`` belong to the record (modules of a training,
the time log of an assignment) and go with it; every other foreign key blocks the deletion.
"""

from flask_babel import gettext as _
from sqlalchemy import func, select
from wtforms.validators import ValidationError

from .extensions import db
from .labels import TABLE_LABELS


def blocking_references(obj) -> list[tuple[str, int]]:
    """(table name, row count) of every non-owned reference to ``obj``."""
    target = type(obj).__table__
    found = []
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table is not target or (fk.ondelete or "").upper() == "CASCADE":
                continue
            count = db.session.scalar(
                select(func.count()).select_from(table).where(fk.parent == obj.id)
            )
            if count:
                found.append((table.name, count))
    return found


def check_deletable(obj) -> None:
    """Raise a ValidationError in German naming what still points to ``obj``."""
    refs = blocking_references(obj)
    if refs:
        listed = ", ".join(f"{TABLE_LABELS.get(t, t)}: {n}" for t, n in refs)
        raise ValidationError(
            _(
                "„%(name)s“ kann nicht gelöscht werden, weil noch Einträge darauf verweisen "
                "(%(refs)s). Bitte zuerst diese Verweise entfernen.",
                name=str(obj),
                refs=listed,
            )
        )
