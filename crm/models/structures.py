"""Offers for newcomers and the office's lists they are sorted by (fields of action, stages of
the education chain, target groups): the raw material of the overview of existing structures."""

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, foreign, mapped_column, relationship

from ..extensions import db
from .admin import User
from .base import (
    ChoiceType,
    NamedInSQL,
    SearchableMixin,
    SortableMixin,
    TimestampMixin,
    VersionMixin,
    ends_after_starts,
    link_table,
    new_uuid,
    sort_key_column,
)
from .choices import OfferStatus
from .organisations import Organisation
from .people import Contact
from .reference import Language, Municipality


class CatalogueEntry(TimestampMixin, VersionMixin):
    """An entry of a list the office edits itself; ``position`` orders the list (the matrix's
    columns, the chain's stages), so that changing it is a data change, not a code change."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0, index=True)

    def __str__(self) -> str:
        return self.name


class FieldOfAction(CatalogueEntry, NamedInSQL, db.Model):
    """A field of action (Handlungsfeld) of integration work: the matrix's columns."""

    __tablename__ = "fields_of_action"


class EducationStage(CatalogueEntry, NamedInSQL, db.Model):
    """A stage of the education chain after the municipal education monitoring guide."""

    __tablename__ = "education_stages"


class TargetGroup(CatalogueEntry, NamedInSQL, db.Model):
    """Whom an offer is for (children, women, young adults, ...)."""

    __tablename__ = "target_groups"


offer_languages = link_table(
    "offer_languages", ("offer_id", "offers"), ("language_id", "languages")
)
offer_fields = link_table("offer_fields", ("offer_id", "offers"), ("field_id", "fields_of_action"))
offer_stages = link_table("offer_stages", ("offer_id", "offers"), ("stage_id", "education_stages"))
offer_target_groups = link_table(
    "offer_target_groups", ("offer_id", "offers"), ("target_group_id", "target_groups")
)


class Offer(TimestampMixin, VersionMixin, SearchableMixin, SortableMixin, db.Model):
    """A service or course by an organisation; no municipality means county-wide.

    ``checked_on``/``checked_by`` say when someone last confirmed that the offer still is as
    recorded: only that confirmation (crm.structures.confirm_checked) moves them, not a save.
    """

    __tablename__ = "offers"
    __table_args__ = (
        ends_after_starts("valid_from", "valid_until"),
        # Checked by the write path on both databases; in the database on PostgreSQL only,
        # where a CHECK can be added without rebuilding the table (see migration 0011).
        ends_after_starts("min_age", "max_age"),
    )
    __search_columns__ = ("title", "target_group", "notes")
    __sort_columns__ = ("title",)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Filled for every row (default, migration); nullable only because SQLite cannot make an
    # added column NOT NULL without rebuilding the table.
    uuid: Mapped[str | None] = mapped_column(String(36), unique=True, index=True, default=new_uuid)
    title: Mapped[str] = mapped_column(String(200))
    sort_title: Mapped[str] = sort_key_column()
    provider_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    # The structure overview counts offers per municipality.
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[OfferStatus] = mapped_column(
        ChoiceType(OfferStatus), default=OfferStatus.ACTIVE, index=True
    )
    formal: Mapped[bool] = mapped_column(Boolean, default=False)
    target_group: Mapped[str | None] = mapped_column(String(300))
    min_age: Mapped[int | None] = mapped_column(Integer)
    max_age: Mapped[int | None] = mapped_column(Integer)
    accessibility: Mapped[str | None] = mapped_column(String(300))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="RESTRICT"), index=True
    )
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date, index=True)
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    checked_on: Mapped[date | None] = mapped_column(Date, index=True)
    # A user id without a foreign key, like created_by: the record survives the account.
    checked_by_id: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)

    provider: Mapped[Organisation | None] = relationship()
    municipality: Mapped[Municipality | None] = relationship()
    contact: Mapped[Contact | None] = relationship()
    checked_by: Mapped[User | None] = relationship(
        primaryjoin=lambda: foreign(Offer.checked_by_id) == User.id, viewonly=True
    )
    fields: Mapped[list[FieldOfAction]] = relationship(
        secondary=offer_fields, order_by=FieldOfAction.position
    )
    stages: Mapped[list[EducationStage]] = relationship(
        secondary=offer_stages, order_by=EducationStage.position
    )
    target_groups: Mapped[list[TargetGroup]] = relationship(
        secondary=offer_target_groups, order_by=TargetGroup.position
    )
    languages: Mapped[list[Language]] = relationship(
        secondary=offer_languages, order_by=Language.sort_name
    )

    def __str__(self) -> str:
        return self.title
