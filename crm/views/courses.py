"""Screens of courses: the courses with their modules, their runs (trainings) with module dates
and participants, the attendance sheet of one module date, who misses which module and where
to make it up, and the certificate."""

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_admin import expose
from flask_admin.model.form import InlineFormAdmin
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import contains_eager, joinedload

from ..calendars import module_entry
from ..certificates import Certificate, certificate_pdf, issue_certificate
from ..courses import (
    attendance_sheet,
    complete,
    load_module,
    missing_modules,
    record_attendance,
    take_on_as_active,
)
from ..errors import RuleError
from ..extensions import db
from ..inputs import as_id
from ..models import (
    Contact,
    Course,
    CourseModule,
    Training,
    TrainingModule,
    TrainingParticipation,
    Volunteer,
)
from ..models.courses import module_attendance
from .base import SYSTEM_COLUMNS, LotseModelView, lookup
from .exporting import pdf_download
from .related import BelongsTo, Column, RelatedList, filtered
from .subscriptions import download
from .volunteering import volunteer_lookup


class CourseModuleInline(InlineFormAdmin):
    form_columns = ("id", "number", "title", "hours", "description")


class CourseView(LotseModelView):
    column_list = ("title", "description")
    column_default_sort = ("title", False)
    form_columns = ("title", "description", "modules")
    inline_models = (CourseModuleInline(CourseModule),)
    column_details_exclude_list = (*SYSTEM_COLUMNS, "modules")
    details_related = (
        RelatedList(
            _l("Module"),
            lambda course: (
                select(CourseModule)
                .where(CourseModule.course_id == course.id)
                .order_by(CourseModule.number)
            ),
            (Column(None, _l("Modul")), Column("hours")),
        ),
        RelatedList(
            _l("Durchgänge"),
            lambda course: (
                select(Training)
                .options(joinedload(Training.carrier))
                .where(Training.course_id == course.id)
                .order_by(Training.starts_on.desc().nulls_first(), Training.id.desc())
            ),
            (Column("title"), Column("carrier"), Column("location"), Column("starts_on")),
            full_list=filtered("training", kurs_ist=lambda course: course.id),
        ),
    )


class ModuleInline(InlineFormAdmin):
    form_columns = ("id", "course_module", "date", "location", "trainer")
    form_ajax_refs = {"course_module": lookup("title")}


class ParticipationInline(InlineFormAdmin):
    form_columns = ("id", "volunteer", "status")
    form_ajax_refs = {"volunteer": volunteer_lookup("volunteer")}


