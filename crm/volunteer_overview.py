"""What a volunteer's page sums up at the top: hours and kilometres this month and this year
(one SQL aggregate), the clearance in words and what is due for this volunteer."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from .clearance import clearance_in_words, recheck_due
from .extensions import db
from .models import Assignment, AssignmentLog, Volunteer
from .models.choices import AssignmentStatus, VolunteerStatus

QUIET_FOR = timedelta(days=183)  # an active volunteer without assignment or time logged
WORKING = (VolunteerStatus.ACTIVE, VolunteerStatus.IN_TRAINING)


@dataclass(frozen=True)
class Totals:
    """Hours and kilometres logged on the volunteer's assignments, and the last day logged."""

    hours_month: Decimal
    kilometres_month: Decimal
    hours_year: Decimal
    kilometres_year: Decimal
    running: int
    last_logged: date | None


def totals(volunteer_id: int, today: date) -> Totals:
    """This month's and this year's sums, the running assignments and the last day logged:
    one statement, summed in SQL."""
    month, year = today.replace(day=1), today.replace(month=1, day=1)
    in_month = AssignmentLog.date >= month
    in_year = AssignmentLog.date >= year

    def summed(column, condition):
        return func.coalesce(func.sum(case((condition, column), else_=0)), 0)

    running = (
        select(func.count())
        .select_from(Assignment)
        .correlate(None)  # its own count, not one per joined assignment of the outer query
        .where(
            Assignment.volunteer_id == volunteer_id,
            Assignment.status == AssignmentStatus.RUNNING,
        )
        .scalar_subquery()
    )
    row = db.session.execute(
        select(
            summed(AssignmentLog.hours, in_month),
            summed(AssignmentLog.kilometres, in_month),
            summed(AssignmentLog.hours, in_year),
            summed(AssignmentLog.kilometres, in_year),
            running,
            func.max(AssignmentLog.date),
        )
        .select_from(AssignmentLog)
        .join(Assignment, Assignment.id == AssignmentLog.assignment_id)
        .where(Assignment.volunteer_id == volunteer_id)
    ).one()
    *sums, count, last = row
    return Totals(*(Decimal(str(value)) for value in sums), running=count, last_logged=last)


@dataclass(frozen=True)
class Overview:
    clearance: str | None  # None: the reader may not see it (crm.sensitive)
    totals: Totals
    due: list[str]


def overview(volunteer: Volunteer, today: date, clearance: bool = True) -> Overview:
    """``clearance``: whether the reader may see the clearance (crm.sensitive)."""
    sums = totals(volunteer.id, today)
    words = clearance_in_words(volunteer, today) if clearance else None
    return Overview(words, sums, due_for(volunteer, sums, today, clearance))


def due_for(volunteer: Volunteer, sums: Totals, today: date, clearance: bool = True) -> list[str]:
    """What the office should do about this volunteer now, in words."""
    due = []
    status = volunteer.status
    if clearance and status in WORKING and recheck_due(volunteer, today):
        due.append(_("Führungszeugnis: %(state)s", state=clearance_in_words(volunteer, today)))
    paused_until = volunteer.paused_until
    if status is VolunteerStatus.PAUSED and paused_until is not None and paused_until < today:
        day = paused_until.strftime("%d.%m.%Y")
        due.append(_("Pause bis %(day)s ist vorbei: nachfragen", day=day))
    if status is VolunteerStatus.ACTIVE and not sums.running:
        last = sums.last_logged or volunteer.active_since
        if last is None or last < today - QUIET_FOR:
            due.append(_("seit über sechs Monaten ohne Einsatz: nachfragen"))
    if status is VolunteerStatus.ACTIVE and None in (
        volunteer.data_consent_on,
        volunteer.confidentiality_signed_on,
    ):
        due.append(_("Einwilligung oder Verschwiegenheitserklärung fehlt"))
    return due
