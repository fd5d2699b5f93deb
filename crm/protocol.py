"""A meeting's protocol, as the printable page and the PDF both show it: loaded in a fixed
number of statements, with the time as the office reads it and the participants who may be
sent it by e-mail."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager, joinedload

from .models import Contact, FollowUpTask, MeetingParticipant, NetworkMeeting
from .views.fields import LOCAL_TIME

NONE = "—"


@dataclass(frozen=True)
class Protocol:
    meeting: NetworkMeeting
    participants: list[MeetingParticipant]  # by name
    tasks: list[FollowUpTask]  # by due date, those without one last

    PARTICIPANT_HEADINGS = (_l("Name"), _l("Organisation"), _l("Teilnahme"))
    TASK_HEADINGS = (_l("Aufgabe"), _l("Zuständig"), _l("Fällig"))

    @property
    def when(self) -> str:
        """``21.10.2026 15:00–17:00``, or with the end's date when it ends on another day."""
        return time_span(self.meeting.starts_at, self.meeting.ends_at)

    def participant_rows(self) -> list[tuple[str, str, str]]:
        """Name, organisation represented, attendance (the PARTICIPANT_HEADINGS)."""
        return [
            (p.contact.full_name, str(p.organisation or NONE), str(p.attendance.label))
            for p in self.participants
        ]

    def task_rows(self) -> list[tuple[str, str, str]]:
        """Task, owner, due date (the TASK_HEADINGS)."""
        return [
            (
                task.description,
                task.owner.full_name if task.owner else NONE,
                format_date(task.due_on, "medium") if task.due_on else NONE,
            )
            for task in self.tasks
        ]

    @property
    def mail_addresses(self) -> list[str]:
        """The participants' addresses who may be written to by e-mail."""
        return [p.contact.email for p in self.participants if may_email(p.contact)]

    @property
    def left_out(self) -> int:
        return len(self.participants) - len(self.mail_addresses)

    @property
    def file_name(self) -> str:
        """``Protokoll_<network or title>_<date>.pdf``."""
        meeting = self.meeting
        name = meeting.network.name if meeting.network else meeting.title
        day = meeting.starts_at.astimezone(LOCAL_TIME)
        return f"Protokoll_{name}_{day:%Y-%m-%d}.pdf"


def may_email(contact: Contact) -> bool:
    return bool(contact.email and contact.may_mail_email and not contact.do_not_contact)


def time_span(starts: datetime, ends: datetime | None) -> str:
    start = starts.astimezone(LOCAL_TIME)
    shown = f"{start:%d.%m.%Y %H:%M}"
    if ends is None:
        return shown
    end = ends.astimezone(LOCAL_TIME)
    if end.date() == start.date():
        return f"{shown}–{end:%H:%M}"
    return f"{shown} – {end:%d.%m.%Y %H:%M}"


def load_protocol(session: Session, meeting_id: int) -> Protocol | None:
    """The meeting with its network, participants and tasks in three statements; None if
    there is no such meeting."""
    meeting = session.scalars(
        select(NetworkMeeting)
        .options(joinedload(NetworkMeeting.network))
        .where(NetworkMeeting.id == meeting_id)
    ).one_or_none()
    if meeting is None:
        return None
    participants = session.scalars(
        select(MeetingParticipant)
        .join(MeetingParticipant.contact)
        .options(contains_eager(MeetingParticipant.contact))
        .where(MeetingParticipant.meeting_id == meeting_id)
        .order_by(*Contact.name_order(), MeetingParticipant.id)
    ).all()
    tasks = session.scalars(
        select(FollowUpTask)
        .options(joinedload(FollowUpTask.owner))
        .where(FollowUpTask.meeting_id == meeting_id)
        .order_by(FollowUpTask.due_on.asc().nulls_last(), FollowUpTask.id)
    ).all()
    return Protocol(meeting, list(participants), list(tasks))
