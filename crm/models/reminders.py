"""What the e-mail digest already told whom: an item at a step (a clearance due in 30 days,
a task overdue), so that nothing is reminded twice, even when the run is repeated."""

from datetime import date

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class ReminderSent(db.Model):
    """An item of a user's digest at its step, e.g. ``clearance:12:2027-03-01`` at ``30``.
    The mails to people outside are kept once by the outbox's ``once_key`` instead."""

    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("user_id", "item_key", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(80), index=True)
    step: Mapped[str] = mapped_column(String(20))
    sent_on: Mapped[date] = mapped_column(Date)

    def __str__(self) -> str:
        return f"{self.item_key} ({self.step})"
