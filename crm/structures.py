"""The overview of existing structures: which offers count, the last check of an offer, and the
structure matrix (municipalities × fields of action) with its gaps, aggregated in SQL.

Gaps are computed, never typed: an offer counts where it is (or everywhere, when it has no
municipality) in every field it belongs to, unless it ended, is closed for now, lies outside
its validity or belongs to an inactive organisation.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, func, literal, or_, select, union_all

from . import operations
from .errors import RuleError
from .extensions import db
from .models import EducationStage, FieldOfAction, Municipality, Offer, Organisation
from .models.choices import OfferStatus, OrganisationKind
from .models.structures import (
    offer_fields,
    offer_languages,
    offer_stages,
    offer_target_groups,
)

REVIEW_AFTER = timedelta(days=365)  # an offer not confirmed for a year is due for review


def current(today: date):
    """Offers running today: active, and today within their validity. Without an OR, which
    would make SQLite read most offers twice through the validity's index instead of once."""
    return and_(
        Offer.status == OfferStatus.ACTIVE,
        func.coalesce(Offer.valid_from, date.min) <= today,
        func.coalesce(Offer.valid_until, date.max) >= today,
    )


def provider_active():
    """Offers of an active organisation, or of none recorded. Written as "not one of the
    few inactive" without an OR, so the databases read the offers in one pass."""
    inactive = select(Organisation.id).where(Organisation.active.is_(False))
    return func.coalesce(Offer.provider_id, 0).not_in(inactive)


def checked_recently(today: date):
    return Offer.checked_on >= today - REVIEW_AFTER


def review_due(today: date):
    """Offers that have not ended and nobody confirmed for a year (or ever): the review list."""
    return and_(
        Offer.status != OfferStatus.ENDED,
        or_(Offer.checked_on.is_(None), Offer.checked_on < today - REVIEW_AFTER),
    )


def confirm_checked(offer: Offer, user_id: int, today: date, seen_version=None) -> Offer:
    """Someone confirmed that the offer still is as recorded: the one way the last check
    moves, through the write path (history, optimistic lock)."""
    return operations.update(
        offer, {"checked_on": today, "checked_by_id": user_id}, seen_version=seen_version
    )


@operations.rule(Offer)
def check_offer(offer: Offer, change: operations.Change) -> None:
    """An offer belongs to at least one field of action, or the matrix could not show it."""
    if change.touches("fields") and not offer.fields:
        raise RuleError(_("Bitte mindestens ein Handlungsfeld wählen."), field="fields")


@dataclass(frozen=True)
class OfferFilter:
    """Which offers the overview counts: the screen's filters, already parsed."""

    organisation_kind: OrganisationKind | None = None
    formal: bool | None = None
    target_group_id: int | None = None
    language_id: int | None = None
    only_current: bool = True
    only_public: bool = False
    only_checked: bool = False

    def conditions(self, today: date) -> list:
        found = [provider_active()]
        if self.only_current:
            found.append(current(today))
        if self.only_public:
            found.append(Offer.public.is_(True))
        if self.only_checked:
            found.append(checked_recently(today))
        if self.formal is not None:
            found.append(Offer.formal.is_(self.formal))
        if self.organisation_kind is not None:
            kind = Organisation.kind == self.organisation_kind
            found.append(Offer.provider_id.in_(select(Organisation.id).where(kind)))
        if self.target_group_id is not None:
            groups = offer_target_groups.c
            found.append(
                Offer.id.in_(
                    select(groups.offer_id).where(groups.target_group_id == self.target_group_id)
                )
            )
        if self.language_id is not None:
            spoken = offer_languages.c
            found.append(
                Offer.id.in_(select(spoken.offer_id).where(spoken.language_id == self.language_id))
            )
        return found


@dataclass(frozen=True)
class Cell:
    """What a municipality has in a field: offers (county-wide ones included, and how many of
    them), and the organisations offering them."""

    offers: int = 0
    organisations: int = 0
    county_wide: int = 0

    @property
    def level(self) -> str:
        """The heat map's class: a gap, a thin cell (one offer), some, or many."""
        if self.offers == 0:
            return "gap"
        if self.offers == 1:
            return "thin"
        return "some" if self.offers < 4 else "many"


@dataclass(frozen=True)
class Entry:
    id: int
    name: str


@dataclass(frozen=True)
class MatrixRow:
    municipality: Entry
    official_key: str | None
    cells: tuple[Cell, ...]

    @property
    def gaps(self) -> list[int]:
        return [i for i, cell in enumerate(self.cells) if cell.offers == 0]


@dataclass
class Matrix:
    fields: list[Entry]
    rows: list[MatrixRow]
    county_wide: tuple[Cell, ...] = field(default_factory=tuple)

    @property
    def gap_count(self) -> int:
        return sum(len(row.gaps) for row in self.rows)

    @property
    def thin_count(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.level == "thin")


