"""The county's trainings, networks and offers: the demo shows each of them, the benchmark
draws its own from the same titles."""

from ..models.choices import OrganisationKind

TRAINING_MODULES = [
    "Rolle und Selbstverständnis als Integrationslotse",
    "Interkulturelle Kommunikation und Sprachmittlung",
    "Asyl- und Aufenthaltsrecht kompakt",
    "Behörden, Gesundheitssystem und Hilfen vor Ort",
    "Grenzen, Selbstfürsorge und Datenschutz",
]
COURSE = "Qualifizierung Integrationsbegleitung"
# Seed 001's shape: the course at four places by three carriers. Title, carrier, location; the
# first run has ended, the second runs, the third has ended with a make-up in the second, the
# fourth is still to come.
TRAININGS = [
    (
        "Integrationsbegleitung Lotsenau",
        "Diakonisches Werk Lotsenau",
        "Haus der Diakonie, Lotsenau",
    ),
    (
        "Integrationsbegleitung Bad Ahrensfelde",
        "Caritasverband für den Landkreis Lotsenau e.V.",
        "Caritas-Zentrum Bad Ahrensfelde",
    ),
    (
        "Integrationsbegleitung Rödelsheimer Land",
        "Förderinitiative Lotsenauer Land e.V.",
        "Bürgerhaus Rödelsheim",
    ),
    (
        "Integrationsbegleitung Lotsenau-Süd",
        "Caritasverband für den Landkreis Lotsenau e.V.",
        "Pfarrheim St. Martin, Lotsenau",
    ),
]
TRAINERS = [
    "Dr. Heike Brückner",
    "Samir Haddad",
    "Ute Schäfer-Lindner",
    "Oksana Melnyk",
    "Jörg Weißenfels",
]

# name, topic, meets, days between meetings, member kinds
NETWORKS = [
    (
        "Runder Tisch Integration Landkreis Lotsenau",
        "Abstimmung aller Akteure der Integrationsarbeit im Kreis",
        "vierteljährlich",
        91,
        [
            OrganisationKind.AUTHORITY,
            OrganisationKind.CARRIER,
            OrganisationKind.MIGRANT_ORGANISATION,
            OrganisationKind.ADMINISTRATION,
        ],
    ),
    (
        "Arbeitskreis Sprache und Bildung",
        "Sprachkurse, Schule, Kita und Übergang in den Beruf",
        "alle zwei Monate",
        61,
        [
            OrganisationKind.EDUCATION_PROVIDER,
            OrganisationKind.SCHOOL,
            OrganisationKind.DAYCARE,
            OrganisationKind.AUTHORITY,
        ],
    ),
    (
        "Netzwerk Ehrenamt Rödelsheimer Land",
        "Austausch der Helferkreise und Lotsen",
        "zweimal im Jahr",
        182,
        [OrganisationKind.ASSOCIATION, OrganisationKind.RELIGIOUS, OrganisationKind.CARRIER],
    ),
]

