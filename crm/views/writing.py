"""How a screen writes: forms that remember the version they were opened with, and every
create, update and delete handed to the write path (crm.operations) and committed here."""

import logging

from flask import flash, request
from flask_admin.actions import action
from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from flask_admin.babel import ngettext as admin_ngettext
from sqlalchemy.exc import SQLAlchemyError
from wtforms import HiddenField

from .. import operations
from ..errors import RuleError
from ..extensions import db
from .errors import database_error_message
from .queries import SearchAjaxLoader, as_id

log = logging.getLogger(__name__)


def committed(write, form=None) -> bool:
    """Run one write and commit it; a refusal is shown at its field (where the form has
    it) and as a message, and leaves the database as it was."""
    try:
        write()
        db.session.commit()
    except RuleError as error:
        db.session.rollback()
        field = getattr(form, error.field, None) if form is not None and error.field else None
        if field is not None and isinstance(field.errors, list):
            field.errors.append(str(error))
        flash(str(error), "error")
        return False
    except SQLAlchemyError as error:
        # First out of the failed transaction: composing the message reads the user's
        # language, which would touch the session again.
        db.session.rollback()
        flash(database_error_message(error), "error")
        return False
    return True


class FormWriting:
    """The writing half of a model screen (mixed into LotseModelView). Views parse the form
    (``populate_obj``, plus ``on_model_change`` for what a form holds beyond the model, e.g. a
    new password); the rules and the history are the write path's."""

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
        """The version of the row as the form opens; a form sent without it is refused
        (crm.operations.check_version), never filled in with today's version."""
        form = super().edit_form(obj)
        seen = getattr(form, "seen_version", None)
        if seen is not None and obj is not None and request.method == "GET":
            seen.data = str(obj.version)
        return form

    def _apply_form(self, form, is_created: bool):
        def apply(model):
            form.populate_obj(model)
            self.on_model_change(form, model, is_created)

        return apply

    def create_model(self, form):
        model = self.build_new_instance()
        if not self._written(form, lambda: self._create(form, model)):
            return False
        self.after_model_change(form, model, True)
        return model

    def _create(self, form, model):
        with db.session.no_autoflush:
            self._apply_form(form, True)(model)
        operations.create(model)

    def update_model(self, form, model):
        seen = getattr(form, "seen_version", None)
        written = self._written(
            form,
            lambda: operations.update(
                model,
                self._apply_form(form, False),
                (seen.data or "") if seen is not None else None,
            ),
        )
        if written:
            self.after_model_change(form, model, False)
        return written

    def delete_model(self, model):
        if not self._written(None, lambda: operations.delete(model)):
            return False
        self.after_model_delete(model)
        return True

    def _written(self, form, write) -> bool:
        return committed(write, form)

    def refuse_bulk_delete(self, row):
        """Why the row is not deleted with others (a screen that asks first, on the row's own
        page), or None."""
        return None

    @action(
        "delete",
        admin_lazy_gettext("Delete"),
        admin_lazy_gettext("Are you sure you want to delete selected records?"),
    )
    def action_delete(self, ids):
        """Deletes the selected rows that nothing points to, all in one transaction; each row
        others still point to is kept and named. (_handle_view has checked the ids.)"""
        numbers = [as_id(i) for i in ids]
        rows = db.session.query(self.model).filter(self.model.id.in_(numbers)).all()
        deleted = 0

        def delete_all():
            nonlocal deleted
            for row in rows:
                refusal = self.refuse_bulk_delete(row)
                if refusal is not None:
                    flash(str(refusal), "error")
                    continue
                try:
                    operations.delete(row)
                except RuleError as error:
                    flash(str(error), "error")
                else:
                    deleted += 1

        if self._written(None, delete_all) and deleted:
            flash(
                admin_ngettext(
                    "Record was successfully deleted.",
                    "%(count)s records were successfully deleted.",
                    deleted,
                    count=deleted,
                ),
                "success",
            )
