"""Undo of an import as a whole: its created rows removed, its updates put back, as long as
none of those rows was changed since.

While an import writes, every row its flushes create or change is noted with the old values
of the fields it changed (:func:`apply_undoable`); afterwards each row's version (or last
change, where a table has no version) and links to tags and the like are kept with it in
``import_changes``. The undo compares them with today's rows, refuses naming every row changed
since (a created contact that got a function, a tag, a consent or a volunteer profile counts
as changed), and otherwise writes through the write path (crm.operations) in one transaction.
"""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import Date, DateTime, Numeric, event, insert, inspect, select
from sqlalchemy.orm import ColumnProperty, RelationshipProperty, Session, scoped_session
from sqlalchemy.orm.interfaces import MANYTOONE

from .. import operations
from ..audit import NOT_RECORDED, plain
from ..errors import RuleError
from ..extensions import db
from ..labels import TABLE_LABELS
from ..models import AuditEntry, ImportChange, ImportRun
from ..models.base import ChoiceType, utcnow
from ..models.hooks import acting_user_id
from .applying import apply_plan
from .planning import Plan

BATCH = 500  # ids per IN (...)
NAMED = 10  # rows a refusal names before „und … weitere“
BOOKKEEPING = (ImportRun, ImportChange, AuditEntry)


class Recorder:
    """The rows one session's flushes create or change, with the first old value of each
    changed field: what an undo has to remove or put back."""

    def __init__(self, session: Session):
        self.session = session
        self.created: dict[int, object] = {}
        self.updated: dict[int, tuple[object, dict]] = {}

    def collect(self, session: Session, flush_context, instances) -> None:
        for obj in session.new:
            if _tracked(obj):
                self.created.setdefault(id(obj), obj)
        for obj in session.dirty:
            if _tracked(obj) and id(obj) not in self.created:
                old = self.updated.setdefault(id(obj), (obj, {}))[1]
                for key, value in _old_values(obj).items():
                    old.setdefault(key, value)

    def save(self, run: ImportRun) -> None:
        """Keep what was recorded with the run (in SQL directly: bookkeeping like the
        history, not a change of its own) and mark the run undoable."""
        rows = [_change(run, obj, "create", None) for obj in self.created.values()]
        rows += [_change(run, obj, "update", old) for obj, old in self.updated.values() if old]
        if rows:
            self.session.execute(insert(ImportChange.__table__), rows)
        run.undoable = True
        self.session.flush()


@contextmanager
def recording(session) -> Iterator[Recorder]:
    """Record what the session writes inside the ``with`` block."""
    real = session() if isinstance(session, scoped_session) else session
    recorder = Recorder(real)
    event.listen(real, "before_flush", recorder.collect)
    try:
        yield recorder
    finally:
        event.remove(real, "before_flush", recorder.collect)


def apply_undoable(session, plan: Plan, file_name: str, **options) -> ImportRun:
    """:func:`crm.imports.apply_plan`, with what it writes recorded for its undo."""
    with recording(session) as recorder:
        run = apply_plan(session, plan, file_name, **options)
    recorder.save(run)
    return run


def undo_import(session, run: ImportRun) -> None:
    """Remove what the import created and put back what it updated, through the write path;
    refused (RuleError, nothing written) when it was undone already, cannot be undone, or a
    row of it was changed since. The caller commits."""
    if run.undone_at is not None:
        raise RuleError(_("Dieser Import wurde schon rückgängig gemacht."))
    if not run.undoable:
        raise RuleError(
            _(
                "Dieser Import stammt aus der Zeit vor der Rückgängig-Funktion und kann nicht "
                "rückgängig gemacht werden."
            )
        )
    # As plain rows: thousands of entities more in the session would slow every flush below.
    table = ImportChange.__table__
    changes = session.execute(
        select(table).where(table.c.import_id == run.id).order_by(table.c.id)
    ).all()
    rows = _load_rows(session, changes)
    changed = _changed_since(session, changes, rows)
    if changed:
        raise RuleError(_refusal(changed))
    for change in reversed(changes):
        if change.action == "update":
            obj = rows[change.table, change.row_id]
            operations.update(
                obj,
                _restored(session, obj, change.old),
                seen_version=change.version,
                session=session,
            )
    order = {table.name: n for n, table in enumerate(db.metadata.sorted_tables)}
    created = [c for c in changes if c.action == "create"]
    for change in sorted(created, key=lambda c: -order[c.table]):  # what points to others first
        obj = rows[change.table, change.row_id]
        _forget_children(session, obj)
        operations.delete(obj, session=session)
    operations.update(run, {"undone_at": utcnow(), "undone_by": acting_user_id()}, session=session)


