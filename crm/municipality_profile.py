"""One municipality at a glance: its organisations and their people, its offers by field and
its gaps, its volunteers and their languages, newcomers and open assignments, the networks
its organisations belong to, and its education chain. A fixed number of statements."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select

from .extensions import db
from .models import (
    Assignment,
    Contact,
    ContactRole,
    EducationStage,
    FieldOfAction,
    Language,
    Network,
    Newcomer,
    Offer,
    Organisation,
    Volunteer,
    VolunteerLanguage,
)
from .models.choices import AssignmentStatus, VolunteerStatus
from .models.networks import network_members
from .models.structures import offer_stages
from .models.volunteering import volunteer_municipalities
from .structures import Cell, Entry, OfferFilter, entries, field_counts, municipalities

CHAIN_TITLES = 5  # offers named per link of the chain; the count says how many more


@dataclass(frozen=True)
class ChainLink:
    """A stage of the chain, formal or non-formal: how many offers, the first of them."""

    stage: Entry
    formal: bool
    offers: int
    titles: tuple[tuple[int, str], ...]

    @property
    def missing(self) -> bool:
        return self.offers == 0


@dataclass(frozen=True)
class Chain:
    municipality: Entry
    links: tuple[ChainLink, ...]

    def stage_links(self, stage: Entry) -> tuple[ChainLink, ChainLink]:
        """(formal, non-formal) of a stage."""
        formal = next(link for link in self.links if link.stage == stage and link.formal)
        other = next(link for link in self.links if link.stage == stage and not link.formal)
        return formal, other

    @property
    def stages(self) -> list[Entry]:
        return list(dict.fromkeys(link.stage for link in self.links))

    @property
    def missing(self) -> list[ChainLink]:
        return [link for link in self.links if link.missing]


def find_municipality(municipality_id: int | None) -> tuple[Entry, str | None] | None:
    found = municipalities(only=municipality_id) if municipality_id is not None else []
    return found[0] if found else None


def education_chain(place: Entry, offers: OfferFilter, today: date) -> Chain:
    """The stages in the office's order, each formal and non-formal, with the offers there
    or county-wide: two statements."""
    stages = entries(EducationStage)
    ranked = (
        select(
            offer_stages.c.stage_id.label("stage"),
            Offer.formal.label("formal"),
            Offer.id.label("id"),
            Offer.title.label("title"),
            func.row_number()
            .over(
                partition_by=(offer_stages.c.stage_id, Offer.formal),
                order_by=(Offer.sort_title, Offer.id),
            )
            .label("rank"),
            func.count().over(partition_by=(offer_stages.c.stage_id, Offer.formal)).label("total"),
        )
        .join(offer_stages, offer_stages.c.offer_id == Offer.id)
        .where(
            or_(Offer.municipality_id == place.id, Offer.municipality_id.is_(None)),
            *offers.conditions(today),
        )
        .subquery()
    )
    found: dict[tuple[int, bool], list] = {}
    totals: dict[tuple[int, bool], int] = {}
    rows = db.session.execute(
        select(ranked.c.stage, ranked.c.formal, ranked.c.id, ranked.c.title, ranked.c.total)
        .where(ranked.c.rank <= CHAIN_TITLES)
        .order_by(ranked.c.rank)
    )
    for stage, formal, id_, title, total in rows:
        found.setdefault((stage, bool(formal)), []).append((id_, title))
        totals[stage, bool(formal)] = total
    links = tuple(
        ChainLink(
            stage,
            formal,
            totals.get((stage.id, formal), 0),
            tuple(found.get((stage.id, formal), ())),
        )
        for stage in stages
        for formal in (True, False)
    )
    return Chain(place, links)


@dataclass(frozen=True)
class Person:
    name: str
    function: str | None


@dataclass(frozen=True)
class OrganisationPeople:
    id: int
    name: str
    kind: object
    people: list[Person]


@dataclass
class Profile:
    municipality: Entry
    official_key: str | None
    organisations: list[OrganisationPeople]
    fields: list[Entry]
    offers_by_field: list[Cell]
    active_volunteers: int
    volunteer_languages: list[tuple[str, int]]
    newcomers: int
    open_assignments: int
    networks: list[Entry]

    @property
    def gaps(self) -> list[Entry]:
        return [
            f for f, cell in zip(self.fields, self.offers_by_field, strict=True) if not cell.offers
        ]


def municipality_profile(
    place: Entry, official_key: str | None, offers: OfferFilter, today: date
) -> Profile:
    """Everything the profile shows, in six statements."""
    fields = entries(FieldOfAction)
    cells, wide = field_counts(offers, today, place=place.id)
    return Profile(
        place,
        official_key,
        _organisations(place.id, today),
        fields,
        [cells.get((place.id, f.id)) or wide.get(f.id) or Cell() for f in fields],
        *_volunteers(place.id),
        *_newcomers(place.id),
        _networks(place.id),
    )


def _organisations(place_id: int, today: date) -> list[OrganisationPeople]:
    """Active organisations there, each with the people holding a function there today."""
    current_role = and_(
        ContactRole.organisation_id == Organisation.id,
        or_(ContactRole.until.is_(None), ContactRole.until >= today),
    )
    rows = db.session.execute(
        select(
            Organisation.id,
            Organisation.name,
            Organisation.kind,
            Contact.first_name,
            Contact.last_name,
            ContactRole.function,
        )
        .outerjoin(ContactRole, current_role)
        .outerjoin(Contact, Contact.id == ContactRole.contact_id)
        .where(Organisation.municipality_id == place_id, Organisation.active.is_(True))
        .order_by(Organisation.sort_name, Organisation.id, *Contact.name_order())
    )
    found: dict[int, OrganisationPeople] = {}
    for id_, name, kind, first, last, function in rows:
        organisation = found.setdefault(id_, OrganisationPeople(id_, name, kind, []))
        if last is not None or first is not None:
            person = " ".join(p for p in (first, last) if p)
            organisation.people.append(Person(person, function))
    return list(found.values())


def _volunteers(place_id: int) -> tuple[int, list[tuple[str, int]]]:
    """How many active volunteers help there, and how many of them speak each language."""
    active_there = (
        select(Volunteer.id)
        .join(volunteer_municipalities)
        .where(
            volunteer_municipalities.c.municipality_id == place_id,
            Volunteer.status == VolunteerStatus.ACTIVE,
        )
    )
    total = db.session.scalar(select(func.count()).select_from(active_there.subquery()))
    languages = db.session.execute(
        select(Language.name, func.count(func.distinct(VolunteerLanguage.volunteer_id)))
        .join(VolunteerLanguage, VolunteerLanguage.language_id == Language.id)
        .where(VolunteerLanguage.volunteer_id.in_(active_there))
        .group_by(Language.id, Language.name, Language.sort_name)
        .order_by(
            func.count(func.distinct(VolunteerLanguage.volunteer_id)).desc(), Language.sort_name
        )
    ).all()
    return total, [(name, n) for name, n in languages]


def _newcomers(place_id: int) -> tuple[int, int]:
    newcomers = select(func.count()).where(Newcomer.municipality_id == place_id).scalar_subquery()
    open_assignments = (
        select(func.count())
        .select_from(Assignment)
        .join(Newcomer, Newcomer.id == Assignment.newcomer_id)
        .where(Newcomer.municipality_id == place_id, Assignment.status == AssignmentStatus.OPEN)
        .scalar_subquery()
    )
    return tuple(db.session.execute(select(newcomers, open_assignments)).one())


def _networks(place_id: int) -> list[Entry]:
    rows = db.session.execute(
        select(Network.id, Network.name)
        .where(
            Network.id.in_(
                select(network_members.c.network_id)
                .join(Organisation, Organisation.id == network_members.c.organisation_id)
                .where(Organisation.municipality_id == place_id)
            )
        )
        .order_by(Network.sort_name, Network.id)
    )
    return [Entry(*row) for row in rows]