LINKS = {FieldOfAction: (offer_fields, "field_id"), EducationStage: (offer_stages, "stage_id")}


def entries(model) -> list[Entry]:
    """An office's list (fields of action, stages, target groups) in its order."""
    rows = db.session.execute(select(model.id, model.name).order_by(model.position, model.name))
    return [Entry(*row) for row in rows]


def municipalities(only: int | None = None) -> list[tuple[Entry, str | None]]:
    statement = select(Municipality.id, Municipality.name, Municipality.official_key)
    if only is not None:
        statement = statement.where(Municipality.id == only)
    rows = db.session.execute(statement.order_by(Municipality.sort_name, Municipality.id))
    return [(Entry(id_, name), key) for id_, name, key in rows]


def field_counts(
    offers: OfferFilter, today: date, link=offer_fields, column: str = "field_id", place=None
) -> tuple[dict, dict]:
    """Counts of offers and organisations per (municipality, entry) and, county-wide, per
    entry, in one statement: ``({(m, e): Cell}, {e: Cell})``. ``link`` is the link table of
    the list counted by (fields or stages); ``place`` narrows to one municipality."""
    target = link.c[column]
    counted = (
        select(
            Offer.id.label("offer"),
            Offer.municipality_id.label("place"),
            Offer.provider_id.label("provider"),
            target.label("entry"),
        )
        .join(link, link.c.offer_id == Offer.id)
        .where(*offers.conditions(today))
    )
    if place is not None:
        counted = counted.where(
            or_(Offer.municipality_id == place, Offer.municipality_id.is_(None))
        )
    counted = counted.cte("counted")
    wide_providers = (
        select(counted.c.entry, counted.c.provider)
        .where(counted.c.place.is_(None), counted.c.provider.is_not(None))
        .distinct()
        .subquery("wide_providers")
    )
    local = counted.c.place.is_not(None)
    statement = union_all(
        select(
            literal("local"),
            counted.c.place,
            counted.c.entry,
            func.count(func.distinct(counted.c.offer)),
            func.count(func.distinct(counted.c.provider)),
        )
        .where(local)
        .group_by(counted.c.place, counted.c.entry),
        select(
            literal("wide"),
            literal(None),
            counted.c.entry,
            func.count(func.distinct(counted.c.offer)),
            func.count(func.distinct(counted.c.provider)),
        )
        .where(counted.c.place.is_(None))
        .group_by(counted.c.entry),
        # Organisations offering both there and county-wide in a field count once.
        select(
            literal("both"),
            counted.c.place,
            counted.c.entry,
            literal(0),
            func.count(func.distinct(counted.c.provider)),
        )
        .join(
            wide_providers,
            and_(
                wide_providers.c.entry == counted.c.entry,
                wide_providers.c.provider == counted.c.provider,
            ),
        )
        .where(local)
        .group_by(counted.c.place, counted.c.entry),
    )
    local_counts, wide, both = {}, {}, {}
    for kind, place_id, entry, n, orgs in db.session.execute(statement):
        if kind == "local":
            local_counts[place_id, entry] = (n, orgs)
        elif kind == "wide":
            wide[entry] = Cell(n, orgs, n)
        else:
            both[place_id, entry] = orgs
    cells = {}
    for key, (n, orgs) in local_counts.items():
        everywhere = wide.get(key[1], Cell())
        cells[key] = Cell(
            n + everywhere.offers,
            orgs + everywhere.organisations - both.get(key, 0),
            everywhere.county_wide,
        )
    return cells, wide


def structure_matrix(offers: OfferFilter, today: date, by=FieldOfAction) -> Matrix:
    """Municipalities down, fields of action (or, ``by=EducationStage``, the stages of the
    education chain) across: three statements whatever the data."""
    fields = entries(by)
    link, column = LINKS[by]
    cells, wide = field_counts(offers, today, link, column)
    rows = [
        MatrixRow(
            place,
            key,
            tuple(cells.get((place.id, f.id)) or wide.get(f.id) or Cell() for f in fields),
        )
        for place, key in municipalities()
    ]
    return Matrix(fields, rows, tuple(wide.get(f.id, Cell()) for f in fields))


def field_totals(offers: OfferFilter, today: date) -> list[tuple[str, int]]:
    """Offers per field across the county (each once, wherever it is), for the chart."""
    link = offer_fields.c
    counts = dict(
        db.session.execute(
            select(link.field_id, func.count(func.distinct(Offer.id)))
            .join(offer_fields, link.offer_id == Offer.id)
            .where(*offers.conditions(today))
            .group_by(link.field_id)
        ).all()
    )
    return [(entry.name, counts.get(entry.id, 0)) for entry in entries(FieldOfAction)]
