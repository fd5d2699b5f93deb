"""The volunteers: a list to find them by language and level, area, municipality, status, car
and clearance; a page that shows a volunteer on one screen (overview, trainings, assignments,
status history) and changes the status; the short lists of exit reasons and of the areas of
work that need a clearance."""

from datetime import date

from flask import abort, redirect, request, url_for
from flask_admin import expose
from flask_admin.model.form import InlineFormAdmin
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, select
from sqlalchemy.orm import contains_eager, joinedload
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from ..assignments import of_volunteer
from ..clearance import FIELDS as CLEARANCE_FIELDS
from ..clearance import STATES, clearance_in_words
from ..extensions import db
from ..models import (
    Assignment,
    ClearanceArea,
    Contact,
    ExitReason,
    StatusChange,
    Training,
    TrainingParticipation,
    Volunteer,
    VolunteerLanguage,
)
from ..models.choices import AssignmentArea, LanguageLevel, VolunteerStatus
from ..volunteer_overview import overview
from ..volunteer_status import NEXT, change_status
from ..volunteering import CLOSED
from .base import LotseModelView, lookup
from .courses import module_numbers, modules_attended
from .errors import save_from_page
from .fields import ChoiceSetField, LocalDateField
from .filters import attention_filter
from .finding import AreaFilter, SkillFilter
from .forms import LotseForm
from .queries import as_id
from .related import Column, RelatedList, filtered
from .totals import totals_list
from .volunteering import ASSIGNMENT_COLUMNS


class LanguageSkillInline(InlineFormAdmin):
    form_columns = ("id", "language", "level")
    form_ajax_refs = {"language": lookup("name")}


class StatusForm(LotseForm):
    """„Status ändern“ on a volunteer's page; the rules are change_status's."""

    status = SelectField(_l("Neuer Status"), validators=[InputRequired()])
    on = LocalDateField(
        _l("Datum"), validators=[InputRequired(_l("Bitte das Datum der Statusänderung angeben."))]
    )
    until = LocalDateField(_l("Pausiert bis"), validators=[Optional()])
    reason = SelectField(_l("Grund"), validators=[Optional()])
    note = StringField(_l("Notiz"), validators=[Optional(), Length(max=500)])
    seen_version = HiddenField()


def status_form(volunteer: Volunteer, formdata=None) -> StatusForm:
    """The form with the steps open to the volunteer now and the office's exit reasons; a
    sent step is taken as any status, so that change_status says why it is not open."""
    form = StatusForm(formdata)
    steps = NEXT[volunteer.status] if formdata is None else VolunteerStatus
    form.status.choices = [(s.value, s.label) for s in steps]
    reasons = db.session.scalars(select(ExitReason).order_by(ExitReason.position, ExitReason.id))
    form.reason.choices = [("", "—"), *((str(r.id), r.name) for r in reasons)]
    if formdata is None:
        form.on.data = date.today()
        form.seen_version.data = str(volunteer.version)
    return form


def clearance_words(view, context, volunteer, name):
    return clearance_in_words(volunteer, date.today())


def status_since(view, context, volunteer, name):
    """„pausiert bis 01.03.2027“, „ausgeschieden (umgezogen)“ or the status alone."""
    label = volunteer.status.label
    if volunteer.paused_until is not None:
        day = volunteer.paused_until.strftime("%d.%m.%Y")
        return _("%(status)s bis %(day)s", status=label, day=day)
    if volunteer.exit_reason is not None:
        return _("%(status)s (%(reason)s)", status=label, reason=volunteer.exit_reason.name)
    return str(label)


# What a volunteer brings, and what they signed: on the form and on the page.
PROFILE = (
    "language_skills",
    "areas",
    "municipalities",
    "availability",
    "hours_per_month",
    "has_car",
    "own_migration_experience",
)
COMMITMENTS = ("confidentiality_signed_on", "data_consent_on")


