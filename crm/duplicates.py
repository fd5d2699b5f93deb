"""Likely duplicates among the contacts: pairs found by blocking in SQL, never by comparing
every pair. Two contacts are a candidate pair when they share an e-mail address (case
ignored), or a folded name (crm.sorting, and „ue“ read as „ü“: Müller = Mueller) together
with a current organisation or the postcode. Each pair gets a score from the fields that
agree (the phone digits count there, never alone). Pairs marked „keine Dublette“
(DismissedPair) never come back. The screen runs three statements whatever the data size.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, and_, cast, exists, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from .mailing import current_role
from .models import Contact, ContactRole, DismissedPair, Organisation
from .sorting import sort_key

CONTACTS = "contacts"
# The most pairs one screen shows: enough to work through, bounded whatever the data.
LIMIT = 300
# Points of each field that agrees; a pair found by its e-mail and name scores 70.
WEIGHTS = {"email": 40, "name": 30, "organisation": 15, "phone": 10, "postcode": 5}
LABELS = {
    "email": _l("E-Mail"),
    "name": _l("Name"),
    "organisation": _l("Organisation"),
    "phone": _l("Telefon"),
    "postcode": _l("PLZ"),
}
_SPELLED_UMLAUTS = (("ae", "a"), ("oe", "o"), ("ue", "u"))


def spelled_as_umlaut(key: str) -> str:
    """A folded name with „ae“, „oe“, „ue“ read as the umlaut they spell out."""
    for pair, single in _SPELLED_UMLAUTS:
        key = key.replace(pair, single)
    return key


def _spelled_as_umlaut_sql(key):
    for pair, single in _SPELLED_UMLAUTS:
        key = func.replace(key, pair, single)
    return key


def name_key(first_name: str | None, last_name: str | None) -> str:
    """The name a pair is blocked on, as :func:`name_key_sql` computes it in the database."""
    return spelled_as_umlaut(sort_key(last_name)) + "|" + spelled_as_umlaut(sort_key(first_name))


def name_key_sql():
    return (
        _spelled_as_umlaut_sql(Contact.sort_last_name)
        + literal("|")
        + _spelled_as_umlaut_sql(Contact.sort_first_name)
    )


def email_key_sql():
    return func.lower(Contact.email)


def _pairs_sharing(keyed, name: str, weight: int):
    """(first_id, second_id, weight) of the contacts that share a key: ``keyed`` selects
    (id, k); the keys are grouped first, so pairs are formed only inside the small blocks."""
    rows = keyed.cte(f"{name}_keys")
    shared = select(rows.c.k).group_by(rows.c.k).having(func.count() > 1)
    members = select(rows.c.id, rows.c.k).where(rows.c.k.in_(shared)).cte(f"{name}_members")
    a, b = members.alias(f"{name}_a"), members.alias(f"{name}_b")
    return select(
        a.c.id.label("first_id"), b.c.id.label("second_id"), literal(weight).label("weight")
    ).join_from(a, b, and_(a.c.k == b.c.k, a.c.id < b.c.id))


def candidate_pairs():
    """(first_id, second_id) of the candidate pairs not dismissed, smaller id first, those
    found by more blocks first: blocked on the e-mail, on the name and postcode, and on the
    name and an organisation where both hold a function today."""
    name = name_key_sql()
    by_email = select(Contact.id, email_key_sql().label("k")).where(
        Contact.email.is_not(None), Contact.email != ""
    )
    by_postcode = select(Contact.id, (name + literal("|") + Contact.postcode).label("k")).where(
        Contact.postcode.is_not(None), Contact.postcode != ""
    )
    by_organisation = (
        select(
            Contact.id,
            (name + literal("|") + cast(ContactRole.organisation_id, String)).label("k"),
        )
        .join(ContactRole, ContactRole.contact_id == Contact.id)
        .where(current_role(date.today()))
    )
    found = union_all(
        _pairs_sharing(by_email, "email", WEIGHTS["email"]),
        _pairs_sharing(by_postcode, "postcode", WEIGHTS["name"] + WEIGHTS["postcode"]),
        _pairs_sharing(by_organisation, "organisation", WEIGHTS["name"] + WEIGHTS["organisation"]),
    ).subquery()
    dismissed = exists(
        select(1).where(
            DismissedPair.kind == CONTACTS,
            DismissedPair.first_id == found.c.first_id,
            DismissedPair.second_id == found.c.second_id,
        )
    )
    return (
        select(found.c.first_id, found.c.second_id)
        .where(~dismissed)
        .group_by(found.c.first_id, found.c.second_id)
        .order_by(func.sum(found.c.weight).desc(), found.c.first_id, found.c.second_id)
        .limit(LIMIT)
    )


@dataclass(frozen=True)
class Pair:
    first: Contact
    second: Contact
    agree: tuple[str, ...]  # keys of WEIGHTS, in their order

    @property
    def score(self) -> int:
        return sum(WEIGHTS[field] for field in self.agree)

    @property
    def labels(self) -> list[str]:
        return [str(LABELS[field]) for field in self.agree]


def phone_digits(contact: Contact) -> set[str]:
    """The digits of the phone and mobile numbers without the country code or a leading 0:
    „+49 171 2345“ = „0171-2345“."""
    found = set()
    for number in (contact.phone, contact.mobile):
        digits = re.sub(r"\D", "", number or "")
        if digits.startswith("0049"):
            digits = digits[4:]
        elif (number or "").strip().startswith("+49"):
            digits = digits[2:]
        digits = digits.lstrip("0")
        if len(digits) >= 5:
            found.add(digits)
    return found


def agreeing(first: Contact, second: Contact, organisations: dict[int, set[int]]) -> tuple:
    checks = {
        "email": bool(first.email) and first.email.lower() == (second.email or "").lower(),
        "name": name_key(first.first_name, first.last_name)
        == name_key(second.first_name, second.last_name),
        "organisation": bool(
            organisations.get(first.id, set()) & organisations.get(second.id, set())
        ),
        "phone": bool(phone_digits(first) & phone_digits(second)),
        "postcode": bool(first.postcode) and first.postcode == second.postcode,
    }
    return tuple(field for field in WEIGHTS if checks[field])


def likely_pairs(session: Session) -> list[Pair]:
    """The candidate pairs with the fields that agree, highest score first."""
    ids = session.execute(candidate_pairs()).all()
    people = set().union(*ids) if ids else set()
    if not people:
        return []
    contacts = {c.id: c for c in session.scalars(select(Contact).where(Contact.id.in_(people)))}
    organisations: dict[int, set[int]] = {}
    for contact_id, organisation_id in session.execute(
        select(ContactRole.contact_id, ContactRole.organisation_id).where(
            ContactRole.contact_id.in_(people), current_role(date.today())
        )
    ):
        organisations.setdefault(contact_id, set()).add(organisation_id)
    pairs = [
        Pair(contacts[a], contacts[b], agreeing(contacts[a], contacts[b], organisations))
        for a, b in ids
    ]
    return sorted(pairs, key=lambda p: (-p.score, p.first.sort_last_name, p.first.id, p.second.id))


def dismissed(first_id: int, second_id: int, user_id: int | None) -> DismissedPair:
    """The row that marks a pair „keine Dublette“ (the caller creates it)."""
    low, high = sorted((first_id, second_id))
    return DismissedPair(kind=CONTACTS, first_id=low, second_id=high, dismissed_by=user_id)


def is_dismissed(session: Session, first_id: int, second_id: int) -> bool:
    low, high = sorted((first_id, second_id))
    return session.scalar(
        select(
            exists().where(
                DismissedPair.kind == CONTACTS,
                DismissedPair.first_id == low,
                DismissedPair.second_id == high,
            )
        )
    )


def existing_matches(
    session: Session,
    email: str | None,
    first_name: str | None,
    last_name: str | None,
    organisation_ids: Iterable[int],
) -> list[tuple[Contact, str | None]]:
    """Contacts a new one would duplicate: the same e-mail, or the same folded name and a
    current function at one of the organisations; with the organisation's name."""
    email = (email or "").strip().lower()
    organisation_ids = [i for i in organisation_ids if i]
    conditions = []
    if email:
        conditions.append(email_key_sql() == email)
    if last_name and organisation_ids:
        conditions.append(
            and_(
                name_key_sql() == name_key(first_name, last_name),
                ContactRole.organisation_id.in_(organisation_ids),
            )
        )
    if not conditions:
        return []
    query = (
        select(Contact, Organisation.name)
        .outerjoin(
            ContactRole, and_(ContactRole.contact_id == Contact.id, current_role(date.today()))
        )
        .outerjoin(Organisation, Organisation.id == ContactRole.organisation_id)
        .where(or_(*conditions))
        .order_by(Contact.id)
    )
    seen: dict[int, tuple[Contact, str | None]] = {}
    for contact, organisation in session.execute(query):
        seen.setdefault(contact.id, (contact, organisation))
    return list(seen.values())
