"""The figures funders ask for, per month, quarter or year, county-wide and per municipality:
volunteers active, new and left, people and households accompanied, hours and kilometres by
area, trainings held and certificates issued.

They count rows and ids of tables that outlive the erasure of the people behind them (the
volunteer rows and their status history, the newcomers' municipality and household size, the
time log, trainings and certificate dates), never names. Each figure is one GROUP BY statement
over the period, so a year costs the same few statements however many rows it holds.

Where a figure is counted:
- volunteers by the municipalities they help in: one helping in two counts in both, and once
  in the county; *active* means active on any day of the period (active on its first day, or
  a change to active inside it), *new* a first change to active ever inside it, *left* a change
  to left inside it;
- households, people, hours and kilometres by the newcomer's municipality: a household is a
  newcomer with a logged day in the period, its people its household size (1 where empty);
- certificates by the volunteer's municipalities; trainings (a run with its start or a module
  date in the period) only county-wide, as a run has no municipality.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Select,
    case,
    distinct,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from .errors import RuleError
from .inputs import as_id
from .models import (
    Assignment,
    AssignmentLog,
    Newcomer,
    StatusChange,
    Training,
    TrainingModule,
    TrainingParticipation,
)
from .models.choices import AssignmentArea, VolunteerStatus
from .models.reference import Municipality
from .models.volunteering import volunteer_municipalities
from .periods import Period
from .tabular import Column

ACTIVE, NEW, LEFT = "active", "new", "left"
ZERO = Decimal(0)


@dataclass
class Counts:
    """The figures of one municipality, or of the county; ``trainings`` only county-wide."""

    active: int = 0
    new: int = 0
    left: int = 0
    households: int = 0
    people: int = 0
    hours: Decimal = ZERO
    kilometres: Decimal = ZERO
    certificates: int = 0
    trainings: int | None = None
    # Hours and kilometres per area of assignments (the files' area columns).
    by_area: dict = field(default_factory=lambda: defaultdict(lambda: [ZERO, ZERO]))


# The figures of the table and the files, in order, with their German headers.
LABELS = {
    "active": _l("Aktive Ehrenamtliche"),
    "new": _l("Neue Ehrenamtliche"),
    "left": _l("Ausgeschiedene Ehrenamtliche"),
    "households": _l("Begleitete Haushalte"),
    "people": _l("Begleitete Personen"),
    "hours": _l("Stunden"),
    "kilometres": _l("Kilometer"),
    "certificates": _l("Zertifikate"),
    "trainings": _l("Schulungen"),
}


@dataclass(frozen=True)
class AreaTotals:
    area: AssignmentArea
    hours: Decimal
    kilometres: Decimal


@dataclass
class FunderFigures:
    """The figures of a period: a row per municipality (only the chosen one, if one was),
    newcomers without a municipality, and the total (county-wide, or the chosen municipality)."""

    period: Period
    municipality: tuple[int, str] | None
    rows: list[tuple[int, str, Counts]]
    unplaced: Counts
    total: Counts
    areas: list[AreaTotals] = field(default_factory=list)


def municipalities(session: Session) -> list[tuple[int, str]]:
    """Every municipality as (id, name), in German order: the rows and the choice on screen."""
    return [
        tuple(row)
        for row in session.execute(
            select(Municipality.id, Municipality.name).order_by(Municipality.sort_name)
        )
    ]


def chosen_municipality(text, known: Sequence[tuple[int, str]]) -> tuple[int, str] | None:
    """The municipality a user chose (None: the county), refused when there is no such one."""
    if not (text or "").strip():
        return None
    found = dict(known).get(as_id(text))
    if found is None:
        raise RuleError(_("Diese Kommune gibt es nicht."), field="municipality")
    return as_id(text), found


def funder_figures(
    session: Session,
    period: Period,
    municipality: tuple[int, str] | None,
    known: Sequence[tuple[int, str]],
) -> FunderFigures:
    """The figures of ``period``, county-wide or for one of the ``known`` municipalities."""
    place = municipality[0] if municipality else None
    rows = {id: Counts() for id, _name in known if place in (None, id)}
    unplaced = Counts()
    total = Counts()
    _count_volunteers(session, period, place, rows, total)
    areas = _count_time(session, period, place, rows, unplaced, total)
    _count_households(session, period, place, rows, unplaced)
    _count_trainings(session, period, place, rows, total)
    total.hours = sum((c.hours for c in (*rows.values(), unplaced)), ZERO)
    total.kilometres = sum((c.kilometres for c in (*rows.values(), unplaced)), ZERO)
    total.households = sum(c.households for c in (*rows.values(), unplaced))
    total.people = sum(c.people for c in (*rows.values(), unplaced))
    names = dict(known)
    return FunderFigures(
        period=period,
        municipality=municipality,
        rows=[(id, names[id], counts) for id, counts in rows.items()],
        unplaced=unplaced,
        total=total,
        areas=areas,
    )


def _volunteer_events(period: Period):
    """(volunteer_id, what) for each volunteer active, new or left in the period; a volunteer
    may appear more than once, so it is counted with DISTINCT."""
    change = StatusChange
    latest_before = (
        select(
            change.volunteer_id,
            change.status,
            func.row_number()
            .over(
                partition_by=change.volunteer_id,
                order_by=(change.changed_on.desc(), change.id.desc()),
            )
            .label("latest"),
        )
        .where(change.changed_on < period.start)
        .subquery()
    )
    inside = change.changed_on.between(period.start, period.end)
    return union_all(
        select(latest_before.c.volunteer_id, literal(ACTIVE)).where(
            latest_before.c.latest == 1, latest_before.c.status == VolunteerStatus.ACTIVE
        ),
        select(change.volunteer_id, literal(ACTIVE)).where(
            change.status == VolunteerStatus.ACTIVE, inside
        ),
        select(change.volunteer_id, literal(NEW))
        .where(change.status == VolunteerStatus.ACTIVE)
        .group_by(change.volunteer_id)
        .having(func.min(change.changed_on).between(period.start, period.end)),
        select(change.volunteer_id, literal(LEFT)).where(
            change.status == VolunteerStatus.LEFT, inside
        ),
    ).subquery()


def _distinct_of(events, what: str):
    return func.count(distinct(case((events.c[1] == what, events.c[0]))))


def _count_volunteers(session, period, place, rows: dict, total: Counts) -> None:
    events = _volunteer_events(period)
    counted = [_distinct_of(events, what) for what in (ACTIVE, NEW, LEFT)]
    link = volunteer_municipalities.c
    per_place = (
        select(link.municipality_id, *counted)
        .join(events, events.c[0] == link.volunteer_id)
        .group_by(link.municipality_id)
    )
    if place is not None:
        per_place = per_place.where(link.municipality_id == place)
    for id, active, new, left in session.execute(per_place):
        if id in rows:
            rows[id].active, rows[id].new, rows[id].left = active, new, left
    if place is not None:
        total.active, total.new, total.left = rows[place].active, rows[place].new, rows[place].left
        return
    county = select(*counted).select_from(events)
    total.active, total.new, total.left = session.execute(county).one()


def _logged_in(period: Period, place: int | None, *columns) -> Select:
    """The period's time log with its assignment and the newcomer's municipality."""
    query = (
        select(*columns)
        .select_from(AssignmentLog)
        .join(Assignment, Assignment.id == AssignmentLog.assignment_id)
        .outerjoin(Newcomer, Newcomer.id == Assignment.newcomer_id)
        .where(AssignmentLog.date.between(period.start, period.end))
    )
    return query if place is None else query.where(Newcomer.municipality_id == place)


def _count_time(session, period, place, rows, unplaced, total) -> list[AreaTotals]:
    """Hours and kilometres per municipality and area in one statement; the rows and areas
    are the sums of its groups."""
    grouped = _logged_in(
        period,
        place,
        Newcomer.municipality_id,
        Assignment.area,
        func.coalesce(func.sum(AssignmentLog.hours), 0),
        func.coalesce(func.sum(AssignmentLog.kilometres), 0),
    ).group_by(Newcomer.municipality_id, Assignment.area)
    for id, area, hours, kilometres in session.execute(grouped):
        hours, kilometres = Decimal(hours), Decimal(kilometres)
        counts = rows.get(id, unplaced)
        counts.hours += hours
        counts.kilometres += kilometres
        for totals in (counts.by_area[area], total.by_area[area]):
            totals[0] += hours
            totals[1] += kilometres
    return [AreaTotals(a, *total.by_area[a]) for a in AssignmentArea if a in total.by_area]


def _count_households(session, period, place, rows: dict, unplaced: Counts) -> None:
    accompanied = _logged_in(period, place, Assignment.newcomer_id)
    grouped = (
        select(
            Newcomer.municipality_id,
            func.count(),
            func.sum(func.coalesce(func.nullif(Newcomer.household_size, 0), 1)),
        )
        .where(Newcomer.id.in_(accompanied))
        .group_by(Newcomer.municipality_id)
    )
    for id, households, people in session.execute(grouped):
        counts = rows.get(id, unplaced)
        counts.households, counts.people = households, int(people or 0)


def _count_trainings(session, period, place, rows: dict, total: Counts) -> None:
    """Certificates per municipality of the volunteer, and in the county with the trainings
    held (a run that starts or has a module date in the period)."""
    issued = TrainingParticipation.certificate_issued_on.between(period.start, period.end)
    link = volunteer_municipalities.c
    per_place = (
        select(link.municipality_id, func.count())
        .select_from(TrainingParticipation)
        .join(volunteer_municipalities, link.volunteer_id == TrainingParticipation.volunteer_id)
        .where(issued)
        .group_by(link.municipality_id)
    )
    if place is not None:
        per_place = per_place.where(link.municipality_id == place)
    for id, certificates in session.execute(per_place):
        if id in rows:
            rows[id].certificates = certificates
    if place is not None:
        total.certificates = rows[place].certificates
        return
    held = or_(
        Training.starts_on.between(period.start, period.end),
        exists().where(
            TrainingModule.training_id == Training.id,
            TrainingModule.date.between(period.start, period.end),
        ),
    )
    total.trainings, total.certificates = session.execute(
        select(
            select(func.count()).select_from(Training).where(held).scalar_subquery(),
            select(func.count()).select_from(TrainingParticipation).where(issued).scalar_subquery(),
        )
    ).one()


def as_table(figures: FunderFigures) -> tuple[list[Column], list[list]]:
    """The figures as the rows of a file: a row per municipality, newcomers without one (if
    any), and the total, each with the hours and kilometres of every area worked in."""
    areas = [totals.area for totals in figures.areas]
    columns = [Column(_("Zeitraum"), 14), Column(_("Kommune"), 26)]
    columns += [Column(str(label), 12) for label in LABELS.values()]
    for area in areas:
        columns += [
            Column(_("Stunden %(area)s", area=area.label), 12),
            Column(_("Kilometer %(area)s", area=area.label), 12),
        ]
    named = [(name, counts) for _id, name, counts in figures.rows]
    if figures.municipality is None:
        if figures.unplaced.hours or figures.unplaced.households:
            named.append((_("ohne Kommune"), figures.unplaced))
        named.append((_("Landkreis gesamt"), figures.total))
    period = str(figures.period)
    rows = []
    for name, counts in named:
        row = [period, name, *(getattr(counts, key) for key in LABELS)]
        for area in areas:
            row += counts.by_area.get(area, [ZERO, ZERO])
        rows.append(row)
    return columns, rows
