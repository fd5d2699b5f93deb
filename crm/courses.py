"""Rules of courses and their runs: who may be registered, which module dates a participant's
attendance may name (their own run's, or another run's of the same course as a make-up), when
a participant is complete (every course module attended in some run), who misses which module
and where it can be made up. Called by the screens, the CLI and the tests alike."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session, aliased, contains_eager

from . import operations
from .errors import RuleError
from .models import (
    Contact,
    CourseModule,
    Training,
    TrainingModule,
    TrainingParticipation,
    Volunteer,
)
from .models.choices import ParticipationStatus, VolunteerStatus
from .models.courses import module_attendance
from .volunteer_status import change_status

P = TrainingParticipation


def attended_anywhere(volunteer_id, course_module_id):
    """Whether the volunteer attended this course module in any run (an SQL condition)."""
    other = aliased(TrainingParticipation)
    held = aliased(TrainingModule)
    return (
        select(module_attendance.c.module_id)
        .join(held, held.id == module_attendance.c.module_id)
        .join(other, other.id == module_attendance.c.participation_id)
        .where(other.volunteer_id == volunteer_id, held.course_module_id == course_module_id)
        .correlate_except(other, held, module_attendance)
        .exists()
    )


def missed(course_module_id, today: date):
    """The participant missed this course module: not attended in any run, while the own
    run's date for it has passed, or the own run has begun without one (an SQL condition on
    TrainingParticipation with its run joined)."""
    own = (
        select(TrainingModule.date)
        .where(
            TrainingModule.training_id == P.training_id,
            TrainingModule.course_module_id == course_module_id,
        )
        .correlate_except(TrainingModule)
    )
    due = or_(
        own.scalar_subquery() < today,
        and_(~own.exists(), Training.starts_on <= today),
    )
    return and_(due, ~attended_anywhere(P.volunteer_id, course_module_id))


def complete():
    """Participations whose volunteer attended every module of the run's course, in one run
    or several (an SQL condition on TrainingParticipation)."""
    course_of_run = (
        select(Training.course_id).where(Training.id == P.training_id).correlate(P)
    ).scalar_subquery()
    of_course = select(CourseModule.id).where(CourseModule.course_id == course_of_run)
    missing = of_course.where(~attended_anywhere(P.volunteer_id, CourseModule.id))
    return and_(of_course.correlate(P).exists(), ~missing.correlate(P).exists())


def is_complete(session: Session, participation: TrainingParticipation) -> bool:
    return bool(session.scalar(select(complete()).select_from(P).where(P.id == participation.id)))


# --- the write path's rules ------------------------------------------------------------------


def course_of(row) -> int | None:
    """The course id of a run or a course module; by the relationship first: before the flush
    a new row has not reached the foreign key yet."""
    return row.course.id if row.course is not None else row.course_id


@operations.rule(TrainingParticipation)
def check_registration(participation: TrainingParticipation, change: operations.Change) -> None:
    """A volunteer who left is registered for no course."""
    if not change.touches("volunteer", "volunteer_id"):
        return
    volunteer = participation.volunteer
    if volunteer is not None and volunteer.status == VolunteerStatus.LEFT:
        raise RuleError(
            _(
                "„%(volunteer)s“ ist ausgeschieden und kann nicht angemeldet werden.",
                volunteer=str(volunteer),
            ),
            field="volunteer",
        )


@operations.rule(TrainingParticipation)
def check_attendance(participation: TrainingParticipation, change: operations.Change) -> None:
    """Attendance names module dates of the participant's course only: of the own run, or of
    another run of the same course as a make-up."""
    if not change.touches("modules_attended", "training", "training_id"):
        return
    if participation.training is None:
        return  # the form says what is missing
    course_id = course_of(participation.training)
    foreign = [m for m in participation.modules_attended if course_of(m.training) != course_id]
    if foreign:
        raise RuleError(
            _(
                "Diese Termine gehören nicht zum Kurs „%(course)s“: %(modules)s",
                course=str(participation.training.course),
                modules=", ".join(f"{m} ({m.training})" for m in foreign),
            ),
            field="modules_attended",
        )


@operations.rule(TrainingParticipation)
def check_completion(participation: TrainingParticipation, change: operations.Change) -> None:
    """ "abgeschlossen" and a certificate date only for a participant who attended every
    module of the course (in this run or others)."""
    certified = participation.certificate_issued_on is not None
    completed = participation.status == ParticipationStatus.COMPLETED
    if not (
        (certified and change.touches("certificate_issued_on"))
        or (completed and change.touches("status"))
    ):
        return
    if participation.training is None or participation.volunteer is None:
        return  # the form says what is missing
    if _attended_everything(participation):
        return
    if certified:
        raise RuleError(incomplete_message(participation), field="certificate_issued_on")
    raise RuleError(
        _(
            "„%(volunteer)s“ hat noch nicht alle Module des Kurses besucht und hat die Schulung "
            "daher nicht abgeschlossen.",
            volunteer=str(participation.volunteer),
        ),
        field="status",
    )


def _attended_everything(participation: TrainingParticipation) -> bool:
    """Completeness of a row that may not be written yet: its own attendance as it stands in
    the session, the volunteer's other runs of the course from the database."""
    session = Session.object_session(participation)
    course_id = course_of(participation.training)
    needed = set(
        session.scalars(select(CourseModule.id).where(CourseModule.course_id == course_id))
    )
    attended = {m.course_module_id for m in participation.modules_attended}
    held = aliased(TrainingModule)
    elsewhere = (
        select(held.course_module_id)
        .join(module_attendance, module_attendance.c.module_id == held.id)
        .join(P, P.id == module_attendance.c.participation_id)
        .where(P.volunteer_id == participation.volunteer.id)
    )
    if participation.id is not None:
        elsewhere = elsewhere.where(P.id != participation.id)
    attended |= set(session.scalars(elsewhere))
    return bool(needed) and needed <= attended


