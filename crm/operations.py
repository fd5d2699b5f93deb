"""The one write path: every create, update and delete of a record, from a form, a bulk
action, an inline child, the CLI, the demo and later the importer and the API, goes through
these functions.

They enforce the optimistic lock, check the field rules (crm.field_rules) and the rules of
each area (registered with :func:`rule`), refuse a delete that others still point to, and
flush. The flush hooks keep the search index and authorship in step (crm.models.hooks) and
record the history of every changed field (crm.audit). The caller commits: a form after its
one record, an import after all of its rows.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from .deletion import check_deletable
from .errors import StaleChange
from .extensions import db
from .field_rules import check_row

STALE = _l(
    "Der Eintrag wurde inzwischen von jemand anderem geändert. "
    "Bitte die Seite neu laden und die Änderung noch einmal eintragen."
)

NO_VERSION = _l(
    "Das Formular kam ohne die Version des Eintrags, mit der es geöffnet wurde; gespeichert "
    "wurde nichts. Bitte die Seite neu laden und die Änderung noch einmal eintragen."
)


@dataclass(frozen=True)
class Change:
    """What a rule is asked about: a row being created, or the attributes changed on it."""

    created: bool
    changed: frozenset[str]

    def touches(self, *keys: str) -> bool:
        return self.created or bool(self.changed.intersection(keys))


Rule = Callable[[object, Change], None]
RULES: dict[type, list[Rule]] = {}


def rule(*models: type) -> Callable[[Rule], Rule]:
    """Register a rule of an area for rows of these models: called with the row and its
    :class:`Change` before every flush of the write path, it raises RuleError to refuse."""

    def register(check: Rule) -> Rule:
        for model in models:
            RULES.setdefault(model, []).append(check)
        return check

    return register


def create(obj, session: Session | None = None):
    """Add a new row (with the children it holds) after checking every rule."""
    session = session or db.session
    session.add(obj)
    check_pending(session)
    session.flush()
    return obj


def update(
    obj,
    changes: Mapping[str, object] | Callable[[object], None] | None = None,
    seen_version=None,
    session: Session | None = None,
):
    """Change a row: ``changes`` as {attribute: value} or a function that sets them (a
    form's ``populate_obj``). ``seen_version`` is the version the user saw (see
    :func:`check_version`); a row changed since is refused, nothing is written."""
    session = session or db.session
    check_version(obj, seen_version)
    with session.no_autoflush:  # a look-up while setting values must not write half of them
        if callable(changes):
            changes(obj)
        else:
            for key, value in (changes or {}).items():
                setattr(obj, key, value)
    check_pending(session)
    session.flush()
    return obj


def delete(obj, session: Session | None = None) -> None:
    """Delete a row nothing else points to (its own children go with it)."""
    session = session or db.session
    check_deletable(obj)
    session.delete(obj)
    session.flush()


def check_version(obj, seen_version) -> None:
    """None: a caller without a form (CLI, bulk action, import); a form passes the version it
    was opened with, and one that came without it ("") is refused like a stale one."""
    if seen_version is None or not hasattr(obj, "version"):
        return
    if seen_version == "":
        raise StaleChange(NO_VERSION)
    if str(seen_version) != str(obj.version):
        raise StaleChange(STALE)


def check_created(objects: Iterable) -> None:
    """The rules of new rows, each on its own and without a flush: an import checks the rows
    of a batch one by one, so that a refusal names its line, then flushes the batch once."""
    for obj in objects:
        _check(obj, Change(created=True, changed=frozenset()))


def check_changed(obj) -> None:
    """The rules of the attributes changed on a row, without a flush (see check_created)."""
    changed = _changed(obj)
    if changed:
        _check(obj, Change(created=False, changed=changed))


def check_pending(session: Session) -> None:
    """The field rules and the area rules of every new or changed row in the session."""
    with session.no_autoflush:  # a rule's query must not write the row it checks
        check_created(list(session.new))
        for obj in list(session.dirty):
            check_changed(obj)


def _changed(obj) -> frozenset[str]:
    state = inspect(obj)
    return frozenset(a.key for a in state.attrs if a.history.has_changes())


def _check(obj, change: Change) -> None:
    if not hasattr(obj, "__table__"):
        return
    check_row(obj, None if change.created else change.changed)
    for model, rules in RULES.items():
        if isinstance(obj, model):
            for check in rules:
                check(obj, change)


def update_all(objs, changes: Mapping[str, object], session: Session | None = None) -> None:
    """Change many rows the same way, checked like :func:`update` and flushed once, so that
    moving a thousand references (a merge) costs the statements of one, not of a thousand."""
    session = session or db.session
    with session.no_autoflush:
        for obj in objs:
            for key, value in changes.items():
                setattr(obj, key, value)
    check_pending(session)
    session.flush()
