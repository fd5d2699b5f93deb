"""List filters with German option lists, which Flask-Admin cannot derive for Lotse's columns."""

from datetime import date

from flask import has_app_context
from flask_admin.contrib.sqla.filters import BaseSQLAFilter, FilterEqual
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from .queries import as_id


def _options_of(model):
    """(id, name) of every row of a small reference table, loaded when the filter is shown."""

    def load():
        if not has_app_context():  # Flask-Admin asks once at start-up, before any database
            return []
        rows = db.session.scalars(select(model).order_by(*model.__mapper__.primary_key)).all()
        return sorted(((str(r.id), str(r)) for r in rows), key=lambda o: o[1].casefold())

    return load


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
        super().__init__(column, name, options=_options_of(model))

    def validate(self, value):
        return as_id(value) is not None

    def clean(self, value):
        return as_id(value)

    def operation(self):
        return _l("ist")


class RelatedFilter(BaseSQLAFilter):
    """Rows linked to the chosen tag, language, ... through a many-to-many table.

    Written as ``id IN (SELECT owner FROM link WHERE target = ?)`` so the index on the link
    table answers it, instead of an EXISTS probed for every row of a large table.
    """

    def __init__(self, relationship, name, model):
        prop = relationship.property
        self.owner_column, self.link_owner = prop.synchronize_pairs[0]
        _, self.link_target = prop.secondary_synchronize_pairs[0]
        super().__init__(self.owner_column, name, options=_options_of(model))

    def validate(self, value):
        return as_id(value) is not None

    def clean(self, value):
        return as_id(value)

    def apply(self, query, value, alias=None):
        linked = select(self.link_owner).where(self.link_target == value)
        return query.filter(self.owner_column.in_(linked))

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
