"""Merging two contacts who are the same person: the survivor keeps its record and takes the
values chosen field by field from the other; everything that pointed to the other moves to
the survivor; the other is deleted; a history entry on the survivor names what was merged.

What points to a contact is found from the metadata's foreign keys to ``contacts.id``, so a
new table is covered without a change here. Where a unique constraint allows one row per
contact and something else (a meeting's participant, a network's delegate, a tag), the
survivor's row stays and the other's is dropped; where it allows one row per contact alone
(the volunteer profile) and both have one, the merge is refused: two profiles with their
assignments and clearances are merged by hand. Through the write path; the caller commits.
"""

from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, delete, exists, select, update
from sqlalchemy.orm import Session
from sqlalchemy.schema import PrimaryKeyConstraint, UniqueConstraint

from . import audit, operations
from .audit import NOT_RECORDED
from .duplicates import CONTACTS
from .errors import RuleError
from .extensions import db
from .labels import FIELD_LABELS
from .models import Contact, DismissedPair

KEEP, TAKE = "bleibt", "weg"  # a field's choice: the survivor's value or the other's
# The one-per-contact rows named in the refusal; other tables by their name.
ONE_PER_CONTACT = {"volunteers": _l("Ehrenamtsprofil")}


def merge_fields() -> list[str]:
    """The contact's own fields a user chooses between: every column but the system's."""
    return [
        column.key
        for column in Contact.__table__.columns
        if column.key != "id" and column.key not in NOT_RECORDED
    ]


def differing_fields(survivor: Contact, other: Contact) -> list[str]:
    return [f for f in merge_fields() if getattr(survivor, f) != getattr(other, f)]


def taken_from_other(fields: list[str], choices) -> list[str]:
    """The differing fields whose value the user took from the other contact; a field not
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


def references(table_name: str = "contacts") -> list[tuple[Table, str]]:
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


def merge(
    session: Session, survivor: Contact, other: Contact, take: Iterable[str] = ()
) -> dict[str, int]:
    """Merge ``other`` into ``survivor``, taking the fields named in ``take`` from the other;
    returns the rows moved per table. Raises RuleError (nothing written when the caller
    rolls back) when both hold a one-per-contact row."""
    if survivor.id == other.id:
        raise RuleError(_("Ein Kontakt kann nicht mit sich selbst zusammengeführt werden."))
    taken = {f: getattr(other, f) for f in merge_fields() if f in set(take)}
    name, other_id = str(other), other.id
    moved = {}
    for table, column in references():
        count = _move(session, table, column, other_id, survivor.id)
        if count:
            moved[table.name] = count
    session.expire(other)  # its collections (the roles) are now the survivor's
    session.expire(survivor)
    operations.delete(other, session)
    for pair in session.scalars(
        select(DismissedPair).where(
            DismissedPair.kind == CONTACTS,
            (DismissedPair.first_id == other_id) | (DismissedPair.second_id == other_id),
        )
    ):
        operations.delete(pair, session)
    operations.update(survivor, taken, session=session)
    audit.record(
        "merge",
        "contacts",
        survivor.id,
        merged_id=other_id,
        merged_name=name,
        fields=sorted(taken),
        moved=moved,
    )
    session.flush()
    return moved


def _move(session: Session, table: Table, column: str, old: int, new: int) -> int:
    """Point the rows of ``table`` from contact ``old`` to ``new``; a row that would then
    break a unique constraint is dropped (the survivor's row stays) or, one per contact
    alone, refused."""
    col = table.c[column]
    mapper = _mapped_class(table)
    for unique in _unique_sets(table, column):
        others = unique - {column}
        twin = table.alias()
        collides = exists(
            select(1)
            .select_from(twin)
            .where(twin.c[column] == new, *(twin.c[o] == table.c[o] for o in others))
        )
        if not session.scalar(select(exists().where(col == old, collides))):
            continue
        if not others:
            what = ONE_PER_CONTACT.get(table.name, table.name)
            raise RuleError(
                _(
                    "Beide Kontakte haben ein %(what)s; es gibt nur eines je Kontakt. Bitte "
                    "zuerst eines davon zusammenführen oder löschen, dann die Kontakte.",
                    what=what,
                )
            )
        if mapper is None:
            session.execute(delete(table).where(col == old, collides))
        else:
            for row in session.scalars(select(mapper.class_).where(col == old, collides)):
                operations.delete(row, session)
    if mapper is None:
        return session.execute(update(table).where(col == old).values({column: new})).rowcount
    key = mapper.get_property_by_column(col).key
    rows = session.scalars(select(mapper.class_).where(col == old)).all()
    for row in rows:
        operations.update(row, {key: new}, session=session)
    return len(rows)
