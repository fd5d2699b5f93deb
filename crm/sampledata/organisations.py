"""The organisations of the fictitious county: the curated ones of the demo, the name patterns
the benchmark draws thousands from, the tags on them and the functions people hold there."""

from ..models.choices import MunicipalityKind, OrganisationKind
from .names import phrases
from .places import SEAT

TAG_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2")
# name, colour: the demo uses the first eight (DEMO_TAGS), the benchmark all, the first most often.
TAGS = [
    ("Verteiler Newsletter", "#2a6f97"),
    ("Runder Tisch", "#6a4c93"),
    ("Sprachkurse", "#1b998b"),
    ("Ehrenamt", "#f4a259"),
    ("Presse", "#8d99ae"),
    ("Einladung Fachtag", "#e63946"),
    ("Kooperationspartner", "#457b9d"),
    ("Migrationsberatung", "#2b9348"),
    *(
        (name, TAG_COLOURS[number % len(TAG_COLOURS)])
        for number, name in enumerate(
            phrases(
                """
                Weihnachtskarte, Integrationsbeirat, Willkommenskreis, Ehrenamtsbörse,
                Interkulturelle Woche, Jobmesse, Elternarbeit, Frauencafé, Begegnungsfest,
                Dolmetscherpool, Netzwerk Schule, Gesundheitslotsen, Wohnraum, Arbeitsmarkt,
                Ukraine-Hilfe, Förderprogramm, Jugendmigrationsdienst, Kita-Einstieg,
                Sportvereine, Kirchengemeinden, Moscheegemeinden, Bürgermeister/innen, Ausschuss
                Soziales, Qualifizierung, Patenschaften, Mehrsprachige Infos, Stadtteilarbeit,
                Übergang Schule–Beruf, Rechtsberatung, Traumaberatung, Frauen stärken, Einladung
                Neujahrsempfang
                """
            )
        )
    ),
]
DEMO_TAGS = TAGS[:8]

