"""Language coverage: per municipality, the languages newcomers there speak (newcomers and
their open assignments) against the languages active volunteers helping there and current
offers there or county-wide cover; uncovered languages with how many people speak them."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select

from .extensions import db
from .models import (
    Assignment,
    Language,
    Municipality,
    Newcomer,
    Offer,
    Volunteer,
    VolunteerLanguage,
)
from .models.choices import AssignmentStatus, VolunteerStatus
from .models.structures import offer_languages
from .models.volunteering import newcomer_languages, volunteer_municipalities
from .structures import Entry, OfferFilter


@dataclass(frozen=True)
class LanguageNeed:
    """A language newcomers in a municipality speak, and who covers it there."""

    language: str
    newcomers: int
    open_assignments: int
    volunteers: int
    offers: int

    @property
    def covered(self) -> bool:
        return bool(self.volunteers or self.offers)


@dataclass(frozen=True)
class PlaceCoverage:
    municipality: Entry
    needs: tuple[LanguageNeed, ...]

    @property
    def uncovered(self) -> list[LanguageNeed]:
        return [need for need in self.needs if not need.covered]


def language_coverage(
    offers: OfferFilter, today: date, municipality_id: int | None = None
) -> list[PlaceCoverage]:
    """Every municipality with newcomers (or only ``municipality_id``), its languages by how
    many newcomers speak them: five statements."""
    demand = _demand(municipality_id)
    waiting = _waiting(municipality_id)
    volunteers = _volunteers(municipality_id)
    local, everywhere = _offers(offers, today, municipality_id)
    places: dict[int, list[LanguageNeed]] = {}
    names: dict[int, str] = {}
    for place_id, place, language_id, language, newcomers in demand:
        names[place_id] = place
        offered = local.get((place_id, language_id), 0) + everywhere.get(language_id, 0)
        places.setdefault(place_id, []).append(
            LanguageNeed(
                language,
                newcomers,
                waiting.get((place_id, language_id), 0),
                volunteers.get((place_id, language_id), 0),
                offered,
            )
        )
    return [PlaceCoverage(Entry(p, names[p]), tuple(needs)) for p, needs in places.items()]


def _demand(municipality_id: int | None):
    """(municipality, language, newcomers), by municipality and most newcomers first. A
    newcomer speaks a language once: each (newcomer, language) row is one person."""
    # Counted by ids first, then named: grouped by the names, SQLite walks every
    # municipality × language along their sort keys.
    counted = (
        select(
            Newcomer.municipality_id.label("place"),
            newcomer_languages.c.language_id.label("language"),
            func.count().label("people"),
        )
        .select_from(newcomer_languages)
        .join(Newcomer, Newcomer.id == newcomer_languages.c.newcomer_id)
        .where(Newcomer.municipality_id.is_not(None))
        .group_by(Newcomer.municipality_id, newcomer_languages.c.language_id)
    )
    if municipality_id is not None:
        counted = counted.where(Newcomer.municipality_id == municipality_id)
    counted = counted.subquery()
    statement = (
        select(Municipality.id, Municipality.name, Language.id, Language.name, counted.c.people)
        .join(counted, counted.c.place == Municipality.id)
        .join(Language, Language.id == counted.c.language)
        .order_by(
            Municipality.sort_name, Municipality.id, counted.c.people.desc(), Language.sort_name
        )
    )
    return db.session.execute(statement).all()


def _waiting(municipality_id: int | None) -> dict[tuple[int, int], int]:
    """{(municipality, language): open assignments of newcomers there who speak it}, read from
    the few open assignments outwards."""
    statement = (
        select(Newcomer.municipality_id, newcomer_languages.c.language_id, func.count())
        .select_from(Assignment)
        .join(Newcomer, Newcomer.id == Assignment.newcomer_id)
        .join(newcomer_languages, newcomer_languages.c.newcomer_id == Newcomer.id)
        .where(Assignment.status == AssignmentStatus.OPEN)
        .group_by(Newcomer.municipality_id, newcomer_languages.c.language_id)
    )
    if municipality_id is not None:
        statement = statement.where(Newcomer.municipality_id == municipality_id)
    return {(p, lang): n for p, lang, n in db.session.execute(statement)}


def _volunteers(municipality_id: int | None) -> dict[tuple[int, int], int]:
    """{(municipality, language): active volunteers helping there who speak it}."""
    place = volunteer_municipalities.c.municipality_id
    statement = (
        select(place, VolunteerLanguage.language_id, func.count(func.distinct(Volunteer.id)))
        .select_from(Volunteer)
        .join(volunteer_municipalities, volunteer_municipalities.c.volunteer_id == Volunteer.id)
        .join(VolunteerLanguage, VolunteerLanguage.volunteer_id == Volunteer.id)
        .where(Volunteer.status == VolunteerStatus.ACTIVE)
        .group_by(place, VolunteerLanguage.language_id)
    )
    if municipality_id is not None:
        statement = statement.where(place == municipality_id)
    return {(p, lang): n for p, lang, n in db.session.execute(statement)}


def _offers(offers: OfferFilter, today: date, municipality_id: int | None):
    """Counted offers per (municipality, language), and county-wide ones per language (an
    offer has a language once). Grouped by an expression, 0 for county-wide: grouped by the
    column, SQLite reads the offers along its index, one row lookup each."""
    language = offer_languages.c.language_id
    place = func.coalesce(Offer.municipality_id, 0)
    statement = (
        select(place, language, func.count())
        .join(offer_languages, offer_languages.c.offer_id == Offer.id)
        .where(*offers.conditions(today))
        .group_by(place, language)
    )
    if municipality_id is not None:
        statement = statement.where(
            or_(Offer.municipality_id == municipality_id, Offer.municipality_id.is_(None))
        )
    local, everywhere = {}, {}
    for place_id, language_id, n in db.session.execute(statement):
        if place_id == 0:
            everywhere[language_id] = n
        else:
            local[place_id, language_id] = n
    return local, everywhere
