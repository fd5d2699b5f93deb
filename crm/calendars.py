"""Meetings and training module dates as iCalendar (RFC 5545) events, one at a time or as the
feed that calendar programs subscribe to with a user's secret token; the feed carries titles,
places and network names, no people."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import select

from . import operations
from .models import (
    CalendarToken,
    CourseModule,
    Network,
    NetworkMeeting,
    Training,
    TrainingModule,
    User,
)
from .models.base import utcnow

# The feed shows what is ahead and what was in these last days.
PAST_DAYS = 90


@dataclass(frozen=True)
class Entry:
    """One event: a meeting (start and end in UTC) or a module's day (``start`` a date)."""

    uid: str
    sequence: int
    stamp: datetime
    summary: str
    start: datetime | date
    end: datetime | date | None
    location: str | None
    description: str | None


def _meeting(id_, version, updated_at, title, starts_at, ends_at, location, network) -> Entry:
    return Entry(
        f"meeting-{id_}@lotse",
        version,
        updated_at,
        title,
        starts_at.astimezone(UTC),
        ends_at.astimezone(UTC) if ends_at else None,
        location,
        network,
    )


def _module(id_, version, updated_at, number, title, day, location, training) -> Entry:
    return Entry(
        f"module-{id_}@lotse",
        version,
        updated_at,
        f"{training}: {number}. {title}",
        day,
        day + timedelta(days=1),
        location,
        training,
    )


MEETING_COLUMNS = (
    NetworkMeeting.id,
    NetworkMeeting.version,
    NetworkMeeting.updated_at,
    NetworkMeeting.title,
    NetworkMeeting.starts_at,
    NetworkMeeting.ends_at,
    NetworkMeeting.location,
    Network.name,
)
MODULE_COLUMNS = (
    TrainingModule.id,
    TrainingModule.version,
    TrainingModule.updated_at,
    CourseModule.number,
    CourseModule.title,
    TrainingModule.date,
    TrainingModule.location,
    Training.title,
)


def _meetings():
    return select(*MEETING_COLUMNS).outerjoin(Network, Network.id == NetworkMeeting.network_id)


def _modules():
    return (
        select(*MODULE_COLUMNS)
        .join(Training, Training.id == TrainingModule.training_id)
        .join(CourseModule, CourseModule.id == TrainingModule.course_module_id)
        .where(TrainingModule.date.is_not(None))
    )


def meeting_entry(session, meeting_id: int) -> Entry | None:
    row = session.execute(_meetings().where(NetworkMeeting.id == meeting_id)).first()
    return _meeting(*row) if row else None


def module_entry(session, module_id: int) -> Entry | None:
    row = session.execute(_modules().where(TrainingModule.id == module_id)).first()
    return _module(*row) if row else None


def feed_entries(session, network_id: int | None = None, now: datetime | None = None):
    """The meetings (of one network, or all with the module dates) from PAST_DAYS ago on, in
    two statements whatever their number."""
    since = (now or utcnow()) - timedelta(days=PAST_DAYS)
    meetings = _meetings().where(NetworkMeeting.starts_at >= since)
    if network_id is not None:
        meetings = meetings.where(NetworkMeeting.network_id == network_id)
    found = [_meeting(*row) for row in session.execute(meetings.order_by(NetworkMeeting.starts_at))]
    if network_id is None:
        modules = _modules().where(TrainingModule.date >= since.date())
        found += [_module(*row) for row in session.execute(modules.order_by(TrainingModule.date))]
    return found


def ics(entries, name: str = "Lotse") -> bytes:
    """The events as one calendar; the library folds the lines and escapes the text."""
    calendar = Calendar()
    calendar.add("prodid", "-//Lotse//Lotse CRM//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for entry in entries:
        # Without a METHOD, DTSTAMP is the time of the last change (RFC 5545, 3.8.7.2).
        calendar.add_component(event_of(entry))
    return calendar.to_ical()


def event_of(entry: Entry) -> Event:
    """The entry as a VEVENT, for the feed and for an invitation by e-mail (crm.invitations)."""
    event = Event()
    event.add("uid", entry.uid)
    event.add("sequence", entry.sequence)
    event.add("dtstamp", entry.stamp.astimezone(UTC))
    event.add("summary", entry.summary)
    event.add("dtstart", entry.start)
    if entry.end is not None:
        event.add("dtend", entry.end)
    if entry.location:
        event.add("location", entry.location)
    if entry.description:
        event.add("description", entry.description)
    return event


def _hashed(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def renew_token(session, user: User) -> str:
    """A new secret for the user's feed; the one before stops at once. Only its hash is kept:
    the caller shows the secret once and commits."""
    token = secrets.token_urlsafe(32)
    held = session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))
    if held is None:
        operations.create(CalendarToken(user_id=user.id, token_hash=_hashed(token)), session)
    else:
        renewed = {"token_hash": _hashed(token), "created_at": utcnow()}
        operations.update(held, renewed, session=session)
    return token


def token_created(session, user: User) -> datetime | None:
    return session.scalar(select(CalendarToken.created_at).where(CalendarToken.user_id == user.id))


def user_of_token(session, token: str) -> int | None:
    """The id of the active user a secret belongs to, in one statement."""
    return session.scalar(
        select(User.id)
        .join(CalendarToken, CalendarToken.user_id == User.id)
        .where(CalendarToken.token_hash == _hashed(token), User.active.is_(True))
    )
