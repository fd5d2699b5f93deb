"""Organisations: authorities, carriers, associations, schools and all others the office meets."""

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import (
    ChoiceType,
    NamedInSQL,
    SearchableMixin,
    SortableMixin,
    TimestampMixin,
    VersionMixin,
    link_table,
    new_uuid,
    sort_key_column,
)
from .choices import OrganisationKind
from .reference import Municipality, Tag

organisation_tags = link_table(
    "organisation_tags", ("organisation_id", "organisations"), ("tag_id", "tags")
)


class Organisation(
    TimestampMixin, VersionMixin, SearchableMixin, SortableMixin, NamedInSQL, db.Model
):
    __tablename__ = "organisations"
    # A municipality's organisations in the list's order; also the index of the foreign key.
    __table_args__ = (Index("ix_organisations_municipality_name", "municipality_id", "sort_name"),)
    __search_columns__ = ("name", "city", "email", "website", "notes")
    __sort_columns__ = ("name",)

    id: Mapped[int] = mapped_column(primary_key=True)
    # A stable public id for open data (the HSDS export of the offers register); nullable only
    # because SQLite cannot make an added column NOT NULL without rebuilding the table.
    uuid: Mapped[str | None] = mapped_column(String(36), unique=True, index=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(200))
    sort_name: Mapped[str] = sort_key_column()
    kind: Mapped[OrganisationKind] = mapped_column(
        ChoiceType(OrganisationKind), default=OrganisationKind.OTHER, index=True
    )
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="RESTRICT")
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    street: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(5))
    city: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)

    municipality: Mapped[Municipality | None] = relationship()
    parent: Mapped["Organisation | None"] = relationship(remote_side=[id])
    tags: Mapped[list[Tag]] = relationship(secondary=organisation_tags, order_by=Tag.sort_name)

    def __str__(self) -> str:
        return self.name
