"""The invented names, places and texts of the demo county "Landkreis Lotsenau" (see crm.demo).

Every place, organisation and person here is made up; the domains end in ``.example``.
"""

from ..models.choices import (
    AssignmentArea,
    EducationStage,
    MunicipalityKind,
    OfferField,
    OrganisationKind,
)

COUNTY = "Landkreis Lotsenau"
SEAT = "Lotsenau"
KEY_PREFIX = "07399"  # Land 07, a district number no real county uses
PHONE_PREFIX = "06599"

# name, kind, population, postcode, town of the administration (if not the name)
MUNICIPALITIES = [
    ("Lotsenau", MunicipalityKind.CITY, 28_450, "56710", None),
    ("Bad Ahrensfelde", MunicipalityKind.CITY, 14_120, "56714", None),
    ("Großenbrück", MunicipalityKind.MARKET, 7_930, "56718", None),
    ("Mühlhausen am Kleinbach", MunicipalityKind.MUNICIPALITY, 3_410, "56720", None),
    ("Weißenbach", MunicipalityKind.MUNICIPALITY, 2_870, "56722", None),
    ("Kleinlotsenau", MunicipalityKind.MUNICIPALITY, 1_560, "56711", None),
    ("Ober-Ahrdorf", MunicipalityKind.MUNICIPALITY, 980, "56725", None),
    ("Nieder-Ahrdorf", MunicipalityKind.MUNICIPALITY, 1_240, "56725", None),
    ("Sankt Ewald", MunicipalityKind.MUNICIPALITY, 2_105, "56727", None),
    ("Hohenwiese", MunicipalityKind.MUNICIPALITY, 1_730, "56730", None),
    ("Altenmühle", MunicipalityKind.MUNICIPALITY, 640, "56731", None),
    ("Birkenhain", MunicipalityKind.MUNICIPALITY, 2_390, "56733", None),
    ("Rödelsheim", MunicipalityKind.CITY, 9_860, "56735", None),
    ("Verbandsgemeinde Rödelsheimer Land", MunicipalityKind.ASSOCIATION, 18_300, "56736",
     "Rödelsheim"),
    ("Schönfurt", MunicipalityKind.MUNICIPALITY, 3_020, "56738", None),
    ("Tannenbrück", MunicipalityKind.MARKET, 5_470, "56740", None),
    ("Wiesenhausen", MunicipalityKind.MUNICIPALITY, 1_115, "56742", None),
    ("Straßfeld", MunicipalityKind.MUNICIPALITY, 2_660, "56744", None),
    ("Düsterloh", MunicipalityKind.MUNICIPALITY, 770, "56745", None),
    ("Kirchheim an der Lotse", MunicipalityKind.MUNICIPALITY, 4_380, "56747", None),
    ("Fröhnau", MunicipalityKind.MUNICIPALITY, 1_890, "56749", None),
    ("Eichwald-Süd", MunicipalityKind.MUNICIPALITY, 1_340, "56750", None),
    ("Lützelbach", MunicipalityKind.MUNICIPALITY, 2_215, "56752", None),
    ("Königshöfen", MunicipalityKind.MARKET, 6_040, "56755", None),
]

STREETS = [
    "Hauptstraße", "Bahnhofstraße", "Schulstraße", "Kirchgasse", "Mühlenweg", "Am Marktplatz",
    "Lindenallee", "Goethestraße", "Schillerstraße", "Rosenweg", "Gartenstraße",
    "Im Wiesengrund", "Brückenstraße", "Ahornweg", "Weißdornweg", "Am Kleinbach", "Talstraße",
    "Bergstraße", "Försterstraße", "Lotseufer", "Kastanienhof", "Zur Alten Schmiede",
]

# name, colour
TAGS = [
    ("Verteiler Newsletter", "#2a6f97"),
    ("Runder Tisch", "#6a4c93"),
    ("Sprachkurse", "#1b998b"),
    ("Ehrenamt", "#f4a259"),
    ("Presse", "#8d99ae"),
    ("Einladung Fachtag", "#e63946"),
    ("Kooperationspartner", "#457b9d"),
    ("Migrationsberatung", "#2b9348"),
]

