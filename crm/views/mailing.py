"""Verteiler: contacts selected by tags, organisations, places, networks, functions and volunteer
status, for coordinators; their letters, labels, e-mail lists and vCards, only to those who may
be written to; saved selections run again on today's data. Every export is recorded."""

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_admin import BaseView, expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import audit, operations
from ..address_labels import SHEETS, labels_pdf, sheet_named
from ..errors import RuleError
from ..extensions import db
from ..inputs import as_id
from ..letters import COLUMNS, letters
from ..mailing import (
    CRITERIA,
    Channel,
    Criteria,
    choices,
    email_addresses,
    email_list,
    preview,
    reach,
)
from ..models import SavedSelection
from ..models.choices import Role
from ..saved_selections import may_change, may_see, saved_for
from ..tabular import EXCEL, stream_csv, stream_xlsx
from ..vcards import cards, vcards
from .base import RoleAccess

NOBODY = {
    Channel.POST: _l("Niemand in dieser Auswahl darf per Post angeschrieben werden."),
    Channel.EMAIL: _l("Niemand in dieser Auswahl darf per E-Mail angeschrieben werden."),
}
NO_CARD = _l(
    "Für diesen Kontakt gibt es keine vCard: Es gibt ihn nicht, oder er darf nicht angeschrieben "
    "werden (gesperrt oder ohne Einwilligung)."
)


class MailingView(RoleAccess, BaseView):
    """The selection in the query string (bookmarkable); exports and saved selections by POST
    with CSRF."""

    read_role = Role.COORDINATOR

    @expose("/")
    def index(self):
        selection = self._saved(as_id(request.args.get("selection")), missing_ok=True)
        try:
            criteria = Criteria.parse(request.args.to_dict(flat=False))
        except RuleError as error:
            return self._page(Criteria(), selection, error), 400
        return self._page(criteria, selection)

    def _page(self, criteria: Criteria, selection, error=None):
        session, today = db.session, date.today()
        return self.render(
            "admin/mailing/index.html",
            criteria_list=CRITERIA,
            chosen=criteria.as_json(),
            options=choices(session),
            figures=None if error else reach(session, criteria, today),
            rows=[] if error else preview(session, criteria, today),
            saved=saved_for(session, current_user, today),
            selection=selection,
            may_change=selection is not None and may_change(selection, current_user),
            sheets=SHEETS.values(),
            error=error,
            Channel=Channel,
        )

    @expose("/export", methods=("POST",))
    def export(self):
        form = request.form
        try:
            criteria = Criteria.parse(form.to_dict(flat=False))
        except RuleError as error:
            flash(str(error), "error")
            return redirect(url_for(".index"))
        back = url_for(".index", **criteria.as_json(), selection=form.get("selection") or None)
        output = form.get("output")
        if output not in OUTPUTS:
            flash(_("Diese Ausgabe gibt es nicht."), "error")
            return redirect(back)
        try:
            made = OUTPUTS[output](criteria, form)
        except RuleError as error:
            flash(str(error), "error")
            return redirect(back)
        if made is None:
            return redirect(back)
        channel, rows, response = made
        audit.record(
            "export",
            table="contacts",
            selection=criteria.as_json(),
            saved_selection=as_id(form.get("selection")),
            channel=channel,
            output=output,
            rows=rows,
        )
        db.session.commit()
        return response

    @expose("/vcard/<int:id>")
    def vcard(self, id):
        found = cards(db.session, contact_id=id)
        if not found:
            return render_template("error.html", title=_("Keine vCard"), text=NO_CARD), 404
        audit.record("export", table="contacts", row_id=id, channel="vcard", rows=1)
        db.session.commit()
        name = "-".join(p for p in (found[0].last_name, found[0].first_name) if p)
        return _download(vcards(found), f"{name}.vcf", VCARD)

    @expose("/selections/", methods=("POST",))
    def save(self):
        form = request.form
        try:
            criteria = Criteria.parse(form.to_dict(flat=False))
            selection = SavedSelection(
                name=form.get("name", ""),
                owner_id=current_user.id,
                shared=bool(form.get("shared")),
                criteria=criteria.as_json(),
            )
            operations.create(selection)
        except RuleError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for(".index", **_criteria_args(form)))
        db.session.commit()
        flash(_("Verteiler „%(name)s“ gespeichert.", name=selection.name), "success")
        return redirect(url_for(".index", **criteria.as_json(), selection=selection.id))

    @expose("/selections/<int:id>", methods=("POST",))
    def update(self, id):
        selection = self._changeable(id)
        form = request.form
        try:
            criteria = Criteria.parse(form.to_dict(flat=False))
            changes = {
                "name": form.get("name", ""),
                "shared": bool(form.get("shared")),
                "criteria": criteria.as_json(),
            }
            operations.update(selection, changes, seen_version=form.get("version", ""))
        except RuleError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for(".index", **_criteria_args(form), selection=id))
        db.session.commit()
        flash(_("Verteiler „%(name)s“ geändert.", name=selection.name), "success")
        return redirect(url_for(".index", **criteria.as_json(), selection=id))

    @expose("/selections/<int:id>/delete", methods=("POST",))
    def delete(self, id):
        selection = self._changeable(id)
        name = selection.name
        operations.delete(selection)
        db.session.commit()
        flash(_("Verteiler „%(name)s“ gelöscht.", name=name), "success")
        return redirect(url_for(".index"))

    def _saved(self, id, missing_ok=False) -> SavedSelection | None:
        """A saved selection the user sees; another's private one is as if it did not exist."""
        selection = db.session.get(SavedSelection, id) if id else None
        if selection is None or not may_see(selection, current_user):
            if missing_ok and id is None:
                return None
            abort(404)
        return selection

    def _changeable(self, id) -> SavedSelection:
        selection = self._saved(id)
        if not may_change(selection, current_user):
            abort(403)
        return selection