# The county-wide organisations: name, kind, seat, domain, parent (by name), tags.
COUNTY_ORGANISATIONS = [
    (
        "Landratsamt Lotsenau – Integrationslotsenstelle",
        OrganisationKind.AUTHORITY,
        SEAT,
        "kreis-lotsenau",
        None,
        ["Runder Tisch", "Verteiler Newsletter"],
    ),
    (
        "Ausländerbehörde Landkreis Lotsenau",
        OrganisationKind.AUTHORITY,
        SEAT,
        "kreis-lotsenau",
        None,
        ["Runder Tisch"],
    ),
    (
        "Jobcenter Landkreis Lotsenau",
        OrganisationKind.AUTHORITY,
        SEAT,
        "jobcenter-lotsenau",
        None,
        ["Runder Tisch", "Kooperationspartner"],
    ),
    (
        "Agentur für Arbeit Lotsenau",
        OrganisationKind.AUTHORITY,
        SEAT,
        "arbeitsagentur-lotsenau",
        None,
        ["Kooperationspartner"],
    ),
    (
        "Jugendamt Landkreis Lotsenau",
        OrganisationKind.AUTHORITY,
        SEAT,
        "kreis-lotsenau",
        None,
        ["Runder Tisch"],
    ),
    (
        "Gesundheitsamt Landkreis Lotsenau",
        OrganisationKind.AUTHORITY,
        "Bad Ahrensfelde",
        "kreis-lotsenau",
        None,
        [],
    ),
    (
        "Staatliches Schulamt Lotsenau",
        OrganisationKind.AUTHORITY,
        SEAT,
        "schulamt-lotsenau",
        None,
        ["Sprachkurse"],
    ),
    (
        "Caritasverband für den Landkreis Lotsenau e.V.",
        OrganisationKind.CARRIER,
        SEAT,
        "caritas-lotsenau",
        None,
        ["Runder Tisch", "Migrationsberatung", "Verteiler Newsletter"],
    ),
    (
        "Caritas-Zentrum Bad Ahrensfelde",
        OrganisationKind.CARRIER,
        "Bad Ahrensfelde",
        "caritas-lotsenau",
        "Caritasverband für den Landkreis Lotsenau e.V.",
        ["Migrationsberatung"],
    ),
    (
        "Diakonisches Werk Lotsenau",
        OrganisationKind.CARRIER,
        SEAT,
        "diakonie-lotsenau",
        None,
        ["Runder Tisch", "Migrationsberatung", "Verteiler Newsletter"],
    ),
    (
        "Diakonie – Jugendmigrationsdienst Rödelsheim",
        OrganisationKind.CARRIER,
        "Rödelsheim",
        "diakonie-lotsenau",
        "Diakonisches Werk Lotsenau",
        ["Migrationsberatung"],
    ),
    (
        "AWO Kreisverband Lotsenau e.V.",
        OrganisationKind.CARRIER,
        SEAT,
        "awo-lotsenau",
        None,
        ["Runder Tisch", "Verteiler Newsletter"],
    ),
    (
        "AWO Begegnungsstätte Großenbrück",
        OrganisationKind.CARRIER,
        "Großenbrück",
        "awo-lotsenau",
        "AWO Kreisverband Lotsenau e.V.",
        ["Ehrenamt"],
    ),
    (
        "DRK-Kreisverband Lotsenau e.V.",
        OrganisationKind.CARRIER,
        SEAT,
        "drk-lotsenau",
        None,
        ["Runder Tisch"],
    ),
    (
        "DRK-Ortsverein Tannenbrück",
        OrganisationKind.CARRIER,
        "Tannenbrück",
        "drk-lotsenau",
        "DRK-Kreisverband Lotsenau e.V.",
        ["Ehrenamt"],
    ),
    (
        "Förderinitiative Lotsenauer Land e.V.",
        OrganisationKind.CARRIER,
        "Rödelsheim",
        "foerderinitiative-lotsenau",
        None,
        ["Ehrenamt", "Kooperationspartner"],
    ),
    (
        "Kreisvolkshochschule Lotsenau",
        OrganisationKind.EDUCATION_PROVIDER,
        SEAT,
        "kvhs-lotsenau",
        None,
        ["Sprachkurse", "Verteiler Newsletter"],
    ),
    (
        "Sprachschule Babylon GmbH",
        OrganisationKind.EDUCATION_PROVIDER,
        "Bad Ahrensfelde",
        "babylon-sprachen",
        None,
        ["Sprachkurse"],
    ),
    (
        "Internationales Bildungswerk Lotsenau gGmbH",
        OrganisationKind.EDUCATION_PROVIDER,
        SEAT,
        "ibw-lotsenau",
        None,
        ["Sprachkurse", "Kooperationspartner"],
    ),
    (
        "Kolping-Bildungszentrum Rödelsheim",
        OrganisationKind.EDUCATION_PROVIDER,
        "Rödelsheim",
        "kolping-roedelsheim",
        None,
        ["Sprachkurse"],
    ),
    (
        "Berufsbildende Schule Lotsenau",
        OrganisationKind.SCHOOL,
        SEAT,
        "bbs-lotsenau",
        None,
        ["Sprachkurse"],
    ),
    (
        "Deutsch-Syrischer Kulturverein Lotsenau e.V.",
        OrganisationKind.MIGRANT_ORGANISATION,
        SEAT,
        "dskv-lotsenau",
        None,
        ["Runder Tisch"],
    ),
    (
        "Ukrainischer Verein „Mrija“ e.V.",
        OrganisationKind.MIGRANT_ORGANISATION,
        "Bad Ahrensfelde",
        "mrija-verein",
        None,
        ["Runder Tisch"],
    ),
    (
        "Afghanischer Kulturverein Lotsenau e.V.",
        OrganisationKind.MIGRANT_ORGANISATION,
        SEAT,
        "akv-lotsenau",
        None,
        [],
    ),
    (
        "Eritreische Gemeinschaft Rödelsheim e.V.",
        OrganisationKind.MIGRANT_ORGANISATION,
        "Rödelsheim",
        "eritrea-roedelsheim",
        None,
        [],
    ),
    (
        "Kurdisches Gemeinschaftszentrum Lotsenau e.V.",
        OrganisationKind.MIGRANT_ORGANISATION,
        SEAT,
        "kurdisches-zentrum",
        None,
        [],
    ),
    (
        "Türkischer Elternverein Bad Ahrensfelde e.V.",
        OrganisationKind.MIGRANT_ORGANISATION,
        "Bad Ahrensfelde",
        "tev-ahrensfelde",
        None,
        ["Verteiler Newsletter"],
    ),
    (
        "Moscheegemeinde Bad Ahrensfelde (DITIB)",
        OrganisationKind.RELIGIOUS,
        "Bad Ahrensfelde",
        "moschee-ahrensfelde",
        None,
        [],
    ),
    (
        "Ev. Kirchengemeinde Großenbrück",
        OrganisationKind.RELIGIOUS,
        "Großenbrück",
        "ekg-grossenbrueck",
        None,
        ["Ehrenamt"],
    ),
    (
        "Kath. Pfarrei St. Ewald",
        OrganisationKind.RELIGIOUS,
        "Sankt Ewald",
        "pfarrei-st-ewald",
        None,
        ["Ehrenamt"],
    ),
    (
        "Gemeinschaftsunterkunft Am Bahnhof",
        OrganisationKind.SHELTER,
        SEAT,
        "kreis-lotsenau",
        None,
        [],
    ),
    (
        "Gemeinschaftsunterkunft Rödelsheim-Nord",
        OrganisationKind.SHELTER,
        "Rödelsheim",
        "kreis-lotsenau",
        None,
        [],
    ),
    (
        "Tafel Lotsenau e.V.",
        OrganisationKind.ASSOCIATION,
        SEAT,
        "tafel-lotsenau",
        None,
        ["Ehrenamt"],
    ),
    (
        "Mehrgenerationenhaus Königshöfen",
        OrganisationKind.OTHER,
        "Königshöfen",
        "mgh-koenigshoefen",
        None,
        ["Ehrenamt", "Verteiler Newsletter"],
    ),
    (
        "Bürgerstiftung Lotsenau",
        OrganisationKind.OTHER,
        SEAT,
        "buergerstiftung-lotsenau",
        None,
        ["Presse"],
    ),
    (
        "Lotsenauer Anzeiger",
        OrganisationKind.EMPLOYER,
        SEAT,
        "lotsenauer-anzeiger",
        None,
        ["Presse"],
    ),
    (
        "Kreisklinikum Lotsenau",
        OrganisationKind.EMPLOYER,
        SEAT,
        "klinikum-lotsenau",
        None,
        ["Kooperationspartner"],
    ),
    (
        "Metallbau Weißgerber GmbH",
        OrganisationKind.EMPLOYER,
        "Tannenbrück",
        "weissgerber-metall",
        None,
        [],
    ),
    (
        "Bäckerei Jäger & Söhne",
        OrganisationKind.EMPLOYER,
        "Großenbrück",
        "baeckerei-jaeger",
        None,
        [],
    ),
    (
        "Seniorenresidenz Lindenhof",
        OrganisationKind.EMPLOYER,
        "Bad Ahrensfelde",
        "lindenhof-pflege",
        None,
        [],
    ),
]

