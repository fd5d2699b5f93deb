"""Datenschutz: the access request (Art. 15 GDPR) of a person as JSON and as a printable
page, for coordinators and admins, recorded as an export; the anonymisation (Art. 17) of a
person or a newcomer, for admins only, after a page that says what will happen.

The rules are crm.access_request's and crm.anonymisation's; this module parses and renders.
"""

import json
from datetime import date

from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import audit
from ..access_request import access_report
from ..anonymisation import anonymise_contact, anonymise_newcomer, is_anonymised, plan
from ..extensions import db
from ..inputs import as_id
from ..labels import FIELD_LABELS
from ..models import Newcomer
from ..models.choices import Role
from ..sensitive import GROUP_NAMES
from .access import RoleAccess
from .admin import HistoryView
from .exporting import attachment
from .formatters import TYPE_FORMATTERS

# The history section's columns named as on the history screen.
LABELS = {**FIELD_LABELS, **HistoryView.column_labels}


def shown(value) -> str:
    """A value as the printable page shows it: dates and numbers as people write them."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nein")
    if isinstance(value, dict | list):
        return json.dumps(audit.plain(value), ensure_ascii=False)
    for kind, format_value in TYPE_FORMATTERS.items():
        if isinstance(value, kind):
            return str(format_value(None, value))
    return str(value)


def left_out(report) -> dict | None:
    """What the report leaves out for the user's role, and who gets the complete one."""
    if not report.left_out:
        return None
    return {
        "groups": {group: str(GROUP_NAMES[group]) for group in sorted(report.left_out)},
        "complete_for_role": report.complete_for.value,
        "note": _(
            "Diese Auskunft ist nicht vollständig: Ihre Rolle darf %(groups)s nicht lesen. Die "
            "vollständige Auskunft kann ein Benutzerkonto mit der Rolle „%(role)s“ herunterladen.",
            groups=", ".join(str(GROUP_NAMES[g]) for g in sorted(report.left_out)),
            role=report.complete_for.label,
        ),
    }


class PrivacyView(RoleAccess, BaseView):
    read_role = Role.COORDINATOR
    erase_role = Role.ADMIN

    def is_visible(self) -> bool:
        return False  # reached from a contact's or newcomer's page

    @expose("/")
    def index(self):
        """Flask-Admin needs a page at the root; a person is chosen from the contacts."""
        return redirect(url_for("contact.index_view"))

    def _report(self, id):
        """The report as the signed-in user may read it (crm.sensitive's groups)."""
        role, setting = Role(current_user.role), current_app.config["SENSITIVE_FIELDS_ROLE"]
        report = access_report(db.session, as_id(id), role, setting) if as_id(id) else None
        if report is None:
            abort(404)
        return report

    @expose("/auskunft/<int:id>/")
    def access_page(self, id):
        report = self._report(id)
        audit.record("export", table="contacts", row_id=report.contact.id, format="art15-html")
        db.session.commit()
        return self.render(
            "admin/privacy/access.html",
            report=report,
            labels=LABELS,
            shown=shown,
            left_out=left_out(report),
            today=date.today(),
        )

    @expose("/auskunft/<int:id>/json")
    def access_json(self, id):
        report = self._report(id)
        body = json.dumps(
            {
                "contact_id": report.contact.id,
                "created_on": date.today().isoformat(),
                "left_out": left_out(report),
                **{key: audit.plain(rows) for key, _title, rows in report.sections},
            },
            ensure_ascii=False,
            indent=1,
        )
        audit.record("export", table="contacts", row_id=report.contact.id, format="art15-json")
        db.session.commit()
        name = f"{_('Auskunft')}_{report.contact.id}.json"
        return Response(
            body, mimetype="application/json", headers={"Content-Disposition": attachment(name)}
        )

    @expose("/anonymisieren/<int:id>/", methods=("GET", "POST"))
    def erase_contact(self, id):
        self._admin_only()
        found = plan(db.session, as_id(id)) if as_id(id) else None
        if found is None:
            abort(404)
        if is_anonymised(found.contact):
            return self._done_before("contact", found.contact)
        if request.method == "POST":
            if request.form.get("confirmed") != "1":
                flash(_("Bitte bestätigen Sie die Anonymisierung."), "error")
            else:
                anonymise_contact(db.session, found.contact)
                db.session.commit()
                flash(_("Die Person ist anonymisiert."), "success")
                return redirect(url_for("contact.details_view", id=found.contact.id))
        return self.render("admin/privacy/erase_contact.html", plan=found)

    @expose("/anonymisieren-begleitet/<int:id>/", methods=("GET", "POST"))
    def erase_newcomer(self, id):
        self._admin_only()
        newcomer = db.session.get(Newcomer, as_id(id)) if as_id(id) else None
        if newcomer is None:
            abort(404)
        if is_anonymised(newcomer):
            return self._done_before("newcomer", newcomer)
        if request.method == "POST":
            if request.form.get("confirmed") != "1":
                flash(_("Bitte bestätigen Sie die Anonymisierung."), "error")
            else:
                anonymise_newcomer(db.session, newcomer)
                db.session.commit()
                flash(_("Die begleitete Person ist anonymisiert."), "success")
                return redirect(url_for("newcomer.details_view", id=newcomer.id))
        return self.render("admin/privacy/erase_newcomer.html", newcomer=newcomer)

    @staticmethod
    def _done_before(screen: str, record):
        """Asked again for someone anonymised: said so, nothing written."""
        flash(_("„%(name)s“ ist bereits anonymisiert.", name=str(record)), "info")
        return redirect(url_for(f"{screen}.details_view", id=record.id))

    def _admin_only(self) -> None:
        if not self._may(self.erase_role):
            abort(403)


def _actions(*entries) -> tuple:
    """The buttons on a record's page (``details_downloads``) the current user may use."""
    return tuple(
        (label, endpoint, icon)
        for role, label, endpoint, icon in entries
        if current_user.is_authenticated and current_user.may(role)
    )


def contact_actions() -> tuple:
    return _actions(
        (PrivacyView.read_role, _l("Auskunft (Art. 15)"), "privacy.access_page", "fa-file-text-o"),
        (PrivacyView.erase_role, _l("Anonymisieren …"), "privacy.erase_contact", "fa-eraser"),
    )


def newcomer_actions() -> tuple:
    return _actions(
        (PrivacyView.erase_role, _l("Anonymisieren …"), "privacy.erase_newcomer", "fa-eraser"),
    )


def register(admin) -> None:
    admin.add_view(
        PrivacyView(name=_l("Datenschutz"), endpoint="privacy", url="/admin/datenschutz")
    )
