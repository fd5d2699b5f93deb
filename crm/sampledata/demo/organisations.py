"""Municipalities, tags and organisations of the demo county."""

from sqlalchemy import select

from ...extensions import db
from ...models import (
    Municipality,
    Organisation,
    Tag,
)
from ...models.choices import (
    MunicipalityKind,
    OrganisationKind,
)
from ..names import mail_part
from ..organisations import (
    ADMINISTRATIONS,
    COUNTY_ORGANISATIONS,
    DEMO_TAGS,
    KITA_NAMES,
    LOCAL_ORGANISATIONS,
    SECONDARY_SCHOOLS,
)
from ..places import MUNICIPALITIES, PHONE_PREFIX, official_key
from ..texts import ORGANISATION_NOTES
from .county import County


def places(county: County) -> None:
    existing = {m.name: m for m in db.session.scalars(select(Municipality))}
    keys = {m.official_key for m in existing.values()}
    for number, (name, kind, population, postcode, town) in enumerate(MUNICIPALITIES):
        place = existing.get(name)
        if place is None:
            key = official_key(number)
            place = Municipality(
                name=name,
                kind=kind,
                population=population,
                official_key=None if key in keys else key,
            )
            db.session.add(place)
        county.places.append(place)
        county.towns[name] = (postcode, town or name)


def tags(county: County) -> None:
    existing = {t.name: t for t in db.session.scalars(select(Tag))}
    for name, colour in DEMO_TAGS:
        if name not in existing:
            existing[name] = Tag(name=name, colour=colour)
            db.session.add(existing[name])
        county.tags[name] = existing[name]


def organisations(county: County) -> None:
    rng = county.rng
    place = {p.name: p for p in county.places}
    by_name: dict[str, Organisation] = {}
    for name, kind, seat, domain, parent, tags in COUNTY_ORGANISATIONS:
        by_name[name] = _organisation(county, name, kind, place[seat], domain, tags)
        by_name[name].parent = by_name.get(parent)
    for town in county.places:
        name = ADMINISTRATIONS[town.kind].format(place=town.name)
        tags = ["Verteiler Newsletter"] if rng.random() < 0.5 else []
        _organisation(
            county,
            name,
            OrganisationKind.ADMINISTRATION,
            town,
            mail_part(town.name),
            tags,
        )
        if town.kind == MunicipalityKind.ASSOCIATION:
            continue
        for kind, pattern, prefix, share in LOCAL_ORGANISATIONS:
            if rng.random() < share:
                name = pattern.format(place=town.name, kita=rng.choice(KITA_NAMES))
                domain = f"{prefix}-{mail_part(town.name)}"
                _organisation(county, name, kind, town, domain, [])
    for name, seat in SECONDARY_SCHOOLS:
        _organisation(
            county,
            name,
            OrganisationKind.SCHOOL,
            place[seat],
            mail_part(name),
            ["Sprachkurse"],
        )


def _organisation(
    county: County,
    name: str,
    kind: OrganisationKind,
    place: Municipality,
    domain: str,
    tags: list[str],
) -> Organisation:
    rng = county.rng
    street, postcode, city = county.address(place)
    used = any(o.email and o.email.endswith(f"@{domain}.example") for o in county.organisations)
    mailbox = mail_part(name.split()[0]) if used else "info"
    organisation = Organisation(
        name=name,
        kind=kind,
        municipality=place,
        street=street,
        postcode=postcode,
        city=city,
        phone=f"{PHONE_PREFIX} {rng.randint(10000, 99999)}",
        email=f"{mailbox}@{domain}.example",
        website=f"https://www.{domain}.example",
        tags=[county.tags[t] for t in tags],
        active=rng.random() > 0.03,
        notes=rng.choice(ORGANISATION_NOTES) if rng.random() < 0.15 else None,
    )
    db.session.add(organisation)
    county.organisations.append(organisation)
    county.staff[organisation] = []
    return organisation
