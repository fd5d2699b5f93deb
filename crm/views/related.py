"""What belongs to a record, on its page: each list of related rows is declared once on the
screen (``details_related``), read in one statement of at most its first rows, and links to
the list screen filtered to all of them when there are more."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import request, url_for
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import Select, select

from ..extensions import db
from ..labels import FIELD_LABELS
from ..models import AuditEntry, User
from ..sensitive import path_hidden
from .details import record_url, screens, shown
from .queries import as_id
from .sensitive import groups_hidden

SHOWN = 20  # rows of a related list; the rest are in its full list


@dataclass(frozen=True)
class Column:
    """A column of a related list: an attribute path of the row (``"organisation"``,
    ``"meeting.starts_at"``), ``None`` for the row itself, or a function of the result row;
    labelled as the field is everywhere unless ``label`` says otherwise."""

    path: str | Callable | None
    label: Any = None

    @property
    def heading(self):
        return self.label if self.label is not None else FIELD_LABELS.get(self.path, self.path)

    def value(self, result):
        if callable(self.path):
            return self.path(result)
        value = result[0]
        for step in self.path.split(".") if self.path else ():
            value = getattr(value, step) if value is not None else None
        return value


@dataclass(frozen=True)
class Link:
    """A page of another screen: its endpoint and its URL arguments for the record, e.g. the
    list filtered to the record's rows (``{"flt0_anbieter_nr": record.id}``)."""

    endpoint: str
    args: Callable[[Any], dict]

    def url(self, record) -> str:
        return url_for(self.endpoint, **self.args(record))


@dataclass(frozen=True)
class RelatedList:
    """Rows that belong to a record: ``rows`` gives the statement of them for the record (the
    entity first, then any further columns), in the order shown; the first ``SHOWN`` are shown.
    ``full_list`` opens all of them; ``ended`` marks rows that are over; ``create`` is offered
    to those who may write when there are none."""

    title: Any
    rows: Callable[[Any], Select]
    columns: tuple[Column, ...]
    full_list: Link | None = None
    ended: Callable[[Any], bool] | None = None
    create: tuple[Any, Link] | None = None  # (label, the create form)
    shown: int = SHOWN
    hide_empty: bool = False  # a list that says nothing when empty (a non-volunteer's assignments)


@dataclass
class RelatedTable:
    """A related list as its page shows it: headings, rows of finished cells, the links."""

    title: Any
    headings: list
    rows: list[tuple[bool, list]] = field(default_factory=list)  # (ended, cells)
    more_url: str | None = None
    create: tuple[Any, str] | None = None  # (label, URL)
    more: bool = False


def related_tables(view, record) -> list[RelatedTable]:
    tables = ((spec, _table(view, spec, record)) for spec in (*view.details_related, HISTORY))
    return [table for spec, table in tables if table.rows or not spec.hide_empty]


def _table(view, spec: RelatedList, record) -> RelatedTable:
    statement = spec.rows(record)
    columns = _readable(spec.columns, statement.column_descriptions[0]["entity"])
    results = db.session.execute(statement.limit(spec.shown + 1)).all()
    table = RelatedTable(spec.title, [c.heading for c in columns])
    table.more = len(results) > spec.shown
    for result in results[: spec.shown]:
        ended = bool(spec.ended and spec.ended(result[0]))
        table.rows.append((ended, _cells(view, columns, result)))
    if table.more and spec.full_list is not None:
        table.more_url = spec.full_list.url(record)
    if not results and spec.create is not None:
        label, form = spec.create
        screen = form.endpoint.partition(".")[0]
        if any(v.endpoint == screen and v.can_create for v in screens(view.admin).values()):
            table.create = (label, form.url(record))
    return table


def _readable(columns: tuple[Column, ...], model) -> tuple[Column, ...]:
    """The columns without the fields the user may not read (crm.sensitive)."""
    groups = groups_hidden()
    if not groups or model is None:
        return columns
    return tuple(
        c for c in columns if not isinstance(c.path, str) or not path_hidden(model, c.path, groups)
    )


def _cells(view, columns: tuple[Column, ...], result) -> list:
    """The row's cells; the first links to the row's own page unless it is a link already."""
    cells = [shown(view, column.value(result)) for column in columns]
    url = record_url(view, result[0])
    if url is not None and cells and not isinstance(cells[0], Markup):
        cells[0] = Markup('<a href="{}">{}</a>').format(url, cells[0] or "—")
    return cells


def filtered(endpoint: str, **filters: Callable[[Any], Any]) -> Link:
    """The list of ``endpoint`` filtered by each of its filters named by URL argument (see
    FilterMenu.get_filter_arg), with the value for the record: ``filtered("offer",
    anbieter_nr=lambda o: o.id)``."""

    def args(record) -> dict:
        return {
            f"flt{position}_{arg}": value(record)
            for position, (arg, value) in enumerate(filters.items())
        }

    return Link(f"{endpoint}.index_view", args)


def create_form(endpoint: str, **values: Callable[[Any], Any]) -> Link:
    """The create form of ``endpoint`` with fields filled from the record, and back to the
    record's page after saving."""
    return Link(
        f"{endpoint}.create_view",
        lambda record: {
            **{name: value(record) for name, value in values.items()},
            "url": request.full_path,
        },
    )


def ended_by(column: str) -> Callable[[Any], bool]:
    """A row is over when its end date (``column``) has passed."""
    return lambda row: (getattr(row, column) or date.max) < date.today()


NUMBER = _l("Nr.")


class BelongsTo(BaseSQLAFilter):
    """The rows that belong to one record, by the record's id (an organisation's offers): the
    filter behind a record page's link to a full list. Typed as a number, so no list of every
    possible record is read for its menu. ``condition`` is how a row belongs to the record
    where that is more than equality on ``column``."""

    def __init__(self, column, name, condition=None, operation=None):
        super().__init__(column, name)
        self.condition = condition or (lambda value: column == value)
        self._operation = operation or NUMBER

    def validate(self, value):
        return as_id(value) is not None

    def clean(self, value):
        return as_id(value)

    def apply(self, query, value, alias=None):
        return query.filter(self.condition(value))

    def operation(self):
        return self._operation


AUDIT_ACTIONS = {"create": _l("angelegt"), "update": _l("geändert"), "delete": _l("gelöscht")}


def _changed_fields(result) -> str:
    """The fields an update changed (a creation or deletion concerns all of them)."""
    entry = result[0]
    changes = entry.changes if entry.action == "update" else None
    return ", ".join(str(FIELD_LABELS.get(name, name)) for name in changes or ())


# Every record page ends with who changed the record when; the full history is the audit
# table's, which has no screen.
HISTORY = RelatedList(
    _l("Verlauf"),
    lambda record: (
        select(AuditEntry, User.name.label("user_name"))
        .outerjoin(User, User.id == AuditEntry.user_id)
        .where(AuditEntry.table == record.__table__.name, AuditEntry.row_id == record.id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ),
    (
        Column("at", _l("Zeitpunkt")),
        Column(lambda result: result.user_name or "—", _l("Benutzer/in")),
        Column(lambda r: AUDIT_ACTIONS.get(r[0].action, r[0].action), _l("Aktion")),
        Column(_changed_fields, _l("Felder")),
    ),
    shown=10,
)
