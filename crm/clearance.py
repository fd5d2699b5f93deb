"""The extended clearance certificate (erweitertes Führungszeugnis, § 72a(5) SGB VIII): only
what the law allows is kept (that it was inspected, its issue date, the inspection date and
whether it shows a disqualifying conviction), when it is valid, which assignments need one,
and when its data must be erased.

The office's periods are settings: a certificate older than ``CLEARANCE_MAX_AGE_DAYS`` (90)
at the inspection is refused, and it is due again ``CLEARANCE_VALID_YEARS`` (5) after issue.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, exists, false, or_, select, true

from . import operations
from .errors import RuleError
from .extensions import db
from .models import Assignment, ClearanceArea, TrainingParticipation, Volunteer
from .models.choices import AssignmentArea, VolunteerStatus
from .volunteering import CLOSED

WARNING = timedelta(days=60)  # a re-check shows as due this long before
ERASE_AFTER_LEAVING = timedelta(days=91)  # three months after the volunteer left
ERASE_UNUSED_AFTER = timedelta(days=91)  # an inspection not followed by any activity
ALWAYS_NEEDED = frozenset({AssignmentArea.CHILDREN})
FIELDS = ("clearance_issued_on", "clearance_checked_on", "clearance_disqualifying")


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (or earlier); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Periods:
    """How old a certificate may be at its inspection, and for how many years it counts."""

    max_age_days: int = 90
    valid_years: int = 5

    @classmethod
    def of_office(cls) -> "Periods":
        config = current_app.config
        return cls(
            config.get("CLEARANCE_MAX_AGE_DAYS", cls.max_age_days),
            config.get("CLEARANCE_VALID_YEARS", cls.valid_years),
        )

    def valid_until(self, issued: date) -> date:
        return add_years(issued, self.valid_years)

    def oldest_valid(self, today: date) -> date:
        """The earliest issue date still valid today."""
        return add_years(today, -self.valid_years)


def clearance_valid(volunteer: Volunteer, today: date) -> bool:
    """Whether a certificate is on record, not due again and shows nothing disqualifying."""
    issued = volunteer.clearance_issued_on
    return (
        issued is not None
        and not volunteer.clearance_disqualifying
        and today <= Periods.of_office().valid_until(issued)
    )


def recheck_due(volunteer: Volunteer, today: date) -> bool:
    """Whether the office should ask for a (new) certificate: none, or due within 60 days."""
    issued = volunteer.clearance_issued_on
    return issued is None or today > Periods.of_office().valid_until(issued) - WARNING


def clearance_in_words(volunteer: Volunteer, today: date) -> str:
    """„gültig bis 14.03.2029“, „fehlt“, „abgelaufen am 14.03.2029“ or „Ausschlussgrund“."""
    issued = volunteer.clearance_issued_on
    if volunteer.clearance_disqualifying:
        return _("Ausschlussgrund")
    if issued is None:
        return _("fehlt")
    until = Periods.of_office().valid_until(issued)
    day = until.strftime("%d.%m.%Y")
    if today > until:
        return _("abgelaufen am %(day)s", day=day)
    if today > until - WARNING:
        return _("gültig bis %(day)s, Neuvorlage bald fällig", day=day)
    return _("gültig bis %(day)s", day=day)


# --- the states lists filter by, as SQL conditions of today's date -------------------------


def _valid(today: date) -> ColumnElement[bool]:
    return and_(
        Volunteer.clearance_issued_on >= Periods.of_office().oldest_valid(today),
        Volunteer.clearance_disqualifying == false(),
    )


def _expired(today: date) -> ColumnElement[bool]:
    return and_(
        Volunteer.clearance_issued_on < Periods.of_office().oldest_valid(today),
        Volunteer.clearance_disqualifying == false(),
    )


def _due_soon(today: date) -> ColumnElement[bool]:
    """Valid today, due again within 60 days."""
    return and_(_valid(today), Volunteer.clearance_issued_on < _oldest_valid_in(today, WARNING))


def _oldest_valid_in(today: date, ahead: timedelta) -> date:
    return Periods.of_office().oldest_valid(today + ahead)


STATES: dict[str, tuple] = {
    "gueltig": (_l("gültig"), _valid),
    "fehlt": (_l("fehlt"), lambda today: Volunteer.clearance_issued_on.is_(None)),
    "abgelaufen": (_l("abgelaufen"), _expired),
    "bald": (_l("Neuvorlage in 60 Tagen fällig"), _due_soon),
    "ausschluss": (_l("Ausschlussgrund"), lambda today: Volunteer.clearance_disqualifying),
}


def clearance_due(today: date) -> ColumnElement[bool]:
    """Volunteers who work or train and whose clearance is missing, expired or due within
    60 days (the start page's item)."""
    return and_(
        Volunteer.status.in_([VolunteerStatus.ACTIVE, VolunteerStatus.IN_TRAINING]),
        or_(
            Volunteer.clearance_issued_on.is_(None),
            Volunteer.clearance_issued_on < _oldest_valid_in(today, WARNING),
        ),
    )


# --- the rules -----------------------------------------------------------------------------


def needs_clearance(assignment: Assignment) -> bool:
    """§ 72a SGB VIII: with a household with minors, and in the areas of the catalogue
    (Kinder/Jugend always)."""
    newcomer = assignment.newcomer
    if newcomer is not None and newcomer.has_minors:
        return True
    area = assignment.area
    if area is None:
        return False
    if area in ALWAYS_NEEDED:
        return True
    listed = select(ClearanceArea.id).where(ClearanceArea.area == area)
    return db.session.scalar(listed) is not None


@operations.rule(Assignment)
def check_clearance(assignment: Assignment, change: operations.Change) -> None:
    """An assignment that needs a clearance is made, matched and started only with a valid
    one, checked on the day of each of these steps: one that expired between matching and
    starting stops the start. A closed assignment is history and stays as it was."""
    keys = ("volunteer", "volunteer_id", "newcomer", "newcomer_id", "area", "status")
    if not change.touches(*keys) or assignment.status in CLOSED:
        return
    volunteer = assignment.volunteer
    if volunteer is None or not needs_clearance(assignment):
        return
    if clearance_valid(volunteer, date.today()):
        return
    raise RuleError(
        _(
            "„%(volunteer)s“ kann diesen Einsatz nicht übernehmen: Dafür ist ein gültiges "
            "erweitertes Führungszeugnis nötig (§ 72a SGB VIII). Stand: %(state)s.",
            volunteer=str(volunteer),
            state=clearance_in_words(volunteer, date.today()),
        ),
        field="volunteer",
    )


@operations.rule(Volunteer)
def check_inspection(volunteer: Volunteer, change: operations.Change) -> None:
    """An inspection has both dates, in order, not in the future, and the certificate was at
    most CLEARANCE_MAX_AGE_DAYS old when it was inspected. All fields empty: erased."""
    if not change.touches(*FIELDS):
        return
    issued, inspected = volunteer.clearance_issued_on, volunteer.clearance_checked_on
    if issued is None and inspected is None and not volunteer.clearance_disqualifying:
        return
    refusal = _inspection_refusal(issued, inspected, date.today(), Periods.of_office())
    if refusal is not None:
        message, field = refusal
        raise RuleError(message, field=field)


def _inspection_refusal(issued, inspected, today: date, periods: Periods):
    if issued is None:
        return _("Bitte das Ausstellungsdatum des Führungszeugnisses angeben."), FIELDS[0]
    if inspected is None:
        return _("Bitte das Datum der Einsichtnahme angeben."), FIELDS[1]
    if inspected > today:
        return _("Die Einsichtnahme kann nicht in der Zukunft liegen."), FIELDS[1]
    if issued > inspected:
        return _("Das Führungszeugnis kann nicht nach der Einsichtnahme ausgestellt sein."), (
            FIELDS[0]
        )
    age = (inspected - issued).days
    if age > periods.max_age_days:
        return (
            _(
                "Das Führungszeugnis war bei der Einsichtnahme %(age)s Tage alt; es darf höchstens "
                "%(days)s Tage alt sein. Bitte ein neues vorlegen lassen.",
                age=age,
                days=periods.max_age_days,
            ),
            FIELDS[0],
        )
    return None


# --- erasure -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Erasure:
    """A volunteer whose clearance data is to be erased, and why."""

    volunteer: Volunteer
    reason: str


def _has_any_activity() -> ColumnElement[bool]:
    assigned = exists().where(Assignment.volunteer_id == Volunteer.id)
    trained = exists().where(TrainingParticipation.volunteer_id == Volunteer.id)
    return or_(assigned, trained)


ERASURE_CASES: tuple[tuple[Callable[[date], ColumnElement[bool]], str], ...] = (
    (
        lambda today: and_(
            Volunteer.status == VolunteerStatus.LEFT,
            Volunteer.left_on <= today - ERASE_AFTER_LEAVING,
        ),
        _l("vor über drei Monaten ausgeschieden"),
    ),
    (
        lambda today: and_(
            Volunteer.clearance_checked_on <= today - ERASE_UNUSED_AFTER,
            ~_has_any_activity(),
        ),
        _l("seit der Einsichtnahme über drei Monate ohne Einsatz oder Schulung"),
    ),
)


def erasures_due(today: date) -> list[Erasure]:
    """Whose clearance data is to be erased today (§ 72a(5): three months after leaving, and
    when the inspection was not followed by any activity): one statement per case, each
    volunteer named once, with the first case that applies."""
    held = or_(
        Volunteer.clearance_issued_on.isnot(None),
        Volunteer.clearance_checked_on.isnot(None),
        Volunteer.clearance_disqualifying == true(),
    )
    found: dict[int, Erasure] = {}
    for condition, reason in ERASURE_CASES:
        rows = db.session.scalars(select(Volunteer).where(held, condition(today)))
        for volunteer in rows:
            found.setdefault(volunteer.id, Erasure(volunteer, str(reason)))
    return [found[key] for key in sorted(found)]


def erase_clearance(volunteer: Volunteer) -> None:
    """Erase the clearance data through the write path; the history records that the fields
    were erased, never their values (crm.audit keeps no values of these fields)."""
    operations.update(volunteer, dict.fromkeys(FIELDS[:2]) | {FIELDS[2]: False})
