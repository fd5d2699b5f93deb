"""Municipalities, tags, organisations and contacts of the benchmark county."""

import random
from collections.abc import Iterator
from datetime import timedelta

from ..models import (
    Contact,
    ContactRole,
    Municipality,
    Organisation,
    Tag,
)
from ..models.choices import (
    MunicipalityKind,
    OrganisationKind,
)
from .county import COUNTY, MUNICIPALITIES, County
from .names import (
    CONTACT_NOTES,
    FOREIGN,
    FUNCTIONS,
    GERMAN_FEMALE,
    GERMAN_LAST,
    GERMAN_LAST_WEIGHTS,
    GERMAN_MALE,
    GERMAN_SECOND_LANGUAGES,
    MAIL_DOMAINS,
    ORGANISATION_NAMES,
    ORGANISATION_WEIGHTS,
    PLACE_PREFIXES,
    PLACE_STEMS,
    PLACE_SUFFIXES,
    STREETS,
    TAG_COLOURS,
    TAGS,
    mail_part,
)


def _place_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        stem, suffix = rng.choice(PLACE_STEMS), rng.choice(PLACE_SUFFIXES)
        prefix = rng.choice(PLACE_PREFIXES)
        base = stem + suffix
        name = prefix + (base if prefix.endswith(" ") or not prefix else base.lower())
        if rng.random() < 0.04:
            name += rng.choice((" an der Elster", " am See", " (Harz)", " bei Elsterau"))
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def municipality_rows(county: County) -> Iterator[dict]:
    rng = county.rng
    total = 0
    for number, name in enumerate(_place_names(rng, MUNICIPALITIES), start=1):
        if number == 1:
            kind, population = MunicipalityKind.CITY, 48_000
        elif number <= 12:
            kind, population = MunicipalityKind.CITY, rng.randint(6_000, 25_000)
        else:
            kind = rng.choices(list(MunicipalityKind), weights=(2, 8, 80, 4, 3, 3))[0]
            population = rng.randint(300, 6_000)
        postcode = f"0{6300 + number * 7 % 1700:04d}"
        area = f"03{rng.randint(40, 49)}{rng.randint(1, 9)}"
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
                "official_key": f"15084{number:03d}",
                "population": population,
            },
        )


def tag_rows(county: County) -> Iterator[dict]:
    for number, name in enumerate(TAGS, start=1):
        county.tags.append(number)
        county.tag_weights.append(1 / (number + 2))
        yield county.stamp(
            Tag, {"id": number, "name": name, "colour": TAG_COLOURS[number % len(TAG_COLOURS)]}
        )


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
        street = rng.choice(STREETS).replace("_", " ")
        name = rng.choice(ORGANISATION_NAMES[kind]).format(
            place=place, county=COUNTY, street=street, surname=surname(rng, "de")
        )
        domain = (mail_part(name)[:40].strip("-") or "verein") + ".de"
        county.organisations.append(number)
        county.org_domains[number] = domain
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
                "notes": rng.choice(CONTACT_NOTES) if rng.random() < 0.2 else None,
                "active": rng.random() < 0.92,
            },
        )


def organisation_tag_rows(county: County) -> Iterator[dict]:
    for organisation_id in county.organisations:
        if county.rng.random() < 0.35:
            for tag_id in _tag_sample(county, 2) or {county.tags[0]}:
                yield {"organisation_id": organisation_id, "tag_id": tag_id}


def surname(rng: random.Random, origin: str) -> str:
    if origin == "de":
        name = rng.choices(GERMAN_LAST, cum_weights=GERMAN_LAST_WEIGHTS)[0]
        if rng.random() < 0.02:
            name = f"{name}-{rng.choice(GERMAN_LAST)}"
        return name
    return rng.choice(FOREIGN[origin][2])


def person(rng: random.Random, origin: str) -> tuple[str, str, bool]:
    """First name, last name and whether the person is a woman."""
    female = rng.random() < 0.55
    if origin == "de":
        first = rng.choice(GERMAN_FEMALE if female else GERMAN_MALE)
    else:
        first = rng.choice(FOREIGN[origin][0] if female else FOREIGN[origin][1])
    return first, surname(rng, origin), female


def _email(rng: random.Random, first: str, last: str, domain: str | None) -> str | None:
    if domain is None and rng.random() < 0.2:
        return None
    first_, last_ = mail_part(first), mail_part(last)
    if domain:
        return f"{first_[0]}.{last_}@{domain}"
    pattern = rng.random()
    if pattern < 0.5:
        local = f"{first_}.{last_}"
    elif pattern < 0.75:
        local = f"{first_[0]}.{last_}"
    else:
        local = f"{first_}{last_}{rng.randint(1, 99)}"
    return f"{local}@{rng.choice(MAIL_DOMAINS)}"


def contact_rows(county: County, count: int, roles: dict[int, list[int]]) -> Iterator[dict]:
    rng = county.rng
    for number in range(1, count + 1):
        origin = county.origins[number - 1]
        first, last, female = person(rng, origin)
        municipality_id = county.municipality() if rng.random() < 0.95 else None
        where = (
            county.address(municipality_id)
            if municipality_id
            else {"street": None, "postcode": None, "city": None}
        )
        work = roles.get(number)
        consent = rng.random() < 0.6
        yield county.stamp(
            Contact,
            {
                "id": number,
                "salutation": "keine" if rng.random() < 0.03 else ("frau" if female else "herr"),
                "title": rng.choice(("Dr.", "Dr.", "Prof. Dr.")) if rng.random() < 0.04 else None,
                "first_name": first,
                "last_name": last,
                "email": _email(rng, first, last, county.org_domains[work[0]] if work else None),
                "phone": county.phone(municipality_id)
                if municipality_id and rng.random() < 0.6
                else None,
                "mobile": county.mobile() if rng.random() < 0.5 else None,
                **where,
                "municipality_id": municipality_id,
                "notes": rng.choice(CONTACT_NOTES) if rng.random() < 0.15 else None,
                "may_mail_post": consent and rng.random() < 0.7,
                "may_mail_email": consent and rng.random() < 0.9,
                "consent_on": county.days_ago(0, 1500) if consent else None,
                "consent_source": rng.choice(("Formular", "E-Mail", "Veranstaltung"))
                if consent
                else None,
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
            until = since + timedelta(days=rng.randint(30, 1500)) if ended else None
            yield county.stamp(
                ContactRole,
                {
                    "contact_id": contact_id,
                    "organisation_id": organisation_id,
                    "function": rng.choice(FUNCTIONS),
                    "since": since,
                    "until": min(until, county.today) if until else None,
                },
            )


def contact_tag_rows(county: County, count: int) -> Iterator[dict]:
    for contact_id in range(1, count + 1):
        for tag_id in _tag_sample(county, 3):
            yield {"contact_id": contact_id, "tag_id": tag_id}


def language_ids(county: County, origin: str) -> list[int]:
    codes = FOREIGN[origin][3] if origin in FOREIGN else GERMAN_SECOND_LANGUAGES
    return [county.languages[c] for c in codes if c in county.languages]


def contact_language_rows(county: County, count: int) -> Iterator[dict]:
    rng = county.rng
    for contact_id in range(1, count + 1):
        origin = county.origins[contact_id - 1]
        if origin == "de" and rng.random() > 0.15:
            continue
        options = language_ids(county, origin)
        for language_id in set(rng.sample(options, k=min(len(options), rng.randint(1, 2)))):
            yield {"contact_id": contact_id, "language_id": language_id}
