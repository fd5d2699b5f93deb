"""A list page's table, prepared in Python once per page.

Flask-Admin renders every cell through a template call to ``get_list_value``, which looks up
the column's formatter and then tries each type formatter with ``isinstance`` until one fits;
every row's view and edit links are a macro call with their own ``url_for``. At twenty rows of
eight columns that is most of a list page's time. Here the formatter of a value's type is
found once per type, the links are built once per page with the row's id put into them, the
names of related rows (a contact's roles and tags) are read as finished texts, and the
template only puts finished rows together.
"""

from dataclasses import dataclass
from operator import attrgetter
from urllib.parse import quote

from flask_admin.model.template import BaseListRowAction
from markupsafe import Markup, escape
from sqlalchemy import bindparam, func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import RelationshipProperty

from ..extensions import db
from ..models.base import NamedInSQL

SEPARATOR = ", "  # as crm.views.formatters joins a list


class RowLink(BaseListRowAction):
    """The view or edit icon of a list row, by the endpoint it opens."""

    def __init__(self, endpoint: str, icon_class: str, title):
        super().__init__(title=title)
        self.endpoint = endpoint
        self.icon_class = icon_class


@dataclass(frozen=True)
class Row:
    """One table row: its id (for the check box), its links and its cells as markup."""

    pk: str
    links: Markup
    cells: Markup


def row_id(value) -> str:
    """The id as it goes into a URL: numbers as they are, anything else quoted."""
    pk = str(value)
    return pk if pk.isdigit() else quote(pk, safe="")


class RelatedTexts:
    """The related rows a list shows, as one text per row and column: a contact's municipality
    by its name, its roles and tags as their names joined in the relationship's order; read for
    the page's rows in one statement.

    Loading the related rows as objects costs about a millisecond per to-many column and page
    in the ORM, and joining a reference into the rows' own query makes SQLite join it for every
    row a deep page skips; the database names twenty rows' relations for a fraction of that.
    Taken for every relationship column whose rows name themselves in SQL (``NamedInSQL``) and
    that has no formatter of its own; the others are loaded as objects (see
    LotseModelView._list_loader_options).
    """

    def __init__(self, view):
        mapper = sa_inspect(view.model)
        self.columns: dict[str, RelationshipProperty] = {}
        for name, _ in view._list_columns:
            prop = mapper.attrs.get(name)
            if (
                isinstance(prop, RelationshipProperty)
                and issubclass(prop.mapper.class_, NamedInSQL)
                and name not in view.column_formatters
            ):
                self.columns[name] = prop
        self._key = mapper.primary_key[0]
        self.key_of = attrgetter(mapper.get_property_by_column(self._key).key)
        self._statements: dict[str, object] = {}  # by dialect

    def read(self, records) -> dict:
        """{row id: {column: text or None}} for these rows."""
        if not self.columns or not records:
            return {}
        ids = [self.key_of(record) for record in records]
        dialect = db.session.get_bind().dialect.name
        statement = self._statements.get(dialect)
        if statement is None:
            statement = self._statements[dialect] = self._statement(dialect)
        names = list(self.columns)
        return {
            row[0]: dict(zip(names, row[1:], strict=True))
            for row in db.session.execute(statement, {"ids": ids})
        }

    def _statement(self, dialect: str):
        texts = [self._text(prop, dialect).label(name) for name, prop in self.columns.items()]
        return select(self._key, *texts).where(self._key.in_(bindparam("ids", expanding=True)))

    def _text(self, prop: RelationshipProperty, dialect: str):
        """One column's text as a subquery correlated to the listed row: the referenced row's
        name, or the related rows' names joined in the relationship's order."""
        target = prop.mapper.class_
        name, source = target.sql_name()
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


class TableFormatter:
    """Formats the rows of one view's list; built once per view, used for every page."""

    def __init__(self, view):
        self.view = view
        self.texts = RelatedTexts(view)
        self._by_type: dict[type, object] = {}

    def _formatter(self, value):
        kind = type(value)
        found = self._by_type.get(kind, False)
        if found is False:
            found = next(
                (
                    formatter
                    for typeobj, formatter in self.view.column_type_formatters.items()
                    if isinstance(value, typeobj)
                ),
                None,
            )
            self._by_type[kind] = found
        return found

    def cell(self, row, name: str):
        view = self.view
        if name in view.column_formatters or view._column_choices_map.get(name):
            return view._get_list_value(
                None, row, name, view.column_formatters, view.column_type_formatters
            )
        value = view._get_field_value(row, name)
        formatter = self._formatter(value)
        return value if formatter is None else formatter(view, value, name)

    def rows(self, data, link_templates: list[tuple[Markup, Markup]]) -> list[Row]:
        names = [name for name, _ in self.view._list_columns]
        texts = self.texts.read(data)
        table = []
        for record in data:
            pk = row_id(self.view.get_pk_value(record))
            # Joined as plain text and marked once: the id is digits or quoted (row_id).
            links = Markup("".join(f"{before}{pk}{after}" for before, after in link_templates))
            known = texts.get(self.texts.key_of(record), {})
            cells = (
                escape(known[name] or "") if name in known else escape(self.cell(record, name))
                for name in names
            )
            # One piece of markup per row: the template escapes each value it prints anew.
            table.append(Row(pk, links, Markup("".join(f"\n      <td>{c}</td>" for c in cells))))
        return table


def link_templates(view, actions, return_url: str) -> list[tuple[Markup, Markup]]:
    """The markup before and after the id of each row link, built once per page."""
    templates = []
    for action in actions:
        url = view.get_url(action.endpoint, url=return_url)
        path, _, back = url.partition("?")  # back: "url=<the list>", encoded by url_for
        templates.append(
            (
                Markup('<a class="icon" href="{}?id=').format(path),
                Markup('{}" title="{}"><span class="{}"></span></a>').format(
                    f"&{back}" if back else "", action.title or "", action.icon_class
                ),
            )
        )
    return templates
