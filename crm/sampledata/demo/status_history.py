"""The demo volunteers' life cycle as status changes with dates, so the funders' figures show a
believable year and the due list paused volunteers whose pause has run out."""

from datetime import date, timedelta

from sqlalchemy import select

from ...extensions import db
from ...models import ExitReason, StatusChange, Volunteer
from ...models.choices import VolunteerStatus
from .county import County

S = VolunteerStatus


def status_history(county: County) -> None:
    reasons = list(db.session.scalars(select(ExitReason).order_by(ExitReason.position)))
    for volunteer in county.volunteers:
        steps = _steps(county, volunteer)
        previous = None
        for status, day in steps:
            change = StatusChange(status=status, previous_status=previous, changed_on=day)
            if status == S.LEFT and reasons:
                volunteer.exit_reason = change.exit_reason = county.rng.choice(reasons)
            if status == S.PAUSED:
                volunteer.paused_until = change.until = _pause_end(county, day)
            volunteer.status_changes.append(change)
            previous = status


def _steps(county: County, volunteer: Volunteer) -> list[tuple[VolunteerStatus, date]]:
    """Interested, in training, active, then paused or left, each on a day that fits."""
    rng, status = county.rng, volunteer.status
    started = volunteer.active_since or volunteer.data_consent_on or county.days_ago(5, 120)
    interested = started - timedelta(days=rng.randint(30, 120))
    steps = [(S.INTERESTED, interested)]
    if status == S.INTERESTED:
        return steps
    steps.append((S.IN_TRAINING, interested + timedelta(days=rng.randint(7, 25))))
    if status == S.IN_TRAINING:
        return steps
    steps.append((S.ACTIVE, started))
    if status == S.PAUSED:
        steps.append((S.PAUSED, min(county.today, started + timedelta(rng.randint(60, 500)))))
    elif status == S.LEFT:
        steps.append((S.LEFT, volunteer.left_on or county.today))
    return steps


def _pause_end(county: County, paused: date) -> date:
    """Half the pauses have run out (due for a call), half last a while yet."""
    if county.rng.random() < 0.5:
        return county.today - timedelta(days=county.rng.randint(3, 40))
    return county.today + timedelta(days=county.rng.randint(14, 120))