class TrainingView(LotseModelView):
    column_list = ("title", "course", "carrier", "starts_on", "ends_on", "location", "capacity")
    column_default_sort = ("starts_on", True)
    # By the carrier's name: a list of every organisation would be a whole table per page.
    column_filters = ("course", "carrier.name", "starts_on")
    column_labels = {"carrier.name": _l("Träger")}
    search_hint = _l("Titel, Ort, Beschreibung")
    form_columns = (
        "course",
        "title",
        "carrier",
        "description",
        "starts_on",
        "ends_on",
        "capacity",
        "location",
        "modules",
        "participations",
    )
    form_ajax_refs = {"course": lookup("title"), "carrier": lookup("name")}
    inline_models = (ModuleInline(TrainingModule), ParticipationInline(TrainingParticipation))
    column_details_exclude_list = (*SYSTEM_COLUMNS, "modules", "participations")
    details_load = ("participations.volunteer",)  # a participation is named by its volunteer
    details_template = "admin/courses/training_details.html"
    details_related = (
        RelatedList(
            _l("Termine"),
            lambda training: (
                select(TrainingModule)
                .join(TrainingModule.course_module)
                .options(contains_eager(TrainingModule.course_module))
                .where(TrainingModule.training_id == training.id)
                .order_by(CourseModule.number)
            ),
            (
                Column(None, _l("Modul")),
                Column("date"),
                Column("location"),
                Column("trainer"),
                Column(lambda row: _sheet_link(row[0]), _l("Anwesenheit")),
                Column(lambda row: _module_ics_link(row[0]), _l("Kalender")),
            ),
        ),
        RelatedList(
            _l("Teilnehmende"),
            lambda training: (
                select(
                    TrainingParticipation,
                    modules_attended().label("attended"),
                    complete().label("complete"),
                )
                .join(TrainingParticipation.volunteer)
                .join(Volunteer.contact)
                .options(contains_eager(TrainingParticipation.volunteer, Volunteer.contact))
                .where(TrainingParticipation.training_id == training.id)
                .order_by(*Contact.name_order(), TrainingParticipation.id)
            ),
            (
                Column("volunteer", _l("Name")),
                Column("status"),
                Column(lambda row: module_numbers(row.attended), _l("Besuchte Module")),
                Column(lambda row: bool(row.complete), _l("Vollständig")),
                Column("certificate_issued_on", _l("Zertifikat")),
            ),
            full_list=filtered("participation", schulung_ist=lambda training: training.id),
        ),
    )

    @expose("/module-ics/")
    def module_ics(self):
        """A module's day as an all-day calendar entry."""
        module_id = as_id(request.args.get("id"))
        entry = module_entry(db.session, module_id) if module_id else None
        return download(entry, f"modul-{module_id}.ics")

    @expose("/attendance/<int:id>/", methods=("GET", "POST"))
    def attendance(self, id):
        """The attendance of one module date: a tick per participant, saved at once."""
        module = load_module(db.session, id)
        if module is None:
            return _not_found(_("Diesen Termin gibt es nicht (mehr)."))
        if request.method == "POST":
            if not self.can_edit:
                return _not_found(_("Anwesenheit eintragen dürfen nur Koordinierende."), 403)
            return self._save_attendance(module)
        sheet = attendance_sheet(db.session, module, date.today())
        done = _complete_on(sheet.ids)
        return self.render("admin/courses/attendance.html", sheet=sheet, complete=done)

    def _save_attendance(self, module):
        shown = [as_id(v) for v in request.form.getlist("shown")]
        present = [as_id(v) for v in request.form.getlist("present")]
        if None in shown or None in present:
            flash(_("Die Liste war ungültig; nichts wurde gespeichert."), "error")
            return redirect(url_for(".attendance", id=module.id))
        try:
            recorded = record_attendance(db.session, module, shown, present, date.today())
        except RuleError as refused:
            db.session.rollback()
            flash(str(refused), "error")
            return redirect(url_for(".attendance", id=module.id))
        db.session.commit()
        flash(
            _(
                "Anwesenheit gespeichert: %(added)s eingetragen, %(removed)s ausgetragen.",
                added=recorded.added,
                removed=recorded.removed,
            ),
            "success",
        )
        return redirect(url_for(".attendance", id=module.id))

    @expose("/take-on/", methods=("POST",))
    def take_on(self):
        """Take a volunteer who completed a course on as active (suggested on the sheet)."""
        volunteer_id = as_id(request.form.get("volunteer"))
        volunteer = db.session.get(Volunteer, volunteer_id) if volunteer_id else None
        back = request.form.get("next") or url_for(".index_view")
        if volunteer is None:
            flash(_("Diese Person gibt es nicht (mehr)."), "error")
            return redirect(back)
        try:
            take_on_as_active(db.session, volunteer, date.today())
        except RuleError as refused:
            db.session.rollback()
            flash(str(refused), "error")
            return redirect(back)
        db.session.commit()
        flash(_("„%(volunteer)s“ ist jetzt aktiv.", volunteer=str(volunteer)), "success")
        return redirect(back)

    @expose("/missing/<int:id>/")
    def missing(self, id):
        """Who of the run missed which module, and where it can be made up."""
        training = db.session.get(Training, id)
        if training is None:
            return _not_found(_("Diesen Durchgang gibt es nicht (mehr)."))
        found = missing_modules(db.session, date.today(), training_id=training.id)
        return self.render("admin/courses/missing.html", training=training, missing=found)


