"""Rules of volunteer work, called by the screens, the CLI and the tests alike."""

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, or_
from wtforms.validators import ValidationError

from .models import Assignment, TrainingParticipation, Volunteer
from .models.choices import AssignmentStatus, VolunteerStatus


def check_attendance(participation: TrainingParticipation) -> None:
    """Attendance can only be recorded for modules of the participant's own training."""
    # The relationship, not training_id: before the flush a new or changed training has
    # not reached the foreign key yet.
    training = participation.training
    training_id = training.id if training is not None else participation.training_id
    foreign = [m for m in participation.modules_attended if m.training_id != training_id]
    if foreign:
        raise ValidationError(
            _(
                "Diese Module gehören nicht zur Schulung „%(training)s“: %(modules)s",
                training=str(participation.training),
                modules=", ".join(map(str, foreign)),
            )
        )


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
