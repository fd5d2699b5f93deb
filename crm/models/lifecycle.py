"""A volunteer's life cycle: the history of status changes, the reasons for leaving an office
can edit, and the areas of work that need a clearance certificate (§ 72a SGB VIII)."""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import ChoiceType, NamedInSQL, TimestampMixin
from .choices import AssignmentArea, VolunteerStatus


class ExitReason(TimestampMixin, NamedInSQL, db.Model):
    """Why a volunteer left (moved, no time, job, other): a short list the office keeps."""

    __tablename__ = "exit_reasons"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0, index=True)  # the lists' order

    def __str__(self) -> str:
        return self.name


class StatusChange(TimestampMixin, db.Model):
    """One step of a volunteer's life cycle, with its date: the history the figures count."""

    __tablename__ = "volunteer_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[VolunteerStatus] = mapped_column(ChoiceType(VolunteerStatus))
    previous_status: Mapped[VolunteerStatus | None] = mapped_column(ChoiceType(VolunteerStatus))
    changed_on: Mapped[date] = mapped_column(Date, index=True)
    until: Mapped[date | None] = mapped_column(Date)  # paused until
    exit_reason_id: Mapped[int | None] = mapped_column(
        ForeignKey("exit_reasons.id", ondelete="RESTRICT"), index=True
    )
    note: Mapped[str | None] = mapped_column(String(500))

    exit_reason: Mapped[ExitReason | None] = relationship()

    def __str__(self) -> str:
        return f"{self.changed_on:%d.%m.%Y}: {self.status.label}"


class ClearanceArea(TimestampMixin, db.Model):
    """An area of work whose assignments need a valid clearance certificate, beyond
    Kinder/Jugend, which always does (crm.clearance)."""

    __tablename__ = "clearance_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    area: Mapped[AssignmentArea] = mapped_column(ChoiceType(AssignmentArea), unique=True)

    def __str__(self) -> str:
        return str(self.area.label)