# Organisations of many places: kind, name pattern, mail domain prefix, share of places with one.
LOCAL_ORGANISATIONS = [
    (OrganisationKind.SCHOOL, "Grundschule {place}", "gs", 1.0),
    (OrganisationKind.DAYCARE, "Kita {kita} {place}", "kita", 0.55),
    (OrganisationKind.ASSOCIATION, "Helferkreis Asyl {place}", "helferkreis", 0.35),
    (OrganisationKind.ASSOCIATION, "TuS {place} 1908 e.V.", "tus", 0.2),
]
ADMINISTRATIONS = {
    MunicipalityKind.CITY: "Stadtverwaltung {place}",
    MunicipalityKind.MARKET: "Rathaus Markt {place}",
    MunicipalityKind.MUNICIPALITY: "Gemeindeverwaltung {place}",
    MunicipalityKind.ASSOCIATION: "Verwaltung der {place}",
}
SECONDARY_SCHOOLS = [
    ("Realschule plus Bad Ahrensfelde", "Bad Ahrensfelde"),
    ("Gymnasium am Kleinbach", "Mühlhausen am Kleinbach"),
    ("Integrierte Gesamtschule Rödelsheim", "Rödelsheim"),
    ("Georg-Büchner-Gymnasium Lotsenau", "Lotsenau"),
    ("Realschule plus Königshöfen", "Königshöfen"),
]
KITA_NAMES = [
    "Sonnenschein",
    "Regenbogen",
    "Pusteblume",
    "Kunterbunt",
    "Arche Noah",
    "St. Martin",
    "Löwenzahn",
    "Wirbelwind",
    "Spatzennest",
    "Zwergenland",
]