# title, fields of action, stage of the education chain, formal, provider kinds, target group
OFFERS = [
    (
        "Integrationskurs",
        ("Sprache",),
        "Erwachsenen- und Weiterbildung",
        True,
        [OrganisationKind.EDUCATION_PROVIDER],
        "Erwachsene mit Berechtigung oder Verpflichtung",
    ),
    (
        "Berufssprachkurs B2",
        ("Sprache", "Arbeit/Ausbildung"),
        "Berufliche Bildung",
        True,
        [OrganisationKind.EDUCATION_PROVIDER],
        "Erwachsene mit B1, Arbeitsuchende",
    ),
    (
        "Sprach-Café",
        ("Sprache",),
        "Non-formale und informelle Lernwelten",
        False,
        [OrganisationKind.ASSOCIATION, OrganisationKind.RELIGIOUS, OrganisationKind.OTHER],
        "alle, die Deutsch üben möchten",
    ),
    (
        "Deutsch-Intensivklasse",
        ("Bildung",),
        "Allgemeinbildende Schulen",
        True,
        [OrganisationKind.SCHOOL],
        "neu zugewanderte Schülerinnen und Schüler",
    ),
    (
        "Hausaufgabenhilfe",
        ("Bildung", "Kinder/Familie"),
        "Allgemeinbildende Schulen",
        False,
        [OrganisationKind.ASSOCIATION, OrganisationKind.CARRIER],
        "Grundschulkinder",
    ),
    (
        "Sprachförderung in der Kita",
        ("Sprache", "Kinder/Familie"),
        "Frühkindliche Bildung",
        True,
        [OrganisationKind.DAYCARE],
        "Kinder ab drei Jahren",
    ),
    (
        "Eltern-Kind-Gruppe",
        ("Kinder/Familie",),
        "Frühkindliche Bildung",
        False,
        [OrganisationKind.CARRIER, OrganisationKind.RELIGIOUS],
        "Mütter und Väter mit Kleinkindern",
    ),
    (
        "Migrationsberatung für Erwachsene",
        ("Beratung",),
        None,
        False,
        [OrganisationKind.CARRIER],
        "Zugewanderte ab 27 Jahren",
    ),
    (
        "Jugendmigrationsdienst-Sprechstunde",
        ("Beratung", "Bildung"),
        "Bildungsberatung",
        False,
        [OrganisationKind.CARRIER],
        "junge Zugewanderte von 12 bis 27 Jahren",
    ),
    (
        "Anerkennungsberatung ausländischer Abschlüsse",
        ("Arbeit/Ausbildung",),
        "Bildungsberatung",
        False,
        [OrganisationKind.AUTHORITY, OrganisationKind.CARRIER],
        "Fachkräfte mit Abschluss",
    ),
    (
        "Ausbildungsvorbereitung für Geflüchtete",
        ("Arbeit/Ausbildung",),
        "Berufliche Bildung",
        True,
        [OrganisationKind.EDUCATION_PROVIDER],
        "junge Erwachsene",
    ),
    (
        "Bewerbungswerkstatt",
        ("Arbeit/Ausbildung",),
        "Berufliche Bildung",
        False,
        [OrganisationKind.AUTHORITY, OrganisationKind.EDUCATION_PROVIDER],
        "Arbeitsuchende",
    ),
    (
        "Studienvorbereitung und Hochschulberatung",
        ("Bildung",),
        "Hochschule",
        False,
        [OrganisationKind.EDUCATION_PROVIDER],
        "Studieninteressierte",
    ),
    (
        "Psychosoziale Beratung",
        ("Gesundheit",),
        None,
        False,
        [OrganisationKind.CARRIER, OrganisationKind.AUTHORITY],
        "Geflüchtete mit Belastungen",
    ),
    (
        "Gesundheitslotsen",
        ("Gesundheit",),
        "Non-formale und informelle Lernwelten",
        False,
        [OrganisationKind.CARRIER, OrganisationKind.OTHER],
        "Familien",
    ),
    (
        "Wohnraumberatung",
        ("Wohnen",),
        None,
        False,
        [OrganisationKind.CARRIER, OrganisationKind.ADMINISTRATION],
        "Wohnungsuchende",
    ),
    (
        "Frauencafé",
        ("Begegnung/Freizeit",),
        "Non-formale und informelle Lernwelten",
        False,
        [OrganisationKind.MIGRANT_ORGANISATION, OrganisationKind.ASSOCIATION],
        "Frauen",
    ),
    (
        "Internationaler Kochtreff",
        ("Begegnung/Freizeit",),
        "Non-formale und informelle Lernwelten",
        False,
        [OrganisationKind.MIGRANT_ORGANISATION, OrganisationKind.RELIGIOUS],
        "alle",
    ),
    (
        "Patenschaftsprogramm",
        ("Ehrenamtliche Begleitung",),
        None,
        False,
        [OrganisationKind.CARRIER, OrganisationKind.ASSOCIATION],
        "Familien und Alleinstehende",
    ),
    (
        "Sprechstunde der Integrationslotsen",
        ("Ehrenamtliche Begleitung",),
        None,
        False,
        [OrganisationKind.AUTHORITY, OrganisationKind.ADMINISTRATION],
        "alle Neuzugewanderten",
    ),
    (
        "Kleiderkammer",
        ("Sonstiges",),
        None,
        False,
        [OrganisationKind.ASSOCIATION, OrganisationKind.CARRIER],
        "Bedürftige",
    ),
    (
        "Alphabetisierungskurs",
        ("Sprache",),
        "Erwachsenen- und Weiterbildung",
        True,
        [OrganisationKind.EDUCATION_PROVIDER],
        "Erwachsene ohne Schriftkenntnisse",
    ),
]
