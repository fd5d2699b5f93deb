"""What an import would do with each row, decided without writing: the values parsed and
checked, the records a row names found by name (crm.imports.references, made where the user
allows it), the existing record a row matches (crm.imports.matching) skipped, updated or filled
in as the user chose, and a new volunteer's first status checked against the life cycle's
rules (crm.volunteer_status). A fixed number of statements per file, whatever its size."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from .. import operations
from ..errors import RuleError
from ..models import Contact, Offer, Organisation, Volunteer
from ..models.choices import VolunteerStatus
from ..volunteer_status import check_first_status
from .columns import (
    OFFER_FIELDS,
    ORGANISATION_FIELDS,
    PERSON_FIELDS,
    PROFILE_KEYS,
    VOLUNTEER_FIELDS,
    Field,
    match_header,
)
from .matching import match_existing
from .reading import Table
from .records import ROLE_KEYS, new_record, new_rows
from .references import resolve
from .values import (
    checked_text,
    parse_bool,
    parse_choice,
    parse_choices,
    parse_date,
    parse_int,
    parse_language,
    split_values,
)

CREATE, UPDATE, SKIP, FAIL = "create", "update", "skip", "fail"
ON_DUPLICATE = {
    "skip": _l("überspringen"),
    "update": _l("aktualisieren"),
    "fill": _l("nur leere Felder füllen"),
}
# Kept by their own operations, not by an import's update: the status and since when active
# change through „Status ändern“ (crm.volunteer_status.change_status).
NOT_UPDATED = frozenset({"status", "active_since"})


@dataclass(frozen=True)
class Kind:
    """What can be imported: its model, fields, the field it needs, its name on screen, the
    list it is imported into, and the tables its text fields are checked against."""

    name: str
    label: object
    model: type
    fields: tuple[Field, ...]
    required: str
    screen: str = ""
    tables: tuple = ()


KINDS = {
    "contacts": Kind(
        "contacts", _l("Kontakte"), Contact, PERSON_FIELDS, "last_name", "contact", (Contact,)
    ),
    "organisations": Kind(
        "organisations",
        _l("Organisationen"),
        Organisation,
        ORGANISATION_FIELDS,
        "name",
        "organisation",
        (Organisation,),
    ),
    "volunteers": Kind(
        "volunteers",
        _l("Ehrenamtliche"),
        Volunteer,
        VOLUNTEER_FIELDS,
        "last_name",
        "volunteer",
        (Contact, Volunteer),
    ),
    "offers": Kind("offers", _l("Angebote"), Offer, OFFER_FIELDS, "title", "offer", (Offer,)),
}


@dataclass
class RowPlan:
    """A row of the file and what becomes of it: ``values`` for a new record, ``changes`` for
    the ``existing`` one it matches, ``errors`` (German, with line and column) if it fails,
    ``notes`` on what it brings about besides (an organisation that will be made).

    A volunteer row matches a person: ``existing`` is the volunteer when the person already
    has a profile, else the contact the new profile is made for (``action`` "create")."""

    line: int
    cells: list[str]
    action: str = CREATE
    values: dict = field(default_factory=dict)
    changes: dict = field(default_factory=dict)
    existing: object = None
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The new record of a "create" row, built outside the session and checked by the write
    # path's rules while planning; applying the plan adds it (and builds one if it is None).
    record: object = None


@dataclass
class Plan:
    kind: Kind
    header: list[str]
    columns: list[Field | None]
    rows: list[RowPlan]
    on_duplicate: str
    create_missing: bool = False
    # Organisations, municipalities and tags the file names that do not exist yet: made once
    # each by apply_plan, before the rows that name them.
    new_records: list = field(default_factory=list)

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
    *,
    create_missing: bool = False,
) -> Plan:
    """``columns``: the field of each column as mapped (crm.imports.mappings), else matched by
    the header's names; ``row_choices``: {line: skip/update/fill} for rows matching a record,
    where the user chose otherwise than ``on_duplicate`` for all; ``create_missing``: unknown
    organisations, municipalities and tags are made instead of failing their rows."""
    kind = KINDS[kind_name]
    if columns is None:
        columns = match_header(table.header, kind.fields)
    named = {f.key: name for name, f in zip(table.header, columns, strict=True) if f is not None}
    rows = [_parsed(kind, table.header, columns, line, cells) for line, cells in table.rows]
    new_records = resolve(session, rows, kind.fields, named, create_missing)
    match_existing(session, kind, [row for row in rows if not row.errors])
    for row in rows:
        _decide(kind, row, (row_choices or {}).get(row.line, on_duplicate))
        if row.action == CREATE:
            _check_rules(kind, row)
    return Plan(kind, table.header, columns, rows, on_duplicate, create_missing, new_records)


def _parsed(kind: Kind, header, columns, line: int, cells: list[str]) -> RowPlan:
    row = RowPlan(line, cells)
    for name, column_field, text in zip(header, columns, cells, strict=True):
        text = text.strip()
        if column_field is None or not text:
            continue
        try:
            value = _value(kind, column_field, text)
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
        if value not in ([], None):
            row.values[column_field.key] = value
    if not row.errors and not row.values.get(kind.required):
        label = next(f.label for f in kind.fields if f.key == kind.required)
        row.errors.append(_("Zeile %(line)s: %(field)s fehlt.", line=line, field=label))
    return row


def _value(kind: Kind, column_field: Field, text: str):
    """The cell's value; names of records stay text until crm.imports.references finds them."""
    match column_field.kind:
        case "date":
            return parse_date(text)
        case "bool":
            return parse_bool(text)
        case "int":
            return parse_int(text)
        case "choice":
            return parse_choice(text, column_field.choice)
        case "choices":
            return parse_choices(text, column_field.choice)
        case "reference":
            return text
        case "references":
            return split_values(text)
        case "languages":  # a contact's or an offer's: a level given is not kept
            return [parse_language(part)[0] for part in split_values(text)]
        case "skills":
            return [parse_language(part) for part in split_values(text)]
    column = column_field.column
    if column is None:
        tables = (t.__table__ for t in kind.tables)
        column = next(t.c[column_field.key] for t in tables if column_field.key in t.c)
    return checked_text(text, column)