def _criteria_args(form) -> dict:
    """The criteria of a form as they were typed, to show them again after a refusal."""
    return {key: form.getlist(key) for key in Criteria.__dataclass_fields__ if form.getlist(key)}


CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VCARD = "text/vcard; charset=utf-8"
TEXT = "text/plain; charset=utf-8"


def _download(body, name: str, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=name)
    return response


def _postal(spreadsheet: bool):
    def make(criteria: Criteria, form):
        per_address = form.get("grouping") == "address"
        found = letters(db.session, criteria, per_address)
        rows = (letter.row() for letter in found)
        if spreadsheet:
            body = stream_xlsx(COLUMNS, rows, "Serienbrief")
            response = _download(body, "serienbrief.xlsx", XLSX)
        else:
            response = _download(stream_csv(COLUMNS, rows, EXCEL), "serienbrief.csv", CSV)
        return Channel.POST.value, len(found), response

    return make


def _labels(criteria: Criteria, form):
    sheet = sheet_named(form.get("sheet"))
    found = letters(db.session, criteria, form.get("grouping") == "address")
    if not found:
        flash(str(NOBODY[Channel.POST]), "warning")
        return None
    body = labels_pdf([letter.address_lines() for letter in found], sheet)
    return Channel.POST.value, len(found), _download(body, f"etiketten-{sheet.code}.pdf", PDF)


def _emails(criteria: Criteria, form):
    found = email_addresses(db.session, criteria)
    if not found:
        flash(str(NOBODY[Channel.EMAIL]), "warning")
        return None
    bcc = form.get("email_format") == "bcc"
    name = "verteiler-bcc.txt" if bcc else "verteiler-email.txt"
    return Channel.EMAIL.value, len(found), _download(email_list(found, bcc), name, TEXT)


def _vcards(criteria: Criteria, form):
    found = cards(db.session, criteria)
    if not found:
        flash(_("Niemand in dieser Auswahl darf angeschrieben werden."), "warning")
        return None
    return "vcard", len(found), _download(vcards(found), "verteiler.vcf", VCARD)


PDF = "application/pdf"
# What the export buttons make: (channel, rows, response), or None after a flashed message.
OUTPUTS = {
    "postal-csv": _postal(spreadsheet=False),
    "postal-xlsx": _postal(spreadsheet=True),
    "labels": _labels,
    "email": _emails,
    "vcards": _vcards,
}


def register(admin, category):
    admin.add_view(MailingView(name=_l("Verteiler"), category=category, endpoint="mailing"))
