"""Network work: standing groups of organisations, their meetings and the follow-up tasks."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .admin import User
from .base import (
    ChoiceType,
    NamedInSQL,
    SearchableMixin,
    SortableMixin,
    TimestampMixin,
    UTCDateTime,
    VersionMixin,
    ends_after_starts,
    link_table,
    sort_key_column,
)
from .choices import Attendance
from .organisations import Organisation
from .people import Contact

network_members = link_table(
    "network_members", ("network_id", "networks"), ("organisation_id", "organisations")
)


class Network(TimestampMixin, VersionMixin, SearchableMixin, SortableMixin, NamedInSQL, db.Model):
    """A Netzwerk, Arbeitskreis or Runder Tisch: organisations that meet regularly."""

    __tablename__ = "networks"
    __search_columns__ = ("name", "topic", "meets")
    __sort_columns__ = ("name",)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    sort_name: Mapped[str] = sort_key_column()
    topic: Mapped[str | None] = mapped_column(String(300))
    coordinator_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="RESTRICT"), index=True
    )
    meets: Mapped[str | None] = mapped_column(String(200))
    # Task owners of this network's meetings get e-mail reminders (crm.reminders).
    remind_partners: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    coordinator: Mapped[Contact | None] = relationship()
    members: Mapped[list[Organisation]] = relationship(
        secondary=network_members, order_by=Organisation.sort_name
    )
    delegates: Mapped[list["NetworkDelegate"]] = relationship(
        back_populates="network",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="NetworkDelegate.id",
    )

    def __str__(self) -> str:
        return self.name


class NetworkDelegate(TimestampMixin, db.Model):
    """A person who represents a member organisation in a network (Delegierte/r): the people
    a new meeting of the network starts with."""

    __tablename__ = "network_delegates"
    __table_args__ = (UniqueConstraint("network_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="RESTRICT"), index=True
    )

    network: Mapped[Network] = relationship(back_populates="delegates")
    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin="unnested")
    contact: Mapped[Contact] = relationship(lazy="joined", innerjoin="unnested")

    def __str__(self) -> str:
        return f"{self.contact} ({self.organisation})"


class NetworkMeeting(TimestampMixin, VersionMixin, SearchableMixin, SortableMixin, db.Model):
    """A meeting with its agenda, minutes and decisions; times are stored in UTC."""

    __tablename__ = "network_meetings"
    __table_args__ = (ends_after_starts("starts_at", "ends_at"),)
    __search_columns__ = ("title", "location", "agenda", "minutes", "decisions")
    __sort_columns__ = ("title",)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int | None] = mapped_column(
        ForeignKey("networks.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    sort_title: Mapped[str] = sort_key_column()
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    location: Mapped[str | None] = mapped_column(String(200))
    agenda: Mapped[str | None] = mapped_column(Text)
    minutes: Mapped[str | None] = mapped_column(Text)
    decisions: Mapped[str | None] = mapped_column(Text)
    # The invitation by e-mail (crm.invitations): its SEQUENCE in the .ics, when it last went
    # out, the time and place it stated (a change makes it outdated), and a cancellation.
    invitation_sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invited_for: Mapped[str | None] = mapped_column(String(400))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    network: Mapped[Network | None] = relationship()
    participants: Mapped[list["MeetingParticipant"]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="MeetingParticipant.id",
    )
    tasks: Mapped[list["FollowUpTask"]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="FollowUpTask.due_on",
    )

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%d.%m.%Y})" if self.starts_at else self.title


class MeetingParticipant(TimestampMixin, db.Model):
    __tablename__ = "meeting_participants"
    __table_args__ = (UniqueConstraint("meeting_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("network_meetings.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="RESTRICT"), index=True
    )
    # The organisation the person represented at this meeting.
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    attendance: Mapped[Attendance] = mapped_column(
        ChoiceType(Attendance), default=Attendance.PRESENT
    )

    meeting: Mapped[NetworkMeeting] = relationship(back_populates="participants")
    contact: Mapped[Contact] = relationship(lazy="joined", innerjoin="unnested")
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")

    def __str__(self) -> str:
        return str(self.contact)


class FollowUpTask(TimestampMixin, VersionMixin, SearchableMixin, db.Model):
    """An Aufgabe from a meeting (or standing alone), with an owner and a due date."""

    __tablename__ = "follow_up_tasks"
    __search_columns__ = ("description",)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_meetings.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="RESTRICT"), index=True
    )
    # A Lotse user as owner, instead of a contact: the tasks of "Meine Aufgaben".
    owner_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    done_on: Mapped[date | None] = mapped_column(Date, index=True)

    meeting: Mapped[NetworkMeeting | None] = relationship(back_populates="tasks")
    owner: Mapped[Contact | None] = relationship()
    owner_user: Mapped[User | None] = relationship()

    def __str__(self) -> str:
        return self.description[:60]