# The county-wide organisations: name, kind, seat, domain, parent (by name), tags.
COUNTY_ORGANISATIONS = [
    ("Landratsamt Lotsenau – Integrationslotsenstelle", OrganisationKind.AUTHORITY, SEAT,
     "kreis-lotsenau", None, ["Runder Tisch", "Verteiler Newsletter"]),
    ("Ausländerbehörde Landkreis Lotsenau", OrganisationKind.AUTHORITY, SEAT,
     "kreis-lotsenau", None, ["Runder Tisch"]),
    ("Jobcenter Landkreis Lotsenau", OrganisationKind.AUTHORITY, SEAT,
     "jobcenter-lotsenau", None, ["Runder Tisch", "Kooperationspartner"]),
    ("Agentur für Arbeit Lotsenau", OrganisationKind.AUTHORITY, SEAT,
     "arbeitsagentur-lotsenau", None, ["Kooperationspartner"]),
    ("Jugendamt Landkreis Lotsenau", OrganisationKind.AUTHORITY, SEAT,
     "kreis-lotsenau", None, ["Runder Tisch"]),
    ("Gesundheitsamt Landkreis Lotsenau", OrganisationKind.AUTHORITY, "Bad Ahrensfelde",
     "kreis-lotsenau", None, []),
    ("Staatliches Schulamt Lotsenau", OrganisationKind.AUTHORITY, SEAT,
     "schulamt-lotsenau", None, ["Sprachkurse"]),
    ("Caritasverband für den Landkreis Lotsenau e.V.", OrganisationKind.CARRIER, SEAT,
     "caritas-lotsenau", None, ["Runder Tisch", "Migrationsberatung", "Verteiler Newsletter"]),
    ("Caritas-Zentrum Bad Ahrensfelde", OrganisationKind.CARRIER, "Bad Ahrensfelde",
     "caritas-lotsenau", "Caritasverband für den Landkreis Lotsenau e.V.", ["Migrationsberatung"]),
    ("Diakonisches Werk Lotsenau", OrganisationKind.CARRIER, SEAT,
     "diakonie-lotsenau", None, ["Runder Tisch", "Migrationsberatung", "Verteiler Newsletter"]),
    ("Diakonie – Jugendmigrationsdienst Rödelsheim", OrganisationKind.CARRIER, "Rödelsheim",
     "diakonie-lotsenau", "Diakonisches Werk Lotsenau", ["Migrationsberatung"]),
    ("AWO Kreisverband Lotsenau e.V.", OrganisationKind.CARRIER, SEAT,
     "awo-lotsenau", None, ["Runder Tisch", "Verteiler Newsletter"]),
    ("AWO Begegnungsstätte Großenbrück", OrganisationKind.CARRIER, "Großenbrück",
     "awo-lotsenau", "AWO Kreisverband Lotsenau e.V.", ["Ehrenamt"]),
    ("DRK-Kreisverband Lotsenau e.V.", OrganisationKind.CARRIER, SEAT,
     "drk-lotsenau", None, ["Runder Tisch"]),
    ("DRK-Ortsverein Tannenbrück", OrganisationKind.CARRIER, "Tannenbrück",
     "drk-lotsenau", "DRK-Kreisverband Lotsenau e.V.", ["Ehrenamt"]),
    ("Förderinitiative Lotsenauer Land e.V.", OrganisationKind.CARRIER, "Rödelsheim",
     "foerderinitiative-lotsenau", None, ["Ehrenamt", "Kooperationspartner"]),
    ("Kreisvolkshochschule Lotsenau", OrganisationKind.EDUCATION_PROVIDER, SEAT,
     "kvhs-lotsenau", None, ["Sprachkurse", "Verteiler Newsletter"]),
    ("Sprachschule Babylon GmbH", OrganisationKind.EDUCATION_PROVIDER, "Bad Ahrensfelde",
     "babylon-sprachen", None, ["Sprachkurse"]),
    ("Internationales Bildungswerk Lotsenau gGmbH", OrganisationKind.EDUCATION_PROVIDER, SEAT,
     "ibw-lotsenau", None, ["Sprachkurse", "Kooperationspartner"]),
    ("Kolping-Bildungszentrum Rödelsheim", OrganisationKind.EDUCATION_PROVIDER, "Rödelsheim",
     "kolping-roedelsheim", None, ["Sprachkurse"]),
    ("Berufsbildende Schule Lotsenau", OrganisationKind.SCHOOL, SEAT,
     "bbs-lotsenau", None, ["Sprachkurse"]),
    ("Deutsch-Syrischer Kulturverein Lotsenau e.V.", OrganisationKind.MIGRANT_ORGANISATION, SEAT,
     "dskv-lotsenau", None, ["Runder Tisch"]),
    ("Ukrainischer Verein „Mrija“ e.V.", OrganisationKind.MIGRANT_ORGANISATION,
     "Bad Ahrensfelde", "mrija-verein", None, ["Runder Tisch"]),
    ("Afghanischer Kulturverein Lotsenau e.V.", OrganisationKind.MIGRANT_ORGANISATION, SEAT,
     "akv-lotsenau", None, []),
    ("Eritreische Gemeinschaft Rödelsheim e.V.", OrganisationKind.MIGRANT_ORGANISATION,
     "Rödelsheim", "eritrea-roedelsheim", None, []),
    ("Kurdisches Gemeinschaftszentrum Lotsenau e.V.", OrganisationKind.MIGRANT_ORGANISATION, SEAT,
     "kurdisches-zentrum", None, []),
    ("Türkischer Elternverein Bad Ahrensfelde e.V.", OrganisationKind.MIGRANT_ORGANISATION,
     "Bad Ahrensfelde", "tev-ahrensfelde", None, ["Verteiler Newsletter"]),
    ("Moscheegemeinde Bad Ahrensfelde (DITIB)", OrganisationKind.RELIGIOUS, "Bad Ahrensfelde",
     "moschee-ahrensfelde", None, []),
    ("Ev. Kirchengemeinde Großenbrück", OrganisationKind.RELIGIOUS, "Großenbrück",
     "ekg-grossenbrueck", None, ["Ehrenamt"]),
    ("Kath. Pfarrei St. Ewald", OrganisationKind.RELIGIOUS, "Sankt Ewald",
     "pfarrei-st-ewald", None, ["Ehrenamt"]),
    ("Gemeinschaftsunterkunft Am Bahnhof", OrganisationKind.SHELTER, SEAT,
     "kreis-lotsenau", None, []),
    ("Gemeinschaftsunterkunft Rödelsheim-Nord", OrganisationKind.SHELTER, "Rödelsheim",
     "kreis-lotsenau", None, []),
    ("Tafel Lotsenau e.V.", OrganisationKind.ASSOCIATION, SEAT,
     "tafel-lotsenau", None, ["Ehrenamt"]),
    ("Mehrgenerationenhaus Königshöfen", OrganisationKind.OTHER, "Königshöfen",
     "mgh-koenigshoefen", None, ["Ehrenamt", "Verteiler Newsletter"]),
    ("Bürgerstiftung Lotsenau", OrganisationKind.OTHER, SEAT,
     "buergerstiftung-lotsenau", None, ["Presse"]),
    ("Lotsenauer Anzeiger", OrganisationKind.EMPLOYER, SEAT,
     "lotsenauer-anzeiger", None, ["Presse"]),
    ("Kreisklinikum Lotsenau", OrganisationKind.EMPLOYER, SEAT,
     "klinikum-lotsenau", None, ["Kooperationspartner"]),
    ("Metallbau Weißgerber GmbH", OrganisationKind.EMPLOYER, "Tannenbrück",
     "weissgerber-metall", None, []),
    ("Bäckerei Jäger & Söhne", OrganisationKind.EMPLOYER, "Großenbrück",
     "baeckerei-jaeger", None, []),
    ("Seniorenresidenz Lindenhof", OrganisationKind.EMPLOYER, "Bad Ahrensfelde",
     "lindenhof-pflege", None, []),
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
KITA_NAMES = ["Sonnenschein", "Regenbogen", "Pusteblume", "Kunterbunt", "Arche Noah",
              "St. Martin", "Löwenzahn", "Wirbelwind"]

# The function of a person at an organisation (female, male form): by the beginning of the
# organisation's name where that says more than its kind, else by its kind.
FUNCTIONS_BY_NAME = {
    "Landratsamt": [("Integrationsbeauftragte", "Integrationsbeauftragter"),
                    ("Integrationslotsen-Koordination", "Integrationslotsen-Koordination"),
                    ("Sachbearbeiterin Integration", "Sachbearbeiter Integration")],
    "Ausländerbehörde": [("Sachbearbeiterin Aufenthaltsrecht", "Sachbearbeiter Aufenthaltsrecht"),
                         ("Sachgebietsleitung", "Sachgebietsleitung")],
    "Jobcenter": [("Fallmanagerin", "Fallmanager"),
                  ("Integrationsfachkraft", "Integrationsfachkraft")],
    "Agentur für Arbeit": [("Berufsberaterin", "Berufsberater"),
                           ("Arbeitsvermittlerin", "Arbeitsvermittler")],
    "Jugendamt": [("Allgemeiner Sozialer Dienst", "Allgemeiner Sozialer Dienst"),
                  ("Amtsvormundschaft", "Amtsvormundschaft")],
    "Gesundheitsamt": [("Amtsärztin", "Amtsarzt"), ("Gesundheitsberatung", "Gesundheitsberatung")],
    "Staatliches Schulamt": [("Schulrätin", "Schulrat"),
                             ("Koordination Sprachförderung", "Koordination Sprachförderung")],
    "Lotsenauer Anzeiger": [("Redakteurin", "Redakteur")],
    "Kreisklinikum": [("Sozialdienst", "Sozialdienst"), ("Personalleitung", "Personalleitung")],
}
FUNCTIONS = {
    OrganisationKind.AUTHORITY: [("Teamleitung", "Teamleitung"),
                                 ("Sachbearbeiterin", "Sachbearbeiter")],
    OrganisationKind.CARRIER: [("Migrationsberatung", "Migrationsberatung"),
                               ("Jugendmigrationsdienst", "Jugendmigrationsdienst"),
                               ("Flüchtlingssozialarbeit", "Flüchtlingssozialarbeit"),
                               ("Ehrenamtskoordination", "Ehrenamtskoordination"),
                               ("Geschäftsführerin", "Geschäftsführer")],
    OrganisationKind.ADMINISTRATION: [("Bürgermeisterin", "Bürgermeister"),
                                      ("Integrationsbeauftragte", "Integrationsbeauftragter"),
                                      ("Sozialamt", "Sozialamt"), ("Ordnungsamt", "Ordnungsamt")],
    OrganisationKind.SCHOOL: [("Schulleitung", "Schulleitung"),
                              ("Schulsozialarbeit", "Schulsozialarbeit"),
                              ("DaZ-Lehrkraft", "DaZ-Lehrkraft")],
    OrganisationKind.DAYCARE: [("Kita-Leitung", "Kita-Leitung"),
                               ("Sprachförderkraft", "Sprachförderkraft")],
    OrganisationKind.EDUCATION_PROVIDER: [("Kursleitung Integrationskurs",
                                           "Kursleitung Integrationskurs"),
                                          ("Fachbereichsleitung Deutsch als Fremdsprache",
                                           "Fachbereichsleitung Deutsch als Fremdsprache"),
                                          ("Kursverwaltung", "Kursverwaltung")],
    OrganisationKind.MIGRANT_ORGANISATION: [("Vorsitzende", "Vorsitzender"),
                                            ("Stellv. Vorsitzende", "Stellv. Vorsitzender"),
                                            ("Kassenwartin", "Kassenwart")],
    OrganisationKind.RELIGIOUS: [("Pfarrerin", "Pfarrer"),
                                 ("Gemeindereferentin", "Gemeindereferent")],
    OrganisationKind.SHELTER: [("Heimleitung", "Heimleitung"),
                               ("Sozialbetreuung", "Sozialbetreuung")],
    OrganisationKind.ASSOCIATION: [("Vorsitzende", "Vorsitzender"),
                                   ("Ansprechpartnerin Ehrenamt", "Ansprechpartner Ehrenamt")],
    OrganisationKind.EMPLOYER: [("Personalleitung", "Personalleitung"),
                                ("Ausbildungsleitung", "Ausbildungsleitung")],
    OrganisationKind.OTHER: [("Projektleitung", "Projektleitung"),
                             ("Koordination", "Koordination")],
}

# Where names come from: female first names, male first names, surnames, ISO 639 codes.
ORIGINS = {
    "deutsch": (
        ["Anna", "Birgit", "Claudia", "Doris", "Elke", "Franziska", "Gisela", "Hannah", "Ingrid",
         "Jana", "Julia", "Karin", "Lena", "Maike", "Monika", "Nadine", "Petra", "Renate",
         "Sandra", "Sophie", "Tanja", "Ute", "Verena", "Bärbel", "Jördis", "Marlene", "Antje",
         "Heike", "Silke", "Christiane", "Anne-Kathrin", "Käthe"],
        ["Andreas", "Bernd", "Christian", "Dieter", "Florian", "Frank", "Günter", "Hans-Peter",
         "Jörg", "Jürgen", "Klaus", "Lukas", "Markus", "Matthias", "Michael", "Niklas", "Ralf",
         "Stefan", "Thomas", "Tobias", "Uwe", "Volker", "Wolfgang", "Björn", "Sönke", "Malte",
         "Karl-Heinz", "Jan-Hendrik"],
        ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
         "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
         "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann", "Lange",
         "Schmitt", "Werner", "Krause", "Lehmann", "Köhler", "Günther", "Groß", "Weiß", "Strauß",
         "Nußbaum", "Fuß", "Jäger", "Vöhringer", "Böhm", "Brückner", "Schütz", "Löffler", "Dürr",
         "Kühn", "Möller", "Sauer", "Schulte-Böcker", "Meyer-Rößler", "Haßelbach", "Österle",
         "Zöllner", "Überall", "Ährenfeld"],
        ["de"],
    ),
    "arabisch": (
        ["Amira", "Fatima", "Rania", "Lina", "Nour", "Hiba", "Rasha", "Dalia"],
        ["Mohammed", "Ahmad", "Khaled", "Omar", "Yusuf", "Samir", "Tarek", "Bilal"],
        ["Al-Hassan", "Haddad", "Khalil", "Nasser", "Saleh", "Darwish", "Al-Masri", "Abdullah",
         "Al-Khatib", "Hamdan"],
        ["ar"],
    ),
    "türkisch": (
        ["Ayşe", "Elif", "Zeynep", "Fatma", "Emine", "Derya", "Gül", "Sibel"],
        ["Mehmet", "Mustafa", "Emre", "Hüseyin", "Cem", "Murat", "Özgür", "Serkan"],
        ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Doğan",
         "Güneş"],
        ["tr"],
    ),
    "ukrainisch": (
        ["Olena", "Iryna", "Oksana", "Natalija", "Tetjana", "Switlana", "Julija", "Kateryna"],
        ["Oleksandr", "Andrij", "Dmytro", "Serhij", "Wolodymyr", "Taras", "Bohdan", "Mykola"],
        ["Kowalenko", "Schewtschenko", "Bondarenko", "Tkatschenko", "Krawtschuk", "Melnyk",
         "Petrenko", "Lyssenko", "Hryhorenko"],
        ["uk", "ru"],
    ),
    "afghanisch": (
        ["Farida", "Mariam", "Zahra", "Soraya", "Habiba", "Nilofar", "Shabnam", "Fereshta"],
        ["Farid", "Jawad", "Mirwais", "Nasir", "Wahid", "Hamid", "Zabihullah", "Ahmad Shah"],
        ["Ahmadi", "Hashimi", "Karimi", "Rahimi", "Sultani", "Popal", "Noori", "Wardak",
         "Stanikzai"],
        ["prs", "ps", "fa"],
    ),
    "eritreisch": (
        ["Senait", "Helen", "Luwam", "Selam", "Saba", "Yordanos"],
        ["Yonas", "Tesfay", "Filmon", "Dawit", "Samuel", "Berhane"],
        ["Tesfamariam", "Ghebremedhin", "Haile", "Kidane", "Woldemichael", "Gebreyesus"],
        ["ti"],
    ),
    "kurdisch": (
        ["Rojda", "Berfin", "Jiyan", "Dilan", "Evîn", "Hêvî"],
        ["Azad", "Rezan", "Baran", "Shivan", "Dilovan", "Kawa"],
        ["Ibrahim", "Murad", "Osman", "Hesen", "Sido", "Bakr"],
        ["kmr", "ar"],
    ),
}
MIGRANT_ORIGINS = [o for o in ORIGINS if o != "deutsch"]
# Which origin the people of a migrant organisation mostly have.
ORGANISATION_ORIGIN = {
    "Deutsch-Syrischer": "arabisch", "Ukrainischer": "ukrainisch", "Afghanischer": "afghanisch",
    "Eritreische": "eritreisch", "Kurdisches": "kurdisch", "Türkischer": "türkisch",
    "Moscheegemeinde": "türkisch",
}
TITLES = ["Dr.", "Dr.", "Prof. Dr."]
CONSENT_SOURCES = ["Anmeldung Fachtag Integration", "Visitenkarte beim Runden Tisch",
                   "schriftliche Einwilligung", "E-Mail-Anfrage", "Anmeldeformular Newsletter"]

