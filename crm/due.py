"""The due list („Fällig“): what a coordinator should act on, section by section, each item
linked to its record. A section is its rows as one SQL statement (the screen reads each with a
window count, the start page counts them all in its one statement), so the list costs one
statement per section whatever the data size."""

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from flask_babel import LazyString, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from .clearance import Periods, clearance_due
from .courses import missed
from .models import (
    Assignment,
    AssignmentLog,
    Contact,
    CourseModule,
    Newcomer,
    Training,
    TrainingParticipation,
    Volunteer,
)
from .models.choices import AssignmentArea, ParticipationStatus, VolunteerStatus
from .sensitive import section_readable
from .volunteering import waiting_too_long

SHOWN = 50  # items a section lists; its count covers all
QUIET_MONTHS = 6


@dataclass(frozen=True, eq=False)
class DueSection:
    """A section of the due list: ``rows(today)`` selects its items (the record's id first,
    in the order shown), ``describe`` turns one into (name, what is due), ``endpoint`` is the
    screen whose record page an item links to."""

    key: str
    label: LazyString
    rows: Callable[[date], Select]
    describe: Callable[[tuple, date], tuple[str, str]]
    endpoint: str

    def counted(self, today: date):
        """The number of items, as a scalar subquery (for the start page's one statement)."""
        listed = self.rows(today).order_by(None).subquery()
        return select(func.count()).select_from(listed).scalar_subquery()


@dataclass(frozen=True)
class DueItem:
    id: int
    name: str
    note: str


def _name(last: str, first: str | None) -> str:
    return ", ".join(p for p in (last, first) if p)


def _day(day: date) -> str:
    return format_date(day, "dd.MM.yyyy")


def months_before(today: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day if it is shorter)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


def _volunteers(day) -> Select:
    """Volunteers with their name and ``day``, those without a day first, then by day and name
    (the same order on both databases, which sort NULL differently)."""
    return (
        select(Volunteer.id, Contact.last_name, Contact.first_name, day)
        .join(Contact, Contact.id == Volunteer.contact_id)
        .order_by(day.is_not(None), day, Contact.sort_last_name, Contact.sort_first_name)
        .order_by(Volunteer.id)
    )


def clearance_rows(today: date) -> Select:
    """Clearance certificates to re-check within 60 days, expired or missing (the missing
    first)."""
    return _volunteers(Volunteer.clearance_issued_on).where(clearance_due(today))


def describe_clearance(row, today: date) -> tuple[str, str]:
    id, last, first, issued = row
    if issued is None:
        return _name(last, first), _("Führungszeugnis fehlt")
    due = Periods.of_office().valid_until(issued)
    if due < today:
        return _name(last, first), _("abgelaufen seit %(day)s", day=_day(due))
    return _name(last, first), _("Wiedervorlage am %(day)s", day=_day(due))


def waiting_rows(today: date) -> Select:
    """Open assignments without a volunteer for more than 14 days, the longest waiting first.

    Sorted by an expression rather than the indexed column, and the household's code read by
    a subquery: PostgreSQL would otherwise walk the whole created_at index to find the few open
    ones (2 s at 200,000 assignments, 0.1 s so) and look up the code of every one, not only of
    those shown."""
    reference = (
        select(Newcomer.reference)
        .where(Newcomer.id == Assignment.newcomer_id)
        .correlate(Assignment)
        .scalar_subquery()
    )
    return (
        select(Assignment.id, reference, Assignment.area, Assignment.created_at)
        .where(waiting_too_long(today), Assignment.volunteer_id.is_(None))
        .order_by(func.coalesce(Assignment.created_at, Assignment.created_at), Assignment.id)
    )


def describe_waiting(row, today: date) -> tuple[str, str]:
    id, reference, area, created = row
    name = " – ".join(str(p) for p in (AssignmentArea(area).label, reference) if p)
    return name, _("offen seit %(day)s", day=_day(created.date()))


def paused_rows(today: date) -> Select:
    """Paused volunteers whose „until“ date has passed: time for a call."""
    return _volunteers(Volunteer.paused_until).where(
        Volunteer.status == VolunteerStatus.PAUSED, Volunteer.paused_until < today
    )


def describe_paused(row, today: date) -> tuple[str, str]:
    id, last, first, until = row
    return _name(last, first), _("pausiert bis %(day)s", day=_day(until))


