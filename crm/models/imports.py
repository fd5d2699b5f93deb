"""The record of each import: which file, who, when and what it did (crm.imports), the rows it
wrote so that it can be undone (crm.imports.undo), and the column mappings users saved for the
next file of the same shape (crm.imports.mappings)."""

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .admin import User
from .base import TimestampMixin, UTCDateTime, utcnow


class ImportRun(db.Model):
    """One confirmed import; its rows are in the history like any other change, and in
    :class:`ImportChange` for its undo."""

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    # Imports from before the undo existed recorded no changes and cannot be undone.
    undoable: Mapped[bool] = mapped_column(Boolean, default=False)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    undoer: Mapped[User | None] = relationship(foreign_keys=[undone_by])

    def __str__(self) -> str:
        return self.file_name


class ImportChange(db.Model):
    """A row an import created or updated: for an update the old values of the fields it
    changed (links to tags and the like as lists of ids), and for both the row's version (its
    last change where it has none) and links right after the import, by which the undo sees
    whether it was changed since."""

    __tablename__ = "import_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"), index=True)
    table: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10))  # create, update
    old: Mapped[dict | None] = mapped_column(JSON)
    version: Mapped[int | None] = mapped_column(Integer)
    row_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # rows without version
    links: Mapped[dict | None] = mapped_column(JSON)


class ImportMapping(TimestampMixin, db.Model):
    """A saved mapping of a file's columns to the fields of a kind: {column name: field key
    or None for „nicht importieren“}, offered again for a file with the same header."""

    __tablename__ = "import_mappings"
    __table_args__ = (UniqueConstraint("kind", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    columns: Mapped[dict] = mapped_column(JSON)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    user: Mapped[User | None] = relationship()

    def __str__(self) -> str:
        return self.name
