"""The fields an import fills, and the header of a file matched to them by the German and
English names people give their columns ("PLZ", "Postleitzahl", "E-Mail-Adresse", "Vorname").
A volunteer row is a person (the contact's fields) plus the volunteer profile; an offer row
names its provider, municipality and catalogue entries by name (crm.imports.references)."""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column

from ..models import (
    ContactRole,
    EducationStage,
    FieldOfAction,
    Language,
    Municipality,
    Offer,
    Organisation,
    Tag,
    TargetGroup,
    Volunteer,
)
from ..models.choices import (
    AssignmentArea,
    OfferStatus,
    OrganisationKind,
    Salutation,
    VolunteerStatus,
)
from ..sorting import folded
from .reading import ImportFileError


@dataclass(frozen=True)
class Field:
    """A field of the import: ``key`` is the model's attribute or, for ``kind`` "reference",
    the record named in the cell; ``names`` are the column names it is recognised by."""

    key: str
    label: object
    names: tuple[str, ...]
    # text, date, bool, int, choice, choices (several), reference (one record by name),
    # references and languages (several records by name), skills (languages with a level)
    kind: str = "text"
    column: Column | None = None  # the column a text goes to, where not the model's own
    choice: type | None = None  # the Choice of a choice or choices field
    model: type | None = None  # the model a reference names


def header_key(name: str) -> str:
    """A column name compared without case, umlauts, spaces and punctuation."""
    return "".join(c for c in folded(name) if c.isalnum())


SALUTATION = Field(
    "salutation", _l("Anrede"), ("Anrede", "Salutation"), "choice", choice=Salutation
)
TITLE = Field("title", _l("Titel"), ("Titel", "Title", "Akademischer Grad"))
EMAIL = Field("email", _l("E-Mail"), ("E-Mail", "E-Mail-Adresse", "Mail", "Email Address"))
PHONE = Field("phone", _l("Telefon"), ("Telefon", "Tel", "Telefonnummer", "Phone"))
STREET = Field(
    "street", _l("Straße"), ("Straße", "Strasse", "Str", "Anschrift", "Adresse", "Street")
)
POSTCODE = Field("postcode", _l("PLZ"), ("PLZ", "Postleitzahl", "Postcode", "Zip", "Postal Code"))
CITY = Field("city", _l("Ort"), ("Ort", "Stadt", "Wohnort", "City", "Town"))
MUNICIPALITY = Field(
    "municipality",
    _l("Kommune"),
    ("Kommune", "Gemeinde", "Municipality"),
    "reference",
    model=Municipality,
)
ORGANISATION = Field(
    "organisation",
    _l("Organisation"),
    ("Organisation", "Organization", "Einrichtung", "Träger", "Firma", "Company"),
    "reference",
    model=Organisation,
)
TAGS = Field(
    "tags",
    _l("Schlagworte"),
    ("Schlagworte", "Schlagwort", "Tags", "Tag", "Stichworte"),
    "references",
    model=Tag,
)
LANGUAGES = Field(
    "languages", _l("Sprachen"), ("Sprachen", "Sprache", "Languages"), "languages", model=Language
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
    ORGANISATION,
    Field(
        "function",
        _l("Funktion"),
        ("Funktion", "Position", "Rolle", "Function", "Job Title"),
        column=ContactRole.__table__.c.function,
    ),
    Field("since", _l("Funktion seit"), ("Funktion seit", "Seit", "Since"), "date"),
    TAGS,
    NOTES,
)
# A contact's languages (without a level); a volunteer's have their level (PROFILE_FIELDS).
PERSON_FIELDS = (*CONTACT_FIELDS, LANGUAGES)

ORGANISATION_FIELDS = (
    Field("name", _l("Name"), ("Name", "Organisation", "Organization", "Einrichtung")),
    Field("kind", _l("Art"), ("Art", "Typ", "Kind", "Type"), "choice", choice=OrganisationKind),
    STREET,
    POSTCODE,
    CITY,
    MUNICIPALITY,
    PHONE,
    EMAIL,
    Field("website", _l("Website"), ("Website", "Webseite", "Homepage", "Internet", "URL")),
    TAGS,
    NOTES,
)

