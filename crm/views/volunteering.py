"""Screens of volunteer work: volunteers, trainings, newcomers and assignments; their pages show
a volunteer's assignments and trainings, a training's modules and participants, an assignment's
time log."""

from flask import request, url_for
from flask_admin import expose
from flask_admin.model.form import InlineFormAdmin
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import contains_eager

from ..calendars import module_entry
from ..extensions import db
from ..models import (
    Contact,
    Training,
    TrainingModule,
    TrainingParticipation,
    Volunteer,
)
from ..models.choices import VolunteerStatus
from ..models.volunteering import module_attendance
from .base import SEARCH_PLACEHOLDER, SYSTEM_COLUMNS, LotseModelView, lookup
from .queries import SearchAjaxLoader, as_id
from .related import BelongsTo, Column, RelatedList, filtered
from .subscriptions import download

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
    column_details_exclude_list = (*SYSTEM_COLUMNS, "modules", "participations")
    details_load = ("participations.volunteer",)  # a participation is named by its volunteer
    details_related = (
        RelatedList(
            _l("Module"),
            lambda training: (
                select(TrainingModule)
                .where(TrainingModule.training_id == training.id)
                .order_by(TrainingModule.number)
            ),
            (
                Column("number"),
                Column("title"),
                Column("date"),
                Column("trainer"),
                Column(lambda row: _module_ics_link(row[0]), _l("Kalender")),
            ),
        ),
        RelatedList(
            _l("Teilnehmende"),
            lambda training: (
                select(TrainingParticipation, modules_attended().label("attended"))
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
    form_columns = ("training", "volunteer", "status", "modules_attended", "certificate_issued_on")
    form_ajax_refs = {
        "training": lookup("title"),
        "volunteer": volunteer_lookup("volunteer"),
        "modules_attended": lookup("title"),
    }


def modules_attended():
    """The numbers of the modules a participant attended as one text, in no order: read with
    the participants (module_numbers puts them in order)."""
    return (
        select(func.aggregate_strings(cast(TrainingModule.number, String), ","))
        .select_from(module_attendance.join(TrainingModule))
        .where(module_attendance.c.participation_id == TrainingParticipation.id)
        .scalar_subquery()
    )


def module_numbers(text: str | None) -> str:
    return ", ".join(sorted((text or "").split(",") if text else [], key=int))


def register(admin, category):
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
