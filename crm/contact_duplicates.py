"""Likely duplicate contacts (crm.duplicates): two contacts are a candidate pair when they share
an e-mail address (case ignored), or a folded name (Müller = Mueller) together with a current
organisation or the postcode. The phone digits count in the score, never alone. And the
contacts a new one would duplicate, for the warning before it is saved.
"""

from collections.abc import Iterable
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, and_, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from .duplicates import Block, Kind, same_text
from .mailing import current_role
from .match_keys import phone_digits, spelled_as_umlaut, spelled_as_umlaut_sql
from .models import Contact, ContactRole, Organisation
from .sorting import sort_key

# Points of each field that agrees; a pair found by its e-mail and name scores 70.
WEIGHTS = {"email": 40, "name": 30, "organisation": 15, "phone": 10, "postcode": 5}
LABELS = {
    "email": _l("E-Mail"),
    "name": _l("Name"),
    "organisation": _l("Organisation"),
    "phone": _l("Telefon"),
    "postcode": _l("PLZ"),
}


def name_key(first_name: str | None, last_name: str | None) -> str:
    """The name a pair is blocked on, as :func:`name_key_sql` computes it in the database."""
    return spelled_as_umlaut(sort_key(last_name)) + "|" + spelled_as_umlaut(sort_key(first_name))


def name_key_sql():
    return (
        spelled_as_umlaut_sql(Contact.sort_last_name)
        .concat("|")
        .concat(spelled_as_umlaut_sql(Contact.sort_first_name))
    )


def email_key_sql():
    return func.lower(Contact.email)


def blocks() -> list[Block]:
    """The e-mail; the name and postcode; the name and an organisation where both hold a
    function today."""
    name = name_key_sql()
    return [
        Block(
            "email",
            lambda: select(Contact.id, email_key_sql().label("k")).where(
                Contact.email.is_not(None), Contact.email != ""
            ),
            WEIGHTS["email"],
        ),
        Block(
            "postcode",
            lambda: select(Contact.id, (name + literal("|") + Contact.postcode).label("k")).where(
                Contact.postcode.is_not(None), Contact.postcode != ""
            ),
            WEIGHTS["name"] + WEIGHTS["postcode"],
        ),
        Block(
            "organisation",
            lambda: (
                select(
                    Contact.id,
                    (name + literal("|") + cast(ContactRole.organisation_id, String)).label("k"),
                )
                .join(ContactRole, ContactRole.contact_id == Contact.id)
                .where(current_role(date.today()))
            ),
            WEIGHTS["name"] + WEIGHTS["organisation"],
        ),
    ]


def organisations_of(session: Session, ids: set[int]) -> dict[int, set[int]]:
    """The organisations where each contact holds a function today, in one statement."""
    held: dict[int, set[int]] = {}
    for contact_id, organisation_id in session.execute(
        select(ContactRole.contact_id, ContactRole.organisation_id).where(
            ContactRole.contact_id.in_(ids), current_role(date.today())
        )
    ):
        held.setdefault(contact_id, set()).add(organisation_id)
    return held


def checks(first: Contact, second: Contact, organisations: dict[int, set[int]]) -> dict:
    return {
        "email": same_text(first.email, second.email),
        "name": name_key(first.first_name, first.last_name)
        == name_key(second.first_name, second.last_name),
        "organisation": bool(
            organisations.get(first.id, set()) & organisations.get(second.id, set())
        ),
        "phone": bool(
            phone_digits(first.phone, first.mobile) & phone_digits(second.phone, second.mobile)
        ),
        "postcode": bool(first.postcode) and first.postcode == second.postcode,
    }


CONTACTS = Kind(
    model=Contact,
    weights=WEIGHTS,
    labels=LABELS,
    blocks=blocks,
    checks=checks,
    order=lambda contact: contact.sort_last_name,
    context=organisations_of,
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