_volunteers = Volunteer.__table__.c
# The volunteer profile; the person's own fields are the contact's.
PROFILE_FIELDS = (
    Field("status", _l("Status"), ("Status", "Ehrenamtsstatus"), "choice", choice=VolunteerStatus),
    Field("active_since", _l("Aktiv seit"), ("Aktiv seit", "Active since"), "date"),
    Field(
        "language_skills",
        _l("Sprachen"),
        ("Sprachen", "Sprache", "Sprachkenntnisse", "Languages"),
        "skills",
        model=Language,
    ),
    Field(
        "areas",
        _l("Einsatzbereiche"),
        ("Einsatzbereiche", "Einsatzbereich", "Bereiche", "Areas"),
        "choices",
        choice=AssignmentArea,
    ),
    Field(
        "municipalities",
        _l("Einsatzkommunen"),
        ("Einsatzkommunen", "Einsatzorte", "Kommunen", "Einsatzgebiet"),
        "references",
        model=Municipality,
    ),
    Field("has_car", _l("Auto"), ("Auto", "PKW", "Hat Auto", "Car"), "bool"),
    Field(
        "hours_per_month",
        _l("Stunden pro Monat"),
        ("Stunden pro Monat", "Stunden/Monat", "Stunden im Monat", "Hours per month"),
        "int",
    ),
    Field(
        "availability",
        _l("Verfügbarkeit"),
        ("Verfügbarkeit", "Zeiten", "Availability"),
        column=_volunteers.availability,
    ),
    Field(
        "data_consent_on",
        _l("Einwilligung Datenschutz"),
        ("Einwilligung Datenschutz", "Datenschutzeinwilligung", "Einwilligung"),
        "date",
    ),
    Field(
        "confidentiality_signed_on",
        _l("Verschwiegenheitserklärung"),
        ("Verschwiegenheitserklärung", "Verschwiegenheit", "Verpflichtungserklärung"),
        "date",
    ),
)
VOLUNTEER_FIELDS = CONTACT_FIELDS + PROFILE_FIELDS
PROFILE_KEYS = frozenset(f.key for f in PROFILE_FIELDS)

OFFER_FIELDS = (
    Field("title", _l("Titel"), ("Titel", "Angebot", "Name", "Bezeichnung", "Title")),
    Field(
        "provider",
        _l("Anbieter"),
        ("Anbieter", "Träger", "Organisation", "Organization", "Provider"),
        "reference",
        model=Organisation,
    ),
    MUNICIPALITY,
    Field(
        "fields",
        _l("Handlungsfelder"),
        ("Handlungsfelder", "Handlungsfeld", "Fields of action"),
        "references",
        model=FieldOfAction,
    ),
    Field(
        "target_groups",
        _l("Zielgruppen"),
        ("Zielgruppen", "Zielgruppe", "Target groups"),
        "references",
        model=TargetGroup,
    ),
    Field(
        "stages",
        _l("Bildungsstufen"),
        ("Bildungsstufen", "Bildungsstufe", "Bildungsphase", "Education stages"),
        "references",
        model=EducationStage,
    ),
    LANGUAGES,
    Field("status", _l("Status"), ("Status",), "choice", choice=OfferStatus),
    Field("formal", _l("Formal"), ("Formal", "Formales Angebot"), "bool"),
    Field("min_age", _l("Alter ab"), ("Alter ab", "Mindestalter", "Ab Alter", "Min age"), "int"),
    Field("max_age", _l("Alter bis"), ("Alter bis", "Höchstalter", "Bis Alter", "Max age"), "int"),
    Field(
        "accessibility",
        _l("Barrierefreiheit"),
        ("Barrierefreiheit", "Barrierefrei", "Accessibility"),
        column=Offer.__table__.c.accessibility,
    ),
    Field("valid_from", _l("Gültig ab"), ("Gültig ab", "Beginn", "Valid from"), "date"),
    Field("valid_until", _l("Gültig bis"), ("Gültig bis", "Ende", "Valid until"), "date"),
    Field("public", _l("Öffentlich"), ("Öffentlich", "Veröffentlichen", "Public"), "bool"),
    Field("notes", _l("Notizen"), NOTES.names, column=Offer.__table__.c.notes),
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
