"""Volunteer work: the guides, the newcomers they accompany and the assignments (their courses
are in crm.models.courses)."""

import datetime as dt
from datetime import date
from decimal import Decimal

from flask_babel import format_decimal
from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .admin import User
from .base import (
    ChoiceType,
    SearchableMixin,
    TimestampMixin,
    VersionMixin,
    ends_after_starts,
    link_table,
    not_negative,
)
from .choices import (
    AssignmentArea,
    AssignmentKind,
    AssignmentStatus,
    LanguageLevel,
    VolunteerStatus,
)
from .lifecycle import ExitReason, StatusChange
from .organisations import Organisation
from .people import Contact
from .reference import Language, Municipality

volunteer_municipalities = link_table(
    "volunteer_municipalities",
    ("volunteer_id", "volunteers"),
    ("municipality_id", "municipalities"),
)

newcomer_languages = link_table(
    "newcomer_languages", ("newcomer_id", "newcomers"), ("language_id", "languages")
)


class Volunteer(TimestampMixin, VersionMixin, SearchableMixin, db.Model):
    """A volunteer guide; name and address live on the contact, never copied here."""

    __tablename__ = "volunteers"
    __table_args__ = (
        ends_after_starts("active_since", "left_on"),
        not_negative("hours_per_month"),
    )
    __search_columns__ = ("availability",)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="RESTRICT"), unique=True
    )
    status: Mapped[VolunteerStatus] = mapped_column(
        ChoiceType(VolunteerStatus), default=VolunteerStatus.INTERESTED, index=True
    )
    active_since: Mapped[date | None] = mapped_column(Date, index=True)
    left_on: Mapped[date | None] = mapped_column(Date)
    availability: Mapped[str | None] = mapped_column(Text)
    hours_per_month: Mapped[int | None] = mapped_column(Integer)
    has_car: Mapped[bool] = mapped_column(Boolean, default=False)
    # Only with the volunteer's consent (data_consent_on).
    own_migration_experience: Mapped[bool | None] = mapped_column(Boolean)
    # § 72a(5) SGB VIII: the dates and whether it is disqualifying; nothing of its content.
    clearance_issued_on: Mapped[date | None] = mapped_column(Date, index=True)
    clearance_checked_on: Mapped[date | None] = mapped_column(Date)
    clearance_disqualifying: Mapped[bool] = mapped_column(Boolean, default=False)
    confidentiality_signed_on: Mapped[date | None] = mapped_column(Date)
    data_consent_on: Mapped[date | None] = mapped_column(Date)
    # Written by crm.volunteer_status.change_status only, with a StatusChange each time.
    paused_until: Mapped[date | None] = mapped_column(Date, index=True)
    exit_reason_id: Mapped[int | None] = mapped_column(
        ForeignKey("exit_reasons.id", ondelete="RESTRICT"), index=True
    )

    # Always with the contact: a volunteer is shown by the contact's name.
    contact: Mapped[Contact] = relationship(lazy="joined", innerjoin="unnested")
    language_skills: Mapped[list["VolunteerLanguage"]] = relationship(
        back_populates="volunteer", cascade="all, delete-orphan", passive_deletes=True
    )
    area_links: Mapped[list["VolunteerArea"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    areas: AssociationProxy[list[AssignmentArea]] = association_proxy(
        "area_links", "area", creator=lambda area: VolunteerArea(area=area)
    )
    municipalities: Mapped[list[Municipality]] = relationship(
        secondary=volunteer_municipalities, order_by=Municipality.sort_name
    )
    exit_reason: Mapped[ExitReason | None] = relationship()
    status_changes: Mapped[list[StatusChange]] = relationship(
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by=(StatusChange.changed_on, StatusChange.id),
    )

    def __str__(self) -> str:
        return str(self.contact) if self.contact else f"#{self.id}"


class VolunteerLanguage(TimestampMixin, db.Model):
    """A language a volunteer speaks, with the level that matching weighs."""

    __tablename__ = "volunteer_languages"
    __table_args__ = (UniqueConstraint("volunteer_id", "language_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id", ondelete="CASCADE"))
    language_id: Mapped[int] = mapped_column(
        ForeignKey("languages.id", ondelete="RESTRICT"), index=True
    )
    level: Mapped[LanguageLevel] = mapped_column(
        ChoiceType(LanguageLevel), default=LanguageLevel.FLUENT
    )

    volunteer: Mapped[Volunteer] = relationship(back_populates="language_skills")
    language: Mapped[Language] = relationship(lazy="joined", innerjoin="unnested")

    def __str__(self) -> str:
        return f"{self.language} ({self.level.label})" if self.level else str(self.language)


class VolunteerArea(TimestampMixin, db.Model):
    """An area of assignments a volunteer helps in (a row per area, so matching stays in SQL)."""

    __tablename__ = "volunteer_areas"

    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE"), primary_key=True
    )
    area: Mapped[AssignmentArea] = mapped_column(
        ChoiceType(AssignmentArea), primary_key=True, index=True
    )


class Newcomer(TimestampMixin, VersionMixin, SearchableMixin, db.Model):
    """A person or household accompanied; only what the work needs (a pseudonym is enough)."""

    __tablename__ = "newcomers"
    __table_args__ = (not_negative("household_size"),)
    # Not the needs and notes: sensitive (crm.sensitive), a viewer must not find by them.
    __search_columns__ = ("reference", "first_name")

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(60), unique=True)
    first_name: Mapped[str | None] = mapped_column(String(100))
    household_size: Mapped[int | None] = mapped_column(Integer)
    # Whether the household includes minors: an assignment then needs a valid clearance.
    has_minors: Mapped[bool] = mapped_column(Boolean, default=False)
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="RESTRICT"), index=True
    )
    needs: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)

    municipality: Mapped[Municipality | None] = relationship()
    languages: Mapped[list[Language]] = relationship(
        secondary=newcomer_languages, order_by=Language.sort_name
    )

    def __str__(self) -> str:
        return f"{self.reference} ({self.first_name})" if self.first_name else self.reference


