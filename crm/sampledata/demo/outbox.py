"""Mail the demo county has sent: the invitation to the first network's next meeting (its
delegates taken over, as a new meeting does) and the protocol of its last one, delivered,
and one mail the server refused for good, so that the meeting pages and „Postausgang“ show
what e-mail looks like at once."""

from ... import invitations, networking, operations
from ...errors import RuleError
from ...extensions import db
from ...models import MailStatus, NetworkMeeting, OutgoingMail
from ...models.base import utcnow
from ...protocol import load_protocol
from ...protocol_mail import send_protocol
from .county import County

SENDER = "lotse@lotsenau.example"
REFUSED = "Vom Mailserver abgelehnt: 550 5.1.1 Postfach unbekannt"


def mails(county: County) -> None:
    first = county.networks[0]
    meetings = sorted((m for m in county.meetings if m.network is first), key=_start)
    upcoming = next((m for m in meetings if m.starts_at.date() >= county.today), None)
    held = [m for m in meetings if m.starts_at.date() < county.today]
    sent: list[OutgoingMail] = []
    if upcoming is not None:
        operations.update(upcoming, networking.fill_participants)
        sent += _queued(invitations.invite, upcoming)
    if held:
        sent += _queued(send_protocol, held[-1])
    for mail in sent[:-1]:
        operations.update(mail, {"status": MailStatus.SENT, "attempts": 1, "sent_at": utcnow()})
    if sent:
        operations.update(
            sent[-1], {"status": MailStatus.FAILED, "attempts": 3, "last_error": REFUSED}
        )


def _start(meeting: NetworkMeeting):
    return meeting.starts_at


def _queued(queue, meeting: NetworkMeeting) -> list[OutgoingMail]:
    db.session.flush()
    try:
        return queue(db.session, load_protocol(db.session, meeting.id), SENDER)
    except RuleError:
        return []  # nobody at this meeting may be e-mailed: the demo goes on without
