"""Contacts typed in twice, as happens when two colleagues add the same person: the demo's
„Mögliche Dubletten“ screen has pairs to merge or dismiss from the start."""

from ...extensions import db
from ...models import Contact, ContactRole
from .county import County

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
