"""The archive offer (Archivangebot) between the retention report and the erasure: the records
a rule found due are offered to the state archive as a file, its answer is recorded with its
date, and only then are exactly those records anonymised that are still due and unchanged
since the offer (the rest is left out and named). Nothing is erased without this review: an
automatic clean-up once wiped the addresses of over a hundred real records.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from . import audit, operations
from .anonymisation import anonymise_contact, anonymise_newcomer
from .errors import RuleError
from .models import ArchiveAnswer, ArchiveOffer, Contact, Newcomer, Volunteer
from .models.base import utcnow
from .retention import NEWCOMERS, RULE_OF, VOLUNTEERS, DueRecord, Section, due
from .tabular import Column


def unfinished_offer(session: Session, section: str) -> ArchiveOffer | None:
    """The section's offer not yet carried out: a second one would offer the same records."""
    return session.scalars(
        select(ArchiveOffer)
        .where(ArchiveOffer.section == section, ArchiveOffer.anonymised_at.is_(None))
        .limit(1)
    ).first()


def make_offer(session: Session, section: str, today: date, user_id: int | None) -> ArchiveOffer:
    """An offer of what the section's rule finds due today; the caller commits."""
    if section not in RULE_OF:
        raise RuleError(_("Für diesen Abschnitt gibt es kein Archivangebot."))
    if unfinished_offer(session, section) is not None:
        raise RuleError(
            _(
                "Für diesen Abschnitt gibt es schon ein Archivangebot, das noch nicht ausgeführt "
                "ist: bitte erst dessen Antwort eintragen und es ausführen."
            )
        )
    rows = due(session, today, only={section: None}).sections[0].rows
    if not rows:
        raise RuleError(_("In diesem Abschnitt ist nichts fällig."))
    offer = ArchiveOffer(section=section, record_ids=[row.id for row in rows], user_id=user_id)
    return operations.create(offer, session)


def offered_section(session: Session, offer: ArchiveOffer, today: date) -> Section:
    """The offered records that are still due today (all of them on the day of the offer)."""
    return due(session, today, only={offer.section: offer.record_ids}).sections[0]


def answer_offer(
    session: Session, offer: ArchiveOffer, answer: str, answered_on, note, seen_version
) -> None:
    """Record the archive's answer with its date, through the write path."""
    changes = {"answer": answer, "answered_on": answered_on, "note": note or None}
    operations.update(offer, changes, seen_version=seen_version, session=session)


@operations.rule(ArchiveOffer)
def check_offer(offer: ArchiveOffer, change: operations.Change) -> None:
    """An answer has its date, not in the future nor before the offer; a carried-out offer
    keeps its answer; only an answered offer is carried out."""
    if offer.section not in RULE_OF:
        raise RuleError(_("Für diesen Abschnitt gibt es kein Archivangebot."))
    answered = offer.answer not in (None, ArchiveAnswer.OPEN)
    if change.touches("answer", "answered_on"):
        if not change.created and offer.anonymised_at is not None:
            raise RuleError(_("Das Angebot ist ausgeführt; seine Antwort bleibt, wie sie war."))
        if answered != (offer.answered_on is not None):
            raise RuleError(
                _("Bitte die Antwort des Archivs und ihr Datum zusammen angeben."),
                field="answered_on",
            )
        offered_on = (offer.created_at or utcnow()).date()
        if offer.answered_on and not offered_on <= offer.answered_on <= date.today():
            raise RuleError(
                _("Das Datum der Antwort liegt vor dem Angebot oder in der Zukunft."),
                field="answered_on",
            )
    if change.touches("anonymised_at") and offer.anonymised_at and not answered:
        raise RuleError(_("Erst die Antwort des Archivs eintragen, dann anonymisieren."))


@dataclass(frozen=True)
class Review:
    """What „Geprüfte anonymisieren“ does with an offer today: ``kept`` is anonymised,
    ``left_out`` (id, name, why) is not."""

    section: Section
    kept: list[DueRecord]
    left_out: list[tuple[int, str, str]]


