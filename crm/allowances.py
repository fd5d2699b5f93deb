"""Expense allowances (Aufwandsentschädigung): per volunteer and year, the logged hours times
the office's hourly rate, within its yearly hours cap and the Ehrenamtspauschale (§ 3 Nr.
26a EStG), plus the kilometres times its rate. Sums in SQL, one statement per table."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import format_currency
from flask_babel import gettext as _
from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from .errors import RuleError
from .models import Assignment, AssignmentLog, Contact, OfficeSettings, Volunteer

CENT = Decimal("0.01")
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Allowance:
    """A volunteer's year: what was logged, what counts, what is paid."""

    volunteer_id: int
    name: str
    hours: Decimal
    kilometres: Decimal
    hours_counted: Decimal  # at most the yearly hours cap
    hours_amount: Decimal  # the counted hours times the rate, at most the Pauschale
    travel_amount: Decimal
    over_hours_cap: bool
    over_allowance_cap: bool

    @property
    def total(self) -> Decimal:
        return self.hours_amount + self.travel_amount


def allowance(
    settings: OfficeSettings, volunteer_id: int, name: str, hours, kilometres
) -> Allowance:
    """The year's allowance from its sums: hours beyond the cap and an amount beyond the
    Ehrenamtspauschale are not paid; travel is refunded on top (it is no allowance)."""
    hours, kilometres = Decimal(hours or 0), Decimal(kilometres or 0)
    counted = min(hours, Decimal(settings.yearly_hours_cap))
    earned = _money(counted * settings.hourly_rate)
    return Allowance(
        volunteer_id=volunteer_id,
        name=name,
        hours=hours,
        kilometres=kilometres,
        hours_counted=counted,
        hours_amount=min(earned, settings.yearly_allowance_cap),
        travel_amount=_money(kilometres * settings.km_rate),
        over_hours_cap=hours > counted,
        over_allowance_cap=earned > settings.yearly_allowance_cap,
    )


def euro(amount) -> str:
    """An amount as German readers write it: 1.234,50 €."""
    return format_currency(amount, "EUR")


def _money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def checked_year(text: str | None, today: date) -> int:
    """The year asked for (the current one when none is): a clear refusal for anything else."""
    if text in (None, ""):
        return today.year
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise RuleError(
            _(
                "Bitte ein Jahr von %(first)s bis %(last)s angeben.",
                first=FIRST_YEAR,
                last=LAST_YEAR,
            ),
            field="year",
        )
    return int(text)


def _in_year(year: int):
    return AssignmentLog.date.between(date(year, 1, 1), date(year, 12, 31))


def _name(contact_first, contact_last) -> str:
    return f"{contact_last}, {contact_first}" if contact_first else contact_last


def pool(session: Session, settings: OfficeSettings, year: int) -> list[Allowance]:
    """Every volunteer with logged time in the year, by name, in one statement."""
    rows = session.execute(
        select(
            Volunteer.id,
            Contact.first_name,
            Contact.last_name,
            func.sum(AssignmentLog.hours),
            func.sum(AssignmentLog.kilometres),
        )
        .select_from(AssignmentLog)
        .join(Assignment, Assignment.id == AssignmentLog.assignment_id)
        .join(Volunteer, Volunteer.id == Assignment.volunteer_id)
        .join(Contact, Contact.id == Volunteer.contact_id)
        .where(_in_year(year))
        .group_by(Volunteer.id, Contact.first_name, Contact.last_name, *Contact.name_order())
        .order_by(*Contact.name_order(), Volunteer.id)
    ).all()
    return [allowance(settings, v, _name(first, last), h, km) for v, first, last, h, km in rows]


@dataclass(frozen=True)
class Statement:
    """One volunteer's statement of a year: the person, the months and the allowance."""

    volunteer: Volunteer
    year: int
    months: list[tuple[int, Decimal, Decimal]]  # (month, hours, kilometres)
    allowance: Allowance
    settings: OfficeSettings

    @property
    def file_name(self) -> str:
        return f"Aufwandsentschaedigung_{self.year}_{self.volunteer.contact.last_name}.pdf"


def statement(
    session: Session, settings: OfficeSettings, volunteer_id: int, year: int
) -> Statement | None:
    """The volunteer (with the contact) and the year's logs summed by month: two statements."""
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is None:
        return None
    month = extract("month", AssignmentLog.date)
    months = [
        (int(m), Decimal(h or 0), Decimal(km or 0))
        for m, h, km in session.execute(
            select(month, func.sum(AssignmentLog.hours), func.sum(AssignmentLog.kilometres))
            .join(Assignment, Assignment.id == AssignmentLog.assignment_id)
            .where(Assignment.volunteer_id == volunteer_id, _in_year(year))
            .group_by(month)
            .order_by(month)
        )
    ]
    hours = sum((h for _m, h, _k in months), Decimal(0))
    kilometres = sum((k for _m, _h, k in months), Decimal(0))
    summed = allowance(settings, volunteer.id, str(volunteer), hours, kilometres)
    return Statement(volunteer, year, months, summed, settings)
