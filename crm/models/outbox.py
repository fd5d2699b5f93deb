"""The outbox: every mail Lotse sends, kept as the message that went (or will go) out, with
its state, so that a server that is down delays a mail instead of losing it, and so that
nothing with the same ``once_key`` is sent twice."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .admin import User
from .base import Choice, ChoiceType, TimestampMixin, UTCDateTime, VersionMixin
from .networks import NetworkMeeting
from .people import Contact


class MailStatus(Choice):
    QUEUED = "wartet", _l("wartet")
    SENT = "gesendet", _l("gesendet")
    FAILED = "fehlgeschlagen", _l("fehlgeschlagen")


class OutgoingMail(TimestampMixin, VersionMixin, db.Model):
    """One mail to one recipient. ``message`` holds the whole MIME message as sent; the
    contact, user and meeting it concerns are kept as links that go empty when those go.
    The version guards a mail against two deliveries at once (crm.outbox.deliver)."""

    __tablename__ = "outgoing_mails"
    # The outbox screen lists the newest first.
    __table_args__ = (Index("ix_outgoing_mails_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    recipient: Mapped[str] = mapped_column(String(254))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_meetings.id", ondelete="SET NULL"), index=True
    )
    subject: Mapped[str] = mapped_column(String(300))
    message: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    once_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    status: Mapped[MailStatus] = mapped_column(
        ChoiceType(MailStatus), default=MailStatus.QUEUED, index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    tried_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    contact: Mapped[Contact | None] = relationship()
    user: Mapped[User | None] = relationship()
    meeting: Mapped[NetworkMeeting | None] = relationship()

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient}"