def _not_found(text, status=404):
    return render_template("error.html", title=_("Nicht gefunden"), text=text), status


def _complete_on(ids) -> set[int]:
    """The participations of a sheet that are complete, in one statement."""
    if not ids:
        return set()
    return set(
        db.session.scalars(
            select(TrainingParticipation.id).where(TrainingParticipation.id.in_(ids), complete())
        )
    )


def _sheet_link(module: TrainingModule):
    url = url_for("training.attendance", id=module.id)
    return Markup('<a href="{}">{}</a>').format(url, _("Liste"))


def _module_ics_link(module: TrainingModule):
    if module.date is None:
        return None
    url = url_for("training.module_ics", id=module.id)
    return Markup('<a href="{}">.ics</a>').format(url)


class ParticipationView(LotseModelView):
    column_list = ("training", "volunteer", "status", "modules_attended", "certificate_issued_on")
    column_default_sort = ("id", True)
    column_filters = (
        "training",
        "status",
        "certificate_issued_on",
        BelongsTo(TrainingParticipation.volunteer_id, _l("Ehrenamtliche/r")),
    )
    search_hint = _l("Name, Schulung")
    # Attendance is ticked on a module date's sheet, the certificate date set by issuing it.
    form_columns = ("training", "volunteer", "status")
    column_details_list = (
        "training",
        "volunteer",
        "status",
        "modules_attended",
        "certificate_issued_on",
        "created_at",
        "updated_at",
    )
    form_ajax_refs = {"training": lookup("title"), "volunteer": volunteer_lookup("volunteer")}
    details_template = "admin/courses/participation_details.html"

    @expose("/certificate/<int:id>/", methods=("POST",))
    def certificate(self, id):
        """Issue the certificate (or find the one issued), then print it."""
        participation = db.session.get(TrainingParticipation, id)
        if participation is None:
            return _not_found(_("Diese Teilnahme gibt es nicht (mehr)."))
        try:
            issue_certificate(db.session, participation, date.today())
        except RuleError as refused:
            db.session.rollback()
            flash(str(refused), "error")
            return redirect(url_for(".details_view", id=id))
        db.session.commit()
        return redirect(url_for(".certificate_pdf", id=id))

    @expose("/certificate/<int:id>/pdf")
    def certificate_pdf(self, id):
        """The certificate as issued, printed again from what it said then."""
        participation = db.session.get(TrainingParticipation, id)
        if participation is None or not participation.certificate:
            return _not_found(_("Für diese Teilnahme wurde kein Zertifikat ausgestellt."))
        certificate = Certificate.from_json(participation.certificate)
        body = certificate_pdf(certificate)
        return pdf_download(body, certificate.file_name, "training_participations", id)


def modules_attended():
    """The numbers of the course modules a participant attended (in any run) as one text, in
    no order: read with the participants (module_numbers puts them in order)."""
    return (
        select(func.aggregate_strings(cast(CourseModule.number, String), ","))
        .select_from(module_attendance.join(TrainingModule).join(CourseModule))
        .where(module_attendance.c.participation_id == TrainingParticipation.id)
        .scalar_subquery()
    )


def module_numbers(text: str | None) -> str:
    return ", ".join(sorted((text or "").split(",") if text else [], key=int))


def register(admin, category):
    admin.add_view(CourseView(Course, name=_l("Kurse"), category=category, endpoint="course"))
    admin.add_view(
        TrainingView(Training, name=_l("Schulungen"), category=category, endpoint="training")
    )
    admin.add_view(
        ParticipationView(
            TrainingParticipation,
            name=_l("Schulungsteilnahmen"),
            category=category,
            endpoint="participation",
        )
    )
