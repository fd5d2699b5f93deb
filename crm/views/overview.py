"""Strukturübersicht: the structure matrix, the education chain, a municipality's profile and
the language coverage, their files (CSV, XLSX), a printable dated report and the offers
register as an HSDS package. The screens parse the filters and render; the figures come from
crm.structures, crm.municipality_profile and crm.language_coverage."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from flask import Response, abort, flash, render_template, request, url_for
from flask_admin import BaseView, expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import audit
from ..charts import bar_chart, stacked_bar_chart
from ..extensions import db
from ..hsds import hsds_package
from ..inputs import as_id, clean_input
from ..language_coverage import language_coverage
from ..models import EducationStage, Language, TargetGroup
from ..models.choices import OrganisationKind, Role
from ..municipality_profile import education_chain, find_municipality, municipality_profile
from ..people_figures import assignments_by_month_and_area, volunteers_by_status_and_municipality
from ..structure_tables import chain_table, coverage_table, matrix_table, profile_table
from ..structures import Entry, OfferFilter, entries, field_totals, structure_matrix
from ..tabular import EXCEL, stream_csv, stream_xlsx
from .base import RoleAccess
from .fields import parse_datetime, show_date

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")


@dataclass
class Request:
    """The overview's filters as typed, parsed: what counts, on which day, and the messages
    for what could not be read (that part of the filter is left out)."""

    offers: OfferFilter
    today: date
    args: dict
    problems: list[str]


def parse_request(args) -> Request:
    problems: list[str] = []
    kept: dict[str, str] = {}
    unreadable: set[str] = set()

    def value(name: str) -> str | None:
        raw = args.get(name)
        text = clean_input(raw)
        if text != raw and name not in unreadable:
            unreadable.add(name)
            problems.append(_("Ein Filterwert war ungültig und wurde nicht angewendet."))
            return None
        return text.strip() if text and text.strip() else None

    def identifier(name: str, message: str) -> int | None:
        text = value(name)
        if text is None:
            return None
        found = as_id(text)
        if found is None:
            problems.append(message)
        else:
            kept[name] = str(found)
        return found

    kind = value("kind")
    if kind is not None and kind not in {k.value for k in OrganisationKind}:
        problems.append(_("Diese Art von Organisation gibt es nicht."))
        kind = None
    elif kind:
        kept["kind"] = kind
    formal = {"ja": True, "nein": False}.get(value("formal") or "")
    if value("formal") and formal is None:
        problems.append(_("„Formal“ ist ja oder nein."))
    elif formal is not None:
        kept["formal"] = value("formal")
    target_group = identifier("target_group", _("Diese Zielgruppe gibt es nicht."))
    language = identifier("language", _("Diese Sprache gibt es nicht."))
    filtered = value("filtered") is not None  # a sent form: unticked boxes are not sent
    flags = {
        name: (value(name) is not None) if filtered else default
        for name, default in (("current", True), ("public", False), ("checked", False))
    }
    kept.update({name: "1" for name, on in flags.items() if on})
    if filtered:
        kept["filtered"] = "1"
    today = date.today()
    typed = value("on")
    if typed:
        parsed = parse_datetime(typed, DATE_FORMATS)
        if parsed is None:
            problems.append(
                _("„%(value)s“ ist kein Datum; gezeigt wird der Stand von heute.", value=typed)
            )
        else:
            today = parsed.date()
            kept["on"] = show_date(today)
    offers = OfferFilter(
        organisation_kind=OrganisationKind(kind) if kind else None,
        formal=formal,
        target_group_id=target_group,
        language_id=language,
        only_current=flags["current"],
        only_public=flags["public"],
        only_checked=flags["checked"],
    )
    return Request(offers, today, kept, problems)


class OfferLinks:
    """The offers list behind a cell: its field and municipality (county-wide offers
    included) and what the overview counts. Built once per page; a cell only adds its two
    ids (Flask-Admin takes the filters' numbers as names, gaps between them do not matter)."""

    def __init__(self, read: Request):
        offers = read.offers
        filters: list[tuple[str, object]] = [("stand_ist", "gezaehlt")]
        if offers.only_current:
            filters.append(("stand_ist", "aktuell"))
        if offers.only_checked:
            filters.append(("stand_ist", "geprueft"))
        if offers.only_public:
            filters.append(("veröffentlichen_gleich", "1"))
        if offers.formal is not None:
            filters.append(("formal_gleich", "1" if offers.formal else "0"))
        if offers.organisation_kind is not None:
            filters.append(("art_des_anbieters_ist", offers.organisation_kind.value))
        if offers.target_group_id is not None:
            filters.append(("zielgruppen_enthält", offers.target_group_id))
        if offers.language_id is not None:
            filters.append(("sprachen_enthält", offers.language_id))
        counted = urlencode([(f"flt{i}_{name}", v) for i, (name, v) in enumerate(filters, 2)])
        self.base = f"{url_for('offer.index_view')}?{counted}"

    def __call__(self, field: Entry | None = None, place: Entry | None = None) -> str:
        url = self.base
        if field is not None:
            url += f"&flt0_handlungsfelder_enth%C3%A4lt={field.id}"
        if place is not None:
            url += f"&flt1_kommune_mit_kreisweiten={place.id}"
        return url


class StructureView(RoleAccess, BaseView):
    """The overview of existing structures; files for coordinators and administrators."""

    export_role = Role.COORDINATOR

    def _read(self) -> Request:
        read = parse_request(request.args)
        for problem in read.problems:
            flash(problem, "error")
        return read

    def _options(self) -> dict:
        return {
            "kinds": OrganisationKind.choices(),
            "target_groups": entries(TargetGroup),
            "languages": db.session.execute(
                select(Language.id, Language.name).order_by(Language.sort_name)
            ).all(),
        }

    def _place(self) -> tuple[Entry, str | None] | None:
        return find_municipality(as_id(request.args.get("id")))

    @expose("/")
    def index(self):
        read = self._read()
        matrix = structure_matrix(read.offers, read.today)
        return self.render(
            "admin/structures/matrix.html",
            read=read,
            matrix=matrix,
            link=OfferLinks(read),
            **self._options(),
        )

    @expose("/chain/")
    def chain(self):
        """Without a municipality the county's chain (municipalities × stages), with one the
        stages there, formal and non-formal apart, with their offers."""
        read = self._read()
        if request.args.get("id") is None:
            matrix = structure_matrix(read.offers, read.today, by=EducationStage)
            return self.render(
                "admin/structures/chain_matrix.html", read=read, matrix=matrix, **self._options()
            )
        found = self._place()
        if found is None:
            return _no_municipality()
        chain = education_chain(found[0], read.offers, read.today)
        return self.render("admin/structures/chain.html", read=read, chain=chain)

    @expose("/municipality/")
    def profile(self):
        read = self._read()
        found = self._place()
        if found is None:
            return _no_municipality()
        profile = municipality_profile(*found, read.offers, read.today)
        chart = bar_chart(
            _("Angebote je Handlungsfeld"),
            [
                (f.name, c.offers)
                for f, c in zip(profile.fields, profile.offers_by_field, strict=True)
            ],
        )
        return self.render(
            "admin/structures/profile.html",
            read=read,
            profile=profile,
            chart=chart,
            link=OfferLinks(read),
        )

    @expose("/coverage/")
    def coverage(self):
        read = self._read()
        places = language_coverage(read.offers, read.today)
        return self.render("admin/structures/coverage.html", read=read, places=places)

    @expose("/report/")
    def report(self):
        """Matrix, gaps, the county's chain, coverage and charts on pages to print, dated."""
        read = self._read()
        matrix = structure_matrix(read.offers, read.today)
        chain = structure_matrix(read.offers, read.today, by=EducationStage)
        places = language_coverage(read.offers, read.today)
        totals = field_totals(read.offers, read.today)
        uncovered = _uncovered(places)
        volunteers = volunteers_by_status_and_municipality()
        assignments = assignments_by_month_and_area(read.today)
        return self.render(
            "admin/structures/report.html",
            read=read,
            matrix=matrix,
            chain=chain,
            places=places,
            totals=totals,
            uncovered=uncovered,
            volunteers=volunteers,
            assignments=assignments,
            charts={
                "fields": bar_chart(_("Angebote je Handlungsfeld"), totals),
                "uncovered": bar_chart(_("Begleitete Personen ohne Sprachabdeckung"), uncovered),
                "volunteers": stacked_bar_chart(
                    _("Ehrenamtliche nach Status je Kommune"), volunteers.parts, volunteers.rows
                ),
                "assignments": stacked_bar_chart(
                    _("Begonnene Einsätze je Monat nach Bereich"),
                    assignments.parts,
                    assignments.rows,
                ),
            },
        )

    @expose("/export/<what>.<fmt>")
    def export(self, what: str, fmt: str):
        if not self._may(self.export_role):
            abort(403)
        if fmt not in ("csv", "xlsx") or what not in ("matrix", "chain", "coverage", "profile"):
            return _page_missing(_("Diese Datei gibt es nicht."))
        read = self._read()
        table = self._table(what, read)
        if table is None:
            return _no_municipality()
        audit.record(
            "export", table="offers", list=what, format=fmt, rows=len(table.rows), **read.args
        )
        db.session.commit()
        name = f"{table.title}_{read.today.isoformat()}.{fmt}"
        if fmt == "xlsx":
            body, mimetype = stream_xlsx(table.columns, table.rows, table.title), XLSX
        else:
            body, mimetype = stream_csv(table.columns, table.rows, EXCEL), "text/csv; charset=utf-8"
        response = Response(body, mimetype=mimetype)
        response.headers.set("Content-Disposition", "attachment", filename=name)
        return response

    def _table(self, what: str, read: Request):
        if what == "matrix":
            return matrix_table(structure_matrix(read.offers, read.today))
        if what == "coverage":
            return coverage_table(language_coverage(read.offers, read.today))
        if what == "chain" and request.args.get("id") is None:
            matrix = structure_matrix(read.offers, read.today, by=EducationStage)
            return matrix_table(matrix, _("Bildungskette"))
        found = self._place()
        if found is None:
            return None
        if what == "chain":
            return chain_table([education_chain(found[0], read.offers, read.today)])
        return profile_table(municipality_profile(*found, read.offers, read.today))

    @expose("/hsds.zip")
    def hsds(self):
        """The published offers as an HSDS 3.0 tabular data package."""
        if not self._may(self.export_role):
            abort(403)
        today = date.today()
        body = hsds_package(_("ganzer Landkreis"), today)
        audit.record("export", table="offers", list="hsds", format="zip")
        db.session.commit()
        response = Response(body, mimetype="application/zip")
        response.headers.set(
            "Content-Disposition", "attachment", filename=f"angebote-hsds-{today.isoformat()}.zip"
        )
        return response


def _uncovered(places) -> list[tuple[str, int]]:
    found: dict[str, int] = {}
    for place in places:
        for need in place.uncovered:
            found[need.language] = found.get(need.language, 0) + need.newcomers
    return sorted(found.items(), key=lambda item: -item[1])


def _page_missing(text: str):
    return render_template("error.html", title=_("Nicht gefunden"), text=text), 404


def _no_municipality():
    return _page_missing(_("Diese Kommune gibt es nicht (mehr)."))


def register(admin, category):
    admin.add_view(
        StructureView(name=_l("Strukturübersicht"), category=category, endpoint="structures")
    )
