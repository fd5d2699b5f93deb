"""Volunteers, newcomers, assignments and their logs of the benchmark county."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from ...models import (
    Assignment,
    AssignmentLog,
    Newcomer,
    StatusChange,
    Volunteer,
    VolunteerLanguage,
)
from ...models.choices import (
    AssignmentArea,
    AssignmentKind,
    AssignmentStatus,
    LanguageLevel,
    VolunteerStatus,
)
from ..names import MIGRANT_ORIGINS, draw_name
from ..texts import ASSIGNMENT_NOTES, AVAILABILITY, LOG_NOTES, NEEDS, NEWCOMER_NOTES
from .county import County
from .people import language_ids


def volunteer_rows(county: County, contact_ids: list[int]) -> Iterator[dict]:
    rng = county.rng
    statuses = list(VolunteerStatus)
    for number, contact_id in enumerate(contact_ids, start=1):
        status = rng.choices(statuses, weights=(10, 10, 55, 10, 15))[0]
        since = county.days_ago(30, 3000)
        working = status in (VolunteerStatus.ACTIVE, VolunteerStatus.IN_TRAINING)
        issued = county.days_ago(0, 2200) if working and rng.random() < 0.85 else None
        consent = county.days_ago(0, 1500) if rng.random() < 0.8 else None
        left_on = (
            min(since + timedelta(days=rng.randint(60, 900)), county.today)
            if status == VolunteerStatus.LEFT
            else None
        )
        county.volunteers.append(number)
        if consent:
            county.volunteer_consents[contact_id] = (consent, True)
        county.volunteer_states.append((number, status, since, left_on))
        yield county.stamp(
            Volunteer,
            {
                "id": number,
                "contact_id": contact_id,
                "status": status,
                "active_since": since,
                "left_on": left_on,
                "availability": rng.choice(AVAILABILITY),
                "hours_per_month": rng.randint(2, 20),
                "has_car": rng.random() < 0.5,
                "own_migration_experience": (county.origins[contact_id - 1] != "deutsch")
                if consent
                else None,
                "clearance_issued_on": issued,
                "clearance_checked_on": issued + timedelta(days=rng.randint(1, 20))
                if issued
                else None,
                "clearance_disqualifying": False,
                "confidentiality_signed_on": county.days_ago(0, 2000) if working else None,
                "data_consent_on": consent,
            },
        )


def status_change_rows(county: County) -> Iterator[dict]:
    """Each volunteer's way to today's status: interested, then in training or active on the
    day they started, then paused or left (the history the funders' figures count)."""
    rng, s = county.rng, VolunteerStatus
    for volunteer_id, status, since, left_on in county.volunteer_states:
        steps = [(s.INTERESTED, since - timedelta(days=rng.randint(20, 120)))]
        if status != s.INTERESTED:
            steps.append((s.IN_TRAINING if status == s.IN_TRAINING else s.ACTIVE, since))
        if status == s.PAUSED:
            steps.append((s.PAUSED, min(county.today, since + timedelta(rng.randint(30, 900)))))
        if status == s.LEFT:
            steps.append((s.LEFT, left_on))
        previous = None
        for step, day in steps:
            yield county.stamp(
                StatusChange,
                {
                    "volunteer_id": volunteer_id,
                    "status": step,
                    "previous_status": previous,
                    "changed_on": day,
                    "until": None,
                    "exit_reason_id": None,
                    "note": None,
                },
            )
            previous = step


def volunteer_link_rows(county: County, contact_ids: list[int]):
    """Languages with levels, areas and municipalities of each volunteer."""
    rng = county.rng
    german = county.languages.get("de")
    skills, areas, places = [], [], []
    for volunteer_id, contact_id in zip(county.volunteers, contact_ids, strict=True):
        origin = county.origins[contact_id - 1]
        own = language_ids(county, origin)
        chosen = {own[0]: LanguageLevel.NATIVE} if origin != "deutsch" and own else {}
        if origin != "deutsch" and german:
            chosen[german] = rng.choice((LanguageLevel.FLUENT, LanguageLevel.BASIC))
        for language_id in rng.sample(own, k=min(len(own), rng.randint(1, 2))):
            chosen.setdefault(language_id, rng.choice((LanguageLevel.FLUENT, LanguageLevel.BASIC)))
        skills += [
            county.stamp(
                VolunteerLanguage,
                {"volunteer_id": volunteer_id, "language_id": lid, "level": level},
            )
            for lid, level in chosen.items()
        ]
        areas += [
            {"volunteer_id": volunteer_id, "area": area}
            for area in rng.sample(list(AssignmentArea), k=rng.randint(1, 4))
        ]
        places += [
            {"volunteer_id": volunteer_id, "municipality_id": mid}
            for mid in {county.municipality() for _ in range(rng.randint(1, 3))}
        ]
    return skills, areas, places


def newcomer_rows(county: County, count: int) -> Iterator[dict]:
    rng = county.rng
    for number in range(1, count + 1):
        origin = rng.choice(MIGRANT_ORIGINS)
        size = rng.choices(range(1, 8), weights=(30, 15, 15, 15, 12, 8, 5))[0]
        county.newcomers = number
        yield county.stamp(
            Newcomer,
            {
                "id": number,
                "reference": f"BP-{2019 + number % 8}-{number:06d}",
                "first_name": draw_name(rng, origin)[0] if rng.random() < 0.6 else None,
                "household_size": size,
                "has_minors": size > 2 and rng.random() < 0.8,
                "municipality_id": county.municipality(),
                "needs": rng.choice(NEEDS) if rng.random() < 0.6 else None,
                "notes": rng.choice(NEWCOMER_NOTES) if rng.random() < 0.1 else None,
            },
        )


def newcomer_language_rows(county: County) -> Iterator[dict]:
    rng = county.rng
    for newcomer_id in range(1, county.newcomers + 1):
        options = language_ids(county, rng.choice(MIGRANT_ORIGINS))
        for language_id in set(rng.sample(options, k=min(len(options), rng.randint(1, 2)))):
            yield {"newcomer_id": newcomer_id, "language_id": language_id}


ASSIGNMENT_STATUS_WEIGHTS = (8, 7, 15, 65, 5)  # offen, vermittelt, laufend, abgeschlossen, ...


def assignment_rows(
    county: County, count: int, contacts: int, done: list[tuple[int, date, date]]
) -> Iterator[dict]:
    rng = county.rng
    statuses, areas = list(AssignmentStatus), list(AssignmentArea)
    for number in range(1, count + 1):
        status = rng.choices(statuses, weights=ASSIGNMENT_STATUS_WEIGHTS)[0]
        kind = AssignmentKind.MENTORSHIP if rng.random() < 0.25 else AssignmentKind.ONE_OFF
        if status == AssignmentStatus.OPEN:
            created = county.now - timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 23))
            starts = None if rng.random() < 0.5 else county.today + timedelta(rng.randint(1, 30))
        else:
            starts = county.days_ago(-20 if status == AssignmentStatus.MATCHED else 1, 1460)
            created = datetime.combine(
                starts - timedelta(days=rng.randint(1, 30)), datetime.min.time(), tzinfo=UTC
            )
        ends = _assignment_end(rng, status, kind, starts, county.today)
        area = rng.choices(areas, weights=(20, 18, 10, 14, 10, 4, 8, 10, 5, 2, 3))[0]
        if status in (AssignmentStatus.RUNNING, AssignmentStatus.DONE) and starts:
            done.append((number, starts, ends or county.today))
        yield county.stamp(
            Assignment,
            {
                "id": number,
                "volunteer_id": None
                if status == AssignmentStatus.OPEN
                else rng.choice(county.volunteers),
                "newcomer_id": rng.randint(1, county.newcomers),
                "kind": kind,
                "area": area,
                "requested_by_organisation_id": rng.choice(county.organisations)
                if rng.random() < 0.4
                else None,
                "requested_by_contact_id": rng.randint(1, contacts) if rng.random() < 0.2 else None,
                "status": status,
                "starts_on": starts,
                "ends_on": ends,
                "notes": rng.choice(ASSIGNMENT_NOTES[area]) if rng.random() < 0.2 else None,
            },
            created=created,
        )


def _assignment_end(rng, status, kind, starts: date | None, today: date) -> date | None:
    if starts is None or status not in (AssignmentStatus.DONE, AssignmentStatus.CANCELLED):
        return None
    if kind == AssignmentKind.ONE_OFF:
        return starts
    return max(starts, min(starts + timedelta(days=rng.randint(30, 365)), today))


def log_rows(county: County, done: list[tuple[int, date, date]], count: int) -> Iterator[dict]:
    rng = county.rng
    for _ in range(min(count, len(done) * 3)):
        assignment_id, starts, ends = rng.choice(done)
        day = starts + timedelta(days=rng.randint(0, max((ends - starts).days, 0)))
        yield county.stamp(
            AssignmentLog,
            {
                "assignment_id": assignment_id,
                "date": day,
                "hours": Decimal(rng.randint(2, 8)) / 2,
                "kilometres": Decimal(rng.randint(0, 400)) / 10 if rng.random() < 0.6 else None,
                "note": rng.choice(LOG_NOTES) if rng.random() < 0.3 else None,
            },
        )
