"""Contacts of the demo county: staff of the organisations and private persons."""

from datetime import date, timedelta
from random import Random

from ...extensions import db
from ...models import (
    Contact,
    ContactRole,
    Municipality,
    Organisation,
)
from ...models.choices import (
    OrganisationKind,
    Salutation,
)
from ..names import MIGRANT_ORIGINS, ORIGINS, TITLES, draw_name, private_email, work_email
from ..organisations import FUNCTIONS, FUNCTIONS_BY_NAME, ORGANISATION_ORIGIN
from ..places import mobile_number
from ..texts import CONTACT_NOTES
from .county import MIN_CONTACTS, County


def person(county: County, origin: str | None = None) -> Contact:
    """A contact with a name from the given origin (mostly German if none is given)."""
    rng = county.rng
    if origin is None:
        origin = rng.choice(MIGRANT_ORIGINS) if rng.random() < 0.2 else "deutsch"
    first_name, last_name, female = draw_name(rng, origin)
    codes = ORIGINS[origin].languages
    extra = ["en"] if rng.random() < 0.3 else []
    contact = Contact(
        salutation=Salutation.MS if female else Salutation.MR,
        title=rng.choice(TITLES) if rng.random() < 0.05 else None,
        first_name=first_name,
        last_name=last_name,
        languages=county.language_list([*codes[: rng.randint(1, len(codes))], "de", *extra]),
        notes=rng.choice(CONTACT_NOTES) if rng.random() < 0.1 else None,
    )
    _mailing(county, contact)
    db.session.add(contact)
    county.contacts.append(contact)
    return contact


def _mailing(county: County, contact: Contact) -> None:
    rng = county.rng
    if rng.random() < 0.02:
        contact.do_not_contact = True
        return
    contact.may_mail_email = rng.random() < 0.7
    contact.may_mail_post = rng.random() < 0.35


def _function(contact: Contact, organisation: Organisation, rng: Random) -> str:
    functions = next(
        (f for start, f in FUNCTIONS_BY_NAME.items() if organisation.name.startswith(start)),
        FUNCTIONS[organisation.kind],
    )
    female, male = rng.choice(functions)
    return female if contact.salutation == Salutation.MS else male


def _origin_of(organisation: Organisation) -> str | None:
    for word, origin in ORGANISATION_ORIGIN.items():
        if organisation.name.startswith(word):
            return origin
    return None


def staff(county: County) -> None:
    """Two to four people at the county's organisations, one or two at the local ones; some
    with a predecessor or an earlier post elsewhere, so the history of roles shows."""
    rng = county.rng
    big = {
        OrganisationKind.AUTHORITY,
        OrganisationKind.CARRIER,
        OrganisationKind.EDUCATION_PROVIDER,
    }
    for organisation in county.organisations:
        for _ in range(rng.randint(2, 4) if organisation.kind in big else rng.randint(1, 2)):
            contact = person(county, _origin_of(organisation))
            domain = organisation.email.split("@")[1]
            contact.email = work_email(contact.first_name, contact.last_name, domain)
            contact.phone = f"{organisation.phone}-{rng.randint(10, 79)}"
            contact.street, contact.postcode = organisation.street, organisation.postcode
            contact.city, contact.municipality = organisation.city, organisation.municipality
            contact.tags = [t for t in organisation.tags if rng.random() < 0.6]
            since = county.days_ago(30, 3000)
            _role(contact, organisation, since, None, rng)
            county.staff[organisation].append(contact)
            if rng.random() < 0.06:
                earlier = rng.choice(county.organisations)
                if earlier is not organisation:
                    _role(
                        contact,
                        earlier,
                        since - timedelta(days=rng.randint(400, 2500)),
                        since - timedelta(days=1),
                        rng,
                    )
        if rng.random() < 0.12:
            successor_since = min(c.roles[0].since for c in county.staff[organisation])
            predecessor = person(county, _origin_of(organisation))
            _role(
                predecessor,
                organisation,
                successor_since - timedelta(days=rng.randint(400, 2500)),
                successor_since - timedelta(days=1),
                rng,
            )


def _role(
    contact: Contact, organisation: Organisation, since: date, until: date | None, rng: Random
) -> None:
    contact.roles.append(
        ContactRole(
            organisation=organisation,
            since=since,
            until=until,
            function=_function(contact, organisation, rng),
        )
    )


def private(county: County, contact: Contact, place: Municipality) -> None:
    rng = county.rng
    contact.street, contact.postcode, contact.city = county.address(place)
    contact.municipality = place
    contact.email = private_email(rng, contact.first_name, contact.last_name)
    contact.mobile = mobile_number(rng)


def residents(county: County) -> None:
    """Private people the office knows (interested citizens, sponsors), up to MIN_CONTACTS."""
    while len(county.contacts) < MIN_CONTACTS:
        contact = person(county)
        private(county, contact, county.home())
        if county.rng.random() < 0.4:
            contact.tags = [county.tags["Einladung Fachtag"]]
