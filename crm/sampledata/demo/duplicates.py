"""Contacts and an organisation typed in twice, as happens when two colleagues add the same
person or carrier: the demo's „Mögliche Dubletten“ screen has pairs to merge or dismiss on both
tabs from the start."""

from ...extensions import db
from ...models import Contact, ContactRole, Organisation
from .county import County

# The organisation typed in again without its legal form, and under it one of its staff
# with the same function: the merge combines the two.
CARITAS = "Caritasverband für den Landkreis Lotsenau e.V."

SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def twins(county: County) -> None:
    """Three staff members again with their umlauts spelled out at the same organisation, and
    three people again with their e-mail address in capitals."""
    umlauts = [
        c for c in county.contacts if c.roles and c.last_name != c.last_name.translate(SPELLED_OUT)
    ]
    for original in umlauts[:3]:
        role = original.roles[0]
        twin = Contact(
            salutation=original.salutation,
            first_name=(original.first_name or "").translate(SPELLED_OUT),
            last_name=original.last_name.translate(SPELLED_OUT),
            phone=original.phone,
        )
        twin.roles.append(ContactRole(organisation=role.organisation, function=role.function))
        db.session.add(twin)
    mailed = [c for c in county.contacts if c.email and c not in umlauts[:3]]
    for original in mailed[:: max(1, len(mailed) // 3)][:3]:
        twin = Contact(
            salutation=original.salutation,
            first_name=original.first_name,
            last_name=original.last_name,
            email=original.email.upper(),
            postcode=original.postcode,
            city=original.city,
        )
        db.session.add(twin)


def organisation_twin(county: County) -> None:
    """The Caritas again as „Caritasverband für den Landkreis Lotsenau“, at the same address
    and phone, with its first staff member holding the same function there too."""
    original = next(o for o in county.organisations if o.name == CARITAS)
    twin = Organisation(
        name=CARITAS.removesuffix(" e.V."),
        kind=original.kind,
        municipality=original.municipality,
        street=original.street,
        postcode=original.postcode,
        city=original.city,
        phone=original.phone,
    )
    db.session.add(twin)
    staff = [c for c in county.staff.get(original, []) if c.roles][:1]
    for person in staff:
        role = next(r for r in person.roles if r.organisation is original)
        person.roles.append(
            ContactRole(organisation=twin, function=role.function, since=role.since)
        )
