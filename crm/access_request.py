"""What Lotse holds about one person, for an access request under Art. 15 GDPR.

One section per kind of record, each read with one statement (plus the fixed look-ups its
rows' links need), so the report costs the same number of statements however much is stored.
The functions reading them are listed in :data:`SECTIONS`; a new table with personal data
adds its function there. The report holds the rows' own values; the view writes them as JSON
or as a readable page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, inspect, or_, select
from sqlalchemy.orm import ColumnProperty, Session, selectinload

from .audit import NOT_RECORDED
from .models import (
    Assignment,
    AssignmentLog,
    AuditEntry,
    Consent,
    Contact,
    ContactRole,
    FollowUpTask,
    MeetingParticipant,
    NetworkDelegate,
    StatusChange,
    TrainingParticipation,
    Volunteer,
)
from .models.choices import Role
from .sensitive import complete_reader, hidden_by_table, hidden_groups

# Bookkeeping of the database, not data about the person.
LEFT_OUT = NOT_RECORDED - {"created_at", "updated_at"}


@dataclass
class Report:
    """The person and every section; ``rows`` are {table: ids} for the history section.
    ``left_out`` are the sensitive field groups (crm.sensitive) the downloading user may not
    read, left out of every section; ``complete_for`` the role that gets them."""

    contact: Contact
    sections: list[tuple[str, str, list[dict]]] = field(default_factory=list)
    rows: dict[str, set[int]] = field(default_factory=dict)
    left_out: frozenset[str] = frozenset()
    complete_for: Role | None = None

    def add(self, key: str, title, rows: list[dict], table: str | None = None) -> None:
        hidden = self.hidden_fields(table)
        rows = [{k: v for k, v in row.items() if k not in hidden} for row in rows]
        self.sections.append((key, str(title), rows))
        if table:
            self.rows.setdefault(table, set()).update(r["id"] for r in rows)

    def hidden_fields(self, table: str | None) -> frozenset[str]:
        return hidden_by_table(self.left_out).get(table, frozenset())


def values(row, **named) -> dict:
    """A row's own columns (foreign keys included) and the names of its links given."""
    found = {}
    for attr in inspect(row).mapper.attrs:
        if isinstance(attr, ColumnProperty) and attr.key not in LEFT_OUT:
            found[attr.key] = getattr(row, attr.key)
    found.update({k: (str(v) if v is not None else None) for k, v in named.items()})
    return found


def _person(session: Session, report: Report) -> None:
    person = report.contact
    report.add(
        "person",
        _l("Person"),
        [
            values(
                person,
                municipality=person.municipality,
                tags=", ".join(str(t) for t in person.tags) or None,
                languages=", ".join(str(lang) for lang in person.languages) or None,
            )
        ],
        Contact.__tablename__,
    )


def _roles(session: Session, report: Report) -> None:
    rows = session.scalars(
        select(ContactRole)
        .where(ContactRole.contact_id == report.contact.id)
        .order_by(ContactRole.since, ContactRole.id)
    ).all()
    found = [values(r, organisation=r.organisation) for r in rows]
    report.add("roles", _l("Funktionen"), found, ContactRole.__tablename__)


def _volunteer(session: Session, report: Report) -> None:
    profile = session.scalars(
        select(Volunteer)
        .where(Volunteer.contact_id == report.contact.id)
        .options(
            selectinload(Volunteer.language_skills),
            selectinload(Volunteer.area_links),
            selectinload(Volunteer.municipalities),
            selectinload(Volunteer.status_changes).joinedload(StatusChange.exit_reason),
            selectinload(Volunteer.exit_reason),
        )
    ).one_or_none()
    if profile is None:
        report.add("volunteer", _l("Ehrenamt"), [], Volunteer.__tablename__)
        report.add("status_changes", _l("Statusänderungen"), [], StatusChange.__tablename__)
        return
    languages = ", ".join(f"{s.language} ({s.level.label})" for s in profile.language_skills)
    report.add(
        "volunteer",
        _l("Ehrenamt"),
        [
            values(
                profile,
                exit_reason=profile.exit_reason,
                languages=languages or None,
                areas=", ".join(str(a.area.label) for a in profile.area_links) or None,
                municipalities=", ".join(str(m) for m in profile.municipalities) or None,
            )
        ],
        Volunteer.__tablename__,
    )
    changes = [values(c, exit_reason=c.exit_reason) for c in profile.status_changes]
    report.add("status_changes", _l("Statusänderungen"), changes, StatusChange.__tablename__)


def _participations(session: Session, report: Report) -> None:
    rows = session.scalars(
        select(TrainingParticipation)
        .join(Volunteer, Volunteer.id == TrainingParticipation.volunteer_id)
        .where(Volunteer.contact_id == report.contact.id)
        .options(
            selectinload(TrainingParticipation.training),
            selectinload(TrainingParticipation.modules_attended),
        )
        .order_by(TrainingParticipation.id)
    ).all()
    found = [
        values(
            p,
            training=p.training,
            modules_attended=", ".join(str(m) for m in p.modules_attended) or None,
        )
        for p in rows
    ]
    report.add("participations", _l("Schulungen"), found, TrainingParticipation.__tablename__)


