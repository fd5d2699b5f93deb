"""The demo volunteers' life cycles: how each came to the status it has, with pauses (some
over, some with an "until" date still ahead or passed) and reasons for leaving."""

from datetime import date, timedelta

from sqlalchemy import select

from ...extensions import db
from ...models import ExitReason, StatusChange, Volunteer
from ...volunteer_status import ACTIVE, IN_TRAINING, INTERESTED, LEFT, PAUSED
from .county import County

NOTES = {
    PAUSED: ("Elternzeit", "Pflege eines Angehörigen", "Prüfungszeit", None),
    LEFT: ("zieht zur Tochter nach Leipzig", "neue Stelle im Schichtdienst", None, None),
}


def histories(county: County) -> None:
    reasons = db.session.scalars(select(ExitReason).order_by(ExitReason.position)).all()
    for volunteer in county.volunteers:
        volunteer.status_changes = _steps(county, volunteer, reasons)


def _steps(county: County, volunteer: Volunteer, reasons) -> list[StatusChange]:
    rng, status = county.rng, volunteer.status
    began = volunteer.active_since or volunteer.data_consent_on or county.days_ago(5, 200)
    steps = [(INTERESTED, began - timedelta(days=rng.randint(60, 120)))]
    if status is not INTERESTED:
        steps.append((IN_TRAINING, began - timedelta(days=rng.randint(20, 50))))
    if status in (ACTIVE, PAUSED, LEFT):
        steps.append((ACTIVE, began))
    end = volunteer.left_on or county.today
    if status is ACTIVE and rng.random() < 0.25 and (end - began).days > 200:
        pause = began + timedelta(days=rng.randint(60, (end - began).days - 100))
        steps += [(PAUSED, pause), (ACTIVE, pause + timedelta(days=rng.randint(30, 90)))]
    changes = [_change(volunteer, s, on, previous) for (previous, _), (s, on) in _pairs(steps)]
    if status is PAUSED:
        changes.append(_pause(county, volunteer, began))
    if status is LEFT:
        reason = rng.choice(reasons)
        volunteer.exit_reason = reason
        changes.append(
            StatusChange(
                status=LEFT,
                previous_status=ACTIVE,
                changed_on=volunteer.left_on,
                exit_reason=reason,
                note=rng.choice(NOTES[LEFT]),
            )
        )
    return changes


def _pairs(steps):
    """Each step with the one before it (None before the first)."""
    return zip([(None, None), *steps], steps, strict=False)


def _change(volunteer, status, on: date, previous) -> StatusChange:
    return StatusChange(status=status, previous_status=previous, changed_on=on)


def _pause(county: County, volunteer: Volunteer, began: date) -> StatusChange:
    """Paused lately; most until a day ahead, some whose day has passed (due for a call)."""
    rng = county.rng
    since = max(began + timedelta(days=30), county.days_ago(20, 240))
    since = min(since, county.today)
    until = None
    if rng.random() < 0.8:
        until = since + timedelta(days=rng.choice([60, 90, 120, 180, 365]))
    volunteer.paused_until = until
    return StatusChange(
        status=PAUSED,
        previous_status=ACTIVE,
        changed_on=since,
        until=until,
        note=rng.choice(NOTES[PAUSED]),
    )
