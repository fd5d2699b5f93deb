"""The records a row names by their names – its organisation or provider, municipality, tags,
languages and catalogue entries – found as the search index compares words
(crm.sorting.same_name_key: case, umlauts and their spellings ae/oe/ue ignored, so „Müller“,
„Mueller“ and „MÜLLER“ are one name). Where the user allows it, unknown organisations,
municipalities and tags are made, once per distinct name; every other unknown name fails its
row with the value named. A fixed number of statements per file (one per model and batch)."""

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import RuleError
from ..models import Language, Municipality, Organisation, Tag
from ..sorting import same_name_key, same_name_sql
from .columns import Field
from .values import checked_text

CREATABLE = (Organisation, Municipality, Tag)
BATCH = 500  # names per IN (...)


def names_of(field: Field, value) -> list[str]:
    """The names a parsed cell holds: one for a reference, several for the others."""
    if field.kind == "reference":
        return [value]
    if field.kind == "skills":
        return [name for name, _level in value]
    return list(value)


def resolve(session: Session, rows, fields: Iterable[Field], columns: dict, create: bool) -> list:
    """Put the records in place of the names in every row's values (``columns``: the file's
    column of each field key, for the messages); returns the records to be made."""
    fields = [f for f in fields if f.model is not None]
    wanted: dict[type, set[str]] = {}
    for row in rows:
        for f in fields:
            if f.key in row.values:
                names = names_of(f, row.values[f.key])
                wanted.setdefault(f.model, set()).update(map(same_name_key, names))
    found = {model: _found(session, model, keys) for model, keys in wanted.items()}
    made: dict[tuple[type, str], object] = {}
    for row in rows:
        for f in fields:
            if f.key in row.values:
                row.values[f.key] = _records(row, f, columns[f.key], found[f.model], made, create)
    return list(made.values())


def _found(session: Session, model, keys: set[str]) -> dict[str, object]:
    """The records of ``model`` by the key of their name; languages also by their code."""
    if model is Language:
        languages = session.scalars(select(Language)).all()
        return {same_name_key(x.name): x for x in languages} | {
            same_name_key(x.code): x for x in languages
        }
    if not hasattr(model, "sort_name"):  # the office's short catalogues: read whole
        return {same_name_key(x.name): x for x in session.scalars(select(model))}
    ordered, by_key = sorted(keys), {}
    for start in range(0, len(ordered), BATCH):
        batch = ordered[start : start + BATCH]
        query = select(model).where(same_name_sql(model.sort_name).in_(batch))
        by_key |= {same_name_key(x.name): x for x in session.scalars(query)}
    return by_key


def _records(row, field: Field, column: str, found: dict, made: dict, create: bool):
    """The cell's records (a list, or one for a reference; languages with their level)."""
    records = []
    for name in names_of(field, row.values[field.key]):
        key = same_name_key(name)
        record = found.get(key) or made.get((field.model, key))
        creatable = field.model in CREATABLE
        if record is None and creatable and create:
            record = _made(row, field.model, name, column)
            if record is None:  # the name does not fit the field: the row says why
                continue
            made[(field.model, key)] = record
        if record is None:
            row.errors.append(_unknown(row.line, column, name, creatable))
        elif (field.model, key) in made:
            note = _("%(what)s ‚%(name)s‘ wird angelegt.", what=_what(field.model), name=record)
            if note not in row.notes:
                row.notes.append(note)
        records.append(record)
    if field.kind == "reference":
        return records[0] if records else None  # the row failed: its name did not fit
    if field.kind == "skills":
        levels = [level for _name, level in row.values[field.key]]
        return list(dict(zip(records, levels, strict=True)).items())
    return list(dict.fromkeys(records))


def _made(row, model, name: str, column: str):
    """A new record of that name, or None with the row failed when the name does not fit."""
    try:
        checked_text(name, model.__table__.c.name)
    except RuleError as error:
        row.errors.append(
            _(
                "Zeile %(line)s, Spalte %(column)s: ‚%(value)s‘ – %(reason)s",
                line=row.line,
                column=column,
                value=name,
                reason=error,
            )
        )
        return None
    return model(name=name)


def _what(model) -> str:
    return {Organisation: _("Organisation"), Municipality: _("Kommune"), Tag: _("Schlagwort")}[
        model
    ]


def _unknown(line: int, column: str, name: str, creatable: bool) -> str:
    message = _(
        "Zeile %(line)s, Spalte %(column)s: ‚%(value)s‘ ist nicht bekannt.",
        line=line,
        column=column,
        value=name,
    )
    if creatable:
        message += " " + _(
            "Mit „Unbekannte Organisationen, Kommunen und Schlagworte anlegen“ wird es angelegt."
        )
    return message
