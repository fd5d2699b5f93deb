"""The SQL of each retention rule (crm.retention): which records of a kind are due on a day,
read as rows, and how a row reads in the report: the record, its municipality, since when it
is due and why, in German. One statement per rule whatever the data size; the records already
anonymised (crm.anonymisation's names) are never due again.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, String, and_, cast, exists, func, literal, or_, select

from .anonymisation import ERASED_CONTACT, ERASED_NEWCOMER
from .clearance import ERASE_AFTER_LEAVING, ERASE_UNUSED_AFTER, add_years, erasures_due
from .due import months_before
from .models import (
    Assignment,
    Consent,
    Contact,
    ContactRole,
    FollowUpTask,
    MeetingParticipant,
    Network,
    NetworkDelegate,
    NetworkMeeting,
    Newcomer,
    Offer,
    OfficeSettings,
    Volunteer,
)
from .models.base import UTCDateTime
from .models.people import contact_tags
from .models.reference import Municipality
from .models.volunteering import VolunteerStatus
from .volunteering import CLOSED


@dataclass(frozen=True)
class DueRecord:
    """A record due: ``id`` is the row anonymised (a contact for volunteers), ``page`` the
    (endpoint, id) of the record page the screen links to."""

    id: int
    name: str
    municipality: str | None
    since: date
    reason: str
    page: tuple[str, int]


def _day(day: date) -> str:
    """A day as the office writes it: 02.10.2026."""
    return format_date(day, "dd.MM.yyyy")


def _name(last: str, first: str | None) -> str:
    """„Nachname, Vorname“, as the lists name people."""
    return ", ".join(p for p in (last, first) if p)


def _before_day_after(day: date) -> datetime:
    """The first moment after ``day`` (UTC): a timestamp on or before ``day`` is below it."""
    return datetime.combine(day + timedelta(days=1), time(), UTC)


def _not_after(column, day: date) -> ColumnElement[bool]:
    """Never, or on ``day`` or before: a date compared as a date, a timestamp as its day."""
    if isinstance(column.type, UTCDateTime):
        return or_(column.is_(None), column < _before_day_after(day))
    return or_(column.is_(None), column <= day)


def _day_of(moment) -> date:
    """The day of a timestamp (a day stays as it is)."""
    return moment.date() if isinstance(moment, datetime) else moment


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day if it is shorter)."""
    return months_before(day, -months)


def not_anonymised_contact() -> ColumnElement[bool]:
    """A contact not yet named „Gelöschte Person #id“ by crm.anonymisation."""
    return Contact.last_name != literal(ERASED_CONTACT.format(id="")) + cast(Contact.id, String)


def not_anonymised_newcomer() -> ColumnElement[bool]:
    """A newcomer not yet named „Anonymisiert #id“ by crm.anonymisation."""
    return Newcomer.reference != literal(ERASED_NEWCOMER.format(id="")) + cast(Newcomer.id, String)


def _person() -> tuple:
    """The columns a row about a person starts with: id, names, municipality."""
    return Contact.id, Contact.last_name, Contact.first_name, _municipality(Contact.municipality_id)


def _municipality(column) -> ColumnElement:
    """The municipality's name in the row itself: no second statement for the names."""
    return (
        select(Municipality.name).where(Municipality.id == column).correlate_except(Municipality)
    ).scalar_subquery()


# --- clearance (crm.clearance) --------------------------------------------------------------


def clearance_rows(today: date, ids: set[int] | None) -> list[DueRecord]:
    """The volunteers whose clearance data crm.clearance erases today, with the day it fell
    due: three months after leaving, or after an inspection not followed by any activity."""
    rows = []
    for erasure in erasures_due(today):
        volunteer = erasure.volunteer
        if ids is not None and volunteer.id not in ids:
            continue
        left = volunteer.left_on
        if (
            volunteer.status == VolunteerStatus.LEFT
            and left
            and left + ERASE_AFTER_LEAVING <= today
        ):
            since = left + ERASE_AFTER_LEAVING
        else:
            since = volunteer.clearance_checked_on + ERASE_UNUSED_AFTER
        reason = _("%(reason)s; fällig seit %(day)s", reason=erasure.reason, day=_day(since))
        rows.append(
            DueRecord(
                volunteer.id, str(volunteer), None, since, reason, ("volunteer", volunteer.id)
            )
        )
    return rows


# --- newcomers -----------------------------------------------------------------------------


def _last_assignment_end():
    """The day a newcomer's last assignment ended (started, where no end was entered)."""
    return (
        select(func.max(func.coalesce(Assignment.ends_on, Assignment.starts_on)))
        .where(Assignment.newcomer_id == Newcomer.id)
        .correlate(Newcomer)
        .scalar_subquery()
    )


def newcomers_due(settings: OfficeSettings, today: date) -> Select:
    """Newcomers whose last assignment ended (or who were recorded, without any) at least
    the period ago, none of their assignments still going on."""
    cutoff = months_before(today, settings.newcomer_retention_months)
    last = _last_assignment_end()
    going_on = exists().where(
        Assignment.newcomer_id == Newcomer.id, Assignment.status.not_in(CLOSED)
    )
    return (
        select(
            Newcomer.id,
            Newcomer.reference,
            _municipality(Newcomer.municipality_id),
            last,
            Newcomer.created_at,
        )
        .where(
            not_anonymised_newcomer(),
            ~going_on,
            or_(
                last <= cutoff,
                and_(last.is_(None), _not_after(Newcomer.created_at, cutoff)),
            ),
        )
        .order_by(Newcomer.id)
    )


