"""Kennzahlen Ehrenamt (the figures for funders, with chart and files) and Fällig (the due
list): screens that parse the period and render what crm.figures and crm.due count."""

from datetime import date

from flask import Response, abort, flash, redirect, request, stream_with_context, url_for
from flask_admin import BaseView, expose
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import audit
from ..charts import bar_chart
from ..due import due_list
from ..errors import RuleError
from ..extensions import db
from ..figures import LABELS, as_table, chosen_municipality, funder_figures, municipalities
from ..models.choices import Role
from ..periods import KINDS, MONTH_NAMES, Period
from .base import RoleAccess
from .exporting import FORMATS, attachment
from .sensitive import groups_hidden

ARGS = ("period", "year", "quarter", "month", "municipality")


class FunderFiguresView(RoleAccess, BaseView):
    """The figures of a period, county-wide or for one municipality; files for coordinators."""

    export_role = Role.COORDINATOR

    @expose("/")
    def index(self):
        known = municipalities(db.session)
        try:
            figures = self._figures(request.args, known)
        except RuleError as error:
            return self._page(known, None, error), 400
        return self._page(known, figures)

    def _figures(self, args, known):
        period = Period.parse(args, date.today())
        place = chosen_municipality(args.get("municipality"), known)
        return funder_figures(db.session, period, place, known)

    def _page(self, known, figures, error=None):
        return self.render(
            "admin/figures/funders.html",
            figures=figures,
            error=error,
            known=known,
            chosen={key: request.args.get(key, "") for key in ARGS},
            today=date.today(),
            kinds=KINDS,
            month_names=MONTH_NAMES,
            labels=LABELS,
            charts=_charts(figures) if figures else (),
            formats=FORMATS if self._may(self.export_role) else {},
        )

    @expose("/export/<export_type>")
    def export(self, export_type: str):
        """The table as CSV or XLSX through crm.tabular, recorded in the history."""
        if not self._may(self.export_role):
            abort(403)
        args = {key: request.args[key] for key in ARGS if request.args.get(key)}
        file_format = FORMATS.get(export_type)
        try:
            if file_format is None:
                raise RuleError(_("Dieses Exportformat gibt es nicht."))
            figures = self._figures(request.args, municipalities(db.session))
        except RuleError as error:
            flash(str(error), "error")
            return redirect(url_for(".index", **args))
        columns, rows = as_table(figures)
        audit.record(
            "export",
            table="funder_figures",
            format=export_type,
            period=figures.period.as_args(),
            municipality=figures.municipality[0] if figures.municipality else None,
            rows=len(rows),
        )
        db.session.commit()
        title = _("Kennzahlen Ehrenamt")
        body = file_format.write(columns, rows, title)
        name = f"{title} {figures.period}.{file_format.extension}"
        return Response(
            stream_with_context(body),
            mimetype=file_format.mimetype,
            headers={"Content-Disposition": attachment(name)},
        )


def _charts(figures) -> list[tuple[str, object]]:
    """(title, SVG): hours by area, and county-wide active volunteers and people per
    municipality."""
    charts = [
        (
            _("Stunden nach Bereich"),
            [(str(a.area.label), a.hours) for a in figures.areas],
            format_decimal,
        )
    ]
    if figures.municipality is None:
        for key in ("active", "people"):
            bars = [(name, getattr(c, key)) for _id, name, c in figures.rows]
            charts.append((_("%(figure)s je Kommune", figure=LABELS[key]), bars, str))
    return [(title, bar_chart(title, bars, shown)) for title, bars, shown in charts if bars]


class DueView(RoleAccess, BaseView):
    """What is due, section by section, each item linked to its record page."""

    @expose("/")
    def index(self):
        sections = due_list(db.session, date.today(), groups_hidden())
        return self.render("admin/figures/due.html", sections=sections)


def register(admin, category):
    admin.add_view(
        FunderFiguresView(
            name=_l("Kennzahlen Ehrenamt"), category=category, endpoint="volunteer_figures"
        )
    )


def register_due(admin):
    admin.add_view(DueView(name=_l("Fällig"), endpoint="due"))
