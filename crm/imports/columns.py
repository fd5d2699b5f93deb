"""The fields an import fills, and the header of a file matched to them by the German and
English names people give their columns ("PLZ", "Postleitzahl", "E-Mail-Adresse", "Vorname")."""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column

from ..models import ContactRole
from ..sorting import folded
from .reading import ImportFileError


@dataclass(frozen=True)
class Field:
    """A field of the import: ``key`` is the model's attribute or, for ``kind`` "reference",
    the record named in the cell; ``names`` are the column names it is recognised by."""

    key: str
    label: object
    names: tuple[str, ...]
    kind: str = "text"  # text, date, choice, reference
    column: Column | None = None  # the column a text goes to, where not the model's own


def header_key(name: str) -> str:
    """A column name compared without case, umlauts, spaces and punctuation."""
    return "".join(c for c in folded(name) if c.isalnum())


SALUTATION = Field("salutation", _l("Anrede"), ("Anrede", "Salutation"), "choice")
TITLE = Field("title", _l("Titel"), ("Titel", "Title", "Akademischer Grad"))
EMAIL = Field("email", _l("E-Mail"), ("E-Mail", "E-Mail-Adresse", "Mail", "Email Address"))
PHONE = Field("phone", _l("Telefon"), ("Telefon", "Tel", "Telefonnummer", "Phone"))
STREET = Field(
    "street", _l("Straße"), ("Straße", "Strasse", "Str", "Anschrift", "Adresse", "Street")
)
POSTCODE = Field("postcode", _l("PLZ"), ("PLZ", "Postleitzahl", "Postcode", "Zip", "Postal Code"))
CITY = Field("city", _l("Ort"), ("Ort", "Stadt", "Wohnort", "City", "Town"))
MUNICIPALITY = Field(
    "municipality", _l("Kommune"), ("Kommune", "Gemeinde", "Municipality"), "reference"
)
NOTES = Field(
    "notes", _l("Notizen"), ("Notizen", "Notiz", "Bemerkung", "Bemerkungen", "Anmerkungen", "Notes")
)

CONTACT_FIELDS = (
    SALUTATION,
    TITLE,
    Field("first_name", _l("Vorname"), ("Vorname", "First Name", "Given Name")),
    Field(
        "last_name", _l("Nachname"), ("Nachname", "Name", "Familienname", "Last Name", "Surname")
    ),
    EMAIL,
    PHONE,
    Field("mobile", _l("Mobil"), ("Mobil", "Handy", "Mobiltelefon", "Mobile")),
    STREET,
    POSTCODE,
    CITY,
    MUNICIPALITY,
    Field(
        "organisation",
        _l("Organisation"),
        ("Organisation", "Organization", "Einrichtung", "Träger", "Firma", "Company"),
        "reference",
    ),
    Field(
        "function",
        _l("Funktion"),
        ("Funktion", "Position", "Rolle", "Function", "Job Title"),
        column=ContactRole.__table__.c.function,
    ),
    Field("since", _l("Funktion seit"), ("Funktion seit", "Seit", "Since"), "date"),
    NOTES,
)

ORGANISATION_FIELDS = (
    Field("name", _l("Name"), ("Name", "Organisation", "Organization", "Einrichtung")),
    Field("kind", _l("Art"), ("Art", "Typ", "Kind", "Type"), "choice"),
    STREET,
    POSTCODE,
    CITY,
    MUNICIPALITY,
    PHONE,
    EMAIL,
    Field("website", _l("Website"), ("Website", "Webseite", "Homepage", "Internet", "URL")),
    NOTES,
)


def same_field(first: str, second: str, field: Field) -> ImportFileError:
    """Two columns meant for one field (by their names or a mapping): refused, naming both."""
    return ImportFileError(
        _(
            "Die Spalten ‚%(first)s‘ und ‚%(second)s‘ meinen beide %(field)s.",
            first=first,
            second=second,
            field=field.label,
        )
    )


def match_header(header: list[str], fields: tuple[Field, ...]) -> list[Field | None]:
    """The field of each column (None: not imported); refused when a column name occurs
    twice, two columns mean the same field, or no column is known."""
    by_name = {header_key(name): field for field in fields for name in field.names}
    seen: dict[str, str] = {}
    taken: dict[str, str] = {}
    matched: list[Field | None] = []
    for name in header:
        key = header_key(name)
        if key and key in seen:
            raise ImportFileError(_("Die Spalte ‚%(name)s‘ kommt zweimal vor.", name=name))
        seen[key] = name
        field = by_name.get(key)
        if field is not None and field.key in taken:
            raise same_field(taken[field.key], name, field)
        if field is not None:
            taken[field.key] = name
        matched.append(field)
    if not taken:
        raise ImportFileError(
            _(
                "Keine Spalte der Kopfzeile ist bekannt. Erwartet werden zum Beispiel: %(names)s.",
                names=", ".join(str(f.label) for f in fields),
            )
        )
    return matched