class VolunteerView(LotseModelView):
    import_kind = "volunteers"
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
        attention_filter(Volunteer.clearance_issued_on, **STATES),
        "status",
        SkillFilter(_l("Sprache")),
        SkillFilter(_l("Sprache mind. fließend"), at_least=LanguageLevel.FLUENT),
        SkillFilter(_l("Sprache als Muttersprache"), at_least=LanguageLevel.NATIVE),
        AreaFilter(_l("Einsatzbereich")),
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
        "paused_until",
        "left_on",
        "language_skills",
        "areas",
        "municipalities",
        "hours_per_month",
        "has_car",
        "clearance_issued_on",
        "clearance_checked_on",
        "confidentiality_signed_on",
    )
    # The status and its dates change on the page („Status ändern“), through change_status;
    # the page shows the clearance in words beside its dates.
    # The data-protection consent day follows the consent „Speicherung“ (crm.consents): shown,
    # recorded on the person's page.
    form_columns = ("contact", *PROFILE, *CLEARANCE_FIELDS, "confidentiality_signed_on")
    column_details_list = (
        "contact",
        "status",
        "active_since",
        "left_on",
        *PROFILE,
        "clearance",
        *CLEARANCE_FIELDS[:2],
        *COMMITMENTS,
        "created_at",
        "updated_at",
    )
    column_labels = {"clearance": _l("Führungszeugnis")}
    column_formatters_detail = {"clearance": clearance_words, "status": status_since}
    details_load = ("exit_reason",)
    form_extra_fields = {
        "areas": ChoiceSetField(_l("Einsatzbereiche"), choices=AssignmentArea.choices()),
    }
    form_ajax_refs = {
        "contact": lookup("last_name", "first_name"),
        "municipalities": lookup("name"),
    }
    inline_models = (LanguageSkillInline(VolunteerLanguage),)
    details_template = "admin/volunteer/details.html"
    details_related = (
        RelatedList(
            _l("Einsätze"),
            lambda volunteer: (
                select(Assignment)
                .options(joinedload(Assignment.newcomer))
                .where(Assignment.volunteer_id == volunteer.id)
                .order_by(
                    case((Assignment.status.in_(CLOSED), 1), else_=0),
                    Assignment.starts_on.desc().nulls_first(),
                    Assignment.id.desc(),
                )
            ),
            ASSIGNMENT_COLUMNS,
            full_list=filtered("assignment", ehrenamtliche_r_kontakt_nr=lambda v: v.contact_id),
            ended=lambda assignment: assignment.status in CLOSED,
        ),
        RelatedList(
            _l("Schulungen"),
            lambda volunteer: (
                select(TrainingParticipation, modules_attended().label("attended"))
                .join(TrainingParticipation.training)
                .options(contains_eager(TrainingParticipation.training))
                .where(TrainingParticipation.volunteer_id == volunteer.id)
                .order_by(Training.starts_on.desc().nulls_first(), Training.id.desc())
            ),
            (
                Column("training"),
                Column("status"),
                Column(lambda row: module_numbers(row.attended), _l("Besuchte Module")),
                Column("certificate_issued_on", _l("Zertifikat")),
            ),
            full_list=filtered("participation", ehrenamtliche_r_nr=lambda v: v.id),
        ),
        RelatedList(
            _l("Statusverlauf"),
            lambda volunteer: (
                select(StatusChange)
                .options(joinedload(StatusChange.exit_reason))
                .where(StatusChange.volunteer_id == volunteer.id)
                .order_by(StatusChange.changed_on.desc(), StatusChange.id.desc())
            ),
            (
                Column("changed_on"),
                Column("status"),
                Column("previous_status"),
                Column("until"),
                Column("exit_reason", _l("Grund")),
                Column("note"),
            ),
        ),
        totals_list(of_volunteer),  # all time; the overview above has this month and year
    )

    def render(self, template, **kwargs):
        """A volunteer's page: the overview at the top and, for those who may write, the
        form to change the status."""
        if template == self.details_template:
            volunteer = kwargs["model"]
            clearance = not self.hidden_now("clearance")
            kwargs["overview"] = overview(volunteer, date.today(), clearance)
            if self.can_edit:
                kwargs["status_form"] = status_form(volunteer)
        return super().render(template, **kwargs)

    def create_form(self, obj=None):
        """Opened from a contact's page (``?contact=``): that contact, and the municipality
        they live in as one where they help."""
        contact_id = as_id(request.args.get("contact")) if request.method == "GET" else None
        contact = db.session.get(Contact, contact_id) if contact_id else None
        if obj is None and contact is not None:
            places = [contact.municipality] if contact.municipality else []
            obj = Volunteer(contact=contact, municipalities=places)
        return super().create_form(obj)

    @expose("/status/", methods=("POST",))
    def change_status(self):
        """„Status ändern“: the step through change_status, committed; a refusal is shown
        on the page and nothing is saved."""
        volunteer_id = as_id(request.args.get("id"))
        volunteer = db.session.get(Volunteer, volunteer_id) if volunteer_id else None
        if volunteer is None:
            abort(404)
        form = status_form(volunteer, request.form)

        def write():
            reason_id = as_id(form.reason.data)
            change_status(
                volunteer,
                form.status.data,
                form.on.data,
                until=form.until.data,
                reason=db.session.get(ExitReason, reason_id) if reason_id else None,
                note=form.note.data,
                seen_version=form.seen_version.data,
            )

        save_from_page(form, write, _l("Der Status wurde geändert."))
        return redirect(url_for(".details_view", id=volunteer_id))


class ExitReasonView(LotseModelView):
    column_list = ("name", "position")
    column_default_sort = [("position", False), ("id", False)]
    column_labels = {"name": _l("Grund")}
    form_columns = ("name", "position")
    column_details_list = ("name", "position", "created_at", "updated_at")


class ClearanceAreaView(LotseModelView):
    """The areas whose assignments need a clearance, beyond Kinder/Jugend (always)."""

    column_list = ("area",)
    column_default_sort = ("area", False)
    form_columns = ("area",)
    can_edit = False
    column_details_list = ("area", "created_at")
    list_template = "admin/volunteer/clearance_areas.html"


def register(admin, category, reference_category):
    admin.add_view(
        VolunteerView(Volunteer, name=_l("Ehrenamtliche"), category=category, endpoint="volunteer")
    )
    admin.add_view(
        ExitReasonView(
            ExitReason, name=_l("Gründe für das Ausscheiden"), category=reference_category
        )
    )
    admin.add_view(
        ClearanceAreaView(
            ClearanceArea,
            name=_l("Bereiche mit Führungszeugnis"),
            category=reference_category,
            endpoint="clearancearea",
        )
    )
