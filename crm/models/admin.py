"""Who may log in, and the record of what was done."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .base import (
    ChoiceType,
    SearchableMixin,
    SortableMixin,
    TimestampMixin,
    UTCDateTime,
    VersionMixin,
    sort_key_column,
    utcnow,
)
from .choices import DigestFrequency, Role


class User(UserMixin, TimestampMixin, VersionMixin, SearchableMixin, SortableMixin, db.Model):
    __tablename__ = "users"
    __search_columns__ = ("email", "name")
    __sort_columns__ = ("name",)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    sort_name: Mapped[str] = sort_key_column()
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(ChoiceType(Role), default=Role.VIEWER, index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locale: Mapped[str] = mapped_column(String(5), default="de")
    # Counted up at logout, a password change or "Sitzungen beenden": every session cookie
    # carries the number it was made with, and one with an older number no longer logs in.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The e-mail digest of what is due; empty: the role's default (crm.reminder_items).
    digest: Mapped[DigestFrequency | None] = mapped_column(ChoiceType(DigestFrequency))

    LOCALES = {"de": _l("Deutsch"), "en": _l("Englisch")}

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def may(self, needed: Role) -> bool:
        return self.role is not None and Role(self.role).allows(needed)

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class AuditEntry(db.Model):
    """One thing a user did; written by the operations, read-only for everyone."""

    __tablename__ = "audit_entries"
    # A record's page shows its latest entries: found by the row, newest first.
    __table_args__ = (Index("ix_audit_entries_row", "table", "row_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(20), index=True)
    table: Mapped[str | None] = mapped_column(String(60))
    row_id: Mapped[int | None] = mapped_column(Integer)
    changes: Mapped[dict | None] = mapped_column(JSON)

    # Without a foreign key (authorship outlives an account, see TimestampMixin): read only.
    user: Mapped[User | None] = relationship(
        primaryjoin="foreign(AuditEntry.user_id) == User.id", viewonly=True
    )


class LoginFailure(db.Model):
    """A failed login, kept a day: the throttle counts them per address typed and per client
    address, in the database, so every worker and machine sees the same count."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(45), index=True)


class CalendarToken(db.Model):
    """A user's secret for the calendar feed, which calendar programs fetch without a login:
    only its SHA-256 is kept, one per user, replaced when renewed."""

    __tablename__ = "calendar_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
