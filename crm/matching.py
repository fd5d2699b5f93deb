"""Matching: the volunteers who suit an open assignment, ranked in one SQL statement, each
with the reasons for their place, and the ones left out with the reasons why."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import String, case, func, literal, select, type_coerce
from sqlalchemy.orm import Session, joinedload, selectinload

from .clearance import clearance_valid, needs_clearance
from .models import (
    Assignment,
    AssignmentLog,
    Contact,
    Language,
    Newcomer,
    Volunteer,
    VolunteerArea,
    VolunteerLanguage,
)
from .models.choices import AssignmentStatus, LanguageLevel, VolunteerStatus
from .models.volunteering import volunteer_municipalities

LEVELS = {LanguageLevel.NATIVE: 3, LanguageLevel.FLUENT: 2, LanguageLevel.BASIC: 1}
BUSY = (AssignmentStatus.MATCHED, AssignmentStatus.RUNNING)
NEAREST_MISSES = 5
SHOWN = 25  # candidates shown with their reasons; and ten times as many of those left out
LANGUAGE_SEPARATOR, LEVEL_SEPARATOR = ";", ":"


@dataclass
class Suggestion:
    """A volunteer as the matching screen shows them: the reasons for their place, or why
    they are left out (``missing``)."""

    volunteer_id: int
    name: str
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass
class Matching:
    """The candidates in their order and the volunteers left out, each with reasons."""

    assignment: Assignment
    candidates: list[Suggestion]
    excluded: list[Suggestion]

    @property
    def shown(self) -> list[Suggestion]:
        return self.candidates[:SHOWN]

    @property
    def nearest_misses(self) -> list[Suggestion]:
        return self.left_out[:NEAREST_MISSES]

    @property
    def left_out(self) -> list[Suggestion]:
        """Those left out, for the fewest reasons and best ranked first (the first ones)."""
        ranked = sorted(enumerate(self.excluded), key=lambda pair: (len(pair[1].missing), pair[0]))
        return [suggestion for _, suggestion in ranked[: SHOWN * 10]]


def load_assignment(session: Session, assignment_id: int) -> Assignment | None:
    """The assignment with its newcomer, place and languages (two statements)."""
    return session.scalars(
        select(Assignment)
        .options(
            joinedload(Assignment.newcomer).joinedload(Newcomer.municipality),
            joinedload(Assignment.newcomer).selectinload(Newcomer.languages),
            selectinload(Assignment.volunteer),
        )
        .where(Assignment.id == assignment_id)
    ).first()


def rank_candidates(
    session: Session, assignment: Assignment, today: date, clearance_readable: bool = True
) -> Matching:
    """Every volunteer who has not left, best suited first, in one statement; split into
    candidates and the ones left out by :func:`_missing`. Who is active, speaks a language of
    the household, has a car and a clearance where needed and time left this month is a
    candidate; the area, the place and the work already taken on decide the rank.
    ``clearance_readable``: whether the reasons may name the clearance (crm.sensitive)."""
    newcomer = assignment.newcomer
    languages = [language.id for language in newcomer.languages] if newcomer else []
    place = newcomer.municipality_id if newcomer else None
    rows = session.execute(_ranking(assignment, languages, place, today)).all()
    clearance = needs_clearance(assignment)
    candidates, excluded = [], []
    for row in rows:
        name = f"{row.last_name}, {row.first_name}" if row.first_name else row.last_name
        suggestion = Suggestion(row.id, name)
        suggestion.missing = _missing(
            row, assignment, bool(languages), clearance, today, clearance_readable
        )
        if suggestion.missing:
            excluded.append(suggestion)
        else:
            if len(candidates) < SHOWN:
                suggestion.reasons = _reasons(
                    row, assignment, newcomer, clearance and clearance_readable
                )
            candidates.append(suggestion)
    return Matching(assignment, candidates, excluded)


def _ranking(assignment: Assignment, languages: list[int], place: int | None, today: date):
    level = case(LEVELS, value=VolunteerLanguage.level, else_=0)
    level_code = type_coerce(VolunteerLanguage.level, String)
    spoken = (
        select(
            VolunteerLanguage.volunteer_id,
            func.max(level).label("level"),
            func.aggregate_strings(
                Language.name + LEVEL_SEPARATOR + level_code, LANGUAGE_SEPARATOR
            ).label("spoken"),
        )
        .join(Language, Language.id == VolunteerLanguage.language_id)
        .where(VolunteerLanguage.language_id.in_(languages))
        .group_by(VolunteerLanguage.volunteer_id)
        .subquery()
    )
    helps = (
        select(VolunteerArea.volunteer_id).where(VolunteerArea.area == assignment.area).subquery()
    )
    places = (
        select(
            volunteer_municipalities.c.volunteer_id,
            func.count().label("places"),
            func.max(case((volunteer_municipalities.c.municipality_id == place, 1), else_=0)).label(
                "here"
            ),
        )
        .group_by(volunteer_municipalities.c.volunteer_id)
        .subquery()
    )
    # Correlated, so that each volunteer's count is read from the (status, volunteer) index.
    running = (
        select(func.count())
        .where(
            Assignment.volunteer_id == Volunteer.id,
            Assignment.status.in_(BUSY),
            Assignment.id != assignment.id,
        )
        .correlate(Volunteer)
        .scalar_subquery()
    )
    month = (
        select(Assignment.volunteer_id, func.sum(AssignmentLog.hours).label("hours"))
        .join(AssignmentLog, AssignmentLog.assignment_id == Assignment.id)
        .where(AssignmentLog.date >= today.replace(day=1), AssignmentLog.date <= today)
        .group_by(Assignment.volunteer_id)
        .subquery()
    )
    helping = case((helps.c.volunteer_id.is_not(None), 1), else_=0)
    facts = (
        select(
            Volunteer.id,
            Contact.first_name,
            Contact.last_name,
            *(key.label(key.key) for key in Contact.name_order()),
            Volunteer.status,
            Volunteer.hours_per_month,
            Volunteer.has_car,
            Volunteer.clearance_issued_on,
            Volunteer.clearance_disqualifying,
            (spoken.c.spoken if languages else literal(None)).label("spoken"),
            func.coalesce(spoken.c.level, 0).label("level"),
            helping.label("helps"),
            func.coalesce(places.c.here, 0).label("here"),
            case((places.c.places.is_(None), 1), else_=0).label("county_wide"),
            running.label("running"),
            func.coalesce(month.c.hours, 0).label("month_hours"),
        )
        .join(Contact, Contact.id == Volunteer.contact_id)
        .outerjoin(spoken, spoken.c.volunteer_id == Volunteer.id)
        .outerjoin(helps, helps.c.volunteer_id == Volunteer.id)
        .outerjoin(places, places.c.volunteer_id == Volunteer.id)
        .outerjoin(month, month.c.volunteer_id == Volunteer.id)
        .where(Volunteer.status != VolunteerStatus.LEFT)
        # Materialised, so that the counts are read once, not again for the rank's order.
        .cte("facts")
        .prefix_with("MATERIALIZED")
    )
    row = facts.c
    active = case((row.status == VolunteerStatus.ACTIVE, 1), else_=0)
    # The language and its level weigh most, then the area and the place; work already
    # taken on lowers the rank.
    score = (
        row.level * 100
        + row.helps * 40
        + active * 40
        + row.here * 20
        + row.county_wide * 10
        - row.running * 5
        - row.month_hours
    ).label("score")
    return select(facts, score).order_by(
        score.desc(), *(row[key.key] for key in Contact.name_order()), row.id
    )


def _spoken(row) -> list[tuple[str, LanguageLevel]]:
    """The newcomer's languages the volunteer speaks, best level first."""
    pairs = []
    for item in (row.spoken or "").split(LANGUAGE_SEPARATOR):
        name, _sep, code = item.rpartition(LEVEL_SEPARATOR)
        if name:
            pairs.append((name, LanguageLevel(code)))
    return sorted(pairs, key=lambda pair: (-LEVELS[pair[1]], pair[0]))


