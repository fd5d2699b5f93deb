"""The figures of the start page: what there is, and what needs attention, in one query."""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import func, or_, select

from .extensions import db
from .models import (
    Assignment,
    Contact,
    FollowUpTask,
    NetworkMeeting,
    Offer,
    Organisation,
    Volunteer,
)
from .models.choices import AssignmentStatus, VolunteerStatus
from .networking import meeting_upcoming, task_overdue
from .volunteering import clearance_due, waiting_too_long


@dataclass(frozen=True)
class Figures:
    contacts: int
    organisations: int
    active_volunteers: int
    running_assignments: int
    current_offers: int
    open_assignments: int
    waiting_assignments: int
    overdue_tasks: int
    clearances_due: int
    upcoming_meetings: int


def _count(model, *conditions):
    return select(func.count()).select_from(model).where(*conditions).scalar_subquery()


def figures(today: date | None = None) -> Figures:
    return Figures(*db.session.execute(_statement(today or date.today())).one())


@lru_cache(maxsize=2)
def _statement(today: date):
    """Built once a day: building the ten counts (and SQLAlchemy's cache key of them) cost
    the start page more than running them on a small database."""
    return select(
        _count(Contact),
        _count(Organisation, Organisation.active.is_(True)),
        _count(Volunteer, Volunteer.status == VolunteerStatus.ACTIVE),
        _count(Assignment, Assignment.status == AssignmentStatus.RUNNING),
        _count(Offer, or_(Offer.valid_until.is_(None), Offer.valid_until >= today)),
        _count(Assignment, Assignment.status == AssignmentStatus.OPEN),
        _count(Assignment, waiting_too_long(today)),
        _count(FollowUpTask, task_overdue(today)),
        _count(Volunteer, clearance_due(today)),
        _count(NetworkMeeting, meeting_upcoming(today)),
    )
