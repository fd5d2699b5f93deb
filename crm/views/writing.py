"""How a screen writes: forms that remember the version they were opened with, and every
create, update and delete handed to the write path (crm.operations)."""

from flask import flash
from flask_admin.actions import action
from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField
from wtforms.validators import ValidationError

from ..extensions import db
from ..references import check_deletable
from .errors import database_error_message
from .queries import SearchAjaxLoader, as_id


class FormWriting:
    """The writing half of a model screen (mixed into LotseModelView)."""

    def _create_ajax_loader(self, name, options):
        prop = getattr(self.model, name).property
        return SearchAjaxLoader(name, self.session, prop.mapper.class_, **options)

    def scaffold_form(self):
        form_class = super().scaffold_form()
        if hasattr(self.model, "version"):
            # The version the user saw, so a save over someone else's change is refused.
            form_class.seen_version = HiddenField()
        return form_class

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        seen = getattr(form, "seen_version", None)
        if seen is not None and obj is not None and not seen.data:
            seen.data = str(obj.version)
        return form

    def update_model(self, form, model):
        """Optimistic locking across the round trip of a form: the row must still be as the
        user saw it. (The version column guards concurrent flushes on its own.)"""
        seen = getattr(form, "seen_version", None)
        if seen is not None and seen.data and seen.data != str(model.version):
            flash(database_error_message(StaleDataError()), "error")
            return False
        return super().update_model(form, model)

    def on_model_delete(self, model):
        check_deletable(model)

    @action(
        "delete",
        admin_lazy_gettext("Delete"),
        admin_lazy_gettext("Are you sure you want to delete selected records?"),
    )
    def action_delete(self, ids):
        """Deleting the selected rows, their ids as numbers: Flask-Admin compares the integer key
        with text, which PostgreSQL refuses (_handle_view has checked they are ids)."""
        return super().action_delete([as_id(i) for i in ids])

    def handle_view_exception(self, exc):
        if isinstance(exc, SQLAlchemyError):
            # First out of the failed transaction: composing the message reads the user's
            # language, which would touch the session again.
            db.session.rollback()
            flash(database_error_message(exc), "error")
            return True
        if isinstance(exc, ValidationError):
            flash(str(exc), "error")
            return True
        return super().handle_view_exception(exc)
