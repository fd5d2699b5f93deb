"""German messages for what the database refuses, so a user learns what to change."""

import logging
import re
from collections.abc import Callable

from flask import flash
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

from ..errors import RuleError
from ..extensions import db
from ..labels import FIELD_LABELS, TABLE_LABELS
from ..operations import STALE

log = logging.getLogger(__name__)

FIX_THE_FORM = _l("Nicht gespeichert: Bitte die markierten Angaben korrigieren.")
# Flask-Admin's messages that its German catalogue lacks.
UNTRANSLATED_FLASHES = {
    "Failed to create record.": FIX_THE_FORM,
    "Failed to save record.": FIX_THE_FORM,
}


def database_error_message(exc: SQLAlchemyError):
    """What to tell the user about a write the database refused."""
    if isinstance(exc, StaleDataError):
        return STALE
    if isinstance(exc, IntegrityError):
        log.info("integrity error: %s", exc)
        duplicate = _duplicate_of(exc)
        if duplicate:
            return _l(
                "Nicht gespeichert: Einen Eintrag mit denselben Angaben gibt es bereits "
                "(%(what)s).",
                what=duplicate,
            )
        return _l(
            "Nicht gespeichert: Ein Wert ist doppelt vergeben, ein Pflichtfeld "
            "fehlt oder ein verknüpfter Eintrag existiert nicht mehr."
        )
    log.exception("database error")
    return _l("Nicht gespeichert: Die Datenbank hat die Eingabe abgelehnt. Bitte die Werte prüfen.")


def _duplicate_of(exc: IntegrityError) -> str | None:
    """The table and columns, in German, of a duplicate the database refused, else None."""
    orig = exc.orig
    if getattr(orig, "sqlstate", None) == "23505":  # PostgreSQL: the constraint, by its name
        table = orig.diag.table_name
        found = db.metadata.tables.get(table)
        constraints = (*found.constraints, *found.indexes) if found is not None else ()
        columns = next(
            (c.columns.keys() for c in constraints if c.name == orig.diag.constraint_name), []
        )
    else:  # SQLite: "UNIQUE constraint failed: table.a, table.b"
        found = re.match(r"UNIQUE constraint failed: (.+)", str(orig))
        if not found:
            return None
        pairs = [p.strip().split(".", 1) for p in found.group(1).split(",")]
        table, columns = pairs[0][0], [p[-1] for p in pairs]
    label = str(TABLE_LABELS.get(table, table))
    names = ", ".join(str(FIELD_LABELS.get(c.removesuffix("_id"), c)) for c in columns)
    return f"{label}: {names}" if names else label


def save_from_page(form, write: Callable[[], object], done) -> None:
    """A small form on a record's page: its input checked, ``write`` run through the write
    path and committed, ``done`` flashed; every refusal flashed in German, nothing saved."""
    if not form.validate():
        for field in form:
            for message in field.errors:
                flash(f"{field.label.text}: {message}", "error")
        return
    try:
        write()
        db.session.commit()
        flash(done, "success")
    except RuleError as error:
        db.session.rollback()
        flash(str(error), "error")
    except SQLAlchemyError as error:
        db.session.rollback()
        flash(database_error_message(error), "error")