def _because(what: str, start: date, period: str, since: date) -> str:
    """Why a record is due, in the words of the report."""
    return _(
        "%(what)s am %(start)s; nach %(period)s fällig seit %(day)s",
        what=what,
        start=_day(start),
        period=period,
        day=_day(since),
    )


def newcomer_row(row, settings: OfficeSettings) -> DueRecord:
    id, reference, place, last, created = row
    months = settings.newcomer_retention_months
    start = last if last is not None else _day_of(created)
    what = _("letzter Einsatz endete") if last is not None else _("ohne Einsatz, erfasst")
    since = add_months(start, months)
    reason = _because(what, start, _("%(n)s Monaten", n=months), since)
    return DueRecord(id, reference, place, since, reason, ("newcomer", id))


# --- volunteers ----------------------------------------------------------------------------


def _holds_function(today: date) -> ColumnElement[bool]:
    """A current function at an organisation, a network's delegation or coordination, or an
    offer's contact: the person is still dealt with, whatever else ended."""
    return or_(
        exists().where(
            ContactRole.contact_id == Contact.id,
            or_(ContactRole.until.is_(None), ContactRole.until >= today),
        ),
        exists().where(NetworkDelegate.contact_id == Contact.id),
        exists().where(Network.coordinator_id == Contact.id),
        exists().where(Offer.contact_id == Contact.id),
    )


def volunteers_due(settings: OfficeSettings, today: date) -> Select:
    """Volunteers who left at least the period ago and hold no function as a contact."""
    cutoff = add_years(today, -settings.volunteer_retention_years)
    return (
        select(*_person(), Volunteer.left_on, Volunteer.id)
        .join(Contact, Contact.id == Volunteer.contact_id)
        .where(
            Volunteer.status == VolunteerStatus.LEFT,
            Volunteer.left_on <= cutoff,
            not_anonymised_contact(),
            ~_holds_function(today),
        )
        .order_by(Contact.id)
    )


def volunteer_row(row, settings: OfficeSettings) -> DueRecord:
    id, last, first, place, left, volunteer_id = row
    years = settings.volunteer_retention_years
    since = add_years(left, years)
    reason = _because(_("ausgeschieden"), left, _("%(n)s Jahren", n=years), since)
    return DueRecord(id, _name(last, first), place, since, reason, ("volunteer", volunteer_id))


# --- contacts ------------------------------------------------------------------------------


def _latest(column, *where) -> ColumnElement:
    """The latest value of ``column`` among a contact's rows, in the contact's row."""
    return select(func.max(column)).where(*where).correlate(Contact).scalar_subquery()


def _contact_activity() -> dict[str, ColumnElement]:
    """The latest day of each kind of activity of a contact (None: never)."""
    return {
        "role": _latest(ContactRole.until, ContactRole.contact_id == Contact.id),
        "meeting": _latest(
            NetworkMeeting.starts_at,
            MeetingParticipant.meeting_id == NetworkMeeting.id,
            MeetingParticipant.contact_id == Contact.id,
        ),
        "task": _latest(
            func.coalesce(FollowUpTask.done_on, FollowUpTask.due_on),
            FollowUpTask.owner_id == Contact.id,
        ),
        "consent": _latest(Consent.on, Consent.contact_id == Contact.id),
    }


# In the order of the statement's columns; on a tie the first names the activity.
ACTIVITY_WORDS = {
    "role": _l("Funktion endete"),
    "meeting": _l("letztes Treffen"),
    "task": _l("letzte Aufgabe"),
    "consent": _l("letzte Einwilligung"),
    "change": _l("letzte Änderung"),
}


def contacts_due(settings: OfficeSettings, today: date) -> Select:
    """Contacts with no tag, volunteer profile, function, open task, and no change, ended
    function, meeting, task or consent in the period."""
    cutoff = add_years(today, -settings.contact_retention_years)
    activity = _contact_activity()
    open_task = exists().where(FollowUpTask.owner_id == Contact.id, FollowUpTask.done_on.is_(None))
    quiet = [_not_after(latest, cutoff) for latest in activity.values()]
    return (
        select(*_person(), *activity.values(), Contact.updated_at)
        .where(
            _not_after(Contact.updated_at, cutoff),
            not_anonymised_contact(),
            ~exists().where(contact_tags.c.contact_id == Contact.id),
            ~exists().where(Volunteer.contact_id == Contact.id),
            ~_holds_function(today),
            ~open_task,
            *quiet,
        )
        .order_by(Contact.id)
    )


def contact_row(row, settings: OfficeSettings) -> DueRecord:
    id, last, first, place, *days = row
    latest = {key: _day_of(day) for key, day in zip(ACTIVITY_WORDS, days, strict=True) if day}
    key = max(latest, key=lambda k: latest[k])
    years = settings.contact_retention_years
    since = add_years(latest[key], years)
    what = _("ohne Funktion, Schlagwort und Aktivität; %(what)s", what=ACTIVITY_WORDS[key])
    reason = _because(what, latest[key], _("%(n)s Jahren", n=years), since)
    return DueRecord(id, _name(last, first), place, since, reason, ("contact", id))
