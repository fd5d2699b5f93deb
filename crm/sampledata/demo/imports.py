"""An import in the demo county's history: the address list of a school network, as the
coordinator's colleague kept it in Excel (semicolons, German dates), imported through the same
steps as an uploaded file (crm.imports); one person on it was already known and only her empty
fields are filled in."""

from sqlalchemy import select

from ...extensions import db
from ...imports import apply_plan, plan_import, read_table
from ...models import User
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
    run = apply_plan(db.session, plan, FILE_NAME)
    email = next(email for email, _, role in DEMO_ACCOUNTS if role == "coordinator")
    run.user_id = db.session.scalar(select(User.id).where(User.email == email))
