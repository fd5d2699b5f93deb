"""How values read in lists and detail pages: choices by their labels, dates as people write."""

from collections.abc import MutableSequence
from datetime import date, datetime
from decimal import Decimal

from flask import request
from flask_admin.model import typefmt
from flask_babel import format_date, format_decimal, format_time, get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from ..models.base import Choice

_LABELS: dict[tuple[str, Choice], str] = {}


def format_choice(view, value, name=None):
    """The label in the user's language, translated once per language: a list shows up to a
    hundred of these (lazy) labels, each a catalogue look-up when the page escapes it."""
    key = (str(get_locale()), value)
    label = _LABELS.get(key)
    if label is None:
        label = _LABELS[key] = str(value.label)
    return label


def row_button(action: str, row_id: int, label: str, icon: str, style: str) -> Markup:
    """A small form in a list's cell that posts the row's id (and the list to come back to)
    to ``action``: „Erledigt“ on a task, „Erneut senden“ on a failed mail. The form's class
    names the endpoint (``lotse-close``), for tests and styles."""
    name = action.rstrip("/").rpartition("/")[2]
    return Markup(
        '<form method="post" action="{}" class="d-inline lotse-{}">'
        '<input type="hidden" name="id" value="{}"><input type="hidden" name="url" value="{}">'
        '<input type="hidden" name="csrf_token" value="{}">'
        '<button class="btn btn-sm {} py-0 text-nowrap" type="submit">'
        '<span class="fa {}"></span> {}</button></form>'
    ).format(action, name, row_id, request.full_path, generate_csrf(), style, icon, label)


def _format_datetime(view, value, name=None):
    """Local time in the user's language: 23.11.2026 14:00, or Nov 23, 2026 2:00 PM."""
    return f"{format_date(value, 'medium')} {format_time(value, 'short')}"


def _format_list(view, value, name=None):
    return ", ".join(format_choice(view, v) if isinstance(v, Choice) else str(v) for v in value)


# Flask-Admin uses the first entry the value is an instance of, so the order matters: a Choice
# is also an Enum (shown by its code name otherwise) and a datetime is also a date.
TYPE_FORMATTERS = {
    Choice: format_choice,
    datetime: _format_datetime,
    **typefmt.BASE_FORMATTERS,
    list: _format_list,
    MutableSequence: _format_list,  # e.g. the areas of a volunteer (an association proxy)
    date: lambda view, value, name=None: format_date(value, "medium"),
    Decimal: lambda view, value, name=None: format_decimal(value),
}