def quiet_rows(today: date) -> Select:
    """Active volunteers for six months without a new assignment and without a logged day:
    active since before then, no assignment of theirs started or made since, no time logged
    since. Shown with their last logged day."""
    since = months_before(today, QUIET_MONTHS)
    since_at = datetime.combine(since, time.min, tzinfo=UTC)
    theirs = Assignment.volunteer_id == Volunteer.id
    last_logged = (
        select(func.max(AssignmentLog.date))
        .join(Assignment, Assignment.id == AssignmentLog.assignment_id)
        .where(theirs)
        .correlate(Volunteer)
        .scalar_subquery()
    )
    recent_assignment = exists().where(
        theirs,
        or_(
            Assignment.starts_on >= since,
            and_(Assignment.starts_on.is_(None), Assignment.created_at >= since_at),
        ),
    )
    recent_log = exists().where(
        theirs,
        AssignmentLog.assignment_id == Assignment.id,
        AssignmentLog.date >= since,
    )
    return _volunteers(last_logged).where(
        Volunteer.status == VolunteerStatus.ACTIVE,
        or_(Volunteer.active_since.is_(None), Volunteer.active_since < since),
        ~recent_assignment,
        ~recent_log,
    )


def describe_quiet(row, today: date) -> tuple[str, str]:
    id, last, first, logged = row
    if logged is None:
        return _name(last, first), _("noch kein Tag im Einsatz erfasst")
    return _name(last, first), _("zuletzt im Einsatz am %(day)s", day=_day(logged))


def missing_module_rows(today: date) -> Select:
    """Course participants who missed modules whose date has passed (crm.courses.missed), one
    row each with how many, the run that began first first."""
    return (
        select(
            TrainingParticipation.id,
            Contact.last_name,
            Contact.first_name,
            Training.title,
            func.count(CourseModule.id),
        )
        .join(TrainingParticipation.training)
        .join(CourseModule, CourseModule.course_id == Training.course_id)
        .join(TrainingParticipation.volunteer)
        .join(Volunteer.contact)
        .where(
            TrainingParticipation.status != ParticipationStatus.DROPPED,
            Volunteer.status != VolunteerStatus.LEFT,
            missed(CourseModule.id, today),
        )
        .group_by(
            TrainingParticipation.id,
            Contact.last_name,
            Contact.first_name,
            Training.title,
            Training.starts_on,
            Contact.sort_last_name,
            Contact.sort_first_name,
        )
        .order_by(Training.starts_on, Contact.sort_last_name, Contact.sort_first_name)
        .order_by(TrainingParticipation.id)
    )


def describe_missing_modules(row, today: date) -> tuple[str, str]:
    id, last, first, run, count = row
    return _name(last, first), _("%(run)s: %(count)s Modul(e) fehlen", run=run, count=count)


SECTIONS = (
    DueSection(
        "clearance",
        _l("Führungszeugnisse: Wiedervorlage in 60 Tagen, abgelaufen oder fehlend"),
        clearance_rows,
        describe_clearance,
        "volunteer",
    ),
    DueSection(
        "modules",
        _l("Teilnehmende mit fehlenden Modulen"),
        missing_module_rows,
        describe_missing_modules,
        "participation",
    ),
    DueSection(
        "waiting",
        _l("Einsätze seit über 14 Tagen ohne Ehrenamtliche/n"),
        waiting_rows,
        describe_waiting,
        "assignment",
    ),
    DueSection(
        "paused",
        _l("Pause vorbei: Zeit für einen Anruf"),
        paused_rows,
        describe_paused,
        "volunteer",
    ),
    DueSection(
        "quiet",
        _l("Aktive seit sechs Monaten ohne Einsatz oder Kontakt"),
        quiet_rows,
        describe_quiet,
        "volunteer",
    ),
)


def due_list(
    session: Session, today: date, hidden: frozenset[str] = frozenset()
) -> list[tuple[DueSection, int, list[DueItem]]]:
    """Each section with its count and its first SHOWN items: one statement per section;
    without the sections that name fields of the ``hidden`` groups (crm.sensitive)."""
    found = []
    for section in SECTIONS:
        if not section_readable(section.key, hidden):
            continue
        rows = session.execute(
            section.rows(today).add_columns(func.count().over()).limit(SHOWN)
        ).all()
        items = [DueItem(row[0], *section.describe(row[:-1], today)) for row in rows]
        found.append((section, rows[0][-1] if rows else 0, items))
    return found