AVAILABILITY = ["werktags nachmittags", "abends ab 18 Uhr", "am Wochenende",
                "flexibel nach Absprache", "vormittags", "dienstags und donnerstags"]

TRAINING_MODULES = [
    "Rolle und Selbstverständnis als Integrationslotse",
    "Interkulturelle Kommunikation und Sprachmittlung",
    "Asyl- und Aufenthaltsrecht kompakt",
    "Behörden, Gesundheitssystem und Hilfen vor Ort",
    "Grenzen, Selbstfürsorge und Datenschutz",
]
# title, carrier, location; the first has ended, the second runs, the third is still to come.
TRAININGS = [
    ("Qualifizierung Integrationslotsen Lotsenau", "Diakonisches Werk Lotsenau",
     "Haus der Diakonie, Lotsenau"),
    ("Qualifizierung Integrationslotsen Bad Ahrensfelde",
     "Caritasverband für den Landkreis Lotsenau e.V.", "Caritas-Zentrum Bad Ahrensfelde"),
    ("Qualifizierung Integrationslotsen Rödelsheimer Land",
     "Förderinitiative Lotsenauer Land e.V.", "Bürgerhaus Rödelsheim"),
]
TRAINERS = ["Dr. Heike Brückner", "Samir Haddad", "Ute Schäfer-Lindner", "Oksana Melnyk",
            "Jörg Weißenfels"]

