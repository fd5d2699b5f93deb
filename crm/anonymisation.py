"""Erasure under Art. 17 GDPR by anonymising: the person's data goes, the rows the figures
count stay.

A contact keeps its row (assignments, meetings and tasks still point to it) under the name
„Gelöschte Person #id“ and loses everything else personal; the functions at organisations go.
A volunteer keeps status, dates, municipalities, areas, languages and logged time (the funders'
figures, crm.figures), and loses clearance data, consents' dates, availability, free-text notes
and the stored certificate. A newcomer keeps household size, municipality and languages under
the reference „Anonymisiert #id“. Every change goes through the write path, so the search text
and the sort keys are rebuilt from the blank fields; the history records which fields were
cleared but none of the old values (crm.audit.conceal_pending), and the older entries about
these rows lose their values in one SQL update (the write path cannot change history entries,
on purpose), recorded as an entry „anonymise“.
"""

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from . import audit, operations
from .access_request import history_of
from .models import (
    Assignment,
    AssignmentLog,
    AuditEntry,
    Consent,
    Contact,
    ContactRole,
    Newcomer,
    OutgoingMail,
    StatusChange,
    TrainingParticipation,
    Volunteer,
)

ERASED_CONTACT = "Gelöschte Person #{id}"  # stored data, German like the office's records
ERASED_NEWCOMER = "Anonymisiert #{id}"

CONTACT_BLANK = {
    "salutation": None,
    "title": None,
    "first_name": None,
    "email": None,
    "phone": None,
    "mobile": None,
    "street": None,
    "postcode": None,
    "city": None,
    "notes": None,
    "may_mail_post": False,
    "may_mail_email": False,
    "do_not_contact": True,
    "tags": [],
    "languages": [],
}
VOLUNTEER_BLANK = {
    "availability": None,
    "own_migration_experience": None,
    "clearance_issued_on": None,
    "clearance_checked_on": None,
    "clearance_disqualifying": False,
    "confidentiality_signed_on": None,
    "data_consent_on": None,
}
NEWCOMER_BLANK = {"first_name": None, "needs": None, "notes": None}


@dataclass(frozen=True)
class Plan:
    """What an anonymisation of a contact will touch, for the page that asks first."""

    contact: Contact
    volunteer: Volunteer | None
    roles: int
    assignments: int


def _volunteer_id(contact_id: int):
    return select(Volunteer.id).where(Volunteer.contact_id == contact_id).scalar_subquery()


def plan(session: Session, contact_id: int) -> Plan | None:
    """None when there is no such contact; three statements."""
    person = session.get(Contact, contact_id)
    if person is None:
        return None
    profile = session.scalars(select(Volunteer).where(Volunteer.contact_id == contact_id)).first()
    roles, assignments = session.execute(
        select(
            select(func.count(ContactRole.id))
            .where(ContactRole.contact_id == contact_id)
            .scalar_subquery(),
            select(func.count(Assignment.id))
            .where(Assignment.volunteer_id == _volunteer_id(contact_id))
            .scalar_subquery(),
        )
    ).one()
    return Plan(person, profile, roles, assignments)


def is_anonymised(record: Contact | Newcomer) -> bool:
    """Whether the person or newcomer carries the name an anonymisation gives: done once, an
    anonymisation is not done again (it would only record a second erasure of nothing)."""
    if isinstance(record, Newcomer):
        return record.reference == ERASED_NEWCOMER.format(id=record.id)
    return record.last_name == ERASED_CONTACT.format(id=record.id)


def anonymise_contact(session: Session, person: Contact) -> None:
    """Anonymise a person and what they did as a volunteer; the caller commits."""
    rows: dict[str, set[int]] = {Contact.__tablename__: {person.id}}
    for role in list(person.roles):
        rows.setdefault(ContactRole.__tablename__, set()).add(role.id)
        person.roles.remove(role)  # delete-orphan: the function goes with the link
    # The consent history goes with the person: with it, the post and e-mail permissions
    # that follow from it end (crm.consents).
    for consent in list(person.consents):
        rows.setdefault(Consent.__tablename__, set()).add(consent.id)
        operations.delete(consent, session=session)
    session.expire(person, ["consents"])
    # The mails to the person (address, name, text) leave the outbox with them.
    for mail in session.scalars(select(OutgoingMail).where(OutgoingMail.contact_id == person.id)):
        rows.setdefault(OutgoingMail.__tablename__, set()).add(mail.id)
        operations.delete(mail, session=session)
    operations.update(person, {**CONTACT_BLANK, "last_name": ERASED_CONTACT.format(id=person.id)})
    profile = session.scalars(select(Volunteer).where(Volunteer.contact_id == person.id)).first()
    if profile is not None:
        rows[Volunteer.__tablename__] = {profile.id}
        operations.update(profile, VOLUNTEER_BLANK)
        rows[StatusChange.__tablename__] = _blank(
            session, select(StatusChange).where(StatusChange.volunteer_id == profile.id), note=None
        )
        rows[TrainingParticipation.__tablename__] = _blank(
            session,
            select(TrainingParticipation).where(TrainingParticipation.volunteer_id == profile.id),
            certificate=None,
        )
        _blank_assignments(session, Assignment.volunteer_id == profile.id, rows)
    _forget_history(session, rows, person)


def anonymise_newcomer(session: Session, newcomer: Newcomer) -> None:
    """Anonymise a newcomer; what the figures count (household, municipality) stays."""
    rows: dict[str, set[int]] = {Newcomer.__tablename__: {newcomer.id}}
    operations.update(
        newcomer, {**NEWCOMER_BLANK, "reference": ERASED_NEWCOMER.format(id=newcomer.id)}
    )
    _blank_assignments(session, Assignment.newcomer_id == newcomer.id, rows)
    _forget_history(session, rows, newcomer)


def _blank(session: Session, query, **blank) -> set[int]:
    """Set ``blank`` on every row of the query through the write path; their ids."""
    found = session.scalars(query).all()
    for row in found:
        operations.update(row, blank)
    return {row.id for row in found}


def _blank_assignments(session: Session, condition, rows: dict[str, set[int]]) -> None:
    """The notes of these assignments and of their logged time may name the person."""
    rows[Assignment.__tablename__] = _blank(
        session, select(Assignment).where(condition), notes=None
    )
    rows[AssignmentLog.__tablename__] = _blank(
        session,
        select(AssignmentLog).where(
            AssignmentLog.assignment_id.in_(select(Assignment.id).where(condition))
        ),
        note=None,
    )


def _forget_history(session: Session, rows: dict[str, set[int]], erased) -> None:
    """No old value of these rows stays in the history; the erasure itself is recorded."""
    audit.conceal_pending(session, rows)
    session.execute(
        update(AuditEntry)
        .where(history_of(rows))
        .values(changes=None)
        .execution_options(synchronize_session=False)
    )
    audit.record("anonymise", table=erased.__tablename__, row_id=erased.id)
