"""A meeting's protocol by e-mail: the PDF of crm.protocol_pdf to every participant who may be
written to, with one action; the outbox rows linked to the meeting say who received it. The
same protocol goes once: sent again only after the meeting was changed (its version)."""

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from . import operations
from .errors import RuleError
from .meeting_mail import OFFICE_LOCALE, Letter, day_of, paragraph, send_to_participants
from .models import OutgoingMail
from .models.base import utcnow
from .outbox import Attachment, kind
from .protocol import Protocol
from .protocol_pdf import protocol_pdf

PROTOCOL = kind("protokoll", _l("Protokoll"))


def send_protocol(
    session, protocol: Protocol, sender: str, seen_version=None, now: datetime | None = None
) -> list[OutgoingMail]:
    """Queue the protocol, as the user saw it (``seen_version``), for the participants who may
    be written to by e-mail; an empty list when each of them has it already in this version.
    The caller commits and delivers."""
    meeting = protocol.meeting
    operations.check_version(meeting, seen_version)
    if meeting.starts_at > (now or utcnow()):
        raise RuleError(_("Das Treffen hat noch nicht stattgefunden; es gibt noch kein Protokoll."))
    with force_locale(OFFICE_LOCALE):
        pdf = Attachment(protocol.file_name, protocol_pdf(protocol), "application/pdf")
        content = Letter(
            _("Protokoll: %(title)s vom %(day)s", title=meeting.title, day=day_of(meeting)),
            [
                paragraph(
                    _(
                        "anbei das Protokoll des Treffens „%(title)s“ vom %(when)s.",
                        title=meeting.title,
                        when=protocol.when,
                    )
                ),
                paragraph(_("Bitte prüfen Sie die Aufgaben, die bei Ihnen liegen.")),
            ],
            [pdf],
        )
    return send_to_participants(
        session,
        protocol,
        kind=PROTOCOL,
        letter=lambda participant: content,
        sender=sender,
        once_key=f"meeting-{meeting.id}-{PROTOCOL}-v{meeting.version}",
    )
