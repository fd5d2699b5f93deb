"""Consents per purpose: a short list of purposes the office keeps, and each consent or
withdrawal a person gave as its own row, so the history is never overwritten. A purpose's
current state is its latest row (crm.consents)."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import Choice, ChoiceType, NamedInSQL, TimestampMixin
from .people import Contact


class ConsentMethod(Choice):
    FORM = "formular", _l("Formular")
    IN_PERSON = "persoenlich", _l("persönlich")
    EMAIL = "email", _l("E-Mail")
    LETTER = "brief", _l("Brief")
    CARRIED_OVER = "uebernommen", _l("übernommen")  # from the flags before the history


class ConsentPurpose(TimestampMixin, NamedInSQL, db.Model):
    """What a person may consent to (storage, post, e-mail, photos, ...). ``code`` marks the
    purposes Lotse itself acts on (mailings, own migration experience); the office renames
    them and adds its own, which have no code."""

    __tablename__ = "consent_purposes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    code: Mapped[str | None] = mapped_column(String(32), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0, index=True)  # the lists' order

    def __str__(self) -> str:
        return self.name


class Consent(TimestampMixin, db.Model):
    """A consent (``given``) or its withdrawal for one purpose, on a day and given in a way."""

    __tablename__ = "consents"
    __table_args__ = (Index("ix_consents_contact_purpose", "contact_id", "purpose_id", "on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    purpose_id: Mapped[int] = mapped_column(
        ForeignKey("consent_purposes.id", ondelete="RESTRICT"), index=True
    )
    given: Mapped[bool] = mapped_column(Boolean)
    on: Mapped[date] = mapped_column(Date)
    how: Mapped[ConsentMethod] = mapped_column(ChoiceType(ConsentMethod))
    note: Mapped[str | None] = mapped_column(String(500))

    contact: Mapped[Contact] = relationship(back_populates="consents")
    purpose: Mapped[ConsentPurpose] = relationship(lazy="joined")

    def __str__(self) -> str:
        state = _l("erteilt") if self.given else _l("widerrufen")
        return f"{self.purpose}: {state} {self.on:%d.%m.%Y}"