def _missing(row, assignment, has_languages, clearance, today, readable=True) -> list[str]:
    """Why the volunteer is not offered (empty: a candidate); lazy texts, since most of
    them are never shown. A reader who may not see clearances (``readable``) is told that a
    requirement is not met, not which."""
    missing = []
    if row.status != VolunteerStatus.ACTIVE:
        missing.append(_l("ist %(status)s", status=row.status.label))
    if has_languages and not row.spoken:
        missing.append(_l("spricht keine der Sprachen"))
    if assignment.needs_car and not row.has_car:
        missing.append(_l("hat kein Auto"))
    if clearance and not clearance_valid(row, today):
        if readable:
            missing.append(_l("kein gültiges Führungszeugnis (§ 72a SGB VIII)"))
        else:
            missing.append(_l("erfüllt eine Voraussetzung des Einsatzes nicht"))
    if row.hours_per_month and row.month_hours >= row.hours_per_month:
        missing.append(
            _l(
                "diesen Monat schon %(hours)s von %(most)s Stunden",
                hours=format_decimal(row.month_hours),
                most=row.hours_per_month,
            )
        )
    return missing


def _reasons(row, assignment, newcomer, clearance) -> list[str]:
    """What speaks for the volunteer, in the order it weighs."""
    reasons = [
        _("spricht %(language)s (%(level)s)", language=name, level=level.label)
        for name, level in _spoken(row)[:1]
    ]
    if row.helps:
        reasons.append(_("hilft bei %(area)s", area=assignment.area.label))
    else:
        reasons.append(_("hilft bisher nicht bei %(area)s", area=assignment.area.label))
    if row.here:
        reasons.append(_("in %(place)s", place=newcomer.municipality.name))
    elif row.county_wide:
        reasons.append(_("im ganzen Landkreis"))
    elif newcomer is not None and newcomer.municipality is not None:
        reasons.append(_("hilft sonst in anderen Kommunen"))
    if assignment.needs_car and row.has_car:
        reasons.append(_("hat ein Auto"))
    if clearance:  # a candidate's is valid
        reasons.append(_("Führungszeugnis gültig"))
    if row.running > 1:
        reasons.append(_("%(num)s laufende Einsätze", num=row.running))
    else:
        reasons.append(_("1 laufender Einsatz") if row.running else _("kein laufender Einsatz"))
    if row.hours_per_month:
        reasons.append(
            _(
                "diesen Monat %(hours)s von %(most)s Stunden",
                hours=format_decimal(row.month_hours),
                most=row.hours_per_month,
            )
        )
    return reasons
