"""Municipalities, tags, organisations and contacts of the benchmark county."""

import random
from collections.abc import Iterator
from datetime import timedelta

from ...models import (
    Consent,
    ConsentMethod,
    Contact,
    ContactRole,
    Municipality,
    Organisation,
    Tag,
)
from ...models.choices import (
    MunicipalityKind,
    OrganisationKind,
)
from ..names import (
    ORIGINS,
    SECOND_LANGUAGES,
    TITLES,
    draw_name,
    mail_part,
    private_email,
    surname,
    work_email,
)
from ..organisations import (
    FUNCTIONS,
    KITA_NAMES,
    ORGANISATION_NAMES,
    ORGANISATION_WEIGHTS,
    TAGS,
)
from ..places import (
    COUNTY,
    MUNICIPALITIES,
    PHONE_PREFIX,
    STREETS,
    invented_place_names,
    mobile_number,
    official_key,
)
from ..texts import CONSENT_SOURCES, CONTACT_NOTES, ORGANISATION_NOTES
from .county import MUNICIPALITY_COUNT, County


def _places(rng: random.Random) -> list[tuple[str, MunicipalityKind, int, str, str]]:
    """The demo's municipalities, then invented ones (name, kind, population, postcode, area)."""
    places = [
        (name, kind, people, code, PHONE_PREFIX) for name, kind, people, code, _ in MUNICIPALITIES
    ]
    taken = {place[0] for place in places}
    for number, name in enumerate(
        invented_place_names(rng, MUNICIPALITY_COUNT - len(places), taken), start=len(places)
    ):
        kind = rng.choices(list(MunicipalityKind), weights=(2, 8, 80, 4, 3, 3))[0]
        postcode = f"5{6700 + number * 7 % 300:04d}"
        places.append((name, kind, rng.randint(300, 6_000), postcode, f"065{rng.randint(10, 98)}"))
    return places


def municipality_rows(county: County) -> Iterator[dict]:
    total = 0
    for number, (name, kind, population, postcode, area) in enumerate(_places(county.rng), start=1):
        county.municipalities.append(number)
        total += population
        county.municipality_weights.append(total)
        county.places[number] = (name, postcode, area)
        yield county.stamp(
            Municipality,
            {
                "id": number,
                "name": name,
                "kind": kind,
                "official_key": official_key(number - 1),
                "population": population,
            },
        )


def tag_rows(county: County) -> Iterator[dict]:
    for number, (name, colour) in enumerate(TAGS, start=1):
        county.tags.append(number)
        county.tag_weights.append(1 / (number + 2))
        yield county.stamp(Tag, {"id": number, "name": name, "colour": colour})


def _tag_sample(county: County, most: int) -> set[int]:
    count = county.rng.choices(range(most + 1), weights=(40, 30, 20, 10)[: most + 1])[0]
    return set(county.rng.choices(county.tags, weights=county.tag_weights, k=count))


# --- organisations and people ----------------------------------------------------------------


def organisation_rows(county: County, count: int) -> Iterator[dict]:
    rng = county.rng
    kinds = list(ORGANISATION_WEIGHTS)
    chosen = rng.choices(kinds, weights=list(ORGANISATION_WEIGHTS.values()), k=count)
    parents: dict[OrganisationKind, list[int]] = {}
    for number, kind in enumerate(chosen, start=1):
        municipality_id = county.municipality()
        place = county.places[municipality_id][0]
        name = rng.choice(ORGANISATION_NAMES[kind]).format(
            place=place,
            county=COUNTY,
            street=rng.choice(STREETS),
            surname=surname(rng, "deutsch"),
            kita=rng.choice(KITA_NAMES),
        )
        domain = (mail_part(name)[:40].strip("-") or "verein") + ".example"
        county.organisations.append(number)
        county.org_domains[number] = domain
        county.org_kinds[number] = kind
        siblings = parents.setdefault(kind, [])
        parent = rng.choice(siblings) if siblings and rng.random() < 0.12 else None
        if len(siblings) < 30:
            siblings.append(number)
        yield county.stamp(
            Organisation,
            {
                "id": number,
                "name": name,
                "kind": kind,
                "municipality_id": municipality_id,
                "parent_id": parent,
                **county.address(municipality_id),
                "phone": county.phone(municipality_id),
                "email": f"info@{domain}",
                "website": f"https://www.{domain}",
                "notes": rng.choice(ORGANISATION_NOTES) if rng.random() < 0.2 else None,
                "active": rng.random() < 0.92,
            },
        )


def organisation_tag_rows(county: County) -> Iterator[dict]:
    for organisation_id in county.organisations:
        if county.rng.random() < 0.35:
            for tag_id in _tag_sample(county, 2) or {county.tags[0]}:
                yield {"organisation_id": organisation_id, "tag_id": tag_id}


