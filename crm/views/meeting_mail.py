"""The mail of the meeting screen: „Einladung senden“ (or its update, when the meeting moved),
„Absagen“ and „Protokoll versenden“, each one action that queues the mails, commits and
delivers them at once; a server that is down is said on the page and the outbox tries again.
Mixed into MeetingView, with the lists of the meeting's mails and of who gets none."""

from flask import current_app, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from .. import invitations
from ..extensions import db
from ..inputs import as_id
from ..meeting_mail import unreachable, why_not
from ..models import Contact, MeetingParticipant, NetworkMeeting, OutgoingMail
from ..models.base import utcnow
from ..outbox import KINDS, deliver
from ..protocol import load_protocol
from ..protocol_mail import send_protocol
from .related import Column, RelatedList

MAIL_LISTS = (
    RelatedList(
        _l("E-Mails zu diesem Treffen"),
        lambda meeting: (
            select(OutgoingMail)
            .where(OutgoingMail.meeting_id == meeting.id)
            .order_by(OutgoingMail.created_at.desc(), OutgoingMail.id.desc())
        ),
        (
            Column("recipient"),
            Column(lambda result: KINDS.get(result[0].kind, result[0].kind), _l("Art")),
            Column("status"),
            Column("created_at", _l("Erstellt am")),
        ),
        shown=50,
        hide_empty=True,
    ),
    RelatedList(
        _l("Bekommen keine E-Mail"),
        lambda meeting: (
            select(MeetingParticipant)
            .join(MeetingParticipant.contact)
            .options(contains_eager(MeetingParticipant.contact))
            .where(MeetingParticipant.meeting_id == meeting.id, unreachable())
            .order_by(*Contact.name_order(), MeetingParticipant.id)
        ),
        (
            Column("contact", _l("Name")),
            Column(lambda result: why_not(result[0].contact), _l("Warum nicht")),
        ),
        shown=100,
        hide_empty=True,
    ),
)


class MeetingMail:
    """The mail endpoints of the meeting screen; ``mail_state`` feeds its page."""

    write_endpoints = frozenset({"invite", "cancel_meeting", "send_protocol"})

    def mail_state(self, meeting: NetworkMeeting) -> dict:
        """What the page says and offers: invited or cancelled when, outdated, held."""

        def when(moment):
            return format_datetime(moment, "short") if moment else None

        return {
            "invited": when(meeting.invited_at),
            "cancelled": when(meeting.cancelled_at),
            "outdated": invitations.outdated(meeting),
            "held": meeting.starts_at <= utcnow(),
        }

    @expose("/invite/", methods=("POST",))
    def invite(self):
        """The invitation, or its update once one went out."""
        return self._mailed(invitations.invite, _("Einladung"))

    @expose("/cancel/", methods=("POST",))
    def cancel_meeting(self):
        return self._mailed(invitations.cancel, _("Absage"))

    @expose("/send-protocol/", methods=("POST",))
    def send_protocol(self):
        return self._mailed(send_protocol, _("Protokoll"))

    def _mailed(self, queue, what: str):
        """Queue with the meeting's version as the user saw it, commit, deliver at once."""
        meeting_id = as_id(request.form.get("id"))
        protocol = load_protocol(db.session, meeting_id) if meeting_id else None
        if protocol is None:
            flash(_("Dieses Treffen gibt es nicht (mehr)."), "error")
            return redirect(url_for(".index_view"))
        config = current_app.config
        queued: list[int] = []

        def write():
            mails = queue(
                db.session,
                protocol,
                config["MAIL_FROM"],
                seen_version=request.form.get("version", ""),
            )
            queued.extend(mail.id for mail in mails)

        if self._written(None, write):
            _say(what, len(queued), deliver(db.session, config, only=queued))
        return redirect(url_for(".details_view", id=meeting_id))


def _say(what: str, queued: int, counts) -> None:
    if not queued:
        flash(_("%(what)s: alle Teilnehmenden haben diese E-Mail schon.", what=what), "info")
    elif counts.sent == queued:
        flash(_("%(what)s an %(n)d Teilnehmende versandt.", what=what, n=queued), "success")
    else:
        flash(
            _(
                "%(what)s: %(sent)d von %(n)d E-Mails versandt. Der Mailserver hat die übrigen "
                "nicht angenommen (%(error)s); sie bleiben im Postausgang und werden beim "
                "nächsten Versand („crm send-mail“) erneut versucht.",
                what=what,
                sent=counts.sent,
                n=queued,
                error=counts.last_error,
            ),
            "warning",
        )
