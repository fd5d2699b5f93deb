"""People the office deals with, and the roles they hold at organisations over time."""

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, and_, func, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import (
    ChoiceType,
    NamedInSQL,
    SearchableMixin,
    SortableMixin,
    TimestampMixin,
    VersionMixin,
    ends_after_starts,
    link_table,
    sort_key_column,
)
from .choices import Salutation
from .organisations import Organisation
from .reference import Language, Municipality, Tag

contact_tags = link_table("contact_tags", ("contact_id", "contacts"), ("tag_id", "tags"))

contact_languages = link_table(
    "contact_languages", ("contact_id", "contacts"), ("language_id", "languages")
)


class Contact(TimestampMixin, VersionMixin, SearchableMixin, SortableMixin, db.Model):
    """A person; volunteers are contacts too, so name and address are kept only here."""

    __tablename__ = "contacts"
    __table_args__ = (
        Index("ix_contacts_name_order", "sort_last_name", "sort_first_name", "id"),
        # A municipality's contacts in the list's order, without sorting all of them; also
        # the index of the foreign key.
        Index(
            "ix_contacts_municipality_name",
            "municipality_id",
            "sort_last_name",
            "sort_first_name",
            "id",
        ),
    )
    __search_columns__ = ("title", "first_name", "last_name", "email", "city", "notes")
    __sort_columns__ = ("last_name", "first_name")

    id: Mapped[int] = mapped_column(primary_key=True)
    salutation: Mapped[Salutation | None] = mapped_column(ChoiceType(Salutation))
    title: Mapped[str | None] = mapped_column(String(40))
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    sort_first_name: Mapped[str] = sort_key_column(index=False)
    sort_last_name: Mapped[str] = sort_key_column(index=False)
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(60))
    mobile: Mapped[str | None] = mapped_column(String(60))
    street: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(5))
    city: Mapped[str | None] = mapped_column(String(120))
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="RESTRICT")
    )
    notes: Mapped[str | None] = mapped_column(Text)
    may_mail_post: Mapped[bool] = mapped_column(Boolean, default=False)
    may_mail_email: Mapped[bool] = mapped_column(Boolean, default=False)
    do_not_contact: Mapped[bool] = mapped_column(Boolean, default=False, index=True)

    municipality: Mapped[Municipality | None] = relationship()
    tags: Mapped[list[Tag]] = relationship(secondary=contact_tags, order_by=Tag.sort_name)
    languages: Mapped[list[Language]] = relationship(
        secondary=contact_languages, order_by=Language.sort_name
    )
    roles: Mapped[list["ContactRole"]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ContactRole.since",
    )
    # Consents and withdrawals by purpose, oldest first: the latest of a purpose holds.
    consents: Mapped[list["Consent"]] = relationship(  # noqa: F821
        back_populates="contact",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="[Consent.on, Consent.id]",
    )
    # The functions held now, not ended (for exports and mailings); read only.
    current_roles: Mapped[list["ContactRole"]] = relationship(
        primaryjoin=lambda: and_(
            Contact.id == ContactRole.contact_id,
            or_(ContactRole.until.is_(None), ContactRole.until >= func.current_date()),
        ),
        viewonly=True,
        order_by=lambda: (ContactRole.since, ContactRole.id),
    )

    @classmethod
    def name_order(cls) -> tuple:
        """People in the order of the contact list: by last name, then first name (crm.sorting)."""
        return cls.sort_last_name, cls.sort_first_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)

    def __str__(self) -> str:
        return ", ".join(p for p in (self.last_name, self.first_name) if p)


class ContactRole(TimestampMixin, NamedInSQL, db.Model):
    """A function a person holds at an organisation; a staff change ends it, history stays."""

    __tablename__ = "contact_roles"
    __table_args__ = (
        ends_after_starts("since", "until"),
        # Contacts found by an organisation's name (search) come from this index alone.
        Index("ix_contact_roles_organisation_contact", "organisation_id", "contact_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT")
    )
    function: Mapped[str | None] = mapped_column(String(120), index=True)
    since: Mapped[date | None] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)

    contact: Mapped[Contact] = relationship(back_populates="roles")
    organisation: Mapped[Organisation] = relationship(lazy="joined")

    def __str__(self) -> str:
        return f"{self.function or '—'} ({self.organisation})"

    @classmethod
    def sql_name(cls):
        name = func.coalesce(cls.function, "—") + " (" + Organisation.name + ")"
        return name, cls.__table__.join(Organisation.__table__)
