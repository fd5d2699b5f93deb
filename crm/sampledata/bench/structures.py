"""The small tables of the benchmark county: trainings, networks and offers."""

from collections.abc import Iterator
from datetime import timedelta
from uuid import UUID

from ...models import (
    Course,
    CourseModule,
    FollowUpTask,
    MeetingParticipant,
    Network,
    NetworkMeeting,
    Offer,
    Training,
    TrainingModule,
    TrainingParticipation,
)
from ...models.choices import (
    Attendance,
    OfferStatus,
    ParticipationStatus,
)
from ...models.courses import module_attendance
from ...models.networks import network_members
from ..catalogue import COURSE, TRAINERS, TRAINING_MODULES
from ..texts import AGENDA, TASKS
from .county import County, insert_rows


def fill_trainings(county: County, count: int) -> None:
    """One course of five modules, run ``count`` times."""
    rng = county.rng
    course = county.stamp(Course, {"id": 1, "title": COURSE, "description": None})
    course_modules = [
        county.stamp(CourseModule, {"id": n, "course_id": 1, "number": n, "title": title})
        for n, title in enumerate(TRAINING_MODULES, start=1)
    ]
    trainings, modules, participations, attendance = [], [], [], []
    module_id = participation_id = 0
    for number in range(1, count + 1):
        starts = county.days_ago(-60, 1200)
        trainings.append(
            county.stamp(
                Training,
                {
                    "id": number,
                    "course_id": 1,
                    "title": f"Qualifizierung Integrationslotsen {number}",
                    "carrier_id": rng.choice(county.organisations),
                    "description": "Rollenverständnis, Asyl- und Aufenthaltsrecht, interkulturelle "
                    "Kommunikation, Nähe und Distanz.",
                    "starts_on": starts,
                    "ends_on": starts + timedelta(days=42),
                    "capacity": 20,
                    "location": f"Volkshochschule {county.places[county.municipality()][0]}",
                },
            )
        )
        first_module = module_id + 1
        for position in range(1, len(TRAINING_MODULES) + 1):
            module_id += 1
            modules.append(
                county.stamp(
                    TrainingModule,
                    {
                        "id": module_id,
                        "training_id": number,
                        "course_module_id": position,
                        "date": starts + timedelta(days=7 * (position - 1)),
                        "location": "Raum 1",
                        "trainer": rng.choice(TRAINERS),
                    },
                )
            )
        for volunteer_id in rng.sample(county.volunteers, k=min(15, len(county.volunteers))):
            participation_id += 1
            status = rng.choice(list(ParticipationStatus))
            participations.append(
                county.stamp(
                    TrainingParticipation,
                    {
                        "id": participation_id,
                        "training_id": number,
                        "volunteer_id": volunteer_id,
                        "status": status,
                        "certificate_issued_on": starts + timedelta(days=45)
                        if status == ParticipationStatus.COMPLETED
                        else None,
                    },
                )
            )
            attendance += [
                {"participation_id": participation_id, "module_id": m}
                for m in range(first_module, first_module + rng.randint(0, len(TRAINING_MODULES)))
            ]
    for table, rows in (
        (Course, [course]),
        (CourseModule, course_modules),
        (Training, trainings),
        (TrainingModule, modules),
        (TrainingParticipation, participations),
    ):
        insert_rows(table.__table__, rows)
    insert_rows(module_attendance, attendance)


def fill_networks(county: County, count: int, contacts: int) -> None:
    rng = county.rng
    networks, members, meetings, participants, tasks = [], [], [], [], []
    meeting_id = 0
    for number in range(1, count + 1):
        place = county.places[county.municipality()][0]
        networks.append(
            county.stamp(
                Network,
                {
                    "id": number,
                    "name": f"Runder Tisch Integration {place} {number}",
                    "topic": "Ankommen, Wohnen, Arbeit",
                    "coordinator_id": rng.randint(1, contacts),
                    "meets": "vierteljährlich",
                },
            )
        )
        members += [
            {"network_id": number, "organisation_id": o}
            for o in set(rng.sample(county.organisations, k=min(12, len(county.organisations))))
        ]
        for offset in (-270, -180, -90, 20):
            meeting_id += 1
            starts = county.now + timedelta(days=offset + rng.randint(-5, 5))
            meetings.append(
                county.stamp(
                    NetworkMeeting,
                    {
                        "id": meeting_id,
                        "network_id": number,
                        "title": f"Treffen {place}",
                        "starts_at": starts,
                        "ends_at": starts + timedelta(hours=2),
                        "location": f"Rathaus {place}",
                        "agenda": "\n".join(AGENDA),
                        "minutes": None,
                        "decisions": None,
                    },
                )
            )
            participants += [
                county.stamp(
                    MeetingParticipant,
                    {
                        "meeting_id": meeting_id,
                        "contact_id": c,
                        "organisation_id": None,
                        "attendance": rng.choice(list(Attendance)),
                    },
                )
                for c in set(rng.sample(range(1, contacts + 1), k=8))
            ]
            tasks += [
                county.stamp(
                    FollowUpTask,
                    {
                        "meeting_id": meeting_id,
                        "description": rng.choice(TASKS),
                        "owner_id": rng.randint(1, contacts),
                        "due_on": starts.date() + timedelta(days=30),
                        "done_on": starts.date() + timedelta(days=20)
                        if rng.random() < 0.6
                        else None,
                    },
                )
                for _ in range(2)
            ]
    insert_rows(Network.__table__, networks)
    insert_rows(network_members, members)
    insert_rows(NetworkMeeting.__table__, meetings)
    insert_rows(MeetingParticipant.__table__, participants)
    insert_rows(FollowUpTask.__table__, tasks)


OFFER_STATUSES = list(OfferStatus)


def offer_rows(county: County, count: int, contacts: int) -> Iterator[dict]:
    rng = county.rng
    for number in range(1, count + 1):
        valid_from = county.days_ago(0, 1500)
        low = rng.choice([None, 0, 6, 16, 18])
        yield county.stamp(
            Offer,
            {
                "id": number,
                "uuid": str(UUID(int=rng.getrandbits(128), version=4)),
                "title": f"Angebot für Neuzugewanderte {number}",
                "provider_id": rng.choice(county.organisations),
                "municipality_id": county.municipality() if rng.random() < 0.7 else None,
                "status": rng.choices(OFFER_STATUSES, weights=[85, 5, 10])[0],
                "formal": rng.random() < 0.3,
                "target_group": "Erwachsene und Familien",
                "min_age": low,
                "max_age": None if low is None else low + 40,
                "accessibility": None,
                "contact_id": rng.randint(1, contacts),
                "valid_from": valid_from,
                "valid_until": valid_from + timedelta(days=rng.randint(90, 1500))
                if rng.random() < 0.6
                else None,
                "public": rng.random() < 0.5,
                "checked_on": county.days_ago(0, 700) if rng.random() < 0.7 else None,
                "checked_by_id": None,
                "notes": None,
            },
        )


def offer_link_rows(county: County, count: int, column: str, ids: list[int], most: int):
    """Links of every offer to one to ``most`` entries of a list (fields, stages, groups)."""
    for offer_id in range(1, count + 1):
        for target in set(county.rng.sample(ids, k=county.rng.randint(1, min(most, len(ids))))):
            yield {"offer_id": offer_id, column: target}


def offer_language_rows(county: County, count: int) -> Iterator[dict]:
    return offer_link_rows(county, count, "language_id", list(county.languages.values()), 2)
