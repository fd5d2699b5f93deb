"""Screens of assignments: newcomers and assignments with their steps, the time log and its
totals, the matching screen that finds volunteers for an open assignment, and the expense
allowances of the pool."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_admin import expose
from flask_admin.model.form import InlineFormAdmin
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms.validators import InputRequired, Length, Optional

from .. import assignments, operations
from ..errors import RuleError
from ..extensions import db
from ..inputs import as_id
from ..matching import load_assignment, rank_candidates
from ..models import Assignment, AssignmentLog, Newcomer, Volunteer
from ..models.choices import AssignmentStatus
from ..sensitive import path_hidden
from ..volunteering import UNAVAILABLE, proposed_reference
from .base import SYSTEM_COLUMNS, LotseModelView, lookup
from .fields import DATE_FORMATS, DATE_HINT, LocalDateField, LocalDecimalField, parse_datetime
from .filters import attention_filter
from .forms import LotseForm
from .privacy import newcomer_actions
from .related import BelongsTo, Column, RelatedList
from .sensitive import groups_hidden
from .totals import totals_list
from .volunteering import ASSIGNMENT_COLUMNS, volunteer_lookup


class NewcomerView(LotseModelView):
    column_list = (
        "reference",
        "first_name",
        "household_size",
        "has_minors",
        "municipality",
        "languages",
    )
    column_default_sort = ("reference", False)
    details_downloads = property(lambda self: newcomer_actions())
    column_filters = ("municipality", "languages", "has_minors")
    search_hint = _l("Kennung, Vorname")
    form_columns = (
        "reference",
        "first_name",
        "household_size",
        "has_minors",
        "municipality",
        "languages",
        "needs",
        "notes",
    )
    form_ajax_refs = {"municipality": lookup("name"), "languages": lookup("name")}
    details_related = (
        RelatedList(
            _l("Einsätze"),
            lambda newcomer: (
                select(Assignment)
                .options(joinedload(Assignment.volunteer))
                .where(Assignment.newcomer_id == newcomer.id)
                .order_by(Assignment.starts_on.desc().nulls_first(), Assignment.id.desc())
            ),
            (Column("area"), Column("volunteer"), *ASSIGNMENT_COLUMNS[2:]),
        ),
        totals_list(assignments.of_newcomer),
    )

    def create_form(self, obj=None):
        form = super().create_form(obj)
        if not form.reference.data:
            form.reference.data = proposed_reference(date.today())
        return form


class LogForm(LotseForm):
    """A day of the time log, typed the German way (2,5 hours; 14.03.2029)."""

    date = LocalDateField(_l("Datum"), validators=[InputRequired()])
    hours = LocalDecimalField(_l("Stunden"), places=2, validators=[InputRequired()])
    kilometres = LocalDecimalField(_l("Kilometer"), places=1, validators=[Optional()])
    note = StringField(_l("Notiz"), validators=[Optional(), Length(max=500)])


class LogInline(InlineFormAdmin):
    form_columns = ("id", "date", "hours", "kilometres", "note")


class AssignmentView(LotseModelView):
    column_list = ("area", "kind", "volunteer", "newcomer", "status", "starts_on", "ends_on")
    column_sortable_list = (
        "area",
        "kind",
        "status",
        "starts_on",
        "ends_on",
        ("newcomer", "newcomer.reference"),
    )
    column_default_sort = ("starts_on", True)
    column_filters = (
        attention_filter(Assignment.created_at),
        "status",
        "kind",
        "area",
        "starts_on",
        "ends_on",
        BelongsTo(
            Assignment.volunteer_id,
            _l("Ehrenamtliche/r"),
            lambda contact: Assignment.volunteer_id.in_(
                select(Volunteer.id).where(Volunteer.contact_id == contact)
            ),
            operation=_l("Kontakt-Nr."),
        ),
        BelongsTo(
            Assignment.newcomer_id,
            _l("Kommune"),
            lambda place: Assignment.newcomer_id.in_(
                select(Newcomer.id).where(Newcomer.municipality_id == place)
            ),
        ),
    )
    search_hint = _l("Ehrenamtliche/r, begleitete Person, Anfragende, Notizen")
    export_columns = (
        "area",
        "kind",
        "status",
        "volunteer",
        "newcomer",
        "requested_by_organisation",
        "requested_by_contact",
        "starts_on",
        "ends_on",
    )
    form_columns = (
        "volunteer",
        "newcomer",
        "kind",
        "area",
        "status",
        "requested_by_organisation",
        "requested_by_contact",
        "starts_on",
        "ends_on",
        "needs_car",
        "notes",
        "logs",
    )
    form_ajax_refs = {
        "volunteer": volunteer_lookup("volunteer", excluded=UNAVAILABLE),
        "newcomer": lookup("reference"),
        "requested_by_organisation": lookup("name"),
        "requested_by_contact": lookup("last_name"),
    }
    inline_models = (LogInline(AssignmentLog),)
    column_details_exclude_list = (*SYSTEM_COLUMNS, "logs")
    column_details_list = (
        *(c for c in form_columns if c != "logs"),
        "matched_by",
        "matched_on",
        "created_at",
        "updated_at",
    )
    details_template = "admin/assignment/details.html"
    details_load = ("matched_by",)
    details_related = (
        RelatedList(
            _l("Zeiten"),
            lambda assignment: (
                select(AssignmentLog)
                .where(AssignmentLog.assignment_id == assignment.id)
                .order_by(AssignmentLog.date.desc(), AssignmentLog.id.desc())
            ),
            (Column("date"), Column("hours"), Column("kilometres"), Column("note")),
        ),
        totals_list(assignments.of_assignment),
    )

    def on_model_change(self, form, model, is_created):
        assignments.record_match(model, current_user.id, date.today())

    def render(self, template, **kwargs):
        """The record page also offers the next steps of the assignment."""
        if template == self.details_template:
            kwargs["steps"] = assignments.next_steps(kwargs["model"])
            kwargs["log_form"] = LogForm()
            kwargs["today"] = date.today()
        return super().render(template, **kwargs)

    @expose("/match/<int:id>/")
    def match(self, id):
        """„Passende Ehrenamtliche finden“: the candidates in their order with their reasons;
        those left out with theirs on request (``?alle=1``)."""
        assignment = load_assignment(db.session, id) if as_id(id) else None
        if assignment is None:
            return _not_found()
        found = None
        if assignment.status == AssignmentStatus.OPEN:
            readable = not path_hidden(Volunteer, "clearance", groups_hidden())
            found = rank_candidates(db.session, assignment, date.today(), readable)
        return self.render(
            "admin/assignment/match.html",
            assignment=assignment,
            found=found,
            show_excluded=request.args.get("alle") == "1",
            minors_readable=not self.hidden_now("newcomer.has_minors"),
        )

    @expose("/match/<int:id>/", methods=("POST",))
    def assign(self, id):
        """One click: the volunteer takes the assignment, which is then matched."""
        if not self.can_edit:
            abort(403)
        if _found(id) is None:
            return _not_found()
        volunteer_id = as_id(request.form.get("volunteer"))
        volunteer = db.session.get(Volunteer, volunteer_id) if volunteer_id else None
        if volunteer is None:
            flash(_("Diese/n Ehrenamtliche/n gibt es nicht (mehr)."), "error")
            return redirect(url_for(".match", id=id))
        return self._step(id, AssignmentStatus.MATCHED, volunteer=volunteer)

    @expose("/step/<int:id>/", methods=("POST",))
    def step(self, id):
        """The next step from the record page: running with its start, done with its end."""
        if not self.can_edit:
            abort(403)
        if _found(id) is None:
            return _not_found()
        try:
            status = AssignmentStatus(request.form.get("status", ""))
        except ValueError:
            flash(_("Diesen Status gibt es nicht."), "error")
            return redirect(url_for(".details_view", id=id))
        changes = {}
        for name in ("starts_on", "ends_on"):
            if request.form.get(name):
                day = parse_datetime(request.form[name].strip(), DATE_FORMATS)
                if day is None:
                    flash(str(DATE_HINT), "error")
                    return redirect(url_for(".details_view", id=id))
                changes[name] = day.date()
        return self._step(id, status, **changes)

    @expose("/log/<int:id>/", methods=("POST",))
    def log(self, id):
        """A day of the time log from the record page, checked by the write path."""
        if not self.can_edit:
            abort(403)
        assignment = _found(id)
        if assignment is None:
            return _not_found()
        given = MultiDict((k, v) for k, v in request.form.items(multi=True) if v.strip())
        form = LogForm(given)
        if not form.validate():
            for field in form:
                for error in field.errors:
                    flash(f"{field.label.text}: {error}", "error")
            return redirect(url_for(".details_view", id=id))
        entry = AssignmentLog(assignment=assignment)
        form.populate_obj(entry)
        try:
            operations.create(entry)
            db.session.commit()
        except RuleError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            flash(_("Die Zeit ist eingetragen."), "success")
        return redirect(url_for(".details_view", id=id))

    def _step(self, id, status, **changes):
        assignment = _found(id)
        if assignment is None:
            return _not_found()
        seen = request.form.get("seen_version")
        try:
            operations.check_version(assignment, seen)
            assignments.advance(assignment, status, current_user.id, date.today(), **changes)
            db.session.commit()
        except RuleError as error:
            db.session.rollback()
            flash(str(error), "error")
            back = ".match" if status == AssignmentStatus.MATCHED else ".details_view"
            return redirect(url_for(back, id=id))
        flash(_("Der Einsatz ist jetzt „%(status)s“.", status=status.label), "success")
        return redirect(url_for(".details_view", id=id))


def _found(id) -> Assignment | None:
    """The assignment of a URL's id (None also for an id no database column holds)."""
    return db.session.get(Assignment, id) if as_id(id) else None


def _not_found():
    text = _("Diesen Einsatz gibt es nicht (mehr).")
    return render_template("error.html", title=_("Kein Einsatz"), text=text), 404


def register(admin, category):
    admin.add_view(
        NewcomerView(
            Newcomer, name=_l("Begleitete Personen"), category=category, endpoint="newcomer"
        )
    )
    admin.add_view(
        AssignmentView(Assignment, name=_l("Einsätze"), category=category, endpoint="assignment")
    )
