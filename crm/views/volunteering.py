"""Screens of volunteer work: volunteers, trainings, newcomers and assignments."""

from flask_admin.model.form import InlineFormAdmin
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager

from ..extensions import db
from ..models import (
    Assignment,
    AssignmentLog,
    Contact,
    Newcomer,
    Training,
    TrainingModule,
    TrainingParticipation,
    Volunteer,
    VolunteerLanguage,
)
from ..models.choices import AssignmentArea, VolunteerStatus
from .base import SEARCH_PLACEHOLDER, LotseModelView, lookup
from .fields import ChoiceSetField
from .filters import attention_filter
from .queries import SearchAjaxLoader


class VolunteerLookup(SearchAjaxLoader):
    """Volunteers to choose for an assignment or a training: by name, and none who left."""

    def get_query(self):
        return (
            super()
            .get_query()
            .join(Volunteer.contact)
            .options(contains_eager(Volunteer.contact))
            .filter(Volunteer.status != VolunteerStatus.LEFT)
        )


def volunteer_lookup(name: str) -> VolunteerLookup:
    return VolunteerLookup(
        name,
        db.session,
        Volunteer,
        fields=("availability",),
        order_by=(Contact.last_name, Contact.first_name, Volunteer.id),
        rank_by=Contact.last_name,
        page_size=10,
        placeholder=SEARCH_PLACEHOLDER,
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


class ModuleInline(InlineFormAdmin):
    form_columns = ("id", "number", "title", "date", "location", "trainer")


class ParticipationInline(InlineFormAdmin):
    form_columns = ("id", "volunteer", "status", "certificate_issued_on")
    form_ajax_refs = {"volunteer": volunteer_lookup("volunteer")}


class TrainingView(LotseModelView):
    column_list = ("title", "carrier", "starts_on", "ends_on", "location", "capacity")
    column_default_sort = ("starts_on", True)
    # By the carrier's name: a list of every organisation would be a whole table per page.
    column_filters = ("carrier.name", "starts_on")
    column_labels = {"carrier.name": _l("Träger")}
    search_hint = _l("Titel, Ort, Beschreibung")
    form_columns = (
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
    form_ajax_refs = {"carrier": lookup("name")}
    inline_models = (ModuleInline(TrainingModule), ParticipationInline(TrainingParticipation))
    details_load = ("participations.volunteer",)  # a participation is named by its volunteer


class ParticipationView(LotseModelView):
    column_list = ("training", "volunteer", "status", "modules_attended", "certificate_issued_on")
    column_default_sort = ("id", True)
    column_filters = ("training", "status", "certificate_issued_on")
    search_hint = _l("Name, Schulung")
    form_columns = ("training", "volunteer", "status", "modules_attended", "certificate_issued_on")
    form_ajax_refs = {
        "training": lookup("title"),
        "volunteer": volunteer_lookup("volunteer"),
        "modules_attended": lookup("title"),
    }


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
    )
    search_hint = _l("Ehrenamtliche/r, begleitete Person, Anfragende, Notizen")
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
        "volunteer": volunteer_lookup("volunteer"),
        "newcomer": lookup("reference"),
        "requested_by_organisation": lookup("name"),
        "requested_by_contact": lookup("last_name"),
    }
    inline_models = (LogInline(AssignmentLog),)


def register(admin, category):
    admin.add_view(
        VolunteerView(Volunteer, name=_l("Ehrenamtliche"), category=category, endpoint="volunteer")
    )
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
    admin.add_view(
        NewcomerView(
            Newcomer, name=_l("Begleitete Personen"), category=category, endpoint="newcomer"
        )
    )
    admin.add_view(
        AssignmentView(Assignment, name=_l("Einsätze"), category=category, endpoint="assignment")
    )