def _assignments(session: Session, report: Report) -> None:
    """As volunteer and as the one who asked for it, with the logged time of their own."""
    own = select(Volunteer.id).where(Volunteer.contact_id == report.contact.id)
    rows = session.scalars(
        select(Assignment)
        .where(
            or_(
                Assignment.volunteer_id.in_(own.scalar_subquery()),
                Assignment.requested_by_contact_id == report.contact.id,
            )
        )
        .options(
            selectinload(Assignment.newcomer),
            selectinload(Assignment.requested_by_organisation),
            selectinload(Assignment.logs),
        )
        .order_by(Assignment.starts_on, Assignment.id)
    ).all()
    found, logs = [], []
    for job in rows:
        as_volunteer = job.requested_by_contact_id != report.contact.id
        found.append(
            values(
                job,
                role=_l("als Ehrenamtliche/r") if as_volunteer else _l("angefragt von"),
                newcomer=job.newcomer.reference if job.newcomer else None,
                requested_by_organisation=job.requested_by_organisation,
            )
        )
        if as_volunteer:
            logs.extend(values(log) for log in job.logs)
    report.add("assignments", _l("Einsätze"), found, Assignment.__tablename__)
    report.add("assignment_logs", _l("Einsatzzeiten"), logs, AssignmentLog.__tablename__)


def _meetings(session: Session, report: Report) -> None:
    rows = session.scalars(
        select(MeetingParticipant)
        .where(MeetingParticipant.contact_id == report.contact.id)
        .options(selectinload(MeetingParticipant.meeting))
        .order_by(MeetingParticipant.id)
    ).all()
    found = [
        values(p, meeting=p.meeting, starts_at=p.meeting.starts_at, organisation=p.organisation)
        for p in rows
    ]
    report.add("meetings", _l("Treffen"), found, MeetingParticipant.__tablename__)


def _delegations(session: Session, report: Report) -> None:
    rows = session.scalars(
        select(NetworkDelegate)
        .where(NetworkDelegate.contact_id == report.contact.id)
        .options(selectinload(NetworkDelegate.network))
        .order_by(NetworkDelegate.id)
    ).all()
    found = [values(d, network=d.network, organisation=d.organisation) for d in rows]
    report.add("delegations", _l("Netzwerke"), found, NetworkDelegate.__tablename__)


def _tasks(session: Session, report: Report) -> None:
    rows = session.scalars(
        select(FollowUpTask)
        .where(FollowUpTask.owner_id == report.contact.id)
        .order_by(FollowUpTask.due_on, FollowUpTask.id)
    ).all()
    report.add("tasks", _l("Aufgaben"), [values(t) for t in rows], FollowUpTask.__tablename__)


def _consents(session: Session, report: Report) -> None:
    """Every consent and withdrawal, oldest first: the history, not only today's state."""
    rows = session.scalars(
        select(Consent)
        .where(Consent.contact_id == report.contact.id)
        .order_by(Consent.on, Consent.id)
    ).all()
    found = [values(c, purpose=c.purpose) for c in rows]
    report.add("consents", _l("Einwilligungen"), found, Consent.__tablename__)


def history_of(rows: dict[str, set[int]]):
    """The condition on audit entries about these rows: {table: ids}."""
    return or_(
        *(
            and_(AuditEntry.table == table, AuditEntry.row_id.in_(sorted(ids)))
            for table, ids in rows.items()
            if ids
        )
    )


def _history(session: Session, report: Report) -> None:
    rows = session.scalars(
        select(AuditEntry)
        .where(history_of(report.rows))
        .options(selectinload(AuditEntry.user))
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    found = []
    for entry in rows:
        found.append(values(entry, user=entry.user.name if entry.user else None))
        hidden = report.hidden_fields(entry.table)
        if hidden and isinstance(entry.changes, dict):  # old and new values of hidden fields
            found[-1]["changes"] = {k: v for k, v in entry.changes.items() if k not in hidden}
    report.add("history", _l("Verlauf"), found)


# Each reads its rows into the report; the history last, as it covers the rows found before.
SECTIONS: tuple[Callable[[Session, Report], None], ...] = (
    _person,
    _roles,
    _volunteer,
    _participations,
    _assignments,
    _meetings,
    _delegations,
    _tasks,
    _consents,
    _history,
)


def access_report(
    session: Session, contact_id: int, role: Role | None = None, setting=None
) -> Report | None:
    """Everything about the contact a user of ``role`` may read under the office's
    ``SENSITIVE_FIELDS_ROLE`` setting (None: everything), or None when there is no such
    contact."""
    person = session.scalars(
        select(Contact)
        .where(Contact.id == contact_id)
        .options(
            selectinload(Contact.municipality),
            selectinload(Contact.tags),
            selectinload(Contact.languages),
        )
    ).one_or_none()
    if person is None:
        return None
    left_out = hidden_groups(role, setting) if role is not None else frozenset()
    report = Report(person, left_out=left_out, complete_for=complete_reader(left_out, setting))
    for read in SECTIONS:
        read(session, report)
    return report