def _changed_since(offer: ArchiveOffer):
    """The offered rows changed after the offer: for volunteers the contact or the profile."""
    since = offer.created_at
    if offer.section == NEWCOMERS:
        return select(Newcomer.id).where(Newcomer.updated_at > since)
    changed = Contact.updated_at > since
    if offer.section == VOLUNTEERS:
        profile = select(Volunteer.id).where(
            Volunteer.contact_id == Contact.id, Volunteer.updated_at > since
        )
        changed = or_(changed, profile.exists())
    return select(Contact.id).where(changed)


def _names(session: Session, section: str, ids: list[int]) -> dict[int, str]:
    """The names of the records left out, to say which they are (one statement)."""
    if section == NEWCOMERS:
        rows = session.execute(select(Newcomer.id, Newcomer.reference).where(Newcomer.id.in_(ids)))
        return dict(rows.all())
    rows = session.execute(
        select(Contact.id, Contact.last_name, Contact.first_name).where(Contact.id.in_(ids))
    )
    return {id: ", ".join(p for p in (last, first) if p) for id, last, first in rows}


def review(session: Session, offer: ArchiveOffer, today: date) -> Review:
    """Re-check the offered records: still due, and unchanged since the offer. Four
    statements whatever the number of records."""
    section = offered_section(session, offer, today)
    offered = set(offer.record_ids)
    changed = set(session.scalars(_changed_since(offer).where(_key(offer).in_(sorted(offered)))))
    kept = [row for row in section.rows if row.id not in changed]
    due_ids = {row.id for row in section.rows}
    missing = sorted(offered - {row.id for row in kept})
    names = _names(session, offer.section, missing)
    left_out = [
        (
            id,
            names.get(id, f"Nr. {id}"),
            _("seit dem Angebot geändert") if id in due_ids else _("nicht mehr fällig"),
        )
        for id in missing
    ]
    return Review(section, kept, left_out)


def _key(offer: ArchiveOffer):
    """The column the offer's ids are values of."""
    return Newcomer.id if offer.section == NEWCOMERS else Contact.id


def refusal(offer: ArchiveOffer) -> str | None:
    """Why the offer cannot be carried out now: done already, or not answered yet."""
    if offer.anonymised_at is not None:
        return _("Dieses Archivangebot ist schon ausgeführt; nichts geändert.")
    if offer.answer == ArchiveAnswer.OPEN:
        return _("Erst die Antwort des Archivs eintragen, dann anonymisieren.")
    return None


def carry_out(session: Session, offer: ArchiveOffer, today: date) -> Review:
    """Anonymise the reviewed records of an answered offer, once; the caller commits."""
    refused = refusal(offer)
    if refused:
        raise RuleError(refused)
    found = review(session, offer, today)
    model = Newcomer if offer.section == NEWCOMERS else Contact
    erase = anonymise_newcomer if model is Newcomer else anonymise_contact
    for row in found.kept:
        erase(session, session.get(model, row.id))
    operations.update(
        offer,
        {
            "anonymised_at": utcnow(),
            "anonymised_ids": [row.id for row in found.kept],
            "left_out_ids": [id for id, _name, _why in found.left_out],
        },
        session=session,
    )
    audit.record(
        "retention",
        table=ArchiveOffer.__tablename__,
        row_id=offer.id,
        section=offer.section,
        anonymised=len(found.kept),
        left_out=len(found.left_out),
    )
    return found


COLUMNS = [
    Column(_l("Nr."), 8),
    Column(_l("Name"), 30),
    Column(_l("Kommune"), 20),
    Column(_l("fällig seit"), 12),
    Column(_l("Grund"), 60),
]


def offer_table(section: Section) -> tuple[list[Column], list[list]]:
    """The file the archive decides on: each record, its municipality and why it is due."""
    columns = [Column(str(c.header), c.width, c.kind) for c in COLUMNS]
    rows = [[r.id, r.name, r.municipality, r.since, r.reason] for r in section.rows]
    return columns, rows
