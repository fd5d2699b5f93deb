"""Invitations to a meeting by e-mail, with an .ics that calendar programs take over with one
click (METHOD:REQUEST); the same UID as the calendar feed (crm.calendars), so an update
(SEQUENCE one higher) moves the entry and a cancellation (METHOD:CANCEL) takes it out.

The meeting keeps what its last invitation stated: when date, time or place change after it
went out, the invitation is outdated and the meeting's page offers to send an update (a
button, not on every save: a typo fixed in the place need not reach everybody at once)."""

from dataclasses import replace
from datetime import UTC

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from icalendar import Calendar, vCalAddress, vText

from . import operations
from .calendars import event_of, meeting_entry
from .errors import RuleError
from .meeting_mail import (
    OFFICE_LOCALE,
    Block,
    Letter,
    day_of,
    formatted,
    heading,
    paragraph,
    send_to_participants,
)
from .models import MeetingParticipant, NetworkMeeting, OutgoingMail
from .models.base import utcnow
from .outbox import Attachment, kind
from .protocol import Protocol

INVITATION = kind("einladung", _l("Einladung"))
UPDATE = kind("einladung-aktualisiert", _l("Geänderte Einladung"))
CANCELLATION = kind("absage", _l("Absage"))
ICS_NAME = "termin.ics"


def stated(meeting: NetworkMeeting) -> str:
    """Date, time and place as an invitation states them; another value means it is outdated."""
    ends = meeting.ends_at.astimezone(UTC).isoformat() if meeting.ends_at else ""
    return f"{meeting.starts_at.astimezone(UTC).isoformat()}|{ends}|{meeting.location or ''}"


def outdated(meeting: NetworkMeeting) -> bool:
    """Whether an invitation went out and the meeting has moved since („nicht mehr aktuell“)."""
    return (
        meeting.invited_at is not None
        and meeting.cancelled_at is None
        and meeting.invited_for != stated(meeting)
    )


def invite(session, protocol: Protocol, sender: str, seen_version=None) -> list[OutgoingMail]:
    """The invitation, or after one went out the update (same UID, SEQUENCE + 1), to every
    participant who may be written to by e-mail; queued, the caller commits and delivers."""
    meeting = protocol.meeting
    if meeting.cancelled_at is not None:
        raise RuleError(_("Das Treffen ist abgesagt; es wird nicht mehr eingeladen."))
    first = meeting.invited_at is None
    sequence = meeting.invitation_sequence + (0 if first else 1)
    _record(
        session, meeting, sequence, seen_version, invited_at=utcnow(), invited_for=stated(meeting)
    )
    return _send(session, protocol, sender, INVITATION if first else UPDATE, "REQUEST", sequence)


def cancel(session, protocol: Protocol, sender: str, seen_version=None) -> list[OutgoingMail]:
    """„Absagen“: METHOD:CANCEL with the invitation's UID to every participant who may be
    written to; the meeting is marked cancelled."""
    meeting = protocol.meeting
    if meeting.invited_at is None:
        raise RuleError(
            _(
                "Zu diesem Treffen ist noch keine Einladung verschickt worden; es gibt nichts "
                "abzusagen."
            )
        )
    if meeting.cancelled_at is not None:
        raise RuleError(_("Das Treffen ist schon abgesagt."))
    sequence = meeting.invitation_sequence + 1
    _record(session, meeting, sequence, seen_version, cancelled_at=utcnow())
    return _send(session, protocol, sender, CANCELLATION, "CANCEL", sequence)


def _record(session, meeting, sequence, seen_version, **changes) -> None:
    changes = {"invitation_sequence": sequence, **changes}
    operations.update(meeting, changes, seen_version=seen_version, session=session)


def _send(session, protocol, sender, mail_kind, method, sequence) -> list[OutgoingMail]:
    entry = meeting_entry(session, protocol.meeting.id)
    with force_locale(OFFICE_LOCALE):
        description = "\n".join(formatted(protocol.meeting.agenda).text.splitlines())
    entry = replace(entry, sequence=sequence, stamp=utcnow(), description=description)

    def letter(participant: MeetingParticipant) -> Letter:
        ics = invitation_ics(entry, method, sender, participant)
        attachment = Attachment(ICS_NAME, ics, "text/calendar", {"method": method})
        return Letter(_subject(mail_kind, protocol), _blocks(mail_kind, protocol), [attachment])

    return send_to_participants(
        session,
        protocol,
        kind=mail_kind,
        letter=letter,
        sender=sender,
        once_key=f"meeting-{protocol.meeting.id}-{mail_kind}-{sequence}",
    )


def invitation_ics(entry, method: str, organizer: str, participant: MeetingParticipant) -> bytes:
    """The calendar of one mail: the event with the office as ORGANIZER and the recipient as
    the one ATTENDEE (the others' addresses are not theirs to see)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Lotse//Lotse CRM//DE")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = event_of(entry)
    office = vCalAddress(f"mailto:{organizer}")
    office.params["cn"] = vText("Lotse")
    event.add("organizer", office)
    contact = participant.contact
    attendee = vCalAddress(f"mailto:{contact.email}")
    attendee.params.update(
        {
            "cn": vText(contact.full_name),
            "role": vText("REQ-PARTICIPANT"),
            "partstat": vText("NEEDS-ACTION"),
            "rsvp": vText("FALSE"),
        }
    )
    event.add("attendee", attendee)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


def _subject(mail_kind: str, protocol: Protocol) -> str:
    day = day_of(protocol.meeting)
    title = protocol.meeting.title
    if mail_kind == CANCELLATION:
        return _("Abgesagt: %(title)s am %(day)s", title=title, day=day)
    if mail_kind == UPDATE:
        return _("Geändert: %(title)s am %(day)s", title=title, day=day)
    return _("Einladung: %(title)s am %(day)s", title=title, day=day)


def _blocks(mail_kind: str, protocol: Protocol) -> list[Block]:
    meeting = protocol.meeting
    name = meeting.network.name if meeting.network else None
    if mail_kind == CANCELLATION:
        opening = _(
            "das Treffen „%(title)s“ am %(when)s findet nicht statt.",
            title=meeting.title,
            when=protocol.when,
        )
        return [
            paragraph(opening),
            paragraph(_("Der Termin wird mit der angehängten Datei aus Ihrem Kalender entfernt.")),
        ]
    if mail_kind == UPDATE:
        opening = _("das Treffen „%(title)s“ hat sich geändert; es gilt:", title=meeting.title)
    elif name:
        opening = _(
            "herzliche Einladung zum Treffen „%(title)s“ des Netzwerks „%(network)s“.",
            title=meeting.title,
            network=name,
        )
    else:
        opening = _("herzliche Einladung zum Treffen „%(title)s“.", title=meeting.title)
    return [
        paragraph(opening),
        paragraph(_("Zeit: %(when)s", when=protocol.when)),
        paragraph(_("Ort: %(place)s", place=meeting.location or "—")),
        heading(_("Tagesordnung")),
        formatted(meeting.agenda),
        paragraph(_("Mit der angehängten Datei übernehmen Sie den Termin in Ihren Kalender.")),
    ]
