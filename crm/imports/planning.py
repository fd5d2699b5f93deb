"""What an import would do with each row, decided without writing: the values parsed and
checked, the organisation and municipality named found by their folded names (crm.sorting),
and the existing record a row matches (same e-mail, or same folded name plus organisation or
postcode) skipped, updated or filled in as the user chose. A fixed number of queries per file."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..errors import RuleError
from ..models import Contact, Municipality, Organisation
from ..models.choices import OrganisationKind, Salutation
from ..sorting import sort_key
from .columns import CONTACT_FIELDS, ORGANISATION_FIELDS, Field, match_header
from .reading import Table
from .values import checked_text, parse_choice, parse_date

CREATE, UPDATE, SKIP, FAIL = "create", "update", "skip", "fail"
ON_DUPLICATE = {
    "skip": _l("überspringen"),
    "update": _l("aktualisieren"),
    "fill": _l("nur leere Felder füllen"),
}
CHOICES = {"salutation": Salutation, "kind": OrganisationKind}
BATCH = 500  # names or addresses per IN (...)


@dataclass(frozen=True)
class Kind:
    """What can be imported: its model, fields, the field it needs and its name on screen."""

    name: str
    label: object
    model: type
    fields: tuple[Field, ...]
    required: str


KINDS = {
    "contacts": Kind("contacts", _l("Kontakte"), Contact, CONTACT_FIELDS, "last_name"),
    "organisations": Kind(
        "organisations", _l("Organisationen"), Organisation, ORGANISATION_FIELDS, "name"
    ),
}


@dataclass
class RowPlan:
    """A row of the file and what becomes of it: ``values`` for a new record, ``changes`` for
    the ``existing`` one it matches, ``errors`` (German, with line and column) if it fails."""

    line: int
    cells: list[str]
    action: str = CREATE
    values: dict = field(default_factory=dict)
    changes: dict = field(default_factory=dict)
    existing: object = None
    errors: list[str] = field(default_factory=list)


@dataclass
class Plan:
    kind: Kind
    header: list[str]
    columns: list[Field | None]
    rows: list[RowPlan]
    on_duplicate: str

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((CREATE, UPDATE, SKIP, FAIL), 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts

    @property
    def failed(self) -> bool:
        return any(row.action == FAIL for row in self.rows)


def plan_import(
    session: Session,
    kind_name: str,
    table: Table,
    on_duplicate: str,
    columns: list[Field | None] | None = None,
    row_choices: dict[int, str] | None = None,
) -> Plan:
    """``columns``: the field of each column as mapped (crm.imports.mappings), else matched by
    the header's names; ``row_choices``: {line: skip/update/fill} for rows matching a record,
    where the user chose otherwise than ``on_duplicate`` for all."""
    kind = KINDS[kind_name]
    if columns is None:
        columns = match_header(table.header, kind.fields)
    rows = [_parsed(kind, table.header, columns, line, cells) for line, cells in table.rows]
    _resolve(session, rows)
    _match_existing(session, kind, rows)
    for row in rows:
        _decide(kind, row, (row_choices or {}).get(row.line, on_duplicate))
    return Plan(kind, table.header, columns, rows, on_duplicate)


def _parsed(kind: Kind, header, columns, line: int, cells: list[str]) -> RowPlan:
    row = RowPlan(line, cells)
    table = kind.model.__table__
    for name, column_field, text in zip(header, columns, cells, strict=True):
        text = text.strip()
        if column_field is None or not text:
            continue
        try:
            if column_field.kind == "date":
                value = parse_date(text)
            elif column_field.kind == "choice":
                value = parse_choice(text, CHOICES[column_field.key])
            elif column_field.kind == "reference":
                value = text
            else:
                column = column_field.column
                value = checked_text(text, table.c[column_field.key] if column is None else column)
        except RuleError as error:
            row.errors.append(
                _(
                    "Zeile %(line)s, Spalte %(column)s: ‚%(value)s‘ – %(reason)s",
                    line=line,
                    column=name,
                    value=text,
                    reason=error,
                )
            )
            continue
        row.values[column_field.key] = value
    if not row.errors and not row.values.get(kind.required):
        label = next(f.label for f in kind.fields if f.key == kind.required)
        row.errors.append(_("Zeile %(line)s: %(field)s fehlt.", line=line, field=label))
    return row


def _by_folded_name(session: Session, model, names: Iterable[str]) -> dict[str, object]:
    keys = sorted({sort_key(n) for n in names})
    found = {}
    for start in range(0, len(keys), BATCH):
        batch = keys[start : start + BATCH]
        found |= {
            r.sort_name: r for r in session.scalars(select(model).where(model.sort_name.in_(batch)))
        }
    return found


def _resolve(session: Session, rows: list[RowPlan]) -> None:
    """The organisation and municipality named in each row, as records; unknown ones fail."""
    for key, model, label in (
        ("organisation", Organisation, _l("Organisation")),
        ("municipality", Municipality, _l("Kommune")),
    ):
        named = [row.values[key] for row in rows if isinstance(row.values.get(key), str)]
        if not named:
            continue
        found = _by_folded_name(session, model, named)
        for row in rows:
            name = row.values.get(key)
            if not isinstance(name, str):
                continue
            record = found.get(sort_key(name))
            if record is None:
                row.errors.append(
                    _(
                        "Zeile %(line)s, Spalte %(column)s: ‚%(value)s‘ ist nicht bekannt.",
                        line=row.line,
                        column=label,
                        value=name,
                    )
                )
            row.values[key] = record


def _match_existing(session: Session, kind: Kind, rows: list[RowPlan]) -> None:
    """The existing record each row matches, and a second row for the same record fails."""
    ok = [row for row in rows if not row.errors]
    if kind.model is Contact:
        _match_contacts(session, ok)
    else:
        found = _by_folded_name(session, Organisation, (row.values["name"] for row in ok))
        for row in ok:
            row.existing = found.get(sort_key(row.values["name"]))
    seen: dict[object, int] = {}
    for row in ok:
        key = row.existing.id if row.existing is not None else _identity(kind, row.values)
        if key in seen:
            row.errors.append(
                _(
                    "Zeile %(line)s: derselbe Eintrag wie in Zeile %(other)s.",
                    line=row.line,
                    other=seen[key],
                )
            )
        else:
            seen[key] = row.line


def _identity(kind: Kind, values: dict) -> tuple:
    if kind.model is Contact and values.get("email"):
        return ("email", values["email"].lower())
    names = (values.get(kind.required), values.get("first_name"), values.get("organisation"))
    return ("name", *(sort_key(n) if isinstance(n, str) else n for n in names))


def _match_contacts(session: Session, rows: list[RowPlan]) -> None:
    emails = sorted({row.values["email"].lower() for row in rows if row.values.get("email")})
    by_email: dict[str, Contact] = {}
    for start in range(0, len(emails), BATCH):
        query = (
            select(Contact)
            .where(func.lower(Contact.email).in_(emails[start : start + BATCH]))
            .options(selectinload(Contact.roles))
        )
        by_email |= {c.email.lower(): c for c in session.scalars(query)}
    last_names = sorted({sort_key(row.values["last_name"]) for row in rows})
    by_name: dict[tuple, list[Contact]] = {}
    for start in range(0, len(last_names), BATCH):
        query = (
            select(Contact)
            .where(Contact.sort_last_name.in_(last_names[start : start + BATCH]))
            .options(selectinload(Contact.roles))
        )
        for person in session.scalars(query):
            by_name.setdefault((person.sort_last_name, person.sort_first_name), []).append(person)
    for row in rows:
        values = row.values
        if values.get("email") and values["email"].lower() in by_email:
            row.existing = by_email[values["email"].lower()]
            continue
        key = (sort_key(values["last_name"]), sort_key(values.get("first_name")))
        for person in by_name.get(key, ()):
            same_place = values.get("postcode") and values["postcode"] == person.postcode
            organisation = values.get("organisation")
            works_there = organisation is not None and any(
                role.organisation_id == organisation.id for role in person.roles
            )
            if same_place or works_there:
                row.existing = person
                break


def _decide(kind: Kind, row: RowPlan, on_duplicate: str) -> None:
    if row.errors:
        row.action = FAIL
    elif row.existing is None:
        row.action = CREATE
    elif on_duplicate == "skip":
        row.action = SKIP
    else:
        row.changes = _changes(row.existing, row.values, fill_only=on_duplicate == "fill")
        row.action = UPDATE if row.changes else SKIP


def _changes(record, values: dict, fill_only: bool) -> dict:
    """The values that differ from the record's (only its empty fields with ``fill_only``);
    an empty cell never clears a field. A contact's organisation is a function it gains."""
    changes = {}
    for key, value in values.items():
        if key in ("organisation", "function", "since"):
            continue
        current = getattr(record, key)
        if current == value or (fill_only and current not in (None, "")):
            continue
        changes[key] = value
    organisation = values.get("organisation")
    if organisation is not None and not any(
        role.organisation_id == organisation.id for role in record.roles
    ):
        changes["organisation"] = organisation
        changes |= {k: values[k] for k in ("function", "since") if k in values}
    return changes
