"""The outbox: every mail Lotse sends is composed here, stored as queued through the write
path (so the history records it) and delivered from the queue, by ``crm send-mail`` from cron
or at once for the mails a user just asked for. A mail goes only to a person who may be
written to by e-mail; a server that refuses or is down leaves the mail queued with its error,
tried again after a pause, and after MAIL_MAX_ATTEMPTS it shows as failed."""

import email.policy
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload, undefer
from sqlalchemy.orm.exc import StaleDataError

from . import operations
from .errors import RuleError
from .mail_transport import transport
from .models import Contact, MailStatus, OutgoingMail, User
from .models.base import utcnow
from .protocol import may_email

MAIL_MAX_ATTEMPTS = 3
# A failed attempt is repeated by the next delivery run after this pause, not at once.
RETRY_PAUSE = timedelta(minutes=10)
# Sent with Message-IDs when the sender has no domain of its own.
FALLBACK_DOMAIN = "lotse.invalid"

# What kinds of mail there are, for the outbox's filter: {code: German label}. An area
# registers its own with :func:`kind`.
KINDS: dict[str, object] = {}


def kind(code: str, label) -> str:
    """Register a kind of mail with its label; returns the code to store."""
    KINDS[code] = label
    return code


@dataclass(frozen=True)
class Attachment:
    """A file of a mail: ``mime`` as ``type/subtype``, ``params`` such as {"method": "REQUEST"}
    go into its Content-Type."""

    filename: str
    data: bytes
    mime: str = "application/octet-stream"
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Counts:
    """What a delivery run did: sent (or filed as .eml), still waiting after a failed attempt,
    failed for good; the last error, for the page that asked."""

    sent: int = 0
    waiting: int = 0
    failed: int = 0
    last_error: str | None = None

    @property
    def tried(self) -> int:
        return self.sent + self.waiting + self.failed


def address(name: str | None, email_address: str) -> str:
    """``Name <address>`` for a To header, quoted where the name needs it (commas, umlauts)."""
    return formataddr((name or "", email_address))


def compose(
    *,
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    attachments: Iterable[Attachment] = (),
    unsubscribe: str | None = None,
    sender: str | None = None,
) -> EmailMessage:
    """A MIME message with the standard library: UTF-8 throughout (the subject encoded for
    the header), plain text with an HTML alternative, then the attachments. Without
    ``sender`` the From is MAIL_FROM, set when the mail is delivered."""
    message = EmailMessage(policy=email.policy.SMTP)
    if sender:
        message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    domain = parseaddr(sender or "")[1].rpartition("@")[2] or FALLBACK_DOMAIN
    message["Message-ID"] = make_msgid(domain=domain)
    if unsubscribe:
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
    # Quoted-printable keeps the lines 7-bit for servers without 8BITMIME.
    message.set_content(text, cte="quoted-printable")
    if html is not None:
        message.add_alternative(html, subtype="html", cte="quoted-printable")
    for attachment in attachments:
        maintype, _slash, subtype = attachment.mime.partition("/")
        message.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=subtype,
            filename=attachment.filename,
            params=dict(attachment.params),
        )
    return message


def enqueue(
    session: Session,
    message: EmailMessage,
    *,
    kind: str,
    contact: Contact | None = None,
    user: User | None = None,
    once_key: str | None = None,
    meeting=None,
) -> OutgoingMail | None:
    """Store the message as queued through the write path. None, and nothing stored, when a
    mail with this ``once_key`` exists (a command run twice sends nothing twice); a contact
    who may not be written to by e-mail is refused (RuleError). The caller commits."""
    if once_key is not None and session.scalar(
        select(OutgoingMail.id).where(OutgoingMail.once_key == once_key)
    ):
        return None
    mail = OutgoingMail(
        kind=kind,
        recipient=parseaddr(str(message["To"] or ""))[1],
        contact=contact,
        user=user,
        meeting=meeting,
        subject=str(message["Subject"] or "")[:300],
        message=message.as_bytes(),
        once_key=once_key,
        status=MailStatus.QUEUED,
        attempts=0,
    )
    return operations.create(mail, session)


