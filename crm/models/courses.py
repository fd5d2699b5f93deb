"""Courses of the volunteers: a course defines its numbered modules once; a training is one run
of it at a location by a carrier, with a date for each module, its participants and what they
attended."""

import datetime as dt
from datetime import date
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    cast,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import (
    ChoiceType,
    NamedInSQL,
    SearchableMixin,
    SortableMixin,
    TimestampMixin,
    VersionMixin,
    ends_after_starts,
    link_table,
    not_negative,
    sort_key_column,
)
from .choices import ParticipationStatus
from .organisations import Organisation
from .volunteering import Volunteer

# Attendance: a participation and a module date, of the participant's own run or, made up,
# of another run of the same course (crm.courses checks that).
module_attendance = link_table(
    "module_attendance",
    ("participation_id", "training_participations"),
    ("module_id", "training_modules"),
    target_ondelete="CASCADE",
)


class Course(TimestampMixin, VersionMixin, SearchableMixin, SortableMixin, NamedInSQL, db.Model):
    """A curriculum (e.g. "Qualifizierung Integrationsbegleitung") with its numbered modules."""

    __tablename__ = "courses"
    __search_columns__ = ("title", "description")
    __sort_columns__ = ("title",)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    sort_title: Mapped[str] = sort_key_column()
    description: Mapped[str | None] = mapped_column(Text)

    modules: Mapped[list["CourseModule"]] = relationship(
        back_populates="course",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CourseModule.number",
    )

    def __str__(self) -> str:
        return self.title

    @classmethod
    def sql_name(cls):
        return cls.title, cls.__table__


class CourseModule(TimestampMixin, VersionMixin, NamedInSQL, db.Model):
    """A numbered module of a course, defined once for all of its runs."""

    __tablename__ = "course_modules"
    __table_args__ = (
        UniqueConstraint("course_id", "number"),
        not_negative("number"),
        not_negative("hours"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    hours: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    description: Mapped[str | None] = mapped_column(Text)

    course: Mapped[Course] = relationship(back_populates="modules")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @classmethod
    def sql_name(cls):
        return cast(cls.number, String) + ". " + cls.title, cls.__table__


class Training(TimestampMixin, VersionMixin, SearchableMixin, SortableMixin, db.Model):
    """A run of a course: at a location, by a carrier, with its own dates."""

    __tablename__ = "trainings"
    __table_args__ = (ends_after_starts("starts_on", "ends_on"), not_negative("capacity"))
    __search_columns__ = ("title", "location", "description")
    __sort_columns__ = ("title",)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    sort_title: Mapped[str] = sort_key_column()
    carrier_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    description: Mapped[str | None] = mapped_column(Text)
    starts_on: Mapped[date | None] = mapped_column(Date, index=True)
    ends_on: Mapped[date | None] = mapped_column(Date)
    capacity: Mapped[int | None] = mapped_column(Integer)
    location: Mapped[str | None] = mapped_column(String(200))

    course: Mapped[Course] = relationship()
    carrier: Mapped[Organisation | None] = relationship()
    modules: Mapped[list["TrainingModule"]] = relationship(
        back_populates="training",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="TrainingModule.id",
    )
    participations: Mapped[list["TrainingParticipation"]] = relationship(
        back_populates="training", passive_deletes="all"
    )

    def __str__(self) -> str:
        return self.title


class TrainingModule(TimestampMixin, VersionMixin, NamedInSQL, db.Model):
    """A course module's date in one run; its version numbers the changes of its calendar
    entry. Number and title are the course module's."""

    __tablename__ = "training_modules"
    __table_args__ = (UniqueConstraint("training_id", "course_module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("trainings.id", ondelete="CASCADE"))
    course_module_id: Mapped[int] = mapped_column(
        ForeignKey("course_modules.id", ondelete="RESTRICT"), index=True
    )
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    location: Mapped[str | None] = mapped_column(String(200))
    trainer: Mapped[str | None] = mapped_column(String(200))

    training: Mapped[Training] = relationship(back_populates="modules")
    # Always with its course module: a module date is named by it.
    course_module: Mapped[CourseModule] = relationship(lazy="joined", innerjoin="unnested")

    def __str__(self) -> str:
        return str(self.course_module) if self.course_module else f"#{self.id}"

    @classmethod
    def sql_name(cls):
        name, _ = CourseModule.sql_name()
        return name, cls.__table__.join(
            CourseModule.__table__, CourseModule.id == cls.course_module_id
        )


class TrainingParticipation(TimestampMixin, VersionMixin, db.Model):
    """A volunteer's place in a run, the module dates attended and the certificate: its date,
    and what it certified when first issued, so that a re-print is the same certificate."""

    __tablename__ = "training_participations"
    __table_args__ = (UniqueConstraint("training_id", "volunteer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("trainings.id", ondelete="RESTRICT"))
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteers.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[ParticipationStatus] = mapped_column(
        ChoiceType(ParticipationStatus), default=ParticipationStatus.REGISTERED, index=True
    )
    certificate_issued_on: Mapped[date | None] = mapped_column(Date, index=True)
    # crm.certificates.Certificate as written on the first issue.
    certificate: Mapped[dict | None] = mapped_column(JSON)

    training: Mapped[Training] = relationship(back_populates="participations")
    volunteer: Mapped[Volunteer] = relationship()
    modules_attended: Mapped[list[TrainingModule]] = relationship(
        secondary=module_attendance, order_by=TrainingModule.id
    )

    def __str__(self) -> str:
        return f"{self.volunteer} – {self.training}"
