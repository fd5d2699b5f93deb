"""Columns and types every table shares: timestamps, authorship, versions, choices, search text."""

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
from sqlalchemy.sql.expression import ColumnElement, FromClause

from ..extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_uuid() -> str:
    """A stable public id for open data (HSDS wants UUIDs), fixed when the row is made."""
    return str(uuid.uuid4())


class Choice(StrEnum):
    """A fixed set of values stored as short codes, each with the German label people read.

    Members are declared as ``NAME = "code", _l("Label")``.
    """

    def __new__(cls, value: str, label: Any = None):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label if label is not None else value
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, Any]]:
        return [(m.value, m.label) for m in cls]


class ChoiceType(TypeDecorator):
    """Stores a :class:`Choice` as its code in a VARCHAR, so adding a value needs no DB enum."""

    impl = String(32)
    cache_ok = True

    def __init__(self, choice: type[Choice]):
        super().__init__()
        self.choice = choice

    def process_bind_param(self, value, dialect):
        if value is None or value == "":
            return None
        return self.choice(value).value

    def process_result_value(self, value, dialect):
        return None if value is None else self.choice(value)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC; SQLite forgets time zones, so they are put back on reading."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class TimestampMixin:
    """When a row was made and last changed, and by which user (user ids, see below).

    ``created_by``/``updated_by`` hold user ids without a foreign key: the authorship of a row
    must survive the removal of an account, and an index on every table would only cost writes.
    They are filled in by the flush hook in ``crm.models.hooks``.
    """

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by: Mapped[int | None] = mapped_column(Integer)
    updated_by: Mapped[int | None] = mapped_column(Integer)


class VersionMixin:
    """Optimistic locking: an UPDATE that finds another version raises StaleDataError."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.version}


class SearchableMixin:
    """A folded copy of the row's searchable text, indexed per database (see ``crm.search``).

    ``__search_columns__`` names the row's own columns that go into it; the document depends on
    nothing but the row itself, so it cannot drift when another table changes.
    """

    __search_columns__: tuple[str, ...] = ()
    # Deferred: lists never show it, and it can be as long as the notes it folds.
    search_document: Mapped[str] = mapped_column(Text, nullable=False, default="", deferred=True)


# A sort key (crm.sorting) is compared byte by byte on both databases: SQLite does so anyway,
# PostgreSQL with the "C" collation, so no locale of the server decides the order.
SORT_KEY = String().with_variant(String(collation="C"), "postgresql")


class SortableMixin:
    """Folded copies of the columns a list sorts by name, so that names sort as a German reader
    expects on both databases (see ``crm.sorting``).

    ``__sort_columns__`` names them; each keeps its key in a column of its own, ``sort_name``
    for ``name``, declared with :func:`sort_key_column`. The flush hook in ``crm.models.hooks``
    keeps them; lists order by them wherever they are asked to order by the column.
    """

    __sort_columns__: tuple[str, ...] = ()


def sort_key_column(index: bool = True) -> Mapped[str]:
    """The column of a sort key; ``index=False`` where a composite index serves its order."""
    return mapped_column(SORT_KEY, nullable=False, default="", server_default="", index=index)


class NamedInSQL:
    """A row whose name (its ``str``) can also be written in SQL, so a list reads the names of
    many related rows as one text with the page instead of loading each row as an object (see
    ``crm.relatedtexts.RelatedTexts``). The default is the ``name`` column; a test holds every
    ``sql_name`` to the model's ``str``."""

    @classmethod
    def sql_name(cls) -> tuple[ColumnElement[str], FromClause]:
        """The name as an SQL expression, and the tables it is read from."""
        return cls.name, cls.__table__


def ends_after_starts(start: str, end: str) -> CheckConstraint:
    """The database's own guard that a period does not end before it starts."""
    return CheckConstraint(
        f"{start} IS NULL OR {end} IS NULL OR {end} >= {start}",
        name=f"{end}_after_{start}",
        info={"period": (start, end)},
    )


def not_negative(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} IS NULL OR {column} >= 0", name=f"{column}_not_negative")


def link_table(
    name: str, owner: tuple[str, str], target: tuple[str, str], target_ondelete: str = "RESTRICT"
) -> Table:
    """A many-to-many link, e.g. ``link_table("contact_tags", ("contact_id", "contacts"),
    ("tag_id", "tags"))``: its rows go with the owner, and the target cannot be deleted while
    linked. Indexed both ways, the second as (target, owner) so a filter by tag is answered
    from the index alone."""
    (owner_column, owner_table), (target_column, target_table) = owner, target
    return Table(
        name,
        db.metadata,
        Column(
            owner_column,
            Integer,
            ForeignKey(f"{owner_table}.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column(
            target_column,
            Integer,
            ForeignKey(f"{target_table}.id", ondelete=target_ondelete),
            primary_key=True,
        ),
        Index(f"ix_{name}_{target_column}", target_column, owner_column),
    )