@operations.rule(OutgoingMail)
def check_mail(mail: OutgoingMail, change: operations.Change) -> None:
    """A new mail needs an address, and a contact as recipient needs their permission."""
    if not change.created:
        return
    if "@" not in mail.recipient:
        raise RuleError(_("Die Mail hat keine gültige Empfängeradresse."), field="recipient")
    if mail.contact is not None and not may_email(mail.contact):
        raise RuleError(
            _(
                "%(name)s darf nicht per E-Mail angeschrieben werden (keine Adresse, keine "
                "Einwilligung oder „Kein Kontakt“).",
                name=mail.contact.full_name,
            ),
            field="contact",
        )


def deliver(
    session: Session,
    config: Mapping,
    *,
    limit: int | None = None,
    only: Collection[int] | None = None,
    now: datetime | None = None,
) -> Counts:
    """Send the queued mails (those tried before only after RETRY_PAUSE), or ``only`` these
    (queued or failed, at once: the mails a user just asked for or sends again by hand).

    Each mail is claimed before it is sent (its attempt counted and committed under its
    version, so two runs at once never send it twice) and its outcome committed after: call
    this after committing your own changes. Never raises for the server's sake."""
    now = now or utcnow()
    counts = Counts()
    mails = session.scalars(_due(now, limit, only)).all()
    if not mails:
        return counts
    sender = config.get("MAIL_FROM") or "lotse@localhost"
    way = transport(config)
    try:
        for mail in mails:
            _deliver_one(session, way, mail, sender, now, counts)
    finally:
        way.close()
    return counts


def _due(now: datetime, limit: int | None, only: Collection[int] | None):
    query = (
        select(OutgoingMail)
        .options(undefer(OutgoingMail.message), joinedload(OutgoingMail.contact))
        .order_by(OutgoingMail.id)
    )
    if only is not None:
        query = query.where(
            OutgoingMail.id.in_(list(only)),
            OutgoingMail.status.in_((MailStatus.QUEUED, MailStatus.FAILED)),
        )
    else:
        query = query.where(
            OutgoingMail.status == MailStatus.QUEUED,
            or_(OutgoingMail.tried_at.is_(None), OutgoingMail.tried_at <= now - RETRY_PAUSE),
        )
    return query.limit(limit) if limit else query


def _deliver_one(session, way, mail: OutgoingMail, sender: str, now, counts: Counts) -> None:
    # Read before the claim's commit expires the row.
    mail_id, recipient, message, attempt = mail.id, mail.recipient, mail.message, mail.attempts + 1
    withdrawn = mail.contact is not None and not may_email(mail.contact)
    try:
        operations.update(mail, {"attempts": attempt, "tried_at": now}, session=session)
        session.commit()
    except StaleDataError:
        session.rollback()  # another run has it
        return
    if withdrawn:
        error = "Nicht gesendet: die Person darf nicht mehr per E-Mail angeschrieben werden."
    else:
        error = way.send(
            sender, recipient, _with_sender(message, sender), f"{mail_id:06d}-{attempt}"
        )
    if error is None:
        outcome = {"status": MailStatus.SENT, "sent_at": utcnow(), "last_error": None}
        counts.sent += 1
    else:
        final = withdrawn or attempt >= MAIL_MAX_ATTEMPTS
        status = MailStatus.FAILED if final else MailStatus.QUEUED
        outcome = {"status": status, "last_error": error[:2000]}
        counts.last_error = error
        if final:
            counts.failed += 1
        else:
            counts.waiting += 1
    session.refresh(mail)  # so the history shows the old state beside the new
    operations.update(mail, outcome, session=session)
    session.commit()


def _with_sender(message: bytes, sender: str) -> bytes:
    """The stored message, with MAIL_FROM as its From if it was composed without one."""
    if b"\nfrom:" in b"\n" + message.split(b"\r\n\r\n", 1)[0].lower():
        return message
    return f"From: {sender}\r\n".encode() + message


def send_again(session: Session, mail: OutgoingMail, config: Mapping) -> Counts:
    """A mail tried by hand, whatever its attempts so far (the outbox screen's button)."""
    return deliver(session, config, only=[mail.id])
