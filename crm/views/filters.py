"""List filters with German option lists, which Flask-Admin cannot derive for Lotse's columns."""

from datetime import date

from flask import has_app_context
from flask_admin.contrib.sqla.filters import BaseSQLAFilter, FilterEqual
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, literal_column, select, union_all
from sqlalchemy import inspect as sa_inspect

from ..attention import NEEDS_ATTENTION
from ..extensions import db
from ..inputs import as_id
from ..sorting import sort_key


class OptionList:
    """The (id, label) options of a filter over a reference table. The table changes while the
    app runs, so the options are read again whenever it changed (see FilterOptions). Only the
    two columns are read, not whole rows."""

    def __init__(self, model):
        self.model = model
        columns = sa_inspect(model).columns
        # The name every row goes by; str(row) for a model without one (a contact's "title"
        # is an optional academic title, not its name).
        named = [columns[k] for k in ("name", "title") if k in columns]
        self.label = next((c for c in named if not c.nullable), None)

    def statement(self, key: int | None = None):
        """(id, label) of every row, led by ``key`` when the lists of a page are read at once."""
        if self.label is None:
            return select(self.model)
        columns = (self.model.__mapper__.primary_key[0], self.label)
        if key is not None:
            columns = (literal_column(str(int(key))).label("filter"), *columns)
        return select(*columns)

    def __call__(self) -> list[tuple[str, str]]:
        if not has_app_context():  # Flask-Admin asks once at start-up, before any database
            return []
        if self.label is None:
            rows = db.session.scalars(self.statement()).all()
            return _sorted((r.id, str(r)) for r in rows)
        return _sorted(db.session.execute(self.statement()).all())

    def fingerprint(self, key: int):
        """(key, rows, highest id, latest change) of the table: any insert, update or delete
        changes one of them, whichever process made it."""
        primary_key = self.model.__mapper__.primary_key[0]
        return select(
            literal_column(str(int(key))).label("filter"),
            func.count(),
            func.max(primary_key),
            func.max(self.model.updated_at),
        )


def load_options(lists: dict) -> dict[int, list[tuple[str, str]]]:
    """The option lists of a page by filter index, read fresh: those of named reference tables
    all in one statement (UNION ALL of (index, id, label)) instead of one each."""
    found = {key: [] for key in lists}
    batched = [k for k, o in lists.items() if isinstance(o, OptionList) and o.label is not None]
    if len(batched) > 1:
        statement = union_all(*(lists[key].statement(key) for key in batched))
        for key, *row in db.session.execute(statement):
            found[key].append(row)
        for key in batched:
            found[key] = _sorted(found[key])
    else:
        batched = []  # one list alone: its own statement, without the index
    for key, options in lists.items():
        if key not in batched:
            found[key] = [(k, str(label)) for k, label in options()]
    return found


class FilterOptions:
    """The option lists of one view's filters and a fingerprint of their tables, so a list can
    keep its filter menu while they stay unchanged. A list page shows up to three of them (a
    few hundred municipalities, tags, languages); asking whether their tables changed is one
    small statement of aggregates, reading, sorting and encoding the names again is a
    millisecond on every page."""

    def __init__(self, lists: dict):
        self.lists = lists
        if lists and all(_fingerprinted(options) for options in lists.values()):
            parts = [options.fingerprint(key) for key, options in lists.items()]
            self.statement = union_all(*parts) if len(parts) > 1 else parts[0]
        else:
            self.statement = None  # read every time

    def fingerprint(self) -> tuple | None:
        """Equal to an earlier one means the same options; None: they cannot be kept."""
        if self.statement is None:
            return None
        return tuple(sorted(tuple(row) for row in db.session.execute(self.statement)))

    def read(self) -> dict[int, list[tuple[str, str]]]:
        return load_options(self.lists)