def _forget_children(session, obj) -> None:
    """Unload a row's loaded collections of children before it is deleted: they may still
    hold the children deleted just before, which the cascade would delete a second time."""
    state = inspect(obj)
    loaded = [
        rel.key
        for rel in state.mapper.relationships
        if rel.uselist and rel.secondary is None and rel.key in state.dict
    ]
    if loaded:
        session.expire(obj, loaded)


def _tracked(obj) -> bool:
    """Rows with an id of their own; rows keyed by their parent (a volunteer's areas) go and
    come with it through the parent's cascade."""
    table = getattr(obj, "__table__", None)
    return table is not None and "id" in table.c and not isinstance(obj, BOOKKEEPING)


def _old_values(obj) -> dict:
    """{field: old value} of the fields a pending change sets: columns as they are, a
    reference as the id it had, links (tags, languages) as the sorted ids they had."""
    state = inspect(obj)
    found = {}
    for attr in state.mapper.attrs:
        if attr.key in NOT_RECORDED:
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        if isinstance(attr, ColumnProperty):
            found[attr.key] = plain(history.deleted[0]) if history.deleted else None
        elif isinstance(attr, RelationshipProperty) and attr.secondary is not None:
            found[attr.key] = sorted(o.id for o in (*history.unchanged, *history.deleted))
        elif isinstance(attr, RelationshipProperty) and attr.direction is MANYTOONE:
            # The foreign key still holds the old id: it follows the reference at the flush.
            column = next(iter(attr.local_columns))
            found[attr.key] = state.dict.get(state.mapper.get_property_by_column(column).key)
    return found


def _links(obj, keys=None) -> dict:
    """The ids an object links to, for each many-to-many link already loaded (a new row's
    links not loaded are empty, and loading them would cost a statement per row)."""
    state = inspect(obj)
    return {
        rel.key: sorted(o.id for o in state.dict[rel.key])
        for rel in _link_relationships(type(obj))
        if rel.key in state.dict and (keys is None or rel.key in keys)
    }


def _link_relationships(model) -> list[RelationshipProperty]:
    return [r for r in inspect(model).relationships if r.secondary is not None and not r.viewonly]


def _change(run: ImportRun, obj, action: str, old: dict | None) -> dict:
    versioned = hasattr(obj, "version")
    links = _links(obj, None if action == "create" else old)
    return {
        "import_id": run.id,
        "table": obj.__table__.name,
        "row_id": obj.id,
        "action": action,
        "old": old,
        "version": obj.version if versioned else None,
        "row_updated_at": None if versioned else getattr(obj, "updated_at", None),
        "links": {k: v for k, v in links.items() if v or action == "update"} or None,
    }


def _model(table: str):
    return next(m.class_ for m in db.Model.registry.mappers if m.local_table.name == table)


def _load_rows(session, changes) -> dict[tuple[str, int], object]:
    """The rows the import wrote, as they are today, a statement per table and batch."""
    ids = defaultdict(set)
    for change in changes:
        ids[change.table].add(change.row_id)
    rows = {}
    for table, wanted in ids.items():
        model, wanted = _model(table), sorted(wanted)
        for start in range(0, len(wanted), BATCH):
            query = select(model).where(model.id.in_(wanted[start : start + BATCH]))
            rows |= {(table, obj.id): obj for obj in session.scalars(query)}
    return rows


def _changed_since(session, changes, rows) -> list[tuple[str, int, object]]:
    """(table, id, row or None if deleted) of every row of the import changed since."""
    created = defaultdict(set)
    for change in changes:
        if change.action == "create":
            created[change.table].add(change.row_id)
    changed = {}
    for change in changes:
        obj = rows.get((change.table, change.row_id))
        if obj is None or _stamp_moved(change, obj):
            changed[change.table, change.row_id] = obj
    for (table, row_id), obj in _links_moved(session, changes, rows).items():
        changed.setdefault((table, row_id), obj)
    for table, row_id in _referenced_since(session, created):
        changed.setdefault((table, row_id), rows.get((table, row_id)))
    return [(table, row_id, obj) for (table, row_id), obj in changed.items()]


