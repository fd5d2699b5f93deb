"""Matching and allowances in the demo county: who matched the assignments and when, the
ones that need a car, and the office's allowance settings."""

from datetime import timedelta

from sqlalchemy import select

from ...extensions import db
from ...models import OfficeSettings, User
from ...models.choices import AssignmentStatus
from .county import DEMO_ACCOUNTS, County

COORDINATOR = next(email for email, _name, role in DEMO_ACCOUNTS if role == "coordinator")


def matches(county: County) -> None:
    """The coordinator matched every assignment that has a volunteer, a few days after it came
    in; one in five needs a car (where its volunteer has one, or it is still open)."""
    rng = county.rng
    coordinator = db.session.scalars(select(User).where(User.email == COORDINATOR)).first()
    for assignment in county.assignments:
        volunteer = assignment.volunteer
        if rng.random() < 0.2 and (volunteer is None or volunteer.has_car):
            assignment.needs_car = True
        if assignment.status == AssignmentStatus.OPEN or volunteer is None:
            continue
        came_in = assignment.created_at.date()
        assignment.matched_on = min(county.today, came_in + timedelta(days=rng.randint(1, 5)))
        assignment.matched_by = coordinator


def office(county: County) -> None:
    """Hessen-like rates: 3 € an hour up to 276 hours, 0,30 € a kilometre, 840 € a year."""
    db.session.add(OfficeSettings(**OfficeSettings.DEFAULTS))
