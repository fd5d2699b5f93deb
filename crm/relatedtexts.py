"""The names of the rows a list shows from other tables (a contact's municipality, roles and
tags), read as finished texts for a whole page in one statement instead of as ORM objects."""

from collections.abc import Iterable
from operator import attrgetter

from sqlalchemy import bindparam, func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import ColumnProperty, RelationshipProperty, Session

from .models.base import NamedInSQL

SEPARATOR = ", "  # as crm.views.formatters joins a list
BLANK = "—"  # a field without a value, among others


class RelatedTexts:
    """The related rows a list shows, as one text per row and column: a contact's municipality
    by its name, its roles and tags as their names joined in the relationship's order; read for
    the page's rows in one statement.

    Loading the related rows as objects costs about a millisecond per to-many column and page
    in the ORM, and joining a reference into the rows' own query makes SQLite join it for every
    row a deep page skips; the database names twenty rows' relations for a fraction of that.
    Taken for every one of ``columns`` that is a relationship to rows that name themselves in
    SQL (``NamedInSQL``), or a field of such related rows (``"current_roles.function"``); the
    others are loaded as objects (see crm.lists.list_loads).
    """

    def __init__(self, model, columns: Iterable[str]):
        mapper = sa_inspect(model)
        self.columns: dict[str, RelationshipProperty] = {}
        self._names: dict[str, tuple] = {}  # by column: the name in SQL and its tables
        for name in columns:
            path = name.split(".") if isinstance(name, str) else ()
            prop = mapper.attrs.get(path[0]) if 0 < len(path) < 3 else None
            if isinstance(prop, RelationshipProperty):
                named = _named(prop.mapper.class_, path[1] if len(path) == 2 else None)
                if named is not None:
                    self.columns[name] = prop
                    self._names[name] = named
        self._key = mapper.primary_key[0]
        self.key_of = attrgetter(mapper.get_property_by_column(self._key).key)
        self._statements: dict[str, object] = {}  # by dialect

    def read(self, session: Session, records) -> dict:
        """{row id: {column: text or None}} for these rows."""
        if not self.columns or not records:
            return {}
        ids = [self.key_of(record) for record in records]
        dialect = session.get_bind().dialect.name
        statement = self._statements.get(dialect)
        if statement is None:
            statement = self._statements[dialect] = self._statement(dialect)
        names = list(self.columns)
        return {
            row[0]: dict(zip(names, row[1:], strict=True))
            for row in session.execute(statement, {"ids": ids})
        }

    def _statement(self, dialect: str):
        texts = [
            self._text(prop, *self._names[name], dialect).label(name)
            for name, prop in self.columns.items()
        ]
        return select(self._key, *texts).where(self._key.in_(bindparam("ids", expanding=True)))

    def _text(self, prop: RelationshipProperty, name, source, dialect: str):
        """One column's text as a subquery correlated to the listed row: the referenced row's
        name, or the related rows' names joined in the relationship's order."""
        if not prop.uselist:
            return select(name).select_from(source).where(prop.primaryjoin).scalar_subquery()
        if prop.secondary is not None:
            source = source.join(prop.secondary, prop.secondaryjoin)
        order = [*(prop.order_by or ()), *prop.mapper.primary_key]
        if dialect == "sqlite":
            # SQLite before 3.44 knows no ORDER BY inside an aggregate: join an ordered list.
            names = (
                select(name.label("name"))
                .select_from(source)
                .where(prop.primaryjoin)
                .order_by(*order)
                .correlate(self._key.table)
                .subquery()
            )
            return select(func.aggregate_strings(names.c.name, SEPARATOR)).scalar_subquery()
        joined = func.aggregate_strings(name, SEPARATOR).aggregate_order_by(*order)
        return select(joined).select_from(source).where(prop.primaryjoin).scalar_subquery()


def _named(target, attr: str | None):
    """The name of a related row in SQL and the tables it is read from: the row's own name
    (NamedInSQL), or one of its fields (``"current_roles.function"``, a referenced row's name:
    ``"current_roles.organisation"``), blank as "—" so that the texts of two fields of the same
    rows line up."""
    if attr is None:
        return target.sql_name() if issubclass(target, NamedInSQL) else None
    prop = sa_inspect(target).attrs.get(attr)
    if isinstance(prop, ColumnProperty):
        return func.coalesce(prop.class_attribute, BLANK), target.__table__
    if isinstance(prop, RelationshipProperty) and not prop.uselist:
        named = _named(prop.mapper.class_, None)
        if named is not None:
            name, source = named
            return func.coalesce(name, BLANK), target.__table__.outerjoin(source, prop.primaryjoin)
    return None
