"""Imports in the demo county's history: the address list of a school network, as the
coordinator's colleague kept it in Excel (semicolons, German dates), imported through the same
steps as an uploaded file (crm.imports); one person on it was already known and only her empty
fields are filled in. And the registrations for a conference, imported with a saved mapping of
their own column names and undone again (they were meant for the mailing, not the contacts)."""

from sqlalchemy import select

from ...extensions import db
from ...imports import KINDS, plan_import, read_table
from ...imports.mappings import columns_from_mapping, save_mapping
from ...imports.undo import apply_undoable, undo_import
from ...models import ImportMapping, User
from ...models.choices import OrganisationKind
from .county import DEMO_ACCOUNTS, County

FILE_NAME = "Adressliste Schulnetzwerk.csv"
HEADER = "Anrede;Vorname;Nachname;E-Mail-Adresse;Handy;Organisation;Funktion;seit"
PEOPLE = (
    ("Frau", "Hülya", "Demir", "Schulsozialarbeit", "01.09.2024"),
    ("Herr", "Tobias", "Brandt", "DaZ-Koordination", "1.8.23"),
    ("Frau", "Zofia", "Nowak", "Elternlotsin", "2025-02-01"),
)


def history(county: County) -> None:
    db.session.flush()
    schools = county.of_kind(OrganisationKind.SCHOOL)[: len(PEOPLE)]
    rows = [
        f"{salutation};{first};{last};{first[0].lower()}.{last.lower()}@schule.example;;"
        f"{school.name};{function};{since}"
        for (salutation, first, last, function, since), school in zip(PEOPLE, schools, strict=False)
    ]
    known = next(c for c in county.contacts if c.email and not c.mobile)
    rows.append(f";{known.first_name};{known.last_name};{known.email};0151 2247 1180;;;")
    data = "\r\n".join((HEADER, *rows)).encode("cp1252")
    plan = plan_import(db.session, "contacts", read_table(FILE_NAME, data), "fill")
    run = apply_undoable(db.session, plan, FILE_NAME)
    email = next(email for email, _, role in DEMO_ACCOUNTS if role == "coordinator")
    run.user_id = db.session.scalar(select(User.id).where(User.email == email))
    _registrations_undone(county, run.user_id)


REGISTRATIONS = "Anmeldungen Fachtag Integration.csv"
REGISTRATION_HEADER = "Vorname;Zuname;Mail;Einrichtung;Aufgabe;Essen"
REGISTRATION_MAPPING = {
    "Vorname": "first_name",
    "Zuname": "last_name",
    "Mail": "email",
    "Einrichtung": "organisation",
    "Aufgabe": "function",
    "Essen": None,
}
MAPPING_NAME = "Anmeldungen Fachtag"
REGISTERED = (("Miriam", "Haddad", "Migrationsberatung"), ("Lukas", "Ebert", "Jugendhilfe"))


def _registrations_undone(county: County, user_id: int | None) -> None:
    """The conference's registrations: their columns mapped (and the mapping saved), imported,
    and undone."""
    carrier = county.of_kind(OrganisationKind.CARRIER)[0]
    rows = [
        f"{first};{last};{first[0].lower()}.{last.lower()}@traeger.example;{carrier.name};"
        f"{function};vegetarisch"
        for first, last, function in REGISTERED
    ]
    table = read_table(REGISTRATIONS, "\r\n".join((REGISTRATION_HEADER, *rows)).encode("utf-8"))
    mapping = db.session.scalar(  # a demo added with --force keeps the first one's
        select(ImportMapping).where(ImportMapping.name == MAPPING_NAME)
    ) or save_mapping(db.session, KINDS["contacts"], MAPPING_NAME, REGISTRATION_MAPPING, user_id)
    columns = columns_from_mapping(KINDS["contacts"], table.header, mapping.columns)
    run = apply_undoable(
        db.session, plan_import(db.session, "contacts", table, "skip", columns), REGISTRATIONS
    )
    run.user_id = user_id
    undo_import(db.session, run)
    run.undone_by = user_id
