"""The people side of the Strukturübersicht's report: volunteers by status and municipality,
assignments per month by area. One GROUP BY each, whatever the number of people."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import extract, func, select

from .extensions import db
from .models import Assignment, Municipality, Volunteer
from .models.choices import AssignmentArea, AssignmentStatus, VolunteerStatus
from .models.volunteering import volunteer_municipalities
from .periods import MONTH_NAMES

MONTHS = 12


@dataclass
class Breakdown:
    """Counts in rows split into parts (a stacked bar per row): ``rows`` as (label, a count
    per part, in the order of ``parts``)."""

    parts: list[str]
    rows: list[tuple[str, list[int]]]


def volunteers_by_status_and_municipality() -> Breakdown:
    """Every municipality (those without volunteers with zeros) and its volunteers per status.
    A volunteer active in two municipalities counts in both; one in none appears nowhere."""
    link = volunteer_municipalities.c
    found = db.session.execute(
        select(Municipality.name, Volunteer.status, func.count(Volunteer.id))
        .select_from(Municipality)
        .outerjoin(volunteer_municipalities, link.municipality_id == Municipality.id)
        .outerjoin(Volunteer, Volunteer.id == link.volunteer_id)
        .group_by(Municipality.id, Municipality.name, Municipality.sort_name, Volunteer.status)
        .order_by(Municipality.sort_name, Municipality.id)
    ).all()
    statuses = list(VolunteerStatus)
    rows: dict[str, list[int]] = {}
    for name, status, count in found:
        counts = rows.setdefault(name, [0] * len(statuses))
        if status is not None:
            counts[statuses.index(status)] = count
    return Breakdown([str(s.label) for s in statuses], list(rows.items()))


def assignments_by_month_and_area(today: date) -> Breakdown:
    """Assignments per month of the last twelve (this one included) by the month they
    started (``starts_on``), split by area; open ones (nobody took them yet) do not count.
    Only the areas that occur are parts."""
    year, month = divmod(today.year * 12 + today.month - 1 - (MONTHS - 1), 12)
    first = date(year, month + 1, 1)
    following = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    started_year = extract("year", Assignment.starts_on)
    started_month = extract("month", Assignment.starts_on)
    found = db.session.execute(
        select(started_year, started_month, Assignment.area, func.count(Assignment.id))
        .where(
            Assignment.starts_on >= first,
            Assignment.starts_on < following,
            Assignment.status != AssignmentStatus.OPEN,
        )
        .group_by(started_year, started_month, Assignment.area)
    ).all()
    areas = [area for area in AssignmentArea if any(row[2] == area for row in found)]
    months = [divmod(year * 12 + month + step, 12) for step in range(MONTHS)]
    counts = {(int(y), int(m), area): n for y, m, area, n in found}
    return Breakdown(
        [str(area.label) for area in areas],
        [
            (
                f"{MONTH_NAMES[m]} {y}",
                [counts.get((y, m + 1, area), 0) for area in areas],
            )
            for y, m in months
        ],
    )