NEEDS = [
    "Begleitung zur Ausländerbehörde", "Hilfe bei der Wohnungssuche",
    "Unterstützung bei Anträgen (Kindergeld, Wohngeld)", "Begleitung zu Arztterminen",
    "Anmeldung in Schule und Kita", "Bewerbung und Praktikumssuche",
    "Deutsch üben im Alltag", "Kontakte im Ort, Vereine kennenlernen",
    "Verträge verstehen (Strom, Handy, Miete)", "Sprachmittlung beim Elterngespräch",
]
ASSIGNMENT_NOTES = {
    AssignmentArea.DOCTOR: "Termin beim Hausarzt, Überweisung zur Fachärztin",
    AssignmentArea.AUTHORITY: "Verlängerung des Aufenthaltstitels vorbereiten",
    AssignmentArea.HOUSING: "Wohnungsbesichtigungen, Gespräch mit dem Vermieter",
    AssignmentArea.CONTRACTS: "Stromvertrag und Handyvertrag durchgehen",
    AssignmentArea.SCHOOL: "Anmeldung an der Grundschule, Elternabend",
    AssignmentArea.WORK: "Lebenslauf schreiben, Bewerbung für ein Praktikum",
    AssignmentArea.INTERPRETING: "Sprachmittlung beim Elterngespräch",
    AssignmentArea.LEISURE: "Sportverein und Bücherei zeigen",
    AssignmentArea.MEDIATION: "Streit um Hausordnung in der Unterkunft schlichten",
    AssignmentArea.OTHER: "Fahrrad reparieren, Busverbindungen erklären",
}
LOG_NOTES = ["Termin wahrgenommen", "Telefonat und Vorbereitung", "gemeinsam Formulare ausgefüllt",
             "Begleitung mit dem Auto", "Treffen im Café", None]

