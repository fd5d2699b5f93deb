"""How values read in lists and detail pages: choices by their labels, dates as people write;
how a list row links to its record."""

from collections.abc import MutableSequence
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

from flask_admin.model import typefmt
from flask_admin.model.template import BaseListRowAction
from flask_babel import format_date, format_decimal, format_time, get_locale
from markupsafe import Markup, escape

from ..models.base import Choice

_LABELS: dict[tuple[str, Choice], str] = {}


def _format_choice(view, value, name=None):
    """The label in the user's language, translated once per language: a list shows up to a
    hundred of these (lazy) labels, each a catalogue look-up when the page escapes it."""
    key = (str(get_locale()), value)
    label = _LABELS.get(key)
    if label is None:
        label = _LABELS[key] = str(value.label)
    return label


def _format_datetime(view, value, name=None):
    """Local time in the user's language: 23.11.2026 14:00, or Nov 23, 2026 2:00 PM."""
    return f"{format_date(value, 'medium')} {format_time(value, 'short')}"


def _format_list(view, value, name=None):
    return ", ".join(_format_choice(view, v) if isinstance(v, Choice) else str(v) for v in value)


# Flask-Admin uses the first entry the value is an instance of, so the order matters: a Choice
# is also an Enum (shown by its code name otherwise) and a datetime is also a date.
TYPE_FORMATTERS = {
    Choice: _format_choice,
    datetime: _format_datetime,
    **typefmt.BASE_FORMATTERS,
    list: _format_list,
    MutableSequence: _format_list,  # e.g. the areas of a volunteer (an association proxy)
    date: lambda view, value, name=None: format_date(value, "medium"),
    Decimal: lambda view, value, name=None: format_decimal(value),
}


class RowLink(BaseListRowAction):
    """The view or edit icon of a list row. Flask-Admin builds each with url_for and a macro,
    row by row; this builds the page's URL once and puts each row's id into it."""

    def __init__(self, endpoint: str, icon_class: str, title):
        super().__init__(title=title)
        self.endpoint = endpoint
        self.icon_class = icon_class
        self._around = None  # the markup before and after the id: one object per page

    def render(self, context, row_id, row):
        if self._around is None:
            url = context.resolve("get_url")(self.endpoint, url=context.resolve("return_url"))
            path, _, back = url.partition("?")  # back: "url=<the list>", encoded by url_for
            self._around = (
                Markup('<a class="icon" href="{}?id=').format(path),
                Markup('{}" title="{}"><span class="{}"></span></a>').format(
                    f"&{back}" if back else "", self.title or "", self.icon_class
                ),
            )
        pk = str(row_id)
        if not pk.isdigit():
            pk = escape(quote(pk, safe=""))
        return Markup(f"{self._around[0]}{pk}{self._around[1]}")
