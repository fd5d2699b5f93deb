"""„Einwilligungen“ on a contact's page: the current state per purpose, the history, and a
small form to record a consent or a withdrawal (rules in crm.consents); the office's list of
purposes."""

from datetime import date

from flask import abort, redirect, request, url_for
from flask_admin import expose
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from ..consents import current, record
from ..extensions import db
from ..models import ConsentMethod, ConsentPurpose, Contact
from .base import LotseModelView
from .errors import save_from_page
from .fields import LocalDateField
from .forms import LotseForm
from .queries import as_id

GIVEN, WITHDRAWN = "erteilt", "widerrufen"


class ConsentForm(LotseForm):
    purpose = SelectField(_l("Zweck"), validators=[InputRequired()])
    given = SelectField(
        _l("Art"), choices=[(GIVEN, _l("Einwilligung")), (WITHDRAWN, _l("Widerruf"))]
    )
    on = LocalDateField(_l("Datum"), validators=[InputRequired(_l("Bitte das Datum angeben."))])
    how = SelectField(
        _l("Wie"),
        choices=[(m.value, m.label) for m in ConsentMethod if m is not ConsentMethod.CARRIED_OVER],
    )
    note = StringField(_l("Notiz"), validators=[Optional(), Length(max=500)])


def consent_form(formdata=None) -> ConsentForm:
    form = ConsentForm(formdata)
    purposes = db.session.scalars(
        select(ConsentPurpose).order_by(ConsentPurpose.position, ConsentPurpose.id)
    )
    form.purpose.choices = [(str(p.id), p.name) for p in purposes]
    if formdata is None:
        form.on.data = date.today()
    return form


class ConsentsOnPage:
    """What a contact's screen adds: the consents on its page and the form's POST."""

    details_template = "admin/contact/details.html"
    write_endpoints = frozenset({"record_consent"})

    def render(self, template, **kwargs):
        if template == self.details_template:
            kwargs["consents"] = current(kwargs["model"])
            if self.can_edit:
                kwargs["consent_form"] = consent_form()
        return super().render(template, **kwargs)

    @expose("/consent/", methods=("POST",))
    def record_consent(self):
        """„Einwilligung eintragen“: recorded through crm.consents and committed; a refusal is
        shown on the page and nothing is saved."""
        contact_id = as_id(request.args.get("id"))
        contact = db.session.get(Contact, contact_id) if contact_id else None
        if contact is None:
            abort(404)
        form = consent_form(request.form)
        save_from_page(
            form,
            lambda: record(
                contact,
                db.session.get(ConsentPurpose, int(form.purpose.data)),
                form.given.data == GIVEN,
                form.on.data,
                ConsentMethod(form.how.data),
                form.note.data,
            ),
            _l("Die Einwilligung wurde eingetragen."),
        )
        return redirect(url_for(".details_view", id=contact_id))


class ConsentPurposeView(LotseModelView):
    """The purposes the office asks consent for; renamed and added, never deleted (the
    history points to them)."""

    can_delete = False
    column_list = ("name", "position")
    column_default_sort = [("position", False), ("id", False)]
    form_columns = ("name", "position")


def register(admin, category):
    admin.add_view(
        ConsentPurposeView(
            ConsentPurpose,
            name=_l("Einwilligungszwecke"),
            category=category,
            endpoint="consent_purpose",
        )
    )
