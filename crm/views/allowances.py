"""The expense allowances of the pool for a year (a table, as CSV or XLSX) and each
volunteer's statement as PDF; the sums are crm.allowances', the rates the office's."""

from datetime import date

from flask import Response, abort, flash, redirect, request, stream_with_context, url_for
from flask_admin import BaseView, expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import audit
from ..allowance_pdf import allowance_pdf
from ..allowances import checked_year, pool, statement
from ..errors import RuleError
from ..extensions import db
from ..inputs import as_id
from ..models.choices import Role
from ..settings import office_settings
from ..tabular import EXCEL, Column, stream_csv, stream_xlsx
from .base import RoleAccess
from .exporting import attachment

FILES = {
    "csv": ("text/csv; charset=utf-8", lambda columns, rows: stream_csv(columns, rows, EXCEL)),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda columns, rows: stream_xlsx(columns, rows, _("Aufwandsentschädigungen")),
    ),
}


def _columns() -> list[Column]:
    return [
        Column(_("Name"), 28),
        Column(_("Stunden"), 10),
        Column(_("angerechnet"), 12),
        Column(_("Aufwandsentschädigung (€)"), 16),
        Column(_("Kilometer"), 10),
        Column(_("Fahrtkosten (€)"), 14),
        Column(_("Summe (€)"), 12),
        Column(_("Obergrenze überschritten"), 14),
    ]


def _row(paid) -> list:
    over = paid.over_hours_cap or paid.over_allowance_cap
    return [
        paid.name,
        paid.hours,
        paid.hours_counted,
        paid.hours_amount,
        paid.kilometres,
        paid.travel_amount,
        paid.total,
        _("ja") if over else _("nein"),
    ]


class AllowanceView(RoleAccess, BaseView):
    """Every volunteer with logged time in a year; files and statements for coordinators."""

    export_role = Role.COORDINATOR

    def _year(self) -> int | None:
        try:
            return checked_year(request.args.get("year"), date.today())
        except RuleError as error:
            flash(str(error), "error")
            return None

    @property
    def may_export(self) -> bool:
        return self._may(self.export_role)

    @expose("/")
    def index(self):
        year = self._year()
        if year is None:
            return redirect(url_for(".index"))
        settings = office_settings(db.session)
        return self.render(
            "admin/allowance/index.html",
            year=year,
            rows=pool(db.session, settings, year),
            settings=settings,
        )

    @expose("/export/<kind>/")
    def export(self, kind):
        if not self.may_export:
            abort(403)
        year = self._year()
        if year is None or kind not in FILES:
            if kind not in FILES:
                flash(_("Dieses Exportformat gibt es nicht."), "error")
            return redirect(url_for(".index"))
        rows = pool(db.session, office_settings(db.session), year)
        audit.record("export", table="allowances", year=year, format=kind, rows=len(rows))
        db.session.commit()
        mimetype, write = FILES[kind]
        body = write(_columns(), (_row(paid) for paid in rows))
        name = f"{_('Aufwandsentschädigungen')}_{year}.{kind}"
        return Response(
            stream_with_context(body),
            mimetype=mimetype,
            headers={"Content-Disposition": attachment(name)},
        )

    @expose("/statement/<int:volunteer_id>/")
    def statement_pdf(self, volunteer_id):
        """A volunteer's statement of the year, recorded as an export of personal data."""
        if not self.may_export:
            abort(403)
        year = self._year()
        if year is None:
            return redirect(url_for(".index"))
        found = None
        if as_id(volunteer_id):
            found = statement(db.session, office_settings(db.session), volunteer_id, year)
        if found is None:
            abort(404)
        body = allowance_pdf(found, date.today())
        audit.record("export", table="volunteers", row_id=volunteer_id, year=year, format="pdf")
        db.session.commit()
        return Response(
            body,
            mimetype="application/pdf",
            headers={"Content-Disposition": attachment(found.file_name)},
        )


def register(admin, category):
    admin.add_view(
        AllowanceView(name=_l("Aufwandsentschädigungen"), category=category, endpoint="allowance")
    )
