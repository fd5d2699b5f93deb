"""Which column of a file goes to which field: suggested from the column names
(crm.imports.columns), chosen by the user in the mapping step or given to the CLI as a JSON
file ``{"column name": "field key" | null}``, and saved under a name for the next file of the
same shape. A mapping that cannot be meant (a field twice, a field the kind does not have, a
column the file lacks) is refused in German before anything is planned."""

import json

from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import operations
from ..errors import RuleError
from ..extensions import db
from ..models import ImportMapping
from .columns import Field, header_key, same_field
from .planning import KINDS, Kind
from .reading import ImportFileError

MAX_MAPPING_BYTES = 100_000


def check_header(header: list[str]) -> None:
    """A column name twice cannot be told apart by a mapping (nor by anyone)."""
    seen = set()
    for name in header:
        key = header_key(name)
        if key and key in seen:
            raise ImportFileError(_("Die Spalte ‚%(name)s‘ kommt zweimal vor.", name=name))
        seen.add(key)


def suggested_columns(kind: Kind, header: list[str]) -> list[Field | None]:
    """The field each column's name suggests; a field named by two columns goes to the first,
    the mapping step lets the user decide otherwise."""
    by_name = {header_key(name): field for field in kind.fields for name in field.names}
    taken: set[str] = set()
    columns: list[Field | None] = []
    for name in header:
        field = by_name.get(header_key(name))
        if field is not None and field.key in taken:
            field = None
        if field is not None:
            taken.add(field.key)
        columns.append(field)
    return columns


def columns_from_mapping(kind: Kind, header: list[str], mapping: dict) -> list[Field | None]:
    """The field of each column as the mapping says; columns it does not name are matched by
    their names. Refused when the mapping names a column the file lacks, a field this kind
    does not have, one field for two columns, or no field at all."""
    check_header(header)
    fields = {field.key: field for field in kind.fields}
    by_column = {header_key(name): key for name, key in mapping.items()}
    known = {header_key(name) for name in header}
    for name, key in mapping.items():
        if header_key(name) not in known:
            raise ImportFileError(
                _("Die Zuordnung nennt die Spalte ‚%(name)s‘, die Datei hat sie nicht.", name=name)
            )
        if key is not None and key not in fields:
            raise ImportFileError(_unknown_field(kind, key))
    suggested = suggested_columns(kind, header)
    chosen = set(by_column.values())
    columns: list[Field | None] = []
    taken: dict[str, str] = {}
    for name, suggestion in zip(header, suggested, strict=True):
        if header_key(name) in by_column:
            key = by_column[header_key(name)]
            field = None if key is None else fields[key]
        else:
            field = suggestion if suggestion is not None and suggestion.key not in chosen else None
        if field is not None and field.key in taken:
            raise same_field(taken[field.key], name, field)
        if field is not None:
            taken[field.key] = name
        columns.append(field)
    if not taken:
        raise ImportFileError(_("Keine Spalte ist einem Feld zugeordnet."))
    return columns


def _unknown_field(kind: Kind, key: str) -> str:
    other = next(
        (k for k in KINDS.values() if k is not kind and any(f.key == key for f in k.fields)),
        None,
    )
    if other is not None:
        return _(
            "‚%(key)s‘ ist ein Feld für %(other)s, nicht für %(kind)s.",
            key=key,
            other=other.label,
            kind=kind.label,
        )
    return _(
        "‚%(key)s‘ ist kein Feld für %(kind)s. Möglich sind: %(keys)s.",
        key=key,
        kind=kind.label,
        keys=", ".join(f.key for f in kind.fields),
    )


def mapping_of(header: list[str], columns: list[Field | None]) -> dict[str, str | None]:
    """The mapping as it is saved and downloaded: {column name: field key or None}."""
    return {name: None if f is None else f.key for name, f in zip(header, columns, strict=True)}


def read_mapping_file(data: bytes) -> dict[str, str | None]:
    """A mapping from a JSON file (the CLI's ``--mapping``, a downloaded saved mapping)."""
    if len(data) > MAX_MAPPING_BYTES:
        raise ImportFileError(_("Die Zuordnungsdatei ist zu groß."))
    try:
        mapping = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        mapping = None
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in mapping.items()
    ):
        raise ImportFileError(
            _('Die Zuordnungsdatei ist kein JSON-Objekt der Form {"Spalte": "Feld" oder null}.')
        )
    return mapping


def matching_mappings(session, kind: Kind, header: list[str]) -> list[ImportMapping]:
    """The saved mappings of this kind made for a file with the same columns, newest first."""
    wanted = sorted(header_key(name) for name in header)
    saved = session.scalars(
        select(ImportMapping)
        .where(ImportMapping.kind == kind.name)
        .order_by(ImportMapping.created_at.desc(), ImportMapping.id.desc())
    )
    return [m for m in saved if sorted(header_key(name) for name in m.columns) == wanted]


def saved_mapping(session, kind: Kind, mapping_id: int | None) -> ImportMapping | None:
    """A saved mapping chosen for a file of ``kind``; one of another kind is refused."""
    if mapping_id is None:
        return None
    mapping = session.get(ImportMapping, mapping_id)
    if mapping is None:
        raise ImportFileError(_("Diese gespeicherte Zuordnung gibt es nicht mehr."))
    if mapping.kind != kind.name:
        raise ImportFileError(
            _(
                "Die Zuordnung ‚%(name)s‘ gilt für %(other)s, nicht für %(kind)s.",
                name=mapping.name,
                other=KINDS[mapping.kind].label if mapping.kind in KINDS else mapping.kind,
                kind=kind.label,
            )
        )
    return mapping


def save_mapping(session, kind: Kind, name: str, mapping: dict, user_id) -> ImportMapping:
    """Save a mapping under a name (unique per kind), through the write path."""
    return operations.create(
        ImportMapping(name=name.strip(), kind=kind.name, columns=mapping, user_id=user_id),
        session,
    )


@operations.rule(ImportMapping)
def check_mapping(mapping: ImportMapping, change) -> None:
    """A name, unique per kind, and only fields of its kind."""
    if not change.touches("name", "kind", "columns"):
        return
    if not (mapping.name or "").strip():
        raise RuleError(_("Bitte einen Namen für die Zuordnung angeben."), "name")
    if len(mapping.name) > ImportMapping.__table__.c.name.type.length:
        raise RuleError(_("Der Name der Zuordnung ist zu lang."), "name")
    kind = KINDS.get(mapping.kind)
    if kind is None:
        raise RuleError(_("Unbekannte Art des Imports."), "kind")
    keys = {field.key for field in kind.fields}
    for key in mapping.columns.values():
        if key is not None and key not in keys:
            raise RuleError(_unknown_field(kind, key), "columns")
    same = select(func.count(ImportMapping.id)).where(
        ImportMapping.kind == mapping.kind,
        func.lower(ImportMapping.name) == mapping.name.lower(),
    )
    if mapping.id is not None:
        same = same.where(ImportMapping.id != mapping.id)
    if db.session.scalar(same):
        raise RuleError(
            _("Eine Zuordnung namens ‚%(name)s‘ gibt es schon.", name=mapping.name), "name"
        )