class Assignment(TimestampMixin, VersionMixin, SearchableMixin, db.Model):
    """A volunteer helping a newcomer: a one-off accompaniment or a longer mentorship."""

    __tablename__ = "assignments"
    __table_args__ = (
        ends_after_starts("starts_on", "ends_on"),
        Index("ix_assignments_created_at", "created_at"),  # how long an open one has waited
        # A volunteer's matched and running assignments, counted by matching from the index.
        Index("ix_assignments_status_volunteer_id", "status", "volunteer_id"),
    )
    __search_columns__ = ("notes",)

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int | None] = mapped_column(
        ForeignKey("volunteers.id", ondelete="RESTRICT"), index=True
    )
    newcomer_id: Mapped[int | None] = mapped_column(
        ForeignKey("newcomers.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[AssignmentKind] = mapped_column(
        ChoiceType(AssignmentKind), default=AssignmentKind.ONE_OFF, index=True
    )
    area: Mapped[AssignmentArea] = mapped_column(ChoiceType(AssignmentArea), index=True)
    requested_by_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    requested_by_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[AssignmentStatus] = mapped_column(
        ChoiceType(AssignmentStatus), default=AssignmentStatus.OPEN, index=True
    )
    starts_on: Mapped[date | None] = mapped_column(Date, index=True)
    ends_on: Mapped[date | None] = mapped_column(Date, index=True)
    needs_car: Mapped[bool] = mapped_column(Boolean, default=False)
    # Who found the volunteer, and when (crm.assignments.advance to "matched").
    matched_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    matched_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    volunteer: Mapped[Volunteer | None] = relationship()
    newcomer: Mapped[Newcomer | None] = relationship()
    matched_by: Mapped[User | None] = relationship()
    requested_by_organisation: Mapped[Organisation | None] = relationship()
    requested_by_contact: Mapped[Contact | None] = relationship()
    logs: Mapped[list["AssignmentLog"]] = relationship(
        back_populates="assignment",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="AssignmentLog.date",
    )

    def __str__(self) -> str:
        return f"{self.area.label if self.area else ''} – {self.newcomer or '?'}"


class AssignmentLog(TimestampMixin, db.Model):
    """Time and travel of one day of an assignment, for reports and expense allowances."""

    __tablename__ = "assignment_logs"
    __table_args__ = (not_negative("hours"), not_negative("kilometres"))

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    hours: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    kilometres: Mapped[Decimal | None] = mapped_column(Numeric(7, 1))
    note: Mapped[str | None] = mapped_column(String(500))

    assignment: Mapped[Assignment] = relationship(back_populates="logs")

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}: {format_decimal(self.hours)} h"  # 2,5 h in German
