"""Pairs of records someone looked at and found not to be the same: never offered again."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, utcnow


class DismissedPair(db.Model):
    """„keine Dublette“: two records of one kind (``contacts``, later ``organisations``),
    the smaller id first. No foreign key to the records themselves, so that the merge, which
    moves every reference to a contact, leaves these alone; the merge removes them."""

    __tablename__ = "dismissed_duplicates"
    __table_args__ = (UniqueConstraint("kind", "first_id", "second_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    first_id: Mapped[int] = mapped_column(index=True)
    second_id: Mapped[int] = mapped_column(index=True)
    dismissed_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    dismissed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