# name, topic, meets, days between meetings, member kinds
NETWORKS = [
    ("Runder Tisch Integration Landkreis Lotsenau",
     "Abstimmung aller Akteure der Integrationsarbeit im Kreis", "vierteljährlich", 91,
     [OrganisationKind.AUTHORITY, OrganisationKind.CARRIER, OrganisationKind.MIGRANT_ORGANISATION,
      OrganisationKind.ADMINISTRATION]),
    ("Arbeitskreis Sprache und Bildung", "Sprachkurse, Schule, Kita und Übergang in den Beruf",
     "alle zwei Monate", 61, [OrganisationKind.EDUCATION_PROVIDER, OrganisationKind.SCHOOL,
                              OrganisationKind.DAYCARE, OrganisationKind.AUTHORITY]),
    ("Netzwerk Ehrenamt Rödelsheimer Land", "Austausch der Helferkreise und Lotsen",
     "zweimal im Jahr", 182, [OrganisationKind.ASSOCIATION, OrganisationKind.RELIGIOUS,
                              OrganisationKind.CARRIER]),
]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember"]
MINUTES = ("Die Einrichtungen berichten über die aktuelle Lage. Die Wartezeiten auf Sprachkurse "
           "sind gestiegen; die Kreisvolkshochschule plant zusätzliche Kurse. "
           "Die Integrationslotsenstelle stellt die neuen Lotsinnen und Lotsen vor.")
