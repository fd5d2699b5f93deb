"""Erasure in the demo: a volunteer who left long ago and a family accompanied long ago are
anonymised, so the pages show how an erased person looks and the figures still count them."""

from sqlalchemy import select

from ...anonymisation import anonymise_contact, anonymise_newcomer
from ...extensions import db
from ...models import Assignment, Newcomer, Volunteer
from ...volunteer_status import LEFT
from .county import County


def erasures(county: County) -> None:
    db.session.flush()
    gone = db.session.scalars(
        select(Volunteer)
        .where(
            Volunteer.status == LEFT,
            Volunteer.left_on.is_not(None),
            Volunteer.clearance_disqualifying.is_(False),  # the demo's example of that stays
        )
        .order_by(Volunteer.left_on, Volunteer.id)
        .limit(1)
    ).first()
    if gone is not None:
        anonymise_contact(db.session, gone.contact)
    family = db.session.scalars(
        select(Newcomer)
        .join(Assignment, Assignment.newcomer_id == Newcomer.id)
        .where(Assignment.ends_on.is_not(None))
        .order_by(Assignment.ends_on, Newcomer.id)
        .limit(1)
    ).first()
    if family is not None:
        anonymise_newcomer(db.session, family)