def _email(rng: random.Random, first: str, last: str, domain: str | None) -> str | None:
    if domain:
        return work_email(first, last, domain)
    return private_email(rng, first, last) if rng.random() < 0.8 else None


def contact_rows(county: County, count: int, roles: dict[int, list[int]]) -> Iterator[dict]:
    rng = county.rng
    for number in range(1, count + 1):
        origin = county.origins[number - 1]
        first, last, female = draw_name(rng, origin)
        county.women.append(female)
        municipality_id = county.municipality() if rng.random() < 0.95 else None
        where = (
            county.address(municipality_id)
            if municipality_id
            else {"street": None, "postcode": None, "city": None}
        )
        work = roles.get(number)
        consent = rng.random() < 0.6
        post, email = consent and rng.random() < 0.7, consent and rng.random() < 0.9
        if consent:
            county.consents[number] = [county.days_ago(0, 1500), rng.choice(CONSENT_SOURCES)]
            county.consents[number] += [
                code for code, on in (("post", post), ("email", email)) if on
            ]
        yield county.stamp(
            Contact,
            {
                "id": number,
                "salutation": "keine" if rng.random() < 0.03 else ("frau" if female else "herr"),
                "title": rng.choice(TITLES) if rng.random() < 0.04 else None,
                "first_name": first,
                "last_name": last,
                "email": _email(rng, first, last, county.org_domains[work[0]] if work else None),
                "phone": county.phone(municipality_id)
                if municipality_id and rng.random() < 0.6
                else None,
                "mobile": mobile_number(rng) if rng.random() < 0.5 else None,
                **where,
                "municipality_id": municipality_id,
                "notes": rng.choice(CONTACT_NOTES) if rng.random() < 0.15 else None,
                "may_mail_post": post,
                "may_mail_email": email,
                "do_not_contact": rng.random() < 0.02,
            },
        )


def plan_roles(county: County, count: int) -> dict[int, list[int]]:
    """Which contacts work where: about half hold a role, some a second one."""
    rng = county.rng
    plan: dict[int, list[int]] = {}
    for number in range(1, count + 1):
        if rng.random() < 0.5:
            held = [rng.choice(county.organisations)]
            if rng.random() < 0.2:
                held.append(rng.choice(county.organisations))
            plan[number] = held
    return plan


def role_rows(county: County, plan: dict[int, list[int]]) -> Iterator[dict]:
    rng = county.rng
    for contact_id, organisations in plan.items():
        for position, organisation_id in enumerate(organisations):
            since = county.days_ago(30, 4000)
            ended = position > 0 or rng.random() < 0.1
            female, male = rng.choice(FUNCTIONS[county.org_kinds[organisation_id]])
            until = since + timedelta(days=rng.randint(30, 1500)) if ended else None
            yield county.stamp(
                ContactRole,
                {
                    "contact_id": contact_id,
                    "organisation_id": organisation_id,
                    "function": female if county.women[contact_id - 1] else male,
                    "since": since,
                    "until": min(until, county.today) if until else None,
                },
            )


def contact_tag_rows(county: County, count: int) -> Iterator[dict]:
    for contact_id in range(1, count + 1):
        for tag_id in _tag_sample(county, 3):
            yield {"contact_id": contact_id, "tag_id": tag_id}


def language_ids(county: County, origin: str) -> list[int]:
    codes = SECOND_LANGUAGES if origin == "deutsch" else ORIGINS[origin].languages
    return [county.languages[c] for c in codes if c in county.languages]


def contact_language_rows(county: County, count: int) -> Iterator[dict]:
    rng = county.rng
    for contact_id in range(1, count + 1):
        origin = county.origins[contact_id - 1]
        if origin == "deutsch" and rng.random() > 0.15:
            continue
        options = language_ids(county, origin)
        for language_id in set(rng.sample(options, k=min(len(options), rng.randint(1, 2)))):
            yield {"contact_id": contact_id, "language_id": language_id}


def consent_rows(county: County, purposes: dict[str, int]) -> Iterator[dict]:
    """The consent history behind the flags and dates set: „übernommen“ rows of the contacts'
    post and e-mail permission and consent to storage (dated their consent day, the source as
    note), of the volunteers' data-protection consent (its day, which a contact's storage row
    then takes) and of their own migration experience."""
    volunteers = county.volunteer_consents
    for contact_id in sorted(county.consents.keys() | volunteers.keys()):
        day, note, *codes = county.consents.get(contact_id) or (None, None)
        signed, migration = volunteers.get(contact_id, (None, False))
        rows = [(code, day, note) for code in codes]
        if signed or day:
            rows.append(("storage", signed or day, None if signed else note))
        if signed and migration:
            rows.append(("migration", signed, None))
        for code, on, text in rows:
            yield county.stamp(
                Consent,
                {"contact_id": contact_id, "purpose_id": purposes[code], "given": True, "on": on,
                 "how": ConsentMethod.CARRIED_OVER, "note": text},
            )  # fmt: skip
