"""Offers for newcomers: the raw material of the overview of existing structures and its gaps."""

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import (
    ChoiceType,
    SearchableMixin,
    SortableMixin,
    TimestampMixin,
    VersionMixin,
    ends_after_starts,
    link_table,
    sort_key_column,
)
from .choices import EducationStage, OfferField
from .organisations import Organisation
from .people import Contact
from .reference import Language, Municipality

offer_languages = link_table(
    "offer_languages", ("offer_id", "offers"), ("language_id", "languages")
)


class Offer(TimestampMixin, VersionMixin, SearchableMixin, SortableMixin, db.Model):
    """A service or course by an organisation; no municipality means county-wide."""

    __tablename__ = "offers"
    __table_args__ = (
        ends_after_starts("valid_from", "valid_until"),
        # The structure overview counts offers per municipality and field.
        Index("ix_offers_municipality_field", "municipality_id", "field"),
    )
    __search_columns__ = ("title", "target_group", "notes")
    __sort_columns__ = ("title",)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    sort_title: Mapped[str] = sort_key_column()
    provider_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="RESTRICT")
    )
    field: Mapped[OfferField] = mapped_column(ChoiceType(OfferField), index=True)
    education_stage: Mapped[EducationStage] = mapped_column(
        ChoiceType(EducationStage), default=EducationStage.NONE, index=True
    )
    formal: Mapped[bool] = mapped_column(Boolean, default=False)
    target_group: Mapped[str | None] = mapped_column(String(300))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="RESTRICT"), index=True
    )
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date, index=True)
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)

    provider: Mapped[Organisation | None] = relationship()
    municipality: Mapped[Municipality | None] = relationship()
    contact: Mapped[Contact | None] = relationship()
    languages: Mapped[list[Language]] = relationship(
        secondary=offer_languages, order_by=Language.sort_name
    )

    def __str__(self) -> str:
        return self.title
