"""Rules of network work and what a screen does with a meeting: who a new meeting starts with,
attendance marked on one screen, guests, tasks closed with one click; and the SQL conditions of
the task list and the start page. The caller writes through crm.operations and commits."""

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_

from . import operations
from .errors import RuleError
from .extensions import db
from .models import (
    Contact,
    ContactRole,
    FollowUpTask,
    MeetingParticipant,
    Network,
    NetworkDelegate,
    NetworkMeeting,
    Organisation,
    User,
)
from .models.choices import Attendance


def task_overdue(today: date):
    return and_(FollowUpTask.done_on.is_(None), FollowUpTask.due_on < today)


def task_open():
    return FollowUpTask.done_on.is_(None)


def meeting_upcoming(today: date, days: int = 30):
    start = datetime.combine(today, time.min, tzinfo=UTC)
    return and_(
        NetworkMeeting.starts_at >= start, NetworkMeeting.starts_at < start + timedelta(days=days)
    )


def holds_role_at(contact: Contact, organisation: Organisation, today: date) -> bool:
    """Whether the person works at the organisation today (a function not ended)."""
    return any(
        role.organisation is organisation and (role.until is None or role.until >= today)
        for role in contact.roles
    )


@operations.rule(NetworkDelegate)
def check_delegate(delegate: NetworkDelegate, change: operations.Change) -> None:
    """A delegate represents a member organisation at which they work, and once per network."""
    network, organisation, contact = delegate.network, delegate.organisation, delegate.contact
    if network is None or organisation is None or contact is None:
        return
    if organisation not in network.members:
        raise RuleError(
            _(
                "„%(organisation)s“ ist kein Mitglied des Netzwerks; bitte zuerst als "
                "Mitgliedsorganisation eintragen.",
                organisation=str(organisation),
            ),
            field="delegates",
        )
    if change.touches("contact", "organisation") and not holds_role_at(
        contact, organisation, date.today()
    ):
        raise RuleError(
            _(
                "„%(contact)s“ hat keine aktuelle Funktion bei „%(organisation)s“ und kann sie "
                "nicht vertreten.",
                contact=str(contact),
                organisation=str(organisation),
            ),
            field="delegates",
        )
    if any(d is not delegate and d.contact is contact for d in network.delegates):
        raise RuleError(
            _("„%(contact)s“ ist schon Delegierte/r dieses Netzwerks.", contact=str(contact)),
            field="delegates",
        )


@operations.rule(Network)
def check_members_delegated(network: Network, change: operations.Change) -> None:
    """An organisation leaves a network only without its delegates."""
    if change.created or not change.touches("members"):
        return
    left = {str(d.organisation) for d in network.delegates if d.organisation not in network.members}
    if left:
        raise RuleError(
            _(
                "Für „%(organisations)s“ sind noch Delegierte eingetragen; bitte zuerst diese "
                "entfernen.",
                organisations=", ".join(sorted(left)),
            ),
            field="members",
        )


@operations.rule(MeetingParticipant)
def check_listed_once(participant: MeetingParticipant, change: operations.Change) -> None:
    """A person is listed once per meeting, for one organisation."""
    meeting, contact = participant.meeting, participant.contact
    if meeting is None or contact is None or not change.touches("contact", "meeting"):
        return
    if any(p is not participant and p.contact is contact for p in meeting.participants):
        raise RuleError(
            _("„%(contact)s“ steht schon auf der Teilnahmeliste.", contact=str(contact)),
            field="participants",
        )


@operations.rule(FollowUpTask)
def check_owner(task: FollowUpTask, change: operations.Change) -> None:
    """A task has at most one owner, a contact or a user, and that owner exists."""
    if not change.touches("owner", "owner_id", "owner_user", "owner_user_id"):
        return
    for relation, column, model in (
        ("owner", "owner_id", Contact),
        ("owner_user", "owner_user_id", User),
    ):
        key = getattr(task, column)
        if (
            key is not None
            and getattr(task, relation) is None
            and db.session.get(model, key) is None
        ):
            raise RuleError(_("Die zuständige Person gibt es nicht (mehr)."), field=relation)
    if task.owner is not None and task.owner_user is not None:
        raise RuleError(
            _(
                "Eine Aufgabe hat eine zuständige Person: einen Kontakt oder eine Benutzerin "
                "bzw. einen Benutzer, nicht beide."
            ),
            field="owner_user",
        )
    if task.owner_user is not None and not task.owner_user.active and change.touches("owner_user"):
        raise RuleError(
            _("„%(user)s“ ist deaktiviert.", user=task.owner_user.name), field="owner_user"
        )


def fill_participants(meeting: NetworkMeeting) -> int:
    """Lists the network's delegates not yet on the meeting's list, each for the organisation
    they represent and marked present (a meeting is logged by marking who was not); returns
    how many were added."""
    if meeting.network is None:
        return 0
    listed = {p.contact for p in meeting.participants}
    added = 0
    for delegate in meeting.network.delegates:
        if delegate.contact not in listed:
            meeting.participants.append(
                MeetingParticipant(
                    contact=delegate.contact,
                    organisation=delegate.organisation,
                    attendance=Attendance.PRESENT,
                )
            )
            listed.add(delegate.contact)
            added += 1
    return added


def mark_attendance(
    meeting: NetworkMeeting, marks: Mapping[int, tuple[Attendance, Attendance]]
) -> int:
    """Sets each participant's attendance, given by participant id as (as the form showed it,
    as chosen); only what the user changed is written, so two people marking different
    participants at once both keep theirs. Returns how many changed."""
    changed = 0
    for participant in meeting.participants:
        shown, chosen = marks.get(participant.id, (None, None))
        if chosen is not None and chosen != shown and chosen != participant.attendance:
            participant.attendance = chosen
            changed += 1
    return changed


def add_guest(
    meeting: NetworkMeeting, contact: Contact, organisation: Organisation | None = None
) -> MeetingParticipant:
    """Lists a guest, for the organisation given or else the one they work at today."""
    if organisation is None:
        current = [r for r in contact.roles if r.until is None or r.until >= date.today()]
        organisation = current[0].organisation if current else None
    guest = MeetingParticipant(
        contact=contact, organisation=organisation, attendance=Attendance.PRESENT
    )
    meeting.participants.append(guest)
    return guest


def new_contact(first_name: str, last_name: str, organisation: Organisation | None) -> Contact:
    """A person met as a guest, working at ``organisation`` from today (to be created)."""
    person = Contact(first_name=first_name or None, last_name=last_name)
    if organisation is not None:
        person.roles.append(ContactRole(organisation=organisation, since=date.today()))
    return person


def close_task(task: FollowUpTask, today: date) -> bool:
    """Marks the task done today through the write path; False if it was done already."""
    if task.done_on is not None:
        return False
    operations.update(task, {"done_on": today})
    return True
