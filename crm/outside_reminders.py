"""Reminders to people outside the office: a partner who owns a task from a meeting, a few days
before it is due; a volunteer before their clearance lapses. Each kind is one SQL statement
selecting only those who may be written to by e-mail (do-not-contact always wins) and whom
neither their network nor the office switched off."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, func, select, true
from sqlalchemy.orm import Session

from .clearance import Periods, clearance_due
from .mailing import Channel, reachable
from .models import Contact, FollowUpTask, Network, NetworkMeeting, Volunteer
from .reminder_items import clearance_step

TASK_DAYS_BEFORE = 3  # a task owner is reminded this many days before the due date
VOLUNTEER_STEPS = ("60", "30")  # a volunteer hears at 60 and 30 days before the re-check
PERSON = (
    Contact.id.label("contact_id"),
    Contact.email,
    Contact.salutation,
    Contact.title,
    Contact.first_name,
    Contact.last_name,
)


@dataclass(frozen=True)
class OutsideReminder:
    """One mail to a contact: ``kind`` (task, clearance), ``once_key`` so it goes once,
    ``person`` (the PERSON columns, for the greeting) and what it is about."""

    kind: str
    once_key: str
    person: object
    about: str
    due: date


def task_owner_rows(today: date) -> Select:
    """Open tasks of contacts due within TASK_DAYS_BEFORE days, whose owner may get e-mail and
    whose network (if any) sends reminders to partners."""
    return (
        select(FollowUpTask.id, FollowUpTask.description, FollowUpTask.due_on, *PERSON)
        .join(Contact, Contact.id == FollowUpTask.owner_id)
        .outerjoin(NetworkMeeting, NetworkMeeting.id == FollowUpTask.meeting_id)
        .outerjoin(Network, Network.id == NetworkMeeting.network_id)
        .where(
            FollowUpTask.done_on.is_(None),
            FollowUpTask.due_on >= today,
            FollowUpTask.due_on <= today + timedelta(days=TASK_DAYS_BEFORE),
            func.coalesce(Network.remind_partners, true()),
            reachable(Channel.EMAIL),
        )
        .order_by(FollowUpTask.due_on, FollowUpTask.id)
    )


def volunteer_rows(today: date) -> Select:
    """Working volunteers whose valid clearance is due again within 60 days, who may get
    e-mail."""
    return (
        select(Volunteer.id, Volunteer.clearance_issued_on, *PERSON)
        .join(Contact, Contact.id == Volunteer.contact_id)
        .where(
            clearance_due(today),
            and_(
                Volunteer.clearance_issued_on >= Periods.of_office().oldest_valid(today),
                Volunteer.clearance_disqualifying.is_(False),
            ),
            reachable(Channel.EMAIL),
        )
        .order_by(Volunteer.id)
    )


def task_reminders(session: Session, today: date) -> list[OutsideReminder]:
    return [
        OutsideReminder(
            "task",
            f"task:{row.id}:{row.due_on.isoformat()}:{TASK_DAYS_BEFORE}",
            row,
            row.description,
            row.due_on,
        )
        for row in session.execute(task_owner_rows(today))
    ]


def volunteer_reminders(session: Session, today: date) -> list[OutsideReminder]:
    found = []
    for row in session.execute(volunteer_rows(today)):
        due = Periods.of_office().valid_until(row.clearance_issued_on)
        step = clearance_step(due, today)
        if step == "7":  # the volunteer heard at 30 days; the office's digest goes on
            step = "30"
        if step in VOLUNTEER_STEPS:
            key = f"clearance:{row.id}:{due.isoformat()}:{step}"
            found.append(OutsideReminder("clearance", key, row, "", due))
    return found


def outside_reminders(session: Session, today: date, partners: bool, volunteers: bool):
    """The reminders of each kind the office's switches allow: one statement per kind."""
    return [
        *(task_reminders(session, today) if partners else []),
        *(volunteer_reminders(session, today) if volunteers else []),
    ]
