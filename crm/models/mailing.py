"""Mailing lists kept by name: the criteria of a selection, run again on the day's data."""

from sqlalchemy import JSON, Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import TimestampMixin, VersionMixin


class SavedSelection(TimestampMixin, VersionMixin, db.Model):
    """A Verteiler: who is selected (``criteria``, see crm.mailing.Criteria), never the people
    themselves, so that it is always answered from today's data. Private to its owner unless
    ``shared``; an account's selections go with it."""

    __tablename__ = "saved_selections"
    __table_args__ = (UniqueConstraint("owner_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    criteria: Mapped[dict] = mapped_column(JSON, default=dict)

    def __str__(self) -> str:
        return self.name
