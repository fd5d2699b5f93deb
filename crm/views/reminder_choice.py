"""„E-Mail-Erinnerungen“ in the user menu, beside „Passwort ändern“: each user chooses their
digest of what is due (daily, weekly or none); the link at the end of every digest leads here.
Readers choose too: it is their own account, not the office's data."""

from flask import flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField
from wtforms.validators import InputRequired

from .. import operations
from ..errors import RuleError
from ..extensions import db
from ..models.choices import DigestFrequency
from ..reminder_items import SECTIONS
from ..reminders import default_digest
from .base import RoleAccess


class DigestForm(FlaskForm):
    digest = RadioField(
        _l("Übersicht per E-Mail"),
        choices=DigestFrequency.choices(),
        validators=[InputRequired(_l("Bitte wählen, wie oft die Übersicht kommen soll."))],
    )
    seen_version = HiddenField()


class ReminderChoiceView(RoleAccess, BaseView):
    def is_visible(self) -> bool:
        return False  # reached from the user menu and from every digest

    @expose("/", methods=("GET", "POST"))
    def index(self):
        user = current_user._get_current_object()
        form = DigestForm()
        if request.method == "GET":
            form.digest.data = (user.digest or default_digest(user.role)).value
            form.seen_version.data = str(user.version)
        elif form.validate_on_submit():
            try:
                operations.update(
                    user,
                    {"digest": DigestFrequency(form.digest.data)},
                    seen_version=form.seen_version.data or "",
                )
                db.session.commit()
            except RuleError as error:
                db.session.rollback()
                form.digest.errors.append(str(error))
            else:
                flash(_l("Ihre Auswahl ist gespeichert."), "success")
                return redirect(url_for(".index"))
        sections = [section.label for section in SECTIONS]
        return self.render("admin/reminder_choice.html", form=form, sections=sections)


def register(admin) -> None:
    admin.add_view(
        ReminderChoiceView(
            name=_l("E-Mail-Erinnerungen"), endpoint="reminder_choice", url="/admin/erinnerungen"
        )
    )
