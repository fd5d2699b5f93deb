"""Small factories: each makes one row directly through the session, commits and returns it.

Keyword arguments override the defaults; references left out are created on the way only where
the model needs them (a volunteer needs a contact, a role an organisation).
"""

from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import count

from sqlalchemy import select

from crm.extensions import db
from crm.models import (
    Assignment,
    AssignmentLog,
    Contact,
    ContactRole,
    Course,
    CourseModule,
    FieldOfAction,
    FollowUpTask,
    Language,
    MeetingParticipant,
    Municipality,
    Network,
    NetworkMeeting,
    Newcomer,
    Offer,
    Organisation,
    Tag,
    Training,
    TrainingModule,
    TrainingParticipation,
    Volunteer,
    VolunteerLanguage,
)
from crm.models.choices import (
    AssignmentArea,
    OrganisationKind,
)

_serial = count(1)


def _next() -> int:
    return next(_serial)


def _save(obj):
    db.session.add(obj)
    db.session.commit()
    return obj


def language(code: str) -> Language:
    """A seeded language by its ISO code (the migrations put them in every test database)."""
    return db.session.scalars(select(Language).where(Language.code == code)).one()


def municipality(**kw) -> Municipality:
    n = _next()
    kw.setdefault("name", f"Gemeinde {n}")
    kw.setdefault("official_key", f"{9_000_000 + n:08d}")
    return _save(Municipality(**kw))


def tag(**kw) -> Tag:
    kw.setdefault("name", f"Schlagwort {_next()}")
    kw.setdefault("colour", "#1f77b4")
    return _save(Tag(**kw))


def organisation(**kw) -> Organisation:
    kw.setdefault("name", f"Organisation {_next()}")
    kw.setdefault("kind", OrganisationKind.ASSOCIATION)
    return _save(Organisation(**kw))


def contact(roles=(), **kw) -> Contact:
    """A person; ``roles`` are organisations (or (organisation, function) pairs) they work at."""
    n = _next()
    kw.setdefault("first_name", "Vorname")
    kw.setdefault("last_name", f"Nachname{n}")
    person = Contact(**kw)
    for role in roles:
        org, function = role if isinstance(role, tuple) else (role, "Beratung")
        person.roles.append(
            ContactRole(organisation=org, function=function, since=date(2024, 1, 1))
        )
    return _save(person)


def volunteer(languages=(), **kw) -> Volunteer:
    """A volunteer; ``languages`` are Language rows spoken fluently."""
    kw.setdefault("contact", kw.get("contact") or contact())
    person = Volunteer(**kw)
    for lang in languages:
        person.language_skills.append(VolunteerLanguage(language=lang))
    return _save(person)


def course(modules: int = 0, **kw) -> Course:
    """A course with ``modules`` numbered modules."""
    kw.setdefault("title", f"Qualifizierung {_next()}")
    curriculum = Course(**kw)
    for number in range(1, modules + 1):
        curriculum.modules.append(CourseModule(number=number, title=f"Modul {number}"))
    return _save(curriculum)


def training(modules: int = 0, dates=(), **kw) -> Training:
    """A run of ``course`` (or of a new course of ``modules`` modules named like the run),
    with a module date for each of the course's modules, on ``dates`` where given."""
    kw.setdefault("title", f"Lotsenschulung {_next()}")
    kw.setdefault("starts_on", date(2025, 3, 1))
    kw.setdefault("course", kw.get("course") or course(modules=modules, title=kw["title"]))
    run = Training(**kw)
    for position, module in enumerate(run.course.modules):
        day = dates[position] if position < len(dates) else None
        run.modules.append(TrainingModule(course_module=module, date=day))
    return _save(run)


def participation(**kw) -> TrainingParticipation:
    kw.setdefault("training", kw.get("training") or training())
    kw.setdefault("volunteer", kw.get("volunteer") or volunteer())
    return _save(TrainingParticipation(**kw))


def newcomer(**kw) -> Newcomer:
    kw.setdefault("reference", f"BP-{_next():05d}")
    return _save(Newcomer(**kw))


def assignment(logs: int = 0, **kw) -> Assignment:
    kw.setdefault("area", AssignmentArea.DOCTOR)
    kw.setdefault("starts_on", date(2025, 4, 1))
    job = Assignment(**kw)
    for day in range(1, logs + 1):
        job.logs.append(AssignmentLog(date=date(2025, 4, min(day, 28)), hours=Decimal("1.5")))
    return _save(job)


def network(**kw) -> Network:
    kw.setdefault("name", f"Runder Tisch {_next()}")
    return _save(Network(**kw))


def meeting(participants=(), **kw) -> NetworkMeeting:
    """A meeting; ``participants`` are contacts who were present."""
    kw.setdefault("title", f"Treffen {_next()}")
    kw.setdefault("starts_at", datetime(2025, 5, 6, 16, 0, tzinfo=UTC))
    event = NetworkMeeting(**kw)
    for person in participants:
        event.participants.append(MeetingParticipant(contact=person))
    return _save(event)


def task(**kw) -> FollowUpTask:
    kw.setdefault("description", f"Aufgabe {_next()}")
    return _save(FollowUpTask(**kw))


def offer(**kw) -> Offer:
    """An offer, by default in the first field of action (Sprache)."""
    kw.setdefault("title", f"Angebot {_next()}")
    kw.setdefault("fields", [catalogue_entry(FieldOfAction, "Sprache")])
    return _save(Offer(**kw))


def catalogue_entry(model, name: str):
    """A seeded entry of an office's list (FieldOfAction, EducationStage, TargetGroup) by name."""
    return db.session.scalars(select(model).where(model.name == name)).one()
