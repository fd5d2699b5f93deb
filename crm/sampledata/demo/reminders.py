"""The e-mail reminders of the demo county: the accounts' digest choices (administration
weekly, coordination daily, readers none), a partner's task due in two days who may get
e-mail, and one network whose partners are not reminded, so that `crm send-reminders
--dry-run` shows every kind at once."""

from datetime import timedelta

from sqlalchemy import select

from ... import operations
from ...extensions import db
from ...models import FollowUpTask, User
from ...models.choices import DigestFrequency
from .county import DEMO_ACCOUNTS, County

CHOICES = {
    "admin": DigestFrequency.WEEKLY,
    "coordinator": DigestFrequency.DAILY,
    "viewer": DigestFrequency.NONE,
}


def reminders(county: County) -> None:
    for email, _, role in DEMO_ACCOUNTS:
        account = db.session.scalar(select(User).where(User.email == email))
        operations.update(account, {"digest": CHOICES[role]})
    volunteers = {v.contact for v in county.volunteers}
    partner = next(
        c
        for c in county.contacts
        if c.email and c.may_mail_email and not c.do_not_contact and c not in volunteers
    )
    quiet = county.networks[-1]
    meeting = next(m for m in reversed(county.meetings) if m.network is not quiet)
    operations.create(
        FollowUpTask(
            meeting=meeting,
            description="Aushang zum Sprachcafé an die Schulen verteilen",
            owner=partner,
            due_on=county.today + timedelta(days=2),
        )
    )
    operations.update(quiet, {"remind_partners": False})
