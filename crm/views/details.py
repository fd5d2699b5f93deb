"""How a record page shows a value: yes and no as words, a related record as a link to its own
page, a list of them as a list of links. Shared by the record's own fields and the lists of
what belongs to it (crm.views.related)."""

from collections.abc import MutableSequence

from flask import url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..extensions import db
from .formatters import TYPE_FORMATTERS

YES_NO = {True: _l("ja"), False: _l("nein")}


def screens(admin) -> dict[type, object]:
    """The screen of each model, found once per admin."""
    found = getattr(admin, "_lotse_screens", None)
    if found is None:
        found = admin._lotse_screens = {
            view.model: view for view in admin._views if getattr(view, "model", None)
        }
    return found


def record_url(view, record) -> str | None:
    """The record's details page, where it has one the user may open."""
    screen = screens(view.admin).get(type(record))
    if screen is None or getattr(record, "id", None) is None or not screen.is_accessible():
        return None
    return url_for(f"{screen.endpoint}.details_view", id=record.id)


def record_link(view, value, name=None):
    url = record_url(view, value)
    return str(value) if url is None else Markup('<a href="{}">{}</a>').format(url, str(value))


def shown(view, value):
    """The value as a record page shows it (text or markup), by the first formatter of its
    type."""
    for kind, formatter in DETAIL_FORMATTERS.items():
        if isinstance(value, kind):
            return formatter(view, value, None)
    return value


def _each_shown(view, value, name=None):
    return Markup(", ").join(shown(view, item) for item in value)


# The list's formatters (crm.views.formatters) with these changes; replaced keys keep their
# place, which matters: the first type a value is an instance of wins.
DETAIL_FORMATTERS = {
    **TYPE_FORMATTERS,
    bool: lambda view, value, name=None: str(YES_NO[value]),
    list: _each_shown,
    MutableSequence: _each_shown,
    db.Model: record_link,
}
