"""A list page's table, prepared in Python once per page.

Flask-Admin renders every cell through a template call to ``get_list_value``, which looks up
the column's formatter and then tries each type formatter with ``isinstance`` until one fits;
every row's view and edit links are a macro call with their own ``url_for``. At twenty rows of
eight columns that is most of a list page's time. Here the formatter of a value's type is
found once per type, the links are built once per page with the row's id put into them, the
names of related rows (a contact's roles and tags) come as finished texts with the page
(crm.relatedtexts), and the template only puts finished rows together.
"""

from dataclasses import dataclass
from urllib.parse import quote

from flask_admin.model.template import BaseListRowAction
from markupsafe import Markup, escape

from ..lists import ListPage


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


class TableFormatter:
    """Formats the rows of one view's list; built once per view, used for every page."""

    def __init__(self, view):
        self.view = view
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

    def rows(self, data: ListPage, link_templates: list[tuple[Markup, Markup]]) -> list[Row]:
        names = [name for name, _ in self.view._list_columns]
        key_of = self.view.list_spec.texts.key_of
        table = []
        for record in data:
            pk = row_id(self.view.get_pk_value(record))
            # Joined as plain text and marked once: the id is digits or quoted (row_id).
            links = Markup("".join(f"{before}{pk}{after}" for before, after in link_templates))
            known = data.texts.get(key_of(record), {})
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
