"""Retention in the demo county: families accompanied more than two years ago and former staff
not heard of for six years, so „Aufbewahrung“ has records due in every section; the contacts
were offered to the state archive, which answered „nicht archivwürdig“, so the next step,
„Geprüfte anonymisieren …“, waits on the screen. The old rows are entered with their old
timestamps, as they would stand in a database kept for years."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from ... import operations
from ...archive_offers import answer_offer, make_offer, unfinished_offer
from ...clearance import add_years
from ...due import months_before
from ...extensions import db
from ...models import (
    ArchiveAnswer,
    Assignment,
    AssignmentLog,
    Contact,
    ContactRole,
    Newcomer,
    User,
)
from ...models.choices import AssignmentArea, AssignmentStatus, Salutation, VolunteerStatus
from ...retention import CONTACTS
from .county import DEMO_ACCOUNTS, County, at

ADMIN = next(email for email, _name, role in DEMO_ACCOUNTS if role == "admin")
# (salutation, first name, last name, function they held): staff who left years ago.
FORMER_STAFF = (
    (Salutation.MS, "Gisela", "Hartmann-Nolte", "Migrationsberatung"),
    (Salutation.MR, "Mehmet", "Yıldız", "Jugendmigrationsdienst"),
    (Salutation.MR, "Jens", "Schröder", "Sozialamt, Leistungsabteilung"),
)


def retention(county: County) -> None:
    db.session.flush()
    _families_accompanied_long_ago(county)
    _former_staff(county)
    if unfinished_offer(db.session, CONTACTS) is not None:
        return  # a forced second run: the first one's offer is still there
    admin = db.session.scalar(select(User.id).where(User.email == ADMIN))
    offer = make_offer(db.session, CONTACTS, county.today, admin)
    answer_offer(
        db.session,
        offer,
        ArchiveAnswer.NOT_WORTH,
        county.today,
        "Schreiben des Landesarchivs: Unterlagen nicht archivwürdig, Vernichtung freigegeben.",
        seen_version=None,
    )


def _families_accompanied_long_ago(county: County) -> None:
    """Three families whose last assignment ended 26 to 34 months ago (the period is 24)."""
    rng = county.rng
    helpers = [v for v in county.volunteers if v.status == VolunteerStatus.ACTIVE]
    taken = set(db.session.scalars(select(Newcomer.reference)))
    for months in (26, 30, 34):
        ended = months_before(county.today, months)
        number = 900 + months
        while f"NZ-{ended.year}-{number:04d}" in taken:
            number += 1
        family = Newcomer(
            reference=f"NZ-{ended.year}-{number:04d}",
            household_size=rng.randint(1, 4),
            municipality=county.home(),
            created_at=at(ended - timedelta(days=90)),
            updated_at=at(ended),
        )
        job = Assignment(
            volunteer=rng.choice(helpers),
            newcomer=family,
            area=AssignmentArea.AUTHORITY,
            status=AssignmentStatus.DONE,
            starts_on=ended - timedelta(days=60),
            ends_on=ended,
            created_at=at(ended - timedelta(days=70)),
            updated_at=at(ended),
        )
        job.logs.append(AssignmentLog(date=ended - timedelta(days=30), hours=Decimal("2")))
        operations.create(job)


def _former_staff(county: County) -> None:
    """People whose function ended six years ago and of whom nothing was heard since."""
    for salutation, first, last, function in FORMER_STAFF:
        ended = add_years(county.today, -6) - timedelta(days=county.rng.randint(0, 200))
        person = Contact(
            salutation=salutation,
            first_name=first,
            last_name=last,
            created_at=at(ended - timedelta(days=900)),
            updated_at=at(ended),
        )
        person.roles.append(
            ContactRole(
                organisation=county.rng.choice(county.organisations),
                function=function,
                since=ended - timedelta(days=900),
                until=ended,
            )
        )
        operations.create(person)
        county.contacts.append(person)
