"""Screens of contacts, with their roles at organisations edited inline; a contact's page shows
their functions, volunteer profile, networks, meetings, tasks and assignments."""

from datetime import date

from flask_admin.model.form import InlineFormAdmin
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, select
from sqlalchemy.orm import contains_eager, joinedload

from ..models import (
    Assignment,
    Contact,
    ContactRole,
    FollowUpTask,
    MeetingParticipant,
    Network,
    NetworkMeeting,
    Volunteer,
)
from .base import SYSTEM_COLUMNS, LotseModelView, lookup
from .consents import ConsentsOnPage
from .duplicates import WarnsOfDuplicateContacts
from .networks import represented_by
from .privacy import contact_actions
from .related import BelongsTo, Column, RelatedList, create_form, ended_by, filtered
from .volunteering import ASSIGNMENT_COLUMNS

# A person as the form edits them and the page shows them.
PERSON = (
    "salutation",
    "title",
    "first_name",
    "last_name",
    "email",
    "phone",
    "mobile",
    "street",
    "postcode",
    "city",
    "municipality",
    "languages",
    "tags",
    "roles",
    "notes",
)


class RoleInline(InlineFormAdmin):
    form_columns = ("id", "organisation", "function", "since", "until")
    form_ajax_refs = {"organisation": lookup("name")}


class ContactView(WarnsOfDuplicateContacts, ConsentsOnPage, LotseModelView):
    import_kind = "contacts"
    column_list = ("last_name", "first_name", "email", "phone", "municipality", "roles", "tags")
    details_downloads = property(lambda self: contact_actions())
    column_sortable_list = (
        ("last_name", ("last_name", "first_name")),  # Weiß, Anna before Weiss, Bernd
        "first_name",
        "email",
        ("municipality", "municipality.name"),
    )
    column_default_sort = [("last_name", False), ("first_name", False)]
    column_filters = (
        "municipality",
        "tags",
        "languages",
        "do_not_contact",
        "may_mail_email",
        "may_mail_post",
        BelongsTo(Contact.id, _l("Organisation"), lambda org: Contact.id.in_(people_of(org))),
        BelongsTo(Contact.id, _l("Treffen"), lambda meeting: Contact.id.in_(present_at(meeting))),
    )
    search_hint = _l("Name, E-Mail, Organisation, Notizen")
    # What a mailing needs: the address, and the organisations and functions of today.
    export_columns = (
        "salutation",
        "title",
        "first_name",
        "last_name",
        "current_roles.organisation",
        "current_roles.function",
        "street",
        "postcode",
        "city",
        "municipality",
        "email",
        "phone",
        "mobile",
        "tags",
        "may_mail_post",
        "may_mail_email",
        "do_not_contact",
    )
    form_columns = (*PERSON, "do_not_contact")
    # Post and e-mail permission are shown, and follow from the consents recorded on the page.
    column_details_list = (
        *(c for c in PERSON if c != "roles"),
        "may_mail_post",
        "may_mail_email",
        "do_not_contact",
        "created_at",
        "updated_at",
    )
    form_ajax_refs = {
        "municipality": lookup("name"),
        "tags": lookup("name"),
        "languages": lookup("name"),
    }
    inline_models = (RoleInline(ContactRole),)
    column_details_exclude_list = (*SYSTEM_COLUMNS, "roles")
    details_related = (
        RelatedList(
            _l("Funktionen"),
            lambda contact: (
                select(ContactRole)
                .where(ContactRole.contact_id == contact.id)
                .order_by(current_first(), ContactRole.since.desc().nulls_last(), ContactRole.id)
            ),
            (Column("function"), Column("organisation"), Column("since"), Column("until")),
            full_list=filtered("organisation", person_nr=lambda contact: contact.id),
            ended=ended_by("until"),
        ),
        RelatedList(
            _l("Ehrenamt"),
            lambda contact: select(Volunteer).where(Volunteer.contact_id == contact.id),
            (Column("status"), Column("active_since"), Column("clearance_issued_on")),
            create=(
                _l("Als Ehrenamtliche/n erfassen"),
                create_form("volunteer", contact=lambda contact: contact.id),
            ),
        ),
        RelatedList(
            _l("Netzwerke"),
            lambda contact: (
                select(Network, (Network.coordinator_id == contact.id).label("leads"))
                .where(represented_by(contact.id))
                .order_by(Network.sort_name)
            ),
            (
                Column("name"),
                Column("topic"),
                Column(lambda row: bool(row.leads), _l("Koordination")),
            ),
            full_list=filtered("network", person_nr=lambda contact: contact.id),
        ),
        RelatedList(
            _l("Besuchte Treffen"),
            lambda contact: (
                select(MeetingParticipant)
                .join(MeetingParticipant.meeting)
                .options(contains_eager(MeetingParticipant.meeting))
                .where(MeetingParticipant.contact_id == contact.id)
                .order_by(NetworkMeeting.starts_at.desc(), NetworkMeeting.id.desc())
            ),
            (
                Column("meeting"),
                Column("meeting.starts_at", _l("Datum")),
                Column("organisation", _l("Für")),
                Column("attendance"),
            ),
            full_list=filtered("meeting", teilnehmende_nr=lambda contact: contact.id),
        ),
        RelatedList(
            _l("Aufgaben"),
            lambda contact: (
                select(FollowUpTask)
                .where(FollowUpTask.owner_id == contact.id)
                .order_by(
                    FollowUpTask.done_on.is_not(None),
                    FollowUpTask.due_on.desc().nulls_last(),
                    FollowUpTask.id.desc(),
                )
            ),
            (Column("description"), Column("due_on"), Column("done_on")),
            full_list=filtered("task", zuständig_nr=lambda contact: contact.id),
        ),
        RelatedList(
            _l("Einsätze als Ehrenamtliche/r"),
            lambda contact: (
                select(Assignment)
                .join(Assignment.volunteer)
                .options(joinedload(Assignment.newcomer))
                .where(Volunteer.contact_id == contact.id)
                .order_by(Assignment.starts_on.desc().nulls_first(), Assignment.id.desc())
            ),
            ASSIGNMENT_COLUMNS,
            full_list=filtered("assignment", ehrenamtliche_r_kontakt_nr=lambda c: c.id),
            hide_empty=True,
        ),
    )


def people_of(organisation_id):
    return select(ContactRole.contact_id).where(ContactRole.organisation_id == organisation_id)


def present_at(meeting_id):
    return select(MeetingParticipant.contact_id).where(MeetingParticipant.meeting_id == meeting_id)


def current_first():
    """Roles that have not ended before the ended ones."""
    return case((ContactRole.until < date.today(), 1), else_=0)


def register(admin, category):
    admin.add_view(ContactView(Contact, name=_l("Kontakte"), category=category, endpoint="contact"))
