"""The existing record each row of an import matches, found for all rows at once: a person by
the same e-mail, or the same name plus organisation or postcode; an organisation by its name;
an offer by its title and provider; names compared as the search index compares words
(crm.sorting.same_name_key: „Müller“ = „Mueller“ = „MÜLLER“). A second row for the same record
fails. The records come with the lists an update compares, so no row costs a statement."""

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..models import Contact, Offer, Organisation, Volunteer
from ..sorting import same_name_key, same_name_sql

BATCH = 500  # names or addresses per IN (...)
PERSON_LISTS = (Contact.roles, Contact.tags, Contact.languages)
PROFILE_LISTS = (Volunteer.language_skills, Volunteer.area_links, Volunteer.municipalities)
OFFER_LISTS = (Offer.fields, Offer.target_groups, Offer.stages, Offer.languages)


def match_existing(session: Session, kind, rows: list) -> None:
    """Set ``existing`` of each row that matches a record; rows are those without errors."""
    if kind.model in (Contact, Volunteer):
        _match_people(session, rows)
        if kind.model is Volunteer:
            _profiles(session, rows)
    elif kind.model is Organisation:
        found = _by_name(session, Organisation, Organisation.sort_name, rows, "name")
        for row in rows:
            row.existing = found.get(same_name_key(row.values["name"]), [None])[0]
    else:
        _match_offers(session, rows)
    seen: dict[object, int] = {}
    for row in rows:
        key = (type(row.existing), row.existing.id) if row.existing else _identity(row.values)
        if key in seen:
            row.errors.append(
                _(
                    "Zeile %(line)s: derselbe Eintrag wie in Zeile %(other)s.",
                    line=row.line,
                    other=seen[key],
                )
            )
        else:
            seen[key] = row.line


def _identity(values: dict) -> tuple:
    """What makes two new rows of a file the same record."""
    if values.get("email"):
        return ("email", values["email"].lower())
    named = ("last_name", "first_name", "name", "title")
    names = tuple(same_name_key(values.get(key)) for key in named)
    others = (values.get("organisation"), values.get("provider"), values.get("postcode"))
    return ("name", *names, *(o if isinstance(o, str | None) else id(o) for o in others))


def _by_name(session: Session, model, sort_column, rows: list, key: str, *lists) -> dict:
    """The records whose name is one of the rows', by the name's key (several may share it)."""
    keys = sorted({same_name_key(row.values[key]) for row in rows})
    found: dict[str, list] = {}
    for start in range(0, len(keys), BATCH):
        query = (
            select(model)
            .where(same_name_sql(sort_column).in_(keys[start : start + BATCH]))
            .options(*(selectinload(relation) for relation in lists))
        )
        for record in session.scalars(query):
            found.setdefault(same_name_key(getattr(record, sort_column.key)), []).append(record)
    return found


def _match_people(session: Session, rows: list) -> None:
    emails = sorted({row.values["email"].lower() for row in rows if row.values.get("email")})
    by_email: dict[str, Contact] = {}
    for start in range(0, len(emails), BATCH):
        query = (
            select(Contact)
            .where(func.lower(Contact.email).in_(emails[start : start + BATCH]))
            .options(*(selectinload(relation) for relation in PERSON_LISTS))
        )
        by_email |= {c.email.lower(): c for c in session.scalars(query)}
    by_name = _by_name(session, Contact, Contact.sort_last_name, rows, "last_name", *PERSON_LISTS)
    for row in rows:
        values = row.values
        if values.get("email") and values["email"].lower() in by_email:
            row.existing = by_email[values["email"].lower()]
            continue
        first = same_name_key(values.get("first_name"))
        for person in by_name.get(same_name_key(values["last_name"]), ()):
            if same_name_key(person.first_name) != first:
                continue
            same_place = values.get("postcode") and values["postcode"] == person.postcode
            organisation = values.get("organisation")
            works_there = organisation is not None and any(
                role.organisation_id == organisation.id for role in person.roles
            )
            if same_place or works_there:
                row.existing = person
                break


def _profiles(session: Session, rows: list) -> None:
    """A matched person who is a volunteer already: the row matches the profile."""
    people: dict[int, list] = {}
    for row in rows:
        if row.existing is not None:
            people.setdefault(row.existing.id, []).append(row)
    ids = sorted(people)
    for start in range(0, len(ids), BATCH):
        query = (
            select(Volunteer)
            .where(Volunteer.contact_id.in_(ids[start : start + BATCH]))
            .options(*(selectinload(relation) for relation in PROFILE_LISTS))
        )
        for volunteer in session.scalars(query):
            for row in people[volunteer.contact_id]:
                row.existing = volunteer


def _match_offers(session: Session, rows: list) -> None:
    """An offer of the same title by the same provider (or both without one)."""
    found = _by_name(session, Offer, Offer.sort_title, rows, "title", *OFFER_LISTS)
    for row in rows:
        provider = row.values.get("provider")
        provider_id = None if provider is None else provider.id
        if provider is not None and provider_id is None:
            continue  # a provider made by this import has no offers yet
        for offer in found.get(same_name_key(row.values["title"]), ()):
            if offer.provider_id == provider_id:
                row.existing = offer
                break