def incomplete_message(participation: TrainingParticipation) -> str:
    return _(
        "„%(volunteer)s“ hat noch nicht alle Module des Kurses besucht; ein Zertifikat gibt es "
        "erst danach.",
        volunteer=str(participation.volunteer),
    )


@operations.rule(TrainingModule)
def check_module_of_course(module: TrainingModule, change: operations.Change) -> None:
    """A run's module date is a date of one of its own course's modules."""
    if not change.touches("course_module", "course_module_id", "training", "training_id"):
        return
    training, course_module = module.training, module.course_module
    if training is None or course_module is None:
        return
    if course_of(course_module) != course_of(training):
        raise RuleError(
            _(
                "Das Modul „%(module)s“ gehört nicht zum Kurs „%(course)s“.",
                module=str(course_module),
                course=str(training.course),
            ),
            field="course_module",
        )


@operations.rule(Training)
def check_course_kept(training: Training, change: operations.Change) -> None:
    """A run with dates or participants stays a run of its course: they belong to it."""
    if change.created or not change.touches("course", "course_id"):
        return
    if training.modules or training.participations:
        raise RuleError(
            _("Der Kurs eines Durchgangs mit Terminen oder Teilnehmenden bleibt, wie er ist."),
            field="course",
        )


# --- attendance of one module date --------------------------------------------------------


@dataclass
class SheetRow:
    participation: TrainingParticipation
    present: bool
    make_up: bool  # a participant of another run, making the module up here


@dataclass
class Sheet:
    """The attendance list of a module date: the run's participants, then those of other runs
    of the course who still miss this module."""

    module: TrainingModule
    rows: list[SheetRow]

    @property
    def ids(self) -> set[int]:
        return {row.participation.id for row in self.rows}


def load_module(session: Session, module_id: int) -> TrainingModule | None:
    """A module date with its run and course, in one statement."""
    return session.scalar(
        select(TrainingModule)
        .join(TrainingModule.training)
        .join(Training.course)
        .options(contains_eager(TrainingModule.training).contains_eager(Training.course))
        .where(TrainingModule.id == module_id)
    )


def attendance_sheet(session: Session, module: TrainingModule, today: date) -> Sheet:
    """The sheet of a module date, in one statement: the run's participants, then those of
    other runs who missed the module (or were ticked here already)."""
    run = module.training
    present = (
        select(module_attendance.c.module_id)
        .where(module_attendance.c.participation_id == P.id)
        .where(module_attendance.c.module_id == module.id)
        .correlate(P)
        .exists()
    )
    registered_here = aliased(TrainingParticipation)
    also_here = (
        select(registered_here.id)
        .where(registered_here.training_id == run.id)
        .where(registered_here.volunteer_id == P.volunteer_id)
        .correlate(P)
        .exists()
    )
    own = P.training_id == run.id
    make_up = and_(
        P.training_id != run.id,
        ~also_here,
        or_(present, missed(module.course_module_id, today)),
    )
    rows = session.execute(
        select(P, present.label("present"))
        .join(P.training)
        .join(P.volunteer)
        .join(Volunteer.contact)
        .options(contains_eager(P.training), contains_eager(P.volunteer, Volunteer.contact))
        .where(
            Training.course_id == run.course_id,
            or_(own, make_up),
            or_(P.status != ParticipationStatus.DROPPED, present),
        )
        .order_by((P.training_id != run.id), *Contact.name_order(), P.id)
    ).all()
    return Sheet(
        module,
        [SheetRow(p, bool(here), p.training_id != run.id) for p, here in rows],
    )


@dataclass
class Recorded:
    """What a save of a sheet changed, and who is now complete while still "in training"."""

    added: int = 0
    removed: int = 0
    to_take_on: list[Volunteer] = field(default_factory=list)


