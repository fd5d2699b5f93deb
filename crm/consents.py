"""Consent per purpose: every consent and withdrawal is a row (crm.models.consents), the
latest row of a purpose is its current state. The mailing flags of a contact
(``may_mail_post``, ``may_mail_email``) follow the current state of the purposes coded
``post`` and ``email``: :func:`record` keeps them in step, so the Verteiler, its exports and
letters keep reading two columns in one statement. In the same way a volunteer's
``data_consent_on`` (which an activation needs, crm.volunteer_status) is the day of the
consent coded ``storage`` in force, cleared by its withdrawal. Own migration experience is
stored only with the consent coded ``migration``; its withdrawal blanks it."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from . import operations
from .errors import RuleError
from .extensions import db
from .models import Consent, ConsentMethod, ConsentPurpose, Contact, Volunteer

POST, EMAIL, MIGRATION, STORAGE = "post", "email", "migration", "storage"
# The contact's column that follows a purpose's current state.
FLAGS = {POST: "may_mail_post", EMAIL: "may_mail_email"}


def latest(contact: Contact, purpose: ConsentPurpose, leave_out: Consent | None = None):
    """The purpose's latest row of the contact (its current state), or None."""
    rows = [c for c in contact.consents if c.purpose is purpose and c is not leave_out]
    return rows[-1] if rows else None


def current(contact: Contact) -> list[tuple[ConsentPurpose, Consent]]:
    """(purpose, latest row) of every purpose the contact has a row for, in the rows' order."""
    found: dict[int, Consent] = {}
    for row in contact.consents:
        found[row.purpose_id] = row
    return [(row.purpose, row) for row in found.values()]


def has_consent(contact: Contact | None, code: str) -> bool:
    """Whether the contact's latest row of the coded purpose is a consent."""
    rows = [c for c in (contact.consents if contact else ()) if c.purpose.code == code]
    return bool(rows) and rows[-1].given


def storage_day(contact: Contact | None) -> date | None:
    """The day of the contact's consent to the storage of their data in force, else None."""
    rows = [c for c in (contact.consents if contact else ()) if c.purpose.code == STORAGE]
    return rows[-1].on if rows and rows[-1].given else None


def record(
    contact: Contact,
    purpose: ConsentPurpose,
    given: bool,
    on: date | None,
    how: ConsentMethod,
    note: str | None = None,
) -> Consent:
    """A consent or withdrawal of ``contact`` for ``purpose``, through the write path, with the
    contact's flags and fields that follow from it. The caller commits."""
    row = Consent(purpose=purpose, given=given, on=on, how=how, note=(note or "").strip() or None)
    contact.consents.append(row)
    changes = {FLAGS[purpose.code]: given} if purpose.code in FLAGS else {}
    operations.update(contact, changes)
    if purpose.code in (MIGRATION, STORAGE):
        volunteer = db.session.scalar(select(Volunteer).where(Volunteer.contact_id == contact.id))
        if volunteer is not None:
            operations.update(volunteer, _following(volunteer, purpose.code, given, on))
    return row


def _following(volunteer: Volunteer, code: str, given: bool, on: date | None) -> dict:
    """The volunteer's columns that follow a consent or withdrawal of ``code``."""
    if code == STORAGE:
        return {"data_consent_on": on if given else None}
    return {} if given else {"own_migration_experience": None}