# The function of a person at an organisation (female, male form): by the beginning of the
# organisation's name where that says more than its kind, else by its kind.
FUNCTIONS_BY_NAME = {
    "Landratsamt": [
        ("Integrationsbeauftragte", "Integrationsbeauftragter"),
        ("Integrationslotsen-Koordination", "Integrationslotsen-Koordination"),
        ("Sachbearbeiterin Integration", "Sachbearbeiter Integration"),
    ],
    "Ausländerbehörde": [
        ("Sachbearbeiterin Aufenthaltsrecht", "Sachbearbeiter Aufenthaltsrecht"),
        ("Sachgebietsleitung", "Sachgebietsleitung"),
    ],
    "Jobcenter": [
        ("Fallmanagerin", "Fallmanager"),
        ("Integrationsfachkraft", "Integrationsfachkraft"),
    ],
    "Agentur für Arbeit": [
        ("Berufsberaterin", "Berufsberater"),
        ("Arbeitsvermittlerin", "Arbeitsvermittler"),
    ],
    "Jugendamt": [
        ("Allgemeiner Sozialer Dienst", "Allgemeiner Sozialer Dienst"),
        ("Amtsvormundschaft", "Amtsvormundschaft"),
    ],
    "Gesundheitsamt": [("Amtsärztin", "Amtsarzt"), ("Gesundheitsberatung", "Gesundheitsberatung")],
    "Staatliches Schulamt": [
        ("Schulrätin", "Schulrat"),
        ("Koordination Sprachförderung", "Koordination Sprachförderung"),
    ],
    "Lotsenauer Anzeiger": [("Redakteurin", "Redakteur")],
    "Kreisklinikum": [("Sozialdienst", "Sozialdienst"), ("Personalleitung", "Personalleitung")],
}
FUNCTIONS = {
    OrganisationKind.AUTHORITY: [
        ("Teamleitung", "Teamleitung"),
        ("Sachbearbeiterin", "Sachbearbeiter"),
    ],
    OrganisationKind.CARRIER: [
        ("Migrationsberatung", "Migrationsberatung"),
        ("Jugendmigrationsdienst", "Jugendmigrationsdienst"),
        ("Flüchtlingssozialarbeit", "Flüchtlingssozialarbeit"),
        ("Ehrenamtskoordination", "Ehrenamtskoordination"),
        ("Geschäftsführerin", "Geschäftsführer"),
    ],
    OrganisationKind.ADMINISTRATION: [
        ("Bürgermeisterin", "Bürgermeister"),
        ("Integrationsbeauftragte", "Integrationsbeauftragter"),
        ("Sozialamt", "Sozialamt"),
        ("Ordnungsamt", "Ordnungsamt"),
    ],
    OrganisationKind.SCHOOL: [
        ("Schulleitung", "Schulleitung"),
        ("Schulsozialarbeit", "Schulsozialarbeit"),
        ("DaZ-Lehrkraft", "DaZ-Lehrkraft"),
    ],
    OrganisationKind.DAYCARE: [
        ("Kita-Leitung", "Kita-Leitung"),
        ("Sprachförderkraft", "Sprachförderkraft"),
    ],
    OrganisationKind.EDUCATION_PROVIDER: [
        ("Kursleitung Integrationskurs", "Kursleitung Integrationskurs"),
        (
            "Fachbereichsleitung Deutsch als Fremdsprache",
            "Fachbereichsleitung Deutsch als Fremdsprache",
        ),
        ("Kursverwaltung", "Kursverwaltung"),
    ],
    OrganisationKind.MIGRANT_ORGANISATION: [
        ("Vorsitzende", "Vorsitzender"),
        ("Stellv. Vorsitzende", "Stellv. Vorsitzender"),
        ("Kassenwartin", "Kassenwart"),
    ],
    OrganisationKind.RELIGIOUS: [
        ("Pfarrerin", "Pfarrer"),
        ("Gemeindereferentin", "Gemeindereferent"),
    ],
    OrganisationKind.SHELTER: [
        ("Heimleitung", "Heimleitung"),
        ("Sozialbetreuung", "Sozialbetreuung"),
    ],
    OrganisationKind.ASSOCIATION: [
        ("Vorsitzende", "Vorsitzender"),
        ("Ansprechpartnerin Ehrenamt", "Ansprechpartner Ehrenamt"),
    ],
    OrganisationKind.EMPLOYER: [
        ("Personalleitung", "Personalleitung"),
        ("Ausbildungsleitung", "Ausbildungsleitung"),
    ],
    OrganisationKind.OTHER: [
        ("Projektleitung", "Projektleitung"),
        ("Koordination", "Koordination"),
    ],
}


