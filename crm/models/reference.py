"""Reference data that the records point to: municipalities, tags and languages."""

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import (
    ChoiceType,
    NamedInSQL,
    SearchableMixin,
    SortableMixin,
    TimestampMixin,
    VersionMixin,
    not_negative,
    sort_key_column,
)
from .choices import MunicipalityKind


class Municipality(
    TimestampMixin, VersionMixin, SearchableMixin, SortableMixin, NamedInSQL, db.Model
):
    """A place inside the county; stock-taking and gaps are counted per municipality."""

    __tablename__ = "municipalities"
    __table_args__ = (not_negative("population"),)
    __search_columns__ = ("name", "official_key")
    __sort_columns__ = ("name",)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    sort_name: Mapped[str] = sort_key_column()
    kind: Mapped[MunicipalityKind] = mapped_column(
        ChoiceType(MunicipalityKind), default=MunicipalityKind.MUNICIPALITY, index=True
    )
    # Amtlicher Gemeindeschlüssel: eight digits, kept as text for its leading zero.
    official_key: Mapped[str | None] = mapped_column(String(8), unique=True)
    population: Mapped[int | None] = mapped_column(Integer)

    def __str__(self) -> str:
        return self.name


class Tag(TimestampMixin, SearchableMixin, SortableMixin, NamedInSQL, db.Model):
    """A label on organisations and contacts; mailing lists are built from tags."""

    __tablename__ = "tags"
    __search_columns__ = ("name",)
    __sort_columns__ = ("name",)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    sort_name: Mapped[str] = sort_key_column()
    colour: Mapped[str | None] = mapped_column(String(7))

    def __str__(self) -> str:
        return self.name


class Language(TimestampMixin, SearchableMixin, SortableMixin, NamedInSQL, db.Model):
    """A language by its ISO 639 code, named in German."""

    __tablename__ = "languages"
    __search_columns__ = ("code", "name")
    __sort_columns__ = ("name",)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    sort_name: Mapped[str] = sort_key_column()

    def __str__(self) -> str:
        return self.name