@operations.rule(Consent)
def check_consent(row: Consent, change: operations.Change) -> None:
    """A row is a fact of its day: recorded once, never in the future, not before the latest
    row of its purpose; a withdrawal needs a consent in force."""
    if not change.created:
        raise RuleError(_("Eine Einwilligung wird nicht geändert, sondern neu erfasst."))
    if row.on is None:
        raise RuleError(_("Bitte das Datum angeben."), field="on")
    if row.on > date.today():
        raise RuleError(_("Das Datum darf nicht in der Zukunft liegen."), field="on")
    before = latest(row.contact, row.purpose, leave_out=row)
    if before is not None and row.on < before.on:
        raise RuleError(
            _(
                "Für „%(purpose)s“ gibt es schon einen Eintrag vom %(day)s; "
                "ein neuer Eintrag kann nicht davor liegen.",
                purpose=row.purpose.name,
                day=before.on.strftime("%d.%m.%Y"),
            ),
            field="on",
        )
    if not row.given and (before is None or not before.given):
        raise RuleError(
            _(
                "Für „%(purpose)s“ liegt keine Einwilligung vor, die widerrufen werden könnte.",
                purpose=row.purpose.name,
            ),
            field="given",
        )


@operations.rule(Contact)
def check_flags_follow_consents(contact: Contact, change: operations.Change) -> None:
    """Post and e-mail permission change only with a consent or withdrawal recorded."""
    if change.created:
        return
    for code, flag in FLAGS.items():
        if change.touches(flag) and getattr(contact, flag) != has_consent(contact, code):
            raise RuleError(
                _(
                    "Ob Post oder E-Mail erlaubt ist, folgt aus den Einwilligungen: bitte "
                    "dort eine Einwilligung oder einen Widerruf eintragen."
                ),
                field=flag,
            )


@operations.rule(Volunteer)
def check_storage_consent_day(volunteer: Volunteer, change: operations.Change) -> None:
    """The data-protection consent day changes only with a consent or withdrawal recorded."""
    if change.created or not change.touches("data_consent_on"):
        return
    if volunteer.data_consent_on != storage_day(volunteer.contact):
        raise RuleError(
            _(
                "Die Datenschutz-Einwilligung folgt aus den Einwilligungen: bitte auf der Seite "
                "der Person eine Einwilligung „Speicherung der Daten“ oder ihren Widerruf "
                "eintragen."
            ),
            field="data_consent_on",
        )


@operations.rule(Volunteer)
def check_migration_consent(volunteer: Volunteer, change: operations.Change) -> None:
    """Own migration experience is stored only with the person's consent to it."""
    if not change.touches("own_migration_experience") or not volunteer.own_migration_experience:
        return
    if not has_consent(volunteer.contact, MIGRATION):
        raise RuleError(
            _(
                "Eigene Migrationserfahrung darf nur mit Einwilligung gespeichert werden: "
                "bitte zuerst die Einwilligung „Eigene Migrationserfahrung“ eintragen."
            ),
            field="own_migration_experience",
        )


@event.listens_for(Session, "before_flush")
def _record_first_consents(session: Session, flush_context, instances) -> None:
    """A new contact made with post or e-mail allowed, or a new volunteer with a
    data-protection consent day (the demo, an import, a test), starts its history with that
    consent, carried over, dated today or the consent day; a new volunteer of a person who
    consented to storage takes that day."""
    new = [o for o in session.new if isinstance(o, Contact) and not o.consents]
    wanted = [(c, code, None) for c in new for code, flag in FLAGS.items() if getattr(c, flag)]
    with session.no_autoflush:
        for volunteer in [o for o in session.new if isinstance(o, Volunteer) and o.contact]:
            day = storage_day(volunteer.contact)
            if day is not None and volunteer.data_consent_on is None:
                volunteer.data_consent_on = day
            elif day is None and volunteer.data_consent_on is not None:
                wanted.append((volunteer.contact, STORAGE, volunteer.data_consent_on))
        if not wanted:
            return
        codes = {code for _c, code, _d in wanted}
        purposes = {
            p.code: p
            for p in session.scalars(select(ConsentPurpose).where(ConsentPurpose.code.in_(codes)))
        }
    for contact, code, day in wanted:
        if code in purposes and not inspect(contact).deleted:
            contact.consents.append(
                Consent(
                    purpose=purposes[code],
                    given=True,
                    on=day or date.today(),
                    how=ConsentMethod.CARRIED_OVER,
                )
            )