AGENDA = ["Begrüßung und Protokoll der letzten Sitzung", "Berichte aus den Einrichtungen",
          "Stand der Sprachkursplätze", "Wohnraum für Geflüchtete", "Planung Fachtag Integration",
          "Verschiedenes"]
DECISIONS = ["Der Fachtag findet im Herbst in Bad Ahrensfelde statt.",
             "Eine Übersicht der Sprachkurse wird gemeinsam gepflegt.",
             "Die Unterarbeitsgruppe Wohnen trifft sich monatlich.",
             "Neue Mitglieder: die Migrantenorganisationen werden eingeladen."]
TASKS = ["Protokoll an alle Mitglieder versenden", "Raum für das nächste Treffen reservieren",
         "Liste der freien Sprachkursplätze aktualisieren", "Referentin für den Fachtag anfragen",
         "Flyer in leichter Sprache abstimmen", "Kontakt zur Wohnungsbaugesellschaft aufnehmen",
         "Übersetzung des Elternbriefs ins Ukrainische beauftragen"]

# title, field, stage, formal, provider kinds, target group, county-wide share
OFFERS = [
    ("Integrationskurs", OfferField.LANGUAGE, EducationStage.ADULT, True,
     [OrganisationKind.EDUCATION_PROVIDER], "Erwachsene mit Berechtigung oder Verpflichtung"),
    ("Berufssprachkurs B2", OfferField.LANGUAGE, EducationStage.VOCATIONAL, True,
     [OrganisationKind.EDUCATION_PROVIDER], "Erwachsene mit B1, Arbeitsuchende"),
    ("Sprach-Café", OfferField.LANGUAGE, EducationStage.NONE, False,
     [OrganisationKind.ASSOCIATION, OrganisationKind.RELIGIOUS, OrganisationKind.OTHER],
     "alle, die Deutsch üben möchten"),
    ("Deutsch-Intensivklasse", OfferField.EDUCATION, EducationStage.SCHOOL, True,
     [OrganisationKind.SCHOOL], "neu zugewanderte Schülerinnen und Schüler"),
    ("Hausaufgabenhilfe", OfferField.EDUCATION, EducationStage.SCHOOL, False,
     [OrganisationKind.ASSOCIATION, OrganisationKind.CARRIER], "Grundschulkinder"),
    ("Sprachförderung in der Kita", OfferField.FAMILY, EducationStage.EARLY, True,
     [OrganisationKind.DAYCARE], "Kinder ab drei Jahren"),
    ("Eltern-Kind-Gruppe", OfferField.FAMILY, EducationStage.EARLY, False,
     [OrganisationKind.CARRIER, OrganisationKind.RELIGIOUS], "Mütter und Väter mit Kleinkindern"),
    ("Migrationsberatung für Erwachsene", OfferField.COUNSELLING, EducationStage.NONE, False,
     [OrganisationKind.CARRIER], "Zugewanderte ab 27 Jahren"),
    ("Jugendmigrationsdienst-Sprechstunde", OfferField.COUNSELLING, EducationStage.NONE, False,
     [OrganisationKind.CARRIER], "junge Zugewanderte von 12 bis 27 Jahren"),
    ("Anerkennungsberatung ausländischer Abschlüsse", OfferField.WORK, EducationStage.HIGHER,
     False, [OrganisationKind.AUTHORITY, OrganisationKind.CARRIER], "Fachkräfte mit Abschluss"),
    ("Ausbildungsvorbereitung für Geflüchtete", OfferField.WORK, EducationStage.VOCATIONAL, True,
     [OrganisationKind.EDUCATION_PROVIDER], "junge Erwachsene"),
    ("Bewerbungswerkstatt", OfferField.WORK, EducationStage.VOCATIONAL, False,
     [OrganisationKind.AUTHORITY, OrganisationKind.EDUCATION_PROVIDER], "Arbeitsuchende"),
    ("Studienvorbereitung und Hochschulberatung", OfferField.EDUCATION, EducationStage.HIGHER,
     False, [OrganisationKind.EDUCATION_PROVIDER], "Studieninteressierte"),
    ("Psychosoziale Beratung", OfferField.HEALTH, EducationStage.NONE, False,
     [OrganisationKind.CARRIER, OrganisationKind.AUTHORITY], "Geflüchtete mit Belastungen"),
    ("Gesundheitslotsen", OfferField.HEALTH, EducationStage.ADULT, False,
     [OrganisationKind.CARRIER, OrganisationKind.OTHER], "Familien"),
    ("Wohnraumberatung", OfferField.HOUSING, EducationStage.NONE, False,
     [OrganisationKind.CARRIER, OrganisationKind.ADMINISTRATION], "Wohnungsuchende"),
    ("Frauencafé", OfferField.LEISURE, EducationStage.NONE, False,
     [OrganisationKind.MIGRANT_ORGANISATION, OrganisationKind.ASSOCIATION], "Frauen"),
    ("Internationaler Kochtreff", OfferField.LEISURE, EducationStage.NONE, False,
     [OrganisationKind.MIGRANT_ORGANISATION, OrganisationKind.RELIGIOUS], "alle"),
    ("Patenschaftsprogramm", OfferField.VOLUNTEER_SUPPORT, EducationStage.NONE, False,
     [OrganisationKind.CARRIER, OrganisationKind.ASSOCIATION], "Familien und Alleinstehende"),
    ("Sprechstunde der Integrationslotsen", OfferField.VOLUNTEER_SUPPORT, EducationStage.NONE,
     False, [OrganisationKind.AUTHORITY, OrganisationKind.ADMINISTRATION], "alle Neuzugewanderten"),
    ("Kleiderkammer", OfferField.OTHER, EducationStage.NONE, False,
     [OrganisationKind.ASSOCIATION, OrganisationKind.CARRIER], "Bedürftige"),
    ("Alphabetisierungskurs", OfferField.LANGUAGE, EducationStage.ADULT, True,
     [OrganisationKind.EDUCATION_PROVIDER], "Erwachsene ohne Schriftkenntnisse"),
]

DEMO_ACCOUNTS = [
    ("admin@lotsenau.example", "Demo Verwaltung", "admin"),
    ("koordination@lotsenau.example", "Demo Koordination", "coordinator"),
    ("lesen@lotsenau.example", "Demo Lesen", "viewer"),
]