# Which origin the people of a migrant organisation mostly have.
ORGANISATION_ORIGIN = {
    "Deutsch-Syrischer": "arabisch",
    "Ukrainischer": "ukrainisch",
    "Afghanischer": "afghanisch",
    "Eritreische": "eritreisch",
    "Kurdisches": "kurdisch",
    "Türkischer": "türkisch",
    "Moscheegemeinde": "türkisch",
}

# The benchmark's organisations: name patterns by kind, and how common each kind is.
ORGANISATION_NAMES: dict[OrganisationKind, tuple[str, ...]] = {
    OrganisationKind.AUTHORITY: (
        "Ausländerbehörde {county}",
        "Jobcenter {place}",
        "Agentur für Arbeit {place}",
        "Gesundheitsamt {county}",
        "Jugendamt {county}",
        "Sozialamt {place}",
    ),
    OrganisationKind.CARRIER: (
        "Caritasverband {place}",
        "Diakonie {place}",
        "AWO Ortsverein {place}",
        "DRK Kreisverband {place}",
        "Der Paritätische {place}",
        "Malteser Hilfsdienst {place}",
        "Johanniter-Unfall-Hilfe {place}",
    ),
    OrganisationKind.ASSOCIATION: (
        "SV {place} e.V.",
        "Willkommenskreis {place} e.V.",
        "Heimatverein {place} e.V.",
        "Tafel {place} e.V.",
        "Freiwillige Feuerwehr {place}",
        "Förderverein Grundschule {place}",
    ),
    OrganisationKind.MIGRANT_ORGANISATION: (
        "Deutsch-Syrischer Kulturverein {place}",
        "Ukrainische Gemeinde {place}",
        "Afghanischer Frauenverein {place}",
        "Türkisch-Deutscher Elternverein {place}",
        "Eritreische Gemeinschaft {place}",
    ),
    OrganisationKind.ADMINISTRATION: (
        "Gemeindeverwaltung {place}",
        "Stadtverwaltung {place}",
        "Verbandsgemeindeverwaltung {place}",
    ),
    OrganisationKind.SCHOOL: (
        "Grundschule {place}",
        "Sekundarschule {place}",
        "Gymnasium {place}",
        "Berufsbildende Schulen {place}",
        "Förderschule {place}",
        "Grundschule „{street}“ {place}",
    ),
    OrganisationKind.DAYCARE: ("Kita {kita} {place}", "Ev. Kita {kita} {place}"),
    OrganisationKind.EDUCATION_PROVIDER: (
        "Volkshochschule {county}",
        "Sprachschule Brücke {place}",
        "Bildungswerk {place}",
        "Internationaler Bund {place}",
    ),
    OrganisationKind.SHELTER: (
        "Gemeinschaftsunterkunft {street} {place}",
        "Übergangswohnheim {place}",
    ),
    OrganisationKind.RELIGIOUS: (
        "Ev. Kirchengemeinde {place}",
        "Kath. Pfarrei St. Marien {place}",
        "Moscheegemeinde {place}",
        "Neuapostolische Kirche {place}",
    ),
    OrganisationKind.EMPLOYER: (
        "{surname} GmbH",
        "Autohaus {surname}",
        "Bäckerei {surname}",
        "Pflegedienst {surname} {place}",
        "{surname} & Söhne Bau GmbH",
    ),
    OrganisationKind.OTHER: (
        "Bürgerstiftung {place}",
        "Mehrgenerationenhaus {place}",
        "Stadtbibliothek {place}",
    ),
}
ORGANISATION_WEIGHTS = {
    OrganisationKind.AUTHORITY: 3,
    OrganisationKind.CARRIER: 8,
    OrganisationKind.ASSOCIATION: 22,
    OrganisationKind.MIGRANT_ORGANISATION: 5,
    OrganisationKind.ADMINISTRATION: 3,
    OrganisationKind.SCHOOL: 10,
    OrganisationKind.DAYCARE: 12,
    OrganisationKind.EDUCATION_PROVIDER: 4,
    OrganisationKind.SHELTER: 3,
    OrganisationKind.RELIGIOUS: 7,
    OrganisationKind.EMPLOYER: 18,
    OrganisationKind.OTHER: 5,
}