def record_attendance(
    session: Session,
    module: TrainingModule,
    shown: Iterable[int],
    present: Iterable[int],
    today: date,
) -> Recorded:
    """Save a sheet: of the rows the user saw (``shown``), those ticked (``present``) attended
    the module date, the others did not; rows not shown stay as they were. Every row through
    the write path; refused as a whole (nothing changed) if an id is not on the sheet. The
    caller commits."""
    shown, present = set(shown), set(present)
    sheet = attendance_sheet(session, module, today)
    strangers = (shown | present) - sheet.ids
    if strangers:
        raise RuleError(
            _(
                "Für diesen Termin kann nur Anwesenheit von Teilnehmenden des Kurses "
                "„%(course)s“ eingetragen werden; nichts wurde gespeichert.",
                course=str(module.training.course),
            ),
            field="present",
        )
    recorded = Recorded()
    for row in sheet.rows:
        p = row.participation
        if p.id not in shown or (p.id in present) == row.present:
            continue
        if p.id in present:
            operations.update(p, lambda p: p.modules_attended.append(module), session=session)
            recorded.added += 1
        else:
            operations.update(p, lambda p: p.modules_attended.remove(module), session=session)
            recorded.removed += 1
        _update_status(session, p, recorded)
    return recorded


def _update_status(session: Session, p: TrainingParticipation, recorded: Recorded) -> None:
    """A participant who attends takes part; one who attended everything has completed."""
    done = is_complete(session, p)
    status = p.status
    if done:
        status = ParticipationStatus.COMPLETED
    elif p.status in (ParticipationStatus.REGISTERED, ParticipationStatus.COMPLETED):
        status = ParticipationStatus.ATTENDING
    if status != p.status:
        operations.update(p, {"status": status}, session=session)
    if done and p.volunteer.status == VolunteerStatus.IN_TRAINING:
        recorded.to_take_on.append(p.volunteer)


def take_on_as_active(session: Session, volunteer: Volunteer, today: date) -> None:
    """A volunteer "in training" who completed a course becomes active (on the user's click:
    the office decides, the course only suggests)."""
    if volunteer.status != VolunteerStatus.IN_TRAINING:
        raise RuleError(
            _(
                "„%(volunteer)s“ ist %(status)s, nicht in Schulung.",
                volunteer=str(volunteer),
                status=volunteer.status.label,
            )
        )
    done = session.scalar(select(exists().where(P.volunteer_id == volunteer.id, complete())))
    if not done:
        raise RuleError(
            _("„%(volunteer)s“ hat noch keinen Kurs abgeschlossen.", volunteer=str(volunteer))
        )
    change_status(volunteer, VolunteerStatus.ACTIVE, today, today=today)


# --- who misses which module, and where to make it up ---------------------------------------


@dataclass
class Missing:
    """A participant's course modules not attended anywhere although their own run's date has
    passed, with the coming dates of other runs where each can be made up."""

    participation: TrainingParticipation
    modules: list[CourseModule] = field(default_factory=list)
    make_ups: dict[int, list[TrainingModule]] = field(default_factory=dict)  # by course module


def missing_modules(session: Session, today: date, training_id: int | None = None) -> list[Missing]:
    """Participants (of one run, or all) who missed modules, in two statements whatever their
    number: for the run's page and the due list ("Fällig"). Dropped participants and
    volunteers who left are not missing anything."""
    query = (
        select(P, CourseModule)
        .join(P.training)
        .join(CourseModule, CourseModule.course_id == Training.course_id)
        .join(P.volunteer)
        .join(Volunteer.contact)
        .options(contains_eager(P.training), contains_eager(P.volunteer, Volunteer.contact))
        .where(
            P.status != ParticipationStatus.DROPPED,
            Volunteer.status != VolunteerStatus.LEFT,
            missed(CourseModule.id, today),
        )
        .order_by(Training.starts_on, Training.id, *Contact.name_order(), P.id, CourseModule.number)
    )
    if training_id is not None:
        query = query.where(P.training_id == training_id)
    found: dict[int, Missing] = {}
    for participation, module in session.execute(query):
        found.setdefault(participation.id, Missing(participation)).modules.append(module)
    if not found:
        return []
    wanted = {m.id for missing in found.values() for m in missing.modules}
    dates = session.scalars(
        select(TrainingModule)
        .join(TrainingModule.training)
        .options(contains_eager(TrainingModule.training))
        .where(TrainingModule.course_module_id.in_(wanted), TrainingModule.date >= today)
        .order_by(TrainingModule.date, TrainingModule.id)
    ).all()
    for missing in found.values():
        run = missing.participation.training
        for module in missing.modules:
            missing.make_ups[module.id] = [
                d
                for d in dates
                if d.course_module_id == module.id
                and d.training_id != run.id
                and d.training.course_id == run.course_id
            ]
    return list(found.values())