def _fingerprinted(options) -> bool:
    """Options named by a column of their own table: a row named after another table's (a
    volunteer after the contact) could be renamed without its own table changing."""
    return (
        isinstance(options, OptionList)
        and options.label is not None
        and hasattr(options.model, "updated_at")
    )


def _sorted(rows) -> list[tuple[str, str]]:
    """By name as the lists sort it (crm.sorting), the same order on both databases."""
    options = [(str(id_), "" if label is None else str(label)) for id_, label in rows]
    return sorted(options, key=lambda o: (sort_key(o[1]), int(o[0])))


class ChoiceFilter(FilterEqual):
    """Equality on a choice column, offered as its German labels."""

    def __init__(self, column, name, choice):
        super().__init__(column, name, options=choice.choices())
        self.choice = choice

    def validate(self, value):
        return value in {c.value for c in self.choice}

    def clean(self, value):
        return self.choice(value)

    def operation(self):
        return _l("ist")


class ReferenceFilter(FilterEqual):
    """A many-to-one reference (municipality, network, ...) chosen from a list of names."""

    def __init__(self, column, name, model):
        super().__init__(column, name, options=OptionList(model))

    def validate(self, value):
        return as_id(value) is not None

    def clean(self, value):
        return as_id(value)

    def operation(self):
        return _l("ist")


class RelatedFilter(BaseSQLAFilter):
    """Rows linked to the chosen tag, language, ... through a many-to-many table.

    Written as ``id IN (SELECT owner FROM link WHERE target = ?)`` so the index on the link
    table answers it, instead of an EXISTS probed for every row of a large table. Where the
    link's key is (owner, target), each link row is one match (its owner exists: the foreign
    key), so a list filtered by this alone is counted in the link table (CappedCountQuery).

    On SQLite a target linked to a good share of the rows (a newsletter tag) is read as an
    EXISTS along the list's order instead, where that finds the page asked for sooner (see
    read_in_list_order).
    """

    def __init__(self, relationship, name, model):
        prop = relationship.property
        self.owner_column, self.link_owner = prop.synchronize_pairs[0]
        _, self.link_target = prop.secondary_synchronize_pairs[0]
        key = set(prop.secondary.primary_key.columns)
        self.countable = key == {self.link_owner, self.link_target}
        super().__init__(self.owner_column, name, options=OptionList(model))

    def validate(self, value):
        return as_id(value) is not None

    def clean(self, value):
        return as_id(value)

    def apply(self, query, value, alias=None):
        return query.filter(self.owner_column.in_(self._linked(value)))

    def linked(self, value):
        """The ids of the rows linked to the value, one per link row (see crm.lists): where
        the link's key is (owner, target), else None."""
        return self._linked(value) if self.countable else None

    def walking(self, value):
        """The condition tested row by row along the list's order: an EXISTS on the link key."""
        linked = self._linked(value)
        return select(1).where(self.link_owner == self.owner_column, linked.whereclause).exists()

    def _linked(self, value):
        return select(self.link_owner).where(self.link_target == value)

    def operation(self):
        return _l("enthält")


class ConditionFilter(BaseSQLAFilter):
    """Named states defined by a rule of the domain, e.g. "overdue" for tasks.

    ``states`` maps a URL code to (label, function of today's date returning an SQL condition).
    """

    def __init__(self, column, name, states):
        self.states = states
        super().__init__(
            column, name, options=[(code, label) for code, (label, _) in states.items()]
        )

    def validate(self, value):
        return value in self.states

    def apply(self, query, value, alias=None):
        return query.filter(self.states[value][1](date.today()))

    def operation(self):
        return _l("ist")


def attention_filter(column, **other_states) -> ConditionFilter:
    """The list filter of the start page's items on ``column`` (crm.attention), so its links
    open exactly the rows counted there; ``other_states`` are further states of the same filter
    that the start page does not show."""
    items = [item for item in NEEDS_ATTENTION if item.column is column]
    states = {item.code: (item.option, item.condition) for item in items}
    return ConditionFilter(column, items[0].filter, {**other_states, **states})
