"""The county's trainings, networks and offers: the demo shows each of them, the benchmark
draws its own from the same titles."""

from ..models.choices import EducationStage, OfferField, OrganisationKind

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

# title, field, stage, formal, provider kinds, target group, county-wide share
OFFERS = [
    (
        "Integrationskurs",
        OfferField.LANGUAGE,
        EducationStage.ADULT,
        True,
        [OrganisationKind.EDUCATION_PROVIDER],
        "Erwachsene mit Berechtigung oder Verpflichtung",
    ),
    (
        "Berufssprachkurs B2",
        OfferField.LANGUAGE,
        EducationStage.VOCATIONAL,
        True,
        [OrganisationKind.EDUCATION_PROVIDER],
        "Erwachsene mit B1, Arbeitsuchende",
    ),
    (
        "Sprach-Café",
        OfferField.LANGUAGE,
        EducationStage.NONE,
        False,
        [OrganisationKind.ASSOCIATION, OrganisationKind.RELIGIOUS, OrganisationKind.OTHER],
        "alle, die Deutsch üben möchten",
    ),
    (
        "Deutsch-Intensivklasse",
        OfferField.EDUCATION,
        EducationStage.SCHOOL,
        True,
        [OrganisationKind.SCHOOL],
        "neu zugewanderte Schülerinnen und Schüler",
    ),
    (
        "Hausaufgabenhilfe",
        OfferField.EDUCATION,
        EducationStage.SCHOOL,
        False,
        [OrganisationKind.ASSOCIATION, OrganisationKind.CARRIER],
        "Grundschulkinder",
    ),
    (
        "Sprachförderung in der Kita",
        OfferField.FAMILY,
        EducationStage.EARLY,
        True,
        [OrganisationKind.DAYCARE],
        "Kinder ab drei Jahren",
    ),
    (
        "Eltern-Kind-Gruppe",
        OfferField.FAMILY,
        EducationStage.EARLY,
        False,
        [OrganisationKind.CARRIER, OrganisationKind.RELIGIOUS],
        "Mütter und Väter mit Kleinkindern",
    ),
    (
        "Migrationsberatung für Erwachsene",
        OfferField.COUNSELLING,
        EducationStage.NONE,
        False,
        [OrganisationKind.CARRIER],
        "Zugewanderte ab 27 Jahren",
    ),
    (
        "Jugendmigrationsdienst-Sprechstunde",
        OfferField.COUNSELLING,
        EducationStage.NONE,
        False,
        [OrganisationKind.CARRIER],
        "junge Zugewanderte von 12 bis 27 Jahren",
    ),
    (
        "Anerkennungsberatung ausländischer Abschlüsse",
        OfferField.WORK,
        EducationStage.HIGHER,
        False,
        [OrganisationKind.AUTHORITY, OrganisationKind.CARRIER],
        "Fachkräfte mit Abschluss",
    ),
    (
        "Ausbildungsvorbereitung für Geflüchtete",
        OfferField.WORK,
        EducationStage.VOCATIONAL,
        True,
        [OrganisationKind.EDUCATION_PROVIDER],
        "junge Erwachsene",
    ),
    (
        "Bewerbungswerkstatt",
        OfferField.WORK,
        EducationStage.VOCATIONAL,
        False,
        [OrganisationKind.AUTHORITY, OrganisationKind.EDUCATION_PROVIDER],
        "Arbeitsuchende",
    ),
    (
        "Studienvorbereitung und Hochschulberatung",
        OfferField.EDUCATION,
        EducationStage.HIGHER,
        False,
        [OrganisationKind.EDUCATION_PROVIDER],
        "Studieninteressierte",
    ),
    (
        "Psychosoziale Beratung",
        OfferField.HEALTH,
        EducationStage.NONE,
        False,
        [OrganisationKind.CARRIER, OrganisationKind.AUTHORITY],
        "Geflüchtete mit Belastungen",
    ),
    (
        "Gesundheitslotsen",
        OfferField.HEALTH,
        EducationStage.ADULT,
        False,
        [OrganisationKind.CARRIER, OrganisationKind.OTHER],
        "Familien",
    ),
    (
        "Wohnraumberatung",
        OfferField.HOUSING,
        EducationStage.NONE,
        False,
        [OrganisationKind.CARRIER, OrganisationKind.ADMINISTRATION],
        "Wohnungsuchende",
    ),
    (
        "Frauencafé",
        OfferField.LEISURE,
        EducationStage.NONE,
        False,
        [OrganisationKind.MIGRANT_ORGANISATION, OrganisationKind.ASSOCIATION],
        "Frauen",
    ),
    (
        "Internationaler Kochtreff",
        OfferField.LEISURE,
        EducationStage.NONE,
        False,
        [OrganisationKind.MIGRANT_ORGANISATION, OrganisationKind.RELIGIOUS],
        "alle",
    ),
    (
        "Patenschaftsprogramm",
        OfferField.VOLUNTEER_SUPPORT,
        EducationStage.NONE,
        False,
        [OrganisationKind.CARRIER, OrganisationKind.ASSOCIATION],
        "Familien und Alleinstehende",
    ),
    (
        "Sprechstunde der Integrationslotsen",
        OfferField.VOLUNTEER_SUPPORT,
        EducationStage.NONE,
        False,
        [OrganisationKind.AUTHORITY, OrganisationKind.ADMINISTRATION],
        "alle Neuzugewanderten",
    ),
    (
        "Kleiderkammer",
        OfferField.OTHER,
        EducationStage.NONE,
        False,
        [OrganisationKind.ASSOCIATION, OrganisationKind.CARRIER],
        "Bedürftige",
    ),
    (
        "Alphabetisierungskurs",
        OfferField.LANGUAGE,
        EducationStage.ADULT,
        True,
        [OrganisationKind.EDUCATION_PROVIDER],
        "Erwachsene ohne Schriftkenntnisse",
    ),
]
