"""Rules of volunteer work, called by the screens, the CLI and the tests alike."""

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, or_, select

from . import operations
from .errors import RuleError
from .extensions import db
from .models import Assignment, Newcomer, Volunteer
from .models.choices import AssignmentStatus, VolunteerStatus

CLEARANCE_VALID = timedelta(days=5 * 365 + 1)  # § 72a: re-check five years after issue
CLEARANCE_WARNING = timedelta(days=60)


def clearance_due(today: date):
    """Volunteers who work or train and whose clearance is missing, expired or due within
    60 days (an SQL condition, for lists and the start page)."""
    return and_(
        Volunteer.status.in_([VolunteerStatus.ACTIVE, VolunteerStatus.IN_TRAINING]),
        or_(
            Volunteer.clearance_issued_on.is_(None),
            Volunteer.clearance_issued_on < today - CLEARANCE_VALID + CLEARANCE_WARNING,
        ),
    )


def waiting_too_long(today: date):
    """Open assignments that nobody has taken for more than 14 days."""
    since = datetime.combine(today - timedelta(days=14), time.min, tzinfo=UTC)
    return and_(Assignment.status == AssignmentStatus.OPEN, Assignment.created_at < since)


def clearance_valid(volunteer: Volunteer, today: date) -> bool:
    """Whether the clearance certificate exists, is under five years old and not disqualifying."""
    issued = volunteer.clearance_issued_on
    return (
        issued is not None
        and issued >= today - CLEARANCE_VALID
        and not volunteer.clearance_disqualifying
    )


CLOSED = (AssignmentStatus.DONE, AssignmentStatus.CANCELLED)


@operations.rule(Assignment)
def check_clearance(assignment: Assignment, change: operations.Change) -> None:
    """§ 72a SGB VIII: a volunteer accompanies a household with minors only with a valid
    clearance certificate. Checked when an assignment is made or its volunteer, household or
    status changes; a closed assignment is history and stays as it was."""
    if not change.touches("volunteer", "volunteer_id", "newcomer", "newcomer_id", "status"):
        return
    volunteer, newcomer = assignment.volunteer, assignment.newcomer
    if volunteer is None or newcomer is None or not newcomer.has_minors:
        return
    if assignment.status in CLOSED or clearance_valid(volunteer, date.today()):
        return
    raise RuleError(
        _(
            "„%(volunteer)s“ kann diesen Haushalt mit Minderjährigen nicht begleiten: Das "
            "erweiterte Führungszeugnis fehlt, ist älter als fünf Jahre oder enthält einen "
            "Ausschlussgrund (§ 72a SGB VIII).",
            volunteer=str(volunteer),
        ),
        field="volunteer",
    )


# Who takes no new assignment: look-ups leave them out and the write path refuses them.
UNAVAILABLE = (VolunteerStatus.PAUSED, VolunteerStatus.LEFT)


@operations.rule(Assignment)
def check_available(assignment: Assignment, change: operations.Change) -> None:
    """A paused volunteer or one who left takes no new assignment; what they did stays."""
    if not change.touches("volunteer", "volunteer_id") or assignment.status in CLOSED:
        return
    volunteer = assignment.volunteer
    if volunteer is not None and volunteer.status in UNAVAILABLE:
        raise RuleError(
            _(
                "„%(volunteer)s“ ist %(status)s und kann keinen neuen Einsatz übernehmen.",
                volunteer=str(volunteer),
                status=volunteer.status.label,
            ),
            field="volunteer",
        )


REFERENCE_PREFIX = "NZ"


def proposed_reference(today: date) -> str:
    """The next free file code of the year for a newcomer, e.g. ``NZ-2026-0042``: a pseudonym
    that says nothing about the person. Proposed on the form, and the user may change it."""
    prefix = f"{REFERENCE_PREFIX}-{today.year}-"
    taken = db.session.scalars(
        select(Newcomer.reference)
        .where(Newcomer.reference.like(f"{prefix}%"))
        .order_by(Newcomer.reference.desc())
    )
    highest = max((int(r[len(prefix) :]) for r in taken if r[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{highest + 1:04d}"
