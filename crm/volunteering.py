"""Rules of volunteer work, called by the screens, the CLI and the tests alike."""

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, select

from . import operations
from .errors import RuleError
from .extensions import db
from .models import Assignment, Newcomer
from .models.choices import AssignmentStatus, VolunteerStatus


def waiting_too_long(today: date):
    """Open assignments that nobody has taken for more than 14 days."""
    since = datetime.combine(today - timedelta(days=14), time.min, tzinfo=UTC)
    return and_(Assignment.status == AssignmentStatus.OPEN, Assignment.created_at < since)


CLOSED = (AssignmentStatus.DONE, AssignmentStatus.CANCELLED)


# Who takes no new assignment: look-ups leave them out and the write path refuses them.
UNAVAILABLE = (VolunteerStatus.PAUSED, VolunteerStatus.LEFT)


@operations.rule(Assignment)
def check_available(assignment: Assignment, change: operations.Change) -> None:
    """A paused volunteer or one who left takes no new assignment, nor starts one matched
    before the pause; what they did stays."""
    if not change.touches("volunteer", "volunteer_id", "status") or assignment.status in CLOSED:
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