def _decide(kind: Kind, row: RowPlan, on_duplicate: str) -> None:
    new_profile = kind.model is Volunteer and not isinstance(row.existing, Volunteer)
    if not row.errors and new_profile:
        _check_first_status(row)
    if row.errors:
        row.action = FAIL
    elif row.existing is None:
        row.action = CREATE
    elif on_duplicate == "skip":
        row.action = CREATE if new_profile else SKIP
    else:
        row.changes = _changes(row.existing, row.values, fill_only=on_duplicate == "fill")
        if new_profile:  # the person's changes, and the profile is new
            row.action = CREATE
        else:
            row.action = UPDATE if row.changes else SKIP


def _check_rules(kind: Kind, row: RowPlan) -> None:
    """The write path's rules asked of the new record before the preview (an offer needs a
    field of action, a period ends after it starts); the record is built outside the session
    and kept for applying. An update's rules are asked when it is written."""
    record = new_record(kind.model, row)
    try:
        operations.check_created(new_rows(record))
    except RuleError as error:
        row.errors.append(_("Zeile %(line)s: %(reason)s", line=row.line, reason=error))
        row.action = FAIL
    else:
        row.record = record


def _check_first_status(row: RowPlan) -> None:
    """A new volunteer starts with the status the file names only where the life cycle lets
    someone start there (crm.volunteer_status.check_first_status)."""
    values = row.values
    name = ", ".join(str(values[k]) for k in ("last_name", "first_name") if values.get(k))
    try:
        check_first_status(
            values.get("status", VolunteerStatus.INTERESTED),
            name=name,
            since=values.get("active_since"),
            data_consent_on=values.get("data_consent_on"),
            confidentiality_signed_on=values.get("confidentiality_signed_on"),
        )
    except RuleError as error:
        row.errors.append(_("Zeile %(line)s: %(reason)s", line=row.line, reason=error))


def _changes(record, values: dict, fill_only: bool) -> dict:
    """The values that differ from the record's (only its empty fields with ``fill_only``);
    an empty cell never clears a field, and lists (tags, languages, areas, municipalities)
    only gain the entries they lack. A contact's organisation is a function it gains; a
    volunteer's person is its contact."""
    person = record.contact if isinstance(record, Volunteer) else record
    changes = {}
    for key, value in values.items():
        if key in ROLE_KEYS or key in PROFILE_KEYS and record is person:
            continue  # a function is added below; a new profile has no changes
        if key in NOT_UPDATED and record is not person:
            continue
        owner = record if key in PROFILE_KEYS or record is person else person
        current = getattr(owner, key)
        if isinstance(value, list):
            value = _gained(key, current, value, fill_only)
            if value:
                changes[key] = value
        elif current != value and not (fill_only and current not in (None, "")):
            changes[key] = value
    organisation = values.get("organisation")
    if organisation is not None and not any(
        role.organisation_id == organisation.id for role in person.roles
    ):
        changes["organisation"] = organisation
        changes |= {k: values[k] for k in ("function", "since") if k in values}
    return changes


def _gained(key: str, current, wanted: list, fill_only: bool) -> list:
    """The entries of a list the record lacks; a volunteer's languages as (language, level)
    whose level differs too (not with ``fill_only``)."""
    if fill_only and len(current):
        return []
    if key == "language_skills":
        levels = {skill.language_id: skill.level for skill in current}
        return [
            (language, level)
            for language, level in wanted
            if language.id not in levels or level is not None and levels[language.id] != level
        ]
    have = set(current)
    return [entry for entry in wanted if entry not in have]
