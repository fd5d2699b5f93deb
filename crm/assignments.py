"""Assignments: the steps from open to done or cancelled, the rules of the time log, and the
totals of logged time per assignment, volunteer or newcomer (SQL aggregates)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, func, inspect, select
from sqlalchemy.orm import Session

from . import operations
from .errors import RuleError
from .extensions import db
from .models import Assignment, AssignmentLog
from .models.choices import AssignmentStatus

OPEN, MATCHED, RUNNING, DONE, CANCELLED = (
    AssignmentStatus.OPEN,
    AssignmentStatus.MATCHED,
    AssignmentStatus.RUNNING,
    AssignmentStatus.DONE,
    AssignmentStatus.CANCELLED,
)
# The steps an assignment may take; a matched one goes back to open when the volunteer
# cannot take it after all. Done and cancelled are history.
STEPS = {
    OPEN: (MATCHED, CANCELLED),
    MATCHED: (RUNNING, OPEN, CANCELLED),
    RUNNING: (DONE, CANCELLED),
    DONE: (),
    CANCELLED: (),
}
WITH_VOLUNTEER = (MATCHED, RUNNING, DONE)
STARTED = (RUNNING, DONE)
DAY_HOURS = Decimal(24)


def next_steps(assignment: Assignment) -> tuple[AssignmentStatus, ...]:
    """The statuses the assignment may move to from where it is (for the page's buttons)."""
    return STEPS.get(assignment.status, ())


def advance(
    assignment: Assignment,
    status: AssignmentStatus,
    by_user_id: int | None,
    today: date,
    **changes,
) -> Assignment:
    """Move the assignment one step (with the values the step needs, e.g. ``volunteer`` for
    matched, ``starts_on`` for running, ``ends_on`` for done) through the write path, which
    checks the step (:func:`check_step`); matching records who matched and when."""
    if status == MATCHED:
        changes.update(matched_by_id=by_user_id, matched_on=today)
    if status == OPEN:
        changes.update(volunteer=None, matched_by_id=None, matched_on=None)
    return operations.update(assignment, {**changes, "status": status})


def record_match(assignment: Assignment, by_user_id: int | None, today: date) -> None:
    """A form that matched the assignment (or changed its volunteer while matched) records
    who did, as the matching screen does."""
    state = inspect(assignment)
    changed = state.attrs.status.history.has_changes() or state.attrs.volunteer.history.added
    if assignment.status == MATCHED and changed:
        assignment.matched_by_id, assignment.matched_on = by_user_id, today


def _previous_status(assignment: Assignment) -> AssignmentStatus | None:
    deleted = inspect(assignment).attrs.status.history.deleted
    return AssignmentStatus(deleted[0]) if deleted and deleted[0] else None


@operations.rule(Assignment)
def check_step(assignment: Assignment, change: operations.Change) -> None:
    """A status is reached only by an allowed step and only with what it needs: a volunteer
    from matched on, a start date from running on, an end date when done."""
    if not change.touches("status", "volunteer", "volunteer_id", "starts_on", "ends_on"):
        return
    # A form sets the code; a new row has no status until the flush fills in "open".
    status = AssignmentStatus(assignment.status or OPEN)
    before = None if change.created else _previous_status(assignment)
    if before is not None and before != status and status not in STEPS.get(before, ()):
        raise RuleError(
            _(
                "Ein Einsatz kann nicht von „%(before)s“ zu „%(after)s“ wechseln.",
                before=before.label,
                after=status.label,
            ),
            field="status",
        )
    if status in WITH_VOLUNTEER and assignment.volunteer is None:
        raise RuleError(
            _(
                "Ein Einsatz mit Status „%(status)s“ braucht eine/n Ehrenamtliche/n.",
                status=status.label,
            ),
            field="volunteer",
        )
    if status in STARTED and assignment.starts_on is None:
        raise RuleError(_("Ein laufender Einsatz braucht ein Beginndatum."), field="starts_on")
    if status == DONE and assignment.ends_on is None:
        raise RuleError(_("Ein abgeschlossener Einsatz braucht ein Enddatum."), field="ends_on")


@operations.rule(AssignmentLog)
def check_log(log: AssignmentLog, change: operations.Change) -> None:
    """A day of the log lies within the assignment, and nobody works more than 24 hours a
    day, counted over all of the volunteer's assignments. (Negative hours and kilometres
    are refused by the field rules.)"""
    if not change.touches("date", "hours", "assignment", "assignment_id"):
        return
    assignment = log.assignment
    if log.date is None or assignment is None:
        return
    if assignment.starts_on is not None and log.date < assignment.starts_on:
        raise RuleError(
            _(
                "Der %(day)s liegt vor dem Beginn des Einsatzes (%(start)s).",
                day=format_date(log.date),
                start=format_date(assignment.starts_on),
            ),
            field="date",
        )
    if assignment.ends_on is not None and log.date > assignment.ends_on:
        raise RuleError(
            _(
                "Der %(day)s liegt nach dem Ende des Einsatzes (%(end)s).",
                day=format_date(log.date),
                end=format_date(assignment.ends_on),
            ),
            field="date",
        )
    if day_hours(log) > DAY_HOURS:
        raise RuleError(
            _(
                "Mehr als 24 Stunden an einem Tag: Am %(day)s sind für diese Person "
                "schon Zeiten eingetragen.",
                day=format_date(log.date),
            ),
            field="hours",
        )


def day_hours(log: AssignmentLog) -> Decimal:
    """The hours of the log's day for its volunteer (or, without one, its assignment): the
    stored logs in one statement, with the unsaved and changed ones of the session instead
    of their stored values."""
    session = inspect(log).session or db.session
    assignment = log.assignment
    volunteer = assignment.volunteer

    def same_owner(other: AssignmentLog) -> bool:
        job = other.assignment
        if volunteer is None:
            return job is assignment
        return job is not None and job.volunteer is volunteer

    pending = [
        other
        for other in (*session.new, *session.dirty)
        if isinstance(other, AssignmentLog) and other.date == log.date and same_owner(other)
    ]
    if log not in pending:
        pending.append(log)
    left_out = [other.id for other in (*pending, *session.deleted) if getattr(other, "id", None)]
    owner = (
        Assignment.volunteer_id == volunteer.id
        if volunteer is not None and volunteer.id is not None
        else AssignmentLog.assignment_id == assignment.id
    )
    stored = Decimal(0)
    if assignment.id is not None or volunteer is not None:
        stored = session.scalar(
            select(func.coalesce(func.sum(AssignmentLog.hours), 0))
            .join(Assignment, Assignment.id == AssignmentLog.assignment_id)
            .where(owner, AssignmentLog.date == log.date, AssignmentLog.id.not_in(left_out))
        )
    return Decimal(stored) + sum((Decimal(other.hours or 0) for other in pending), Decimal(0))


@dataclass(frozen=True)
class Totals:
    """Logged time: hours, kilometres and the number of days with a log."""

    hours: Decimal
    kilometres: Decimal
    days: int


def totals_statement(condition: ColumnElement[bool]):
    """Hours, kilometres and days of the logs that meet ``condition`` (on AssignmentLog and
    Assignment) as one aggregate row."""
    return (
        select(
            func.coalesce(func.sum(AssignmentLog.hours), 0).label("hours"),
            func.coalesce(func.sum(AssignmentLog.kilometres), 0).label("kilometres"),
            func.count(func.distinct(AssignmentLog.date)).label("days"),
        )
        .join(Assignment, Assignment.id == AssignmentLog.assignment_id)
        .where(condition)
    )


def totals(session: Session, condition: ColumnElement[bool]) -> Totals:
    hours, kilometres, days = session.execute(totals_statement(condition)).one()
    return Totals(Decimal(hours), Decimal(kilometres), days)


def of_assignment(assignment_id: int) -> ColumnElement[bool]:
    return Assignment.id == assignment_id


def of_volunteer(volunteer_id: int) -> ColumnElement[bool]:
    return Assignment.volunteer_id == volunteer_id


def of_newcomer(newcomer_id: int) -> ColumnElement[bool]:
    return Assignment.newcomer_id == newcomer_id
