"""Merging two records of one kind (contacts, organisations) that are the same: the survivor
keeps its record and takes the values chosen field by field from the other; everything that
pointed to the other moves to the survivor; the other is deleted; a history entry on the
survivor names what was merged and which conflicts were resolved.

What points to a record is found from the metadata's foreign keys to its table, so a new table
is covered without a change here. Where a unique constraint allows one row per record and
something else (a meeting's participant, a network's member, a tag), the survivor's row stays
and the other's, saying the same, is dropped; where it allows one row per record alone (a
contact's volunteer profile) and both have one, the merge is refused: two profiles with their
assignments and clearances are merged by hand. A reference of the survivor to the other (an
organisation under the one it is merged with) becomes the other's own. Functions that became
the same (crm.role_merging) are combined. The rows of each table move in one flush; through
the write path; the caller commits.
"""

from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, delete, exists, select, update
from sqlalchemy.orm import Session
from sqlalchemy.schema import PrimaryKeyConstraint, UniqueConstraint

from . import audit, operations, role_merging
from .audit import NOT_RECORDED
from .errors import RuleError
from .extensions import db
from .labels import FIELD_LABELS
from .models import DismissedPair

KEEP, TAKE = "bleibt", "weg"  # a field's choice: the survivor's value or the other's
# The one-per-record rows named in the refusal; other tables by their name.
ONE_PER_RECORD = {"volunteers": _l("Ehrenamtsprofil")}


def merge_fields(model) -> list[str]:
    """The record's own fields a user chooses between: every column but the system's."""
    return [
        column.key
        for column in model.__table__.columns
        if column.key not in ("id", "uuid") and column.key not in NOT_RECORDED
    ]


def differing_fields(survivor, other) -> list[str]:
    return [f for f in merge_fields(type(survivor)) if getattr(survivor, f) != getattr(other, f)]


def taken_from_other(fields: list[str], choices) -> list[str]:
    """The differing fields whose value the user took from the other record; a field not
    answered keeps the survivor's value, an answer other than „bleibt“ or „weg“ merges
    nothing."""
    for field in fields:
        if choices.get(field, KEEP) not in (KEEP, TAKE):
            raise RuleError(
                _(
                    "Für „%(field)s“ ist keine gültige Auswahl getroffen; es wurde nichts "
                    "zusammengeführt.",
                    field=FIELD_LABELS.get(field.removesuffix("_id"), field),
                ),
                field=field,
            )
    return [field for field in fields if choices.get(field) == TAKE]


def references(table_name: str) -> list[tuple[Table, str]]:
    """(table, column) of every foreign key to ``<table_name>.id``."""
    return [
        (table, fk.parent.name)
        for table in db.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == table_name and fk.column.name == "id"
    ]


def _unique_sets(table: Table, column: str) -> list[set[str]]:
    """The column sets that must be unique in ``table`` and contain ``column``."""
    sets = [
        {c.name for c in constraint.columns}
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint | PrimaryKeyConstraint)
    ]
    sets += [{c.name for c in index.columns} for index in table.indexes if index.unique]
    sets += [{c.name} for c in table.columns if c.unique]
    return [s for s in sets if column in s]


def _mapped_class(table: Table):
    for mapper in db.Model.registry.mappers:
        if mapper.local_table is table:
            return mapper
    return None


def _own_references(survivor, other, take: set[str]) -> dict[str, object]:
    """The survivor's references to its own table as they are after the merge: one to the
    other becomes the other's own, one to the survivor itself none."""
    table = type(survivor).__table__
    mapper = _mapped_class(table)
    chosen = {}
    for referring, column in references(table.name):
        if referring is not table:
            continue
        key = mapper.get_property_by_column(table.c[column]).key
        value = getattr(other if key in take else survivor, key)
        if value == other.id:
            value = getattr(other, key)
        chosen[key] = None if value == survivor.id else value
    return chosen


def merge(session: Session, survivor, other, take: Iterable[str] = ()) -> dict[str, int]:
    """Merge ``other`` into ``survivor``, taking the fields named in ``take`` from the other;
    returns the rows moved per table. Raises RuleError (nothing written when the caller
    rolls back) when both hold a one-per-record row."""
    if survivor.id == other.id:
        raise RuleError(_("Ein Eintrag kann nicht mit sich selbst zusammengeführt werden."))
    model, take = type(survivor), set(take)
    table_name = model.__table__.name
    own = _own_references(survivor, other, take)
    taken = {f: getattr(other, f) for f in merge_fields(model) if f in take and f not in own}
    name, other_id = str(other), other.id
    if own:  # before the moves, which would point the survivor to itself
        operations.update(survivor, own, session=session)
    moved, dropped = {}, {}
    for table, column in references(table_name):
        count, gone = _move(session, table, column, other_id, survivor.id)
        if count:
            moved[table.name] = count
        if gone:
            dropped[table.name] = gone
    combined = role_merging.combine(session, table_name, survivor.id)
    session.expire(other)  # its collections (the roles) are now the survivor's
    session.expire(survivor)
    operations.delete(other, session)
    for pair in session.scalars(
        select(DismissedPair).where(
            DismissedPair.kind == table_name,
            (DismissedPair.first_id == other_id) | (DismissedPair.second_id == other_id),
        )
    ):
        operations.delete(pair, session)
    operations.update(survivor, taken, session=session)
    audit.record(
        "merge",
        table_name,
        survivor.id,
        merged_id=other_id,
        merged_name=name,
        fields=sorted(f for f in merge_fields(model) if f in take),
        moved=moved,
        **({"dropped_as_same": dropped} if dropped else {}),
        **({"combined": combined} if combined else {}),
    )
    session.flush()
    return moved


def _drop_collisions(session: Session, table: Table, column: str, old: int, new: int) -> int:
    """Drop the rows of ``old`` that would, moved to ``new``, repeat a row ``new`` has (the
    survivor's row stays); refuse where one row per record alone is allowed. Returns the
    rows dropped."""
    col, mapper, dropped = table.c[column], _mapped_class(table), 0
    for unique in _unique_sets(table, column):
        others = unique - {column}
        twin = table.alias()
        collides = exists(
            select(1)
            .select_from(twin)
            .where(twin.c[column] == new, *(twin.c[o] == table.c[o] for o in others))
        )
        if not others:
            if session.scalar(select(exists().where(col == old, collides))):
                what = ONE_PER_RECORD.get(table.name, table.name)
                raise RuleError(
                    _(
                        "Beide Kontakte haben ein %(what)s; es gibt nur eines je Kontakt. Bitte "
                        "zuerst eines davon zusammenführen oder löschen, dann die Kontakte.",
                        what=what,
                    )
                )
        elif mapper is None:
            dropped += session.execute(delete(table).where(col == old, collides)).rowcount
        else:
            for row in session.scalars(select(mapper.class_).where(col == old, collides)):
                operations.delete(row, session)
                dropped += 1
    return dropped


def _move(session: Session, table: Table, column: str, old: int, new: int) -> tuple[int, int]:
    """Point the rows of ``table`` from record ``old`` to ``new``, all in one flush; returns
    the rows moved and those dropped as repeating one of ``new``."""
    dropped = _drop_collisions(session, table, column, old, new)
    col, mapper = table.c[column], _mapped_class(table)
    if mapper is None:
        moved = session.execute(update(table).where(col == old).values({column: new})).rowcount
        return moved, dropped
    key = mapper.get_property_by_column(col).key
    rows = session.scalars(select(mapper.class_).where(col == old)).all()
    operations.update_all(rows, {key: new}, session=session)
    return len(rows), dropped
