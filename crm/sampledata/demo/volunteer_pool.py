"""Volunteers, trainings, newcomers and assignments of the demo county."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from ...certificates import issue_certificate
from ...clearance import Periods, clearance_valid
from ...extensions import db
from ...models import (
    Assignment,
    AssignmentLog,
    Course,
    CourseModule,
    Newcomer,
    Training,
    TrainingModule,
    TrainingParticipation,
    Volunteer,
    VolunteerArea,
    VolunteerLanguage,
)
from ...models.choices import (
    AssignmentArea,
    AssignmentKind,
    AssignmentStatus,
    LanguageLevel,
    OrganisationKind,
    ParticipationStatus,
    VolunteerStatus,
)
from .. import catalogue, names, texts
from .county import ASSIGNMENTS, NEWCOMERS, VOLUNTEERS, County, at
from .people import person, private


def volunteers(county: County) -> None:
    rng = county.rng
    statuses = list(VolunteerStatus)  # interested, in training, active, paused, left
    for _ in range(VOLUNTEERS):
        origin = rng.choice(names.MIGRANT_ORIGINS) if rng.random() < 0.45 else "deutsch"
        contact = person(county, origin)
        home = county.home()
        private(county, contact, home)
        contact.tags = [county.tags["Ehrenamt"]]
        status = rng.choices(statuses, weights=[12, 15, 55, 10, 8])[0]
        others = [p for p in county.places if p is not home]
        volunteer = Volunteer(
            contact=contact,
            status=status,
            availability=rng.choice(texts.AVAILABILITY),
            hours_per_month=rng.randint(4, 20),
            has_car=rng.random() < 0.5,
            language_skills=_skills(county, origin),
            area_links=[
                VolunteerArea(area=a) for a in rng.sample(list(AssignmentArea), rng.randint(2, 4))
            ],
            municipalities=[home, *rng.sample(others, rng.randint(0, 2))],
        )
        contact.languages = [skill.language for skill in volunteer.language_skills]
        if status != VolunteerStatus.INTERESTED:
            _commitments(county, volunteer, origin)
        db.session.add(volunteer)
        county.volunteers.append(volunteer)
    _one_disqualified(county)


def _one_disqualified(county: County) -> None:
    """One volunteer left when the clearance certificate showed a disqualifying entry."""
    left = [v for v in county.volunteers if v.status == VolunteerStatus.LEFT]
    if left:
        left[0].clearance_disqualifying = True


def _commitments(county: County, volunteer: Volunteer, origin: str) -> None:
    """Dates of a volunteer past the first interest: start, consent, pledge and clearance."""
    rng = county.rng
    signed = county.days_ago(30, 90)
    if volunteer.status != VolunteerStatus.IN_TRAINING:
        volunteer.active_since = signed = county.days_ago(60, 2000)
    volunteer.data_consent_on = volunteer.confidentiality_signed_on = signed
    volunteer.own_migration_experience = origin != "deutsch"
    if volunteer.status == VolunteerStatus.LEFT:
        volunteer.left_on = min(county.today, signed + timedelta(days=rng.randint(90, 700)))
        volunteer.clearance_issued_on = signed - timedelta(days=rng.randint(0, 30))
        volunteer.clearance_checked_on = signed
    else:
        _clearance(county, volunteer)


def _skills(county: County, origin: str) -> list[VolunteerLanguage]:
    rng = county.rng
    codes = names.ORIGINS[origin].languages
    if origin == "deutsch":
        levels = {"de": LanguageLevel.NATIVE}
        for code in rng.sample(names.SECOND_LANGUAGES, rng.randint(0, 2)):
            levels[code] = rng.choice([LanguageLevel.FLUENT, LanguageLevel.BASIC])
    else:
        levels = {
            codes[0]: LanguageLevel.NATIVE,
            "de": rng.choice([LanguageLevel.FLUENT, LanguageLevel.FLUENT, LanguageLevel.BASIC]),
        }
        for code in codes[1:]:
            if rng.random() < 0.6:
                levels[code] = LanguageLevel.FLUENT
        if rng.random() < 0.3:
            levels.setdefault("en", LanguageLevel.BASIC)
    return [
        VolunteerLanguage(language=county.languages[code], level=level)
        for code, level in levels.items()
        if code in county.languages
    ]


def _clearance(county: County, volunteer: Volunteer) -> None:
    """Most clearances valid; some due within 60 days, some expired, a few missing."""
    rng = county.rng
    valid_days = Periods.of_office().valid_years * 365
    state = rng.choices(["valid", "due", "expired", "missing"], weights=[70, 12, 10, 8])[0]
    if state == "missing":
        return
    age = {
        "valid": (20, 4 * 365),
        "due": (valid_days - 55, valid_days - 5),
        "expired": (valid_days + 1, valid_days + 400),
    }[state]
    volunteer.clearance_issued_on = county.days_ago(*age)
    volunteer.clearance_checked_on = min(
        county.today, volunteer.clearance_issued_on + timedelta(days=rng.randint(3, 30))
    )


def trainings(county: County) -> None:
    """The course of five modules at four places by three carriers: a run over, one under way,
    one over with a module made up in the running one, one to come."""
    rng = county.rng
    carriers = {o.name: o for o in county.organisations}
    course = Course(
        title=catalogue.COURSE,
        description="Fünf Module zur Vorbereitung auf die Arbeit als Integrationsbegleiter/in; "
        "Zertifikat nach Teilnahme an allen Modulen, auch aus verschiedenen Durchgängen.",
        modules=[
            CourseModule(number=n, title=t, hours=Decimal(3))
            for n, t in enumerate(catalogue.TRAINING_MODULES, 1)
        ],
    )
    db.session.add(course)
    starts = [-200, -35, -120, 40]
    runs = []
    for (title, carrier, location), offset in zip(catalogue.TRAININGS, starts, strict=True):
        first = county.today + timedelta(days=offset)
        days = [first + timedelta(days=14 * n) for n in range(len(course.modules))]
        training = Training(
            course=course,
            title=f"{title} {first.year}",
            carrier=carriers[carrier],
            location=location,
            starts_on=days[0],
            ends_on=days[-1],
            capacity=16,
            modules=[
                TrainingModule(
                    course_module=m,
                    date=d,
                    location=location,
                    trainer=rng.choice(catalogue.TRAINERS),
                )
                for m, d in zip(course.modules, days, strict=True)
            ],
        )
        db.session.add(training)
        county.trainings.append(training)
        runs.append(training)
    _participants(county, runs)


def _participants(county: County, runs: list[Training]) -> None:
    rng = county.rng
    by_status = {s: [v for v in county.volunteers if v.status == s] for s in VolunteerStatus}
    done = by_status[VolunteerStatus.ACTIVE] + by_status[VolunteerStatus.PAUSED]
    first, running, second, coming = runs
    held = [m for m in running.modules if m.date < county.today]
    for volunteer in done[:12]:
        if rng.random() < 0.85:
            _participate(first, volunteer, ParticipationStatus.COMPLETED, first.modules)
        else:
            dropped = first.modules[: rng.randint(1, 3)]
            _participate(first, volunteer, ParticipationStatus.DROPPED, dropped)
    for number, volunteer in enumerate(done[12:18]):
        # The first of them missed module 3 and made it up in the running course.
        attended = second.modules if number else [*second.modules[:2], *second.modules[3:]]
        made_up = [] if number else [running.modules[2]]
        _participate(second, volunteer, ParticipationStatus.COMPLETED, attended + made_up)
    for volunteer in by_status[VolunteerStatus.IN_TRAINING]:
        attended = [m for m in held if rng.random() < 0.8]
        _participate(running, volunteer, ParticipationStatus.ATTENDING, attended)
    for volunteer in by_status[VolunteerStatus.INTERESTED][:10]:
        _participate(coming, volunteer, ParticipationStatus.REGISTERED, [])
    db.session.flush()
    for training in (first, second):
        for participation in training.participations:
            if participation.status == ParticipationStatus.COMPLETED:
                last = max(m.date for m in participation.modules_attended)
                issued = min(last + timedelta(days=7), county.today)
                issue_certificate(db.session, participation, issued)


def _participate(training, volunteer, status, attended) -> None:
    db.session.add(
        TrainingParticipation(
            training=training, volunteer=volunteer, status=status, modules_attended=list(attended)
        )
    )


def newcomers(county: County) -> None:
    """Households known by a file code like NZ-2026-0042; a first name only for some."""
    rng = county.rng
    taken = set(db.session.scalars(select(Newcomer.reference)))
    numbers: dict[int, int] = {}
    for day in sorted(county.days_ago(20, 540) for _ in range(NEWCOMERS)):
        number = numbers.get(day.year, 0) + 1
        while f"NZ-{day.year}-{number:04d}" in taken:
            number += 1
        numbers[day.year] = number
        origin = rng.choice(names.MIGRANT_ORIGINS)
        female_names, male_names, _, codes = names.ORIGINS[origin]
        size = rng.choices([1, 2, 3, 4, 5, 6], weights=[25, 15, 20, 20, 12, 8])[0]
        newcomer = Newcomer(
            reference=f"NZ-{day.year}-{number:04d}",
            first_name=rng.choice(female_names + male_names) if rng.random() < 0.6 else None,
            household_size=size,
            has_minors=size >= 3 and rng.random() < 0.85 or size == 2 and rng.random() < 0.3,
            municipality=county.home(),
            languages=county.language_list(list(codes[: rng.randint(1, len(codes))])),
            needs="; ".join(rng.sample(texts.NEEDS, rng.randint(1, 2))),
            notes=rng.choice(texts.NEWCOMER_NOTES) if rng.random() < 0.2 else None,
            created_at=at(day),
            updated_at=at(day),
        )
        db.session.add(newcomer)
        county.newcomers.append(newcomer)


def assignments(county: County) -> None:
    """Assignments in every state, some open and waiting for more than 14 days."""
    rng = county.rng
    requesters = county.of_kind(
        OrganisationKind.CARRIER,
        OrganisationKind.AUTHORITY,
        OrganisationKind.SHELTER,
        OrganisationKind.SCHOOL,
        OrganisationKind.ADMINISTRATION,
    )
    statuses = list(AssignmentStatus)  # open, matched, running, done, cancelled
    for _ in range(ASSIGNMENTS):
        status = rng.choices(statuses, weights=[15, 10, 30, 35, 10])[0]
        kind = AssignmentKind.MENTORSHIP if rng.random() < 0.25 else AssignmentKind.ONE_OFF
        starts, ends, created = _assignment_dates(county, status, kind)
        known = [n for n in county.newcomers if n.created_at.date() <= created]
        newcomer = rng.choice(known or county.newcomers)
        created = max(created, newcomer.created_at.date())
        area = rng.choice(list(AssignmentArea))
        assignment = Assignment(
            newcomer=newcomer,
            kind=kind,
            area=area,
            status=status,
            starts_on=starts,
            ends_on=ends,
            created_at=at(created, 10),
            updated_at=at(created, 10),
            notes=rng.choice(texts.ASSIGNMENT_NOTES[area]) if rng.random() < 0.6 else None,
        )
        if status == AssignmentStatus.CANCELLED:
            assignment.notes = "Abgebrochen: Die Familie ist in einen anderen Kreis gezogen."
        if rng.random() < 0.85:
            organisation = rng.choice(requesters)
            assignment.requested_by_organisation = organisation
            if county.staff[organisation]:
                assignment.requested_by_contact = rng.choice(county.staff[organisation])
        if status != AssignmentStatus.OPEN:
            assignment.volunteer = _volunteer_for(county, newcomer, status)
        if status in (AssignmentStatus.RUNNING, AssignmentStatus.DONE):
            assignment.logs = _logs(county, assignment)
        db.session.add(assignment)
        county.assignments.append(assignment)


def _assignment_dates(
    county: County, status: AssignmentStatus, kind: AssignmentKind
) -> tuple[date | None, date | None, date]:
    """Start, end and the day the request came in, fitting the status."""
    rng, today = county.rng, county.today
    if status == AssignmentStatus.OPEN:
        waited = rng.randint(15, 75) if rng.random() < 0.5 else rng.randint(0, 13)
        return None, None, today - timedelta(days=waited)
    if status == AssignmentStatus.MATCHED:
        return today + timedelta(days=rng.randint(1, 21)), None, county.days_ago(3, 30)
    if status == AssignmentStatus.RUNNING:
        starts = county.days_ago(3, 240)
        ends = None
        if kind == AssignmentKind.ONE_OFF:
            ends = max(today, starts + timedelta(days=rng.randint(14, 90)))
    elif status == AssignmentStatus.DONE:
        ends = county.days_ago(1, 500)
        span = 180 if kind == AssignmentKind.MENTORSHIP else 10
        starts = ends - timedelta(days=rng.randint(0, span))
    else:
        starts = county.days_ago(10, 400)
        ends = min(today, starts + timedelta(days=rng.randint(0, 60)))
    return starts, ends, starts - timedelta(days=rng.randint(3, 20))


def _volunteer_for(county: County, newcomer: Newcomer, status: AssignmentStatus) -> Volunteer:
    """A fitting volunteer: active for current work, a valid clearance where minors live, and
    mostly one who speaks a language of the household."""
    rng = county.rng
    current = status in (AssignmentStatus.MATCHED, AssignmentStatus.RUNNING)
    wanted = (
        [VolunteerStatus.ACTIVE]
        if current
        else [VolunteerStatus.ACTIVE, VolunteerStatus.PAUSED, VolunteerStatus.LEFT]
    )
    pool = [v for v in county.volunteers if v.status in wanted]
    if newcomer.has_minors:
        pool = [v for v in pool if clearance_valid(v, county.today)] or pool
    codes = {lang.code for lang in newcomer.languages}
    speakers = [v for v in pool if any(s.language.code in codes for s in v.language_skills)]
    return rng.choice(speakers if speakers and rng.random() < 0.7 else pool)


def _logs(county: County, assignment: Assignment) -> list[AssignmentLog]:
    rng = county.rng
    last = min(assignment.ends_on or county.today, county.today)
    span = max(0, (last - assignment.starts_on).days)
    days = sorted(
        assignment.starts_on + timedelta(days=rng.randint(0, span))
        for _ in range(rng.randint(1, 5))
    )
    has_car = assignment.volunteer.has_car
    return [
        AssignmentLog(
            date=day,
            hours=Decimal(rng.choice(["1", "1.5", "2", "2.5", "3", "4"])),
            kilometres=Decimal(rng.randint(2, 45)) if has_car else None,
            note=rng.choice(texts.LOG_NOTES),
        )
        for day in sorted(set(days))
    ]
