"""Screens of volunteer work: volunteers, newcomers and assignments; their pages show a
volunteer's assignments and trainings, an assignment's time log (courses: crm.views.courses)."""

from datetime import date

from flask import request
from flask_admin.model.form import InlineFormAdmin
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from ..extensions import db
from ..models import (
    Assignment,
    AssignmentLog,
    Contact,
    Newcomer,
    Training,
    TrainingParticipation,
    Volunteer,
    VolunteerLanguage,
)
from ..models.choices import AssignmentArea, VolunteerStatus
from ..volunteering import UNAVAILABLE, proposed_reference
from .base import SEARCH_PLACEHOLDER, SYSTEM_COLUMNS, LotseModelView, lookup
from .fields import ChoiceSetField
from .filters import attention_filter
from .queries import SearchAjaxLoader, as_id
from .related import BelongsTo, Column, RelatedList, filtered

# An assignment (linked by its area) and a volunteer (by name) in the lists of other pages.
ASSIGNMENT_COLUMNS = (
    Column("area"),
    Column("newcomer"),
    Column("status"),
    Column("starts_on"),
    Column("ends_on"),
)
VOLUNTEER_COLUMNS = (Column(None, _l("Name")), Column("status"), Column("hours_per_month"))


class VolunteerLookup(SearchAjaxLoader):
    """Volunteers to choose, by name: for a training none who left, for an assignment none
    who takes no new one (``excluded``: the statuses left out)."""

    def get_query(self):
        excluded = self.options.get("excluded", (VolunteerStatus.LEFT,))
        return (
            super()
            .get_query()
            .join(Volunteer.contact)
            .options(contains_eager(Volunteer.contact))
            .filter(Volunteer.status.not_in(excluded))
        )


def volunteer_lookup(name: str, excluded=(VolunteerStatus.LEFT,)) -> VolunteerLookup:
    return VolunteerLookup(
        name,
        db.session,
        Volunteer,
        fields=("availability",),
        order_by=(*Contact.name_order(), Volunteer.id),
        rank_by=Contact.last_name,
        page_size=10,
        placeholder=SEARCH_PLACEHOLDER,
        excluded=excluded,
    )


class LanguageSkillInline(InlineFormAdmin):
    form_columns = ("id", "language", "level")
    form_ajax_refs = {"language": lookup("name")}


class VolunteerView(LotseModelView):
    column_list = (
        "contact",
        "status",
        "language_skills",
        "municipalities",
        "hours_per_month",
        "has_car",
        "clearance_issued_on",
    )
    column_sortable_list = (
        ("contact", ("contact.last_name", "contact.first_name")),
        "status",
        "hours_per_month",
        "clearance_issued_on",
    )
    column_default_sort = ("status", False)
    column_filters = (
        attention_filter(Volunteer.clearance_issued_on),
        "status",
        "municipalities",
        "has_car",
        "clearance_issued_on",
        "active_since",
    )
    search_hint = _l("Name, E-Mail, Verfügbarkeit")
    export_columns = (
        "contact",
        "contact.email",
        "contact.phone",
        "contact.mobile",
        "status",
        "active_since",
        "language_skills",
        "areas",
        "municipalities",
        "hours_per_month",
        "has_car",
        "clearance_issued_on",
        "clearance_checked_on",
        "confidentiality_signed_on",
    )
    form_columns = (
        "contact",
        "status",
        "active_since",
        "left_on",
        "language_skills",
        "areas",
        "municipalities",
        "availability",
        "hours_per_month",
        "has_car",
        "own_migration_experience",
        "clearance_issued_on",
        "clearance_checked_on",
        "clearance_disqualifying",
        "confidentiality_signed_on",
        "data_consent_on",
    )
    form_extra_fields = {
        "areas": ChoiceSetField(_l("Einsatzbereiche"), choices=AssignmentArea.choices()),
    }
    form_ajax_refs = {
        "contact": lookup("last_name", "first_name"),
        "municipalities": lookup("name"),
    }
    inline_models = (LanguageSkillInline(VolunteerLanguage),)
    details_related = (
        RelatedList(
            _l("Einsätze"),
            lambda volunteer: (
                select(Assignment)
                .options(joinedload(Assignment.newcomer))
                .where(Assignment.volunteer_id == volunteer.id)
                .order_by(Assignment.starts_on.desc().nulls_first(), Assignment.id.desc())
            ),
            ASSIGNMENT_COLUMNS,
            full_list=filtered("assignment", ehrenamtliche_r_kontakt_nr=lambda v: v.contact_id),
        ),
        RelatedList(
            _l("Schulungen"),
            lambda volunteer: (
                select(TrainingParticipation)
                .join(TrainingParticipation.training)
                .options(contains_eager(TrainingParticipation.training))
                .where(TrainingParticipation.volunteer_id == volunteer.id)
                .order_by(Training.starts_on.desc().nulls_first(), Training.id.desc())
            ),
            (Column("training"), Column("status"), Column("certificate_issued_on")),
            full_list=filtered("participation", ehrenamtliche_r_nr=lambda v: v.id),
        ),
    )

    def create_form(self, obj=None):
        """Opened from a contact's page (``?contact=``): that contact, and the municipality
        they live in as one where they help."""
        contact_id = as_id(request.args.get("contact")) if request.method == "GET" else None
        contact = db.session.get(Contact, contact_id) if contact_id else None
        if obj is None and contact is not None:
            places = [contact.municipality] if contact.municipality else []
            obj = Volunteer(contact=contact, municipalities=places)
        return super().create_form(obj)


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
    column_filters = ("municipality", "languages", "has_minors")
    search_hint = _l("Kennung, Vorname, Bedarfe, Notizen")
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

    def create_form(self, obj=None):
        form = super().create_form(obj)
        if not form.reference.data:
            form.reference.data = proposed_reference(date.today())
        return form


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
    )


def register(admin, category):
    admin.add_view(
        VolunteerView(Volunteer, name=_l("Ehrenamtliche"), category=category, endpoint="volunteer")
    )
    admin.add_view(
        NewcomerView(
            Newcomer, name=_l("Begleitete Personen"), category=category, endpoint="newcomer"
        )
    )
    admin.add_view(
        AssignmentView(Assignment, name=_l("Einsätze"), category=category, endpoint="assignment")
    )
