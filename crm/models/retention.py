"""The archive offers of retention (crm.retention, crm.archive_offers): which records of a
rule were offered to the state archive, its answer, and when they were anonymised."""

from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .admin import User
from .base import Choice, ChoiceType, TimestampMixin, UTCDateTime, VersionMixin


class ArchiveAnswer(Choice):
    OPEN = "offen", _l("offen")
    TAKEN = "uebernommen", _l("übernommen")
    NOT_WORTH = "nicht_archivwuerdig", _l("nicht archivwürdig")


class ArchiveOffer(TimestampMixin, VersionMixin, db.Model):
    """The records one retention rule found due, offered to the archive (Archivangebot) before
    they are anonymised: its date is ``created_at``, ``record_ids`` the ids offered (JSON), the
    archive's answer with its date; ``anonymised_at`` once „Geprüfte anonymisieren“ ran, with
    the ids it anonymised and those it left out (changed or no longer due since the offer)."""

    __tablename__ = "archive_offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    section: Mapped[str] = mapped_column(String(20), index=True)
    record_ids: Mapped[list] = mapped_column(JSON)
    answer: Mapped[ArchiveAnswer] = mapped_column(
        ChoiceType(ArchiveAnswer), default=ArchiveAnswer.OPEN
    )
    answered_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    anonymised_ids: Mapped[list | None] = mapped_column(JSON)
    left_out_ids: Mapped[list | None] = mapped_column(JSON)

    user: Mapped[User | None] = relationship()

    def __str__(self) -> str:
        return _("Archivangebot Nr. %(id)s", id=self.id)
