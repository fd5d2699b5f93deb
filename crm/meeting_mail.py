"""What the mails of a meeting share (invitation, update, cancellation, protocol): who of its
participants may get one and why the others may not, and the letter around the content (the
greeting, the sentence how to stop mail), queued one per person through crm.outbox.

Mails go out in the office's language, whatever language the sender's screen is in."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import not_

from .errors import RuleError
from .formatted_text import plain_blocks, render_markdown
from .mailing import Channel, reachable
from .models import Contact, MeetingParticipant, OutgoingMail
from .outbox import Attachment, address, compose, enqueue
from .protocol import Protocol
from .views.fields import LOCAL_TIME

OFFICE_LOCALE = "de"


def day_of(meeting) -> str:
    """The meeting's day as the office writes it (the subject's date)."""
    return f"{meeting.starts_at.astimezone(LOCAL_TIME):%d.%m.%Y}"


def why_not(contact: Contact) -> str | None:
    """Why a person gets no mail, or None if they may be written to by e-mail."""
    if contact.do_not_contact:
        return _("möchte nicht kontaktiert werden")
    if not contact.email:
        return _("keine E-Mail-Adresse")
    if not contact.may_mail_email:
        return _("keine Einwilligung für E-Mail")
    return None


def unreachable():
    """The SQL condition of participants' contacts who may not be written to by e-mail."""
    return not_(reachable(Channel.EMAIL))


@dataclass(frozen=True)
class Block:
    """A paragraph of a mail, as plain text and as HTML."""

    text: str
    html: Markup


def paragraph(text: str) -> Block:
    return Block(text, Markup("<p>{}</p>").format(text))


def heading(text: str) -> Block:
    return Block(text + ":", Markup("<h3>{}</h3>").format(text))


def formatted(markdown: str | None) -> Block:
    """A Markdown field (an agenda): plain paragraphs, and the cleaned HTML of the page."""
    blocks = plain_blocks(markdown) or ["—"]
    return Block("\n".join(blocks), render_markdown(markdown) or Markup("<p>—</p>"))


@dataclass(frozen=True)
class Letter:
    subject: str
    blocks: list[Block]
    attachments: list[Attachment] = field(default_factory=list)


def _text(greeting: str, blocks: Iterable[Block], footer: str) -> str:
    return "\n\n".join([greeting, *(b.text for b in blocks), "-- ", footer]) + "\n"


def _html(greeting: str, blocks: Iterable[Block], footer: str) -> str:
    body = Markup("").join(b.html for b in blocks)
    return str(
        Markup(
            '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"></head><body>'
            '<p>{}</p>{}<hr><p style="color:#666;font-size:90%">{}</p></body></html>'
        ).format(greeting, body, footer)
    )


def send_to_participants(
    session,
    protocol: Protocol,
    *,
    kind: str,
    letter: Callable[[MeetingParticipant], Letter],
    sender: str,
    once_key: str,
) -> list[OutgoingMail]:
    """One mail to each participant who may be written to by e-mail, queued (the caller
    commits, then delivers them); ``once_key`` and the contact make each mail's key."""
    if all(why_not(p.contact) for p in protocol.participants):
        raise RuleError(_("Niemand unter den Teilnehmenden darf per E-Mail angeschrieben werden."))
    mails = []
    with force_locale(OFFICE_LOCALE):
        footer = _(
            "Sie erhalten diese E-Mail, weil Sie bei diesem Treffen als Teilnehmer/in "
            "eingetragen sind. Wenn Sie keine E-Mails mehr von uns erhalten möchten, antworten "
            "Sie bitte mit „Abmelden“ auf diese Nachricht."
        )
        for participant in protocol.participants:
            contact = participant.contact
            if why_not(contact) is not None:
                continue
            content = letter(participant)
            greeting = _("Guten Tag %(name)s,", name=contact.full_name)
            message = compose(
                to=address(contact.full_name, contact.email),
                subject=content.subject,
                text=_text(greeting, content.blocks, footer),
                html=_html(greeting, content.blocks, footer),
                attachments=content.attachments,
                unsubscribe=f"mailto:{sender}?subject=Abmelden",
                sender=sender,
            )
            mail = enqueue(
                session,
                message,
                kind=kind,
                contact=contact,
                meeting=protocol.meeting,
                once_key=f"{once_key}-contact-{contact.id}",
            )
            if mail is not None:
                mails.append(mail)
    return mails