def _stamp_moved(change: ImportChange, obj) -> bool:
    if change.version is not None:
        return obj.version != change.version
    return change.row_updated_at is not None and obj.updated_at != change.row_updated_at


def _links_moved(session, changes, rows) -> dict[tuple[str, int], object]:
    """Rows whose links differ from those the import left: every link of a created row, the
    links an update changed."""
    moved = {}
    by_table = defaultdict(list)
    for change in changes:
        by_table[change.table].append(change)
    for table, of_table in by_table.items():
        for rel in _link_relationships(_model(table)):
            wanted = [c for c in of_table if c.action == "create" or rel.key in (c.links or {})]
            if not wanted:
                continue
            now = _current_links(session, rel, [c.row_id for c in wanted])
            for change in wanted:
                if now.get(change.row_id, []) != (change.links or {}).get(rel.key, []):
                    moved[table, change.row_id] = rows.get((table, change.row_id))
    return moved


def _current_links(session, rel: RelationshipProperty, ids: list[int]) -> dict[int, list[int]]:
    owner, target = rel.synchronize_pairs[0][1], rel.secondary_synchronize_pairs[0][1]
    found = defaultdict(list)
    for start in range(0, len(ids), BATCH):
        query = select(owner, target).where(owner.in_(ids[start : start + BATCH]))
        for row_id, linked in session.execute(query.order_by(owner, target)):
            found[row_id].append(linked)
    return found


def _referenced_since(session, created: dict[str, set[int]]) -> set[tuple[str, int]]:
    """Created rows another row now points to that the import did not create: a contact's
    new function, consent or volunteer profile, an organisation someone works at. Links of a
    row's own (a contact's tags) are compared by :func:`_links_moved` instead."""
    found = set()
    own_links = {
        rel.secondary.name for table in created for rel in _link_relationships(_model(table))
    }
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            target = fk.column.table.name
            if target not in created or table.name in own_links:
                continue
            others = _other_columns(table, fk)
            if not others:  # rows keyed by their parent (a volunteer's areas) are its own
                continue
            ids = sorted(created[target])
            for start in range(0, len(ids), BATCH):
                query = select(fk.parent, *others).where(fk.parent.in_(ids[start : start + BATCH]))
                for row in session.execute(query):
                    if not _created_with(row[1:], others, created):
                        found.add((target, row[0]))
    return found


def _other_columns(table, fk) -> list:
    """What says whether a referring row is the import's own: its id, or for a link table
    the row at its other end."""
    if "id" in table.c and table.c.id.primary_key:
        return [table.c.id]
    return [other.parent for other in table.foreign_keys if other is not fk]


def _created_with(values, columns, created) -> bool:
    if len(columns) == 1 and columns[0].name == "id":
        return values[0] in created.get(columns[0].table.name, ())
    return any(
        value in created.get(next(iter(column.foreign_keys)).column.table.name, ())
        for value, column in zip(values, columns, strict=True)
    )


def _restored(session, obj, old: dict) -> dict:
    """The recorded old values as the attributes take them."""
    mapper = inspect(type(obj))
    values = {}
    for key, value in old.items():
        attr = mapper.attrs[key]
        if isinstance(attr, ColumnProperty):
            values[key] = _typed(attr.columns[0].type, value)
        elif attr.secondary is not None:
            target = attr.mapper.class_
            values[key] = list(session.scalars(select(target).where(target.id.in_(value))))
        else:
            values[key] = None if value is None else session.get(attr.mapper.class_, value)
    return values


def _typed(column_type, value):
    if value is None:
        return None
    if isinstance(column_type, ChoiceType):
        return column_type.choice(value)
    if isinstance(column_type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    if isinstance(column_type, Numeric):
        return Decimal(value)
    return value


def _refusal(changed: list[tuple[str, int, object]]) -> str:
    names = defaultdict(list)
    for table, row_id, obj in changed[:NAMED]:
        names[table].append(
            f"„{obj}“" if obj is not None else _("Nr. %(id)s (gelöscht)", id=row_id)
        )
    listed = "; ".join(
        f"{TABLE_LABELS.get(table, table)}: {', '.join(found)}" for table, found in names.items()
    )
    if len(changed) > NAMED:
        listed += " " + _("und %(n)s weitere", n=len(changed) - NAMED)
    return _(
        "Der Import kann nicht rückgängig gemacht werden, weil Einträge seitdem geändert "
        "wurden (%(rows)s). Es wurde nichts geändert.",
        rows=listed,
    )
