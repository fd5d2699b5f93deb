"""The reminder run (``crm send-reminders``): who gets which digest and which reminder today,
computed with a fixed number of statements per kind (crm.reminder_items,
crm.outside_reminders), then queued in the outbox and delivered.

Nothing goes twice for the same thing at the same step: a digest goes out only with at least
one item its user was not told at that step (the ledger ReminderSent), and at most once a
day; a reminder to a contact goes once by its outbox key."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, insert, select
from sqlalchemy.orm import Session

from . import audit
from .models import Contact, OutgoingMail, ReminderSent, User
from .models.choices import DigestFrequency, Role
from .outbox import compose, enqueue, kind
from .protocol import may_email
from .reminder_items import Item, find_due
from .sensitive import hidden_groups

MONDAY = 0
DIGEST = kind("erinnerung_team", _l("Erinnerung: Übersicht an das Team"))
TASK = kind("erinnerung_aufgabe", _l("Erinnerung: Aufgabe an Partner"))
CLEARANCE = kind("erinnerung_zeugnis", _l("Erinnerung: Führungszeugnis an Ehrenamtliche"))


def default_digest(role: Role) -> DigestFrequency:
    """Until a user chooses: weekly for coordination and administration, none for readers
    (who act on little of it)."""
    return DigestFrequency.NONE if role == Role.VIEWER else DigestFrequency.WEEKLY


def effective_digest():
    """A user's digest as SQL: their choice, else their role's default."""
    default = case(*((User.role == role.value, default_digest(role).value) for role in Role))
    return func.coalesce(User.digest, default)


def digest_users(session: Session, today: date) -> list:
    """Active users whose digest is due today: daily ones, weekly ones on Mondays."""
    due = [DigestFrequency.DAILY.value]
    if today.weekday() == MONDAY:
        due.append(DigestFrequency.WEEKLY.value)
    chosen = effective_digest().label("frequency")
    statement = (
        select(User.id, User.email, User.name, User.locale, User.role, chosen)
        .where(User.active.is_(True), chosen.in_(due))
        .order_by(User.id)
    )
    return session.execute(statement).all()


@dataclass
class Part:
    """A section as one user's digest shows it."""

    label: str
    count: int
    items: list[Item]
    more: str


@dataclass
class Digest:
    user_id: int
    email: str
    name: str
    locale: str
    frequency: DigestFrequency
    parts: list[Part]
    told: set[tuple[str, str]]  # (key, step) the user was already told

    @property
    def total(self) -> int:
        return sum(part.count for part in self.parts)

    @property
    def items(self) -> list[Item]:
        return [item for part in self.parts for item in part.items]

    def is_new(self, item: Item) -> bool:
        return (item.key, item.step) not in self.told

    @property
    def new(self) -> list[Item]:
        return [item for item in self.items if self.is_new(item)]


def told(session: Session, found: list["Digest"]) -> set[tuple[int, str, str]]:
    """What of the digests' items the ledger says each user was told, at which step: one
    statement for all."""
    user_ids = [digest.user_id for digest in found]
    keys = {item.key for digest in found for item in digest.items}
    if not keys:
        return set()
    rows = session.execute(
        select(ReminderSent.user_id, ReminderSent.item_key, ReminderSent.step).where(
            ReminderSent.user_id.in_(user_ids), ReminderSent.item_key.in_(sorted(keys))
        )
    )
    return {tuple(row) for row in rows}


def digests(session: Session, today: date, sensitive_setting: Mapping | None) -> list[Digest]:
    """Today's digest of every user who gets one, with at least one item new at its step."""
    users = digest_users(session, today)
    if not users:
        return []
    found = find_due(session, today)
    drafts = []
    for user in users:
        hidden = hidden_groups(Role(user.role), sensitive_setting)
        locale = user.locale or "de"
        with force_locale(locale):
            parts = [
                Part(section.label(locale), count, items, section.section.more)
                for section in found
                for count, items in [section.for_user(user.id, hidden, locale)]
                if count
            ]
        frequency = DigestFrequency(user.frequency)
        drafts.append(Digest(user.id, user.email, user.name, locale, frequency, parts, set()))
    ledger = told(session, drafts)
    for digest in drafts:
        digest.told = {(key, step) for uid, key, step in ledger if uid == digest.user_id}
    return [digest for digest in drafts if digest.new]


def record_told(session: Session, digests: list[Digest], today: date) -> None:
    """The new items of the digests sent in the ledger: one statement for all, and one entry
    in the history (bookkeeping like a login's, not a record anyone edits)."""
    rows = [
        {"user_id": d.user_id, "item_key": item.key, "step": item.step, "sent_on": today}
        for d in digests
        for item in d.new
    ]
    if rows:
        session.execute(insert(ReminderSent), rows)
        audit.record("reminders_sent", "reminders_sent", digests=len(digests), items=len(rows))


@dataclass
class Planned:
    """A mail of today's run, as the dry run prints it and the outbox queues it."""

    kind: str
    to: str
    subject: str
    text: str
    html: str
    once_key: str
    lines: list[str]
    user_id: int | None = None
    contact_id: int | None = None
    digest: Digest | None = None
    unsubscribe: str | None = None


@dataclass
class Outcome:
    queued: int = 0
    skipped: int = 0  # already in the outbox under its key
    refused: list[str] = field(default_factory=list)  # addresses no longer to be e-mailed


def already_queued(session: Session, planned: list[Planned]) -> set[str]:
    """The once-keys of planned mails the outbox holds already (one statement)."""
    keys = [p.once_key for p in planned]
    if not keys:
        return set()
    found = select(OutgoingMail.once_key).where(OutgoingMail.once_key.in_(keys))
    return set(session.scalars(found))


def fresh(session: Session, planned: list[Planned]) -> list[Planned]:
    """The planned mails the outbox does not hold yet: what the run (or its dry run) sends."""
    known = already_queued(session, planned)
    return [mail for mail in planned if mail.once_key not in known]


def queue(session: Session, planned: list[Planned], today: date) -> Outcome:
    """Each planned mail into the outbox once (its key), with the digest's items in the
    ledger; committed together, so a run stopped half-way leaves nothing half-recorded."""
    outcome = Outcome()
    sent_digests = []
    for mail in planned:
        contact = session.get(Contact, mail.contact_id) if mail.contact_id else None
        if contact is not None and not may_email(contact):  # changed since it was planned
            outcome.refused.append(mail.to)
            continue
        message = compose(
            to=mail.to,
            subject=mail.subject,
            text=mail.text,
            html=mail.html,
            unsubscribe=mail.unsubscribe,
        )
        user = session.get(User, mail.user_id) if mail.user_id else None
        stored = enqueue(
            session, message, kind=mail.kind, contact=contact, user=user, once_key=mail.once_key
        )
        if stored is None:
            outcome.skipped += 1
            continue
        if mail.digest is not None:
            sent_digests.append(mail.digest)
        outcome.queued += 1
    record_told(session, sent_digests, today)
    session.commit()
    return outcome
