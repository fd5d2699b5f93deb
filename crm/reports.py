"""Key figures per municipality and hours per month, derived from the tables in SQL aggregates."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select

from .extensions import db
from .models import (
    Assignment,
    AssignmentLog,
    Contact,
    Newcomer,
    Offer,
    Organisation,
    Volunteer,
)
from .models.choices import AssignmentStatus, VolunteerStatus
from .models.reference import Municipality
from .models.volunteering import volunteer_municipalities


@dataclass(frozen=True)
class MunicipalityFigures:
    id: int
    name: str
    organisations: int
    contacts: int
    active_volunteers: int
    newcomers: int
    open_assignments: int
    offers: int


def _per_municipality(column, *conditions):
    """A correlated count of rows whose ``column`` points to the municipality of the row."""
    return (
        select(func.count())
        .where(column == Municipality.id, *conditions)
        .correlate(Municipality)
        .scalar_subquery()
    )


def municipality_figures(today: date | None = None) -> list[MunicipalityFigures]:
    today = today or date.today()
    current_offer = or_(Offer.valid_until.is_(None), Offer.valid_until >= today)
    rows = db.session.execute(
        select(
            Municipality.id,
            Municipality.name,
            _per_municipality(Organisation.municipality_id, Organisation.active.is_(True)),
            _per_municipality(Contact.municipality_id),
            select(func.count())
            .select_from(volunteer_municipalities)
            .join(Volunteer, Volunteer.id == volunteer_municipalities.c.volunteer_id)
            .where(
                volunteer_municipalities.c.municipality_id == Municipality.id,
                Volunteer.status == VolunteerStatus.ACTIVE,
            )
            .correlate(Municipality)
            .scalar_subquery(),
            _per_municipality(Newcomer.municipality_id),
            select(func.count())
            .select_from(Assignment)
            .join(Newcomer, Newcomer.id == Assignment.newcomer_id)
            .where(
                Newcomer.municipality_id == Municipality.id,
                Assignment.status == AssignmentStatus.OPEN,
            )
            .correlate(Municipality)
            .scalar_subquery(),
            _per_municipality(Offer.municipality_id, current_offer),
        ).order_by(Municipality.sort_name)
    ).all()
    return [MunicipalityFigures(*row) for row in rows]


def county_wide_offers(today: date | None = None) -> int:
    today = today or date.today()
    return db.session.scalar(
        select(func.count())
        .select_from(Offer)
        .where(
            Offer.municipality_id.is_(None),
            or_(Offer.valid_until.is_(None), Offer.valid_until >= today),
        )
    )


@dataclass(frozen=True)
class MonthHours:
    month: str
    assignments: int
    hours: float
    kilometres: float


def hours_per_month(months: int = 12) -> list[MonthHours]:
    """Logged hours and kilometres of the last months, for reports and expense allowances."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        month = func.to_char(AssignmentLog.date, "YYYY-MM")
    else:
        month = func.strftime("%Y-%m", AssignmentLog.date)
    rows = db.session.execute(
        select(
            month.label("month"),
            func.count(func.distinct(AssignmentLog.assignment_id)),
            func.coalesce(func.sum(AssignmentLog.hours), 0),
            func.coalesce(func.sum(AssignmentLog.kilometres), 0),
        )
        .group_by(month)
        .order_by(month.desc())
        .limit(months)
    ).all()
    return [MonthHours(m, n, float(h), float(k)) for m, n, h, k in rows]
