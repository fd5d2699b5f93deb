"""„Aufbewahrung“: the retention report (crm.retention), the archive offers with their file and
the archive's answer, and „Geprüfte anonymisieren“ after a confirmation page
(crm.archive_offers). Coordinators read the report and the offers; administrators make
offers, download their files, record answers and anonymise. The rules are those modules';
this one parses and renders."""

import functools
from datetime import date, datetime

from flask import Response, abort, flash, redirect, request, stream_with_context, url_for
from flask_admin import BaseView, expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import HiddenField, SelectField, TextAreaField

from .. import audit
from ..archive_offers import (
    answer_offer,
    carry_out,
    make_offer,
    offer_table,
    offered_section,
    refusal,
    review,
)
from ..errors import RuleError
from ..extensions import db
from ..inputs import as_id, clean_input
from ..models import ArchiveAnswer, ArchiveOffer
from ..models.choices import Role
from ..retention import RULE_OF, due
from ..sensitive import CLEARANCE
from .access import RoleAccess
from .exporting import FORMATS, attachment
from .fields import LocalDateField
from .formatters import TYPE_FORMATTERS
from .sensitive import groups_hidden

ANSWERS = [(a.value, a.label) for a in ArchiveAnswer if a != ArchiveAnswer.OPEN]


class AnswerForm(FlaskForm):
    answer = SelectField(_l("Antwort des Archivs"), choices=ANSWERS)
    answered_on = LocalDateField(_l("Antwort vom"))
    note = TextAreaField(_l("Notiz"))
    version = HiddenField()


class RetentionView(RoleAccess, BaseView):
    read_role = Role.COORDINATOR
    erase_role = Role.ADMIN

    @expose("/")
    def index(self):
        """The report (without the clearance section for a role that may not read it) and
        the latest offers."""
        today = date.today()
        report = due(db.session, today, clearance=CLEARANCE not in groups_hidden())
        offers = db.session.scalars(
            select(ArchiveOffer)
            .options(joinedload(ArchiveOffer.user))
            .order_by(ArchiveOffer.created_at.desc(), ArchiveOffer.id.desc())
            .limit(20)
        ).all()
        unfinished = {o.section for o in offers if o.anonymised_at is None}
        return self.render(
            "admin/retention/index.html",
            report=report,
            offers=offers,
            unfinished=unfinished,
            titles={key: rule.title for key, rule in RULE_OF.items()},
            may_erase=self._may(self.erase_role),
            formats=FORMATS,
            when=functools.partial(TYPE_FORMATTERS[datetime], self),
            day=functools.partial(TYPE_FORMATTERS[date], self),
            forms={o.id: AnswerForm(obj=o, formdata=None) for o in offers},
        )

    @expose("/angebot", methods=("POST",))
    def offer(self):
        """„Archivangebot erstellen“ for one section."""
        self._admin_only()
        try:
            made = make_offer(
                db.session, request.form.get("section", ""), date.today(), current_user.id
            )
            db.session.commit()
        except RuleError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for(".index"))
        flash(
            _(
                "Archivangebot Nr. %(id)s mit %(n)s Datensätzen erstellt: bitte die Datei dem "
                "Archiv anbieten und seine Antwort hier eintragen.",
                id=made.id,
                n=len(made.record_ids),
            ),
            "success",
        )
        return redirect(url_for(".index", _anchor=f"angebot-{made.id}"))

    @expose("/angebot/<id>/datei/<export_type>")
    def download(self, id, export_type):
        """The offered records still due, as CSV or XLSX; recorded as an export."""
        self._admin_only()
        offer = self._offer(id)
        file_format = FORMATS.get(export_type)
        if file_format is None:
            abort(404)
        columns, rows = offer_table(offered_section(db.session, offer, date.today()))
        audit.record(
            "export", table="archive_offers", row_id=offer.id, format=export_type, rows=len(rows)
        )
        db.session.commit()
        title = _("Archivangebot %(id)s", id=offer.id)
        name = f"{title} {offer.created_at:%Y-%m-%d}.{file_format.extension}"
        return Response(
            stream_with_context(file_format.write(columns, rows, title)),
            mimetype=file_format.mimetype,
            headers={"Content-Disposition": attachment(name)},
        )

    @expose("/angebot/<id>/antwort", methods=("POST",))
    def answer(self, id):
        """The archive's answer with its date."""
        self._admin_only()
        offer = self._offer(id)
        form = AnswerForm()
        back = redirect(url_for(".index", _anchor=f"angebot-{offer.id}"))
        if not form.validate():
            problems = [str(e) for errors in form.errors.values() for e in errors]
            flash(_("Nichts gespeichert: %(why)s", why=" ".join(problems)), "error")
            return back
        try:
            answer_offer(
                db.session,
                offer,
                form.answer.data,
                form.answered_on.data,
                clean_input(form.note.data),
                form.version.data or "",
            )
            db.session.commit()
        except RuleError as error:
            db.session.rollback()
            flash(_("Nichts gespeichert: %(why)s", why=str(error)), "error")
            return back
        flash(_("Die Antwort des Archivs ist eingetragen."), "success")
        return back

    @expose("/angebot/<id>/anonymisieren", methods=("GET", "POST"))
    def carry_out(self, id):
        """„Geprüfte anonymisieren“: the confirmation page, then the one action."""
        self._admin_only()
        offer = self._offer(id)
        today = date.today()
        refused = refusal(offer)
        if refused:
            flash(refused, "error")
            return redirect(url_for(".index", _anchor=f"angebot-{offer.id}"))
        if request.method == "POST":
            if request.form.get("confirmed") != "1":
                flash(_("Bitte bestätigen Sie die Anonymisierung."), "error")
            else:
                return self._carry_out(offer, today)
        return self.render(
            "admin/retention/confirm.html",
            offer=offer,
            found=review(db.session, offer, today),
            title=RULE_OF[offer.section].title,
        )

    def _carry_out(self, offer: ArchiveOffer, today: date):
        """The one action, confirmed: the records anonymised and those left out named."""
        try:
            found = carry_out(db.session, offer, today)
            db.session.commit()
        except RuleError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for(".index"))
        message = _("%(n)s Datensätze anonymisiert.", n=len(found.kept))
        if found.left_out:
            names = "; ".join(f"{name} ({why})" for _id, name, why in found.left_out)
            message += " " + _("Ausgelassen: %(names)s", names=names)
        flash(message, "success")
        return redirect(url_for(".index", _anchor=f"angebot-{offer.id}"))

    def _offer(self, id) -> ArchiveOffer:
        """The offer of a URL, or 404 for an id that is none (text, too large, unknown)."""
        offer = db.session.get(ArchiveOffer, as_id(id)) if as_id(id) else None
        if offer is None:
            abort(404)
        return offer

    def _admin_only(self) -> None:
        if not self._may(self.erase_role):
            abort(403)


def register(admin, category) -> None:
    admin.add_view(
        RetentionView(
            name=_l("Aufbewahrung"),
            category=category,
            endpoint="retention",
            url="/admin/aufbewahrung",
        )
    )
