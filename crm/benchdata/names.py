"""Names, places and texts of the benchmark county, and names turned into e-mail addresses."""

import unicodedata

from ..models.choices import OrganisationKind


def _words(text_: str) -> list[str]:
    return text_.split()


GERMAN_FEMALE = _words(
    "Anna Maria Ursula Monika Petra Sabine Claudia Susanne Andrea Birgit Jana Julia Katrin "
    "Sandra Stefanie Nicole Melanie Christine Heike Karin Renate Gisela Brigitte Ingrid "
    "Käthe Jutta Dörte Bärbel Hannelore Sophie Lea Lena Mia Emma Hanna Lina "
    "Charlotte Ida Frieda Greta Marlene Anna-Lena Marie-Luise Eva-Maria Ann-Kathrin Lotte "
    "Franziska Annegret Rosemarie Edeltraud Inès Zoë Chloé"
)
GERMAN_MALE = _words(
    "Peter Michael Thomas Andreas Stefan Frank Jürgen Jörg Günter Björn Sören Uwe Klaus "
    "Wolfgang Dieter Manfred Horst Bernd Ralf Dirk Jens Sven Torsten Matthias Christian "
    "Tobias Florian Sebastian Lukas Jonas Finn Leon Paul Felix Max Moritz Jan-Erik "
    "Hans-Peter Karl-Heinz Hans-Jürgen Klaus-Dieter Ole Malte Götz Jörn Lüder René André"
)
GERMAN_LAST = _words(
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch "
    "Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann "
    "Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler "
    "Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn "
    "Schubert Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann "
    "Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt "
    "Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt Haas Schreiber Graf Schulte Dietrich "
    "Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold Wolff "
    "Pfeiffer Strauß Nußbaum Süßmuth Großmann Weißenfels Mößner Jürgens Lüdtke Bräuer "
    "Thüringer Häußler Döring Förster Gärtner Lübke Müller-Wohlfahrt Schulze-Böing"
)
# Zipf-like frequencies: Müller and Schmidt common, the tail rare.
GERMAN_LAST_WEIGHTS = [sum(1 / (r + 15) for r in range(n + 1)) for n in range(len(GERMAN_LAST))]
FOREIGN = {
    # origin: (female first names, male first names, last names, language codes)
    "tr": (
        _words("Ayşe Elif Zeynep Hatice Gül Özlem Çağla Fatma Emine Büşra Derya Melek"),
        _words("Mehmet Emre Mustafa Can Ahmet Hüseyin Murat Ömer Yusuf Burak Kerem Serkan"),
        _words(
            "Yılmaz Kaya Demir Şahin Çelik Yıldız Öztürk Aydın Özdemir Arslan Doğan Koç Kılıç "
            "Aslan Çetin Kurt Özkan Şimşek Polat Güneş"
        ),
        ("tr", "kmr"),
    ),
    "ar": (
        _words("Fatima Aisha Mariam Layla Rania Nour Huda Amal Salma Yasmin Rasha Dalia"),
        _words("Mohammed Ahmad Ali Omar Yusuf Hassan Khaled Samir Tarek Bilal Karim Mahmoud"),
        _words(
            "Al-Hassan Haddad Khalil Nasser Abdullah Ibrahim Mansour Saleh Hamdan Darwish "
            "Al-Masri Al-Ahmad Suleiman Youssef Hamoud Qasim Al-Khatib Shaheen"
        ),
        ("ar", "ku", "ckb"),
    ),
    "uk": (
        _words("Olena Oksana Iryna Yuliia Nataliia Tetiana Kateryna Svitlana Halyna Viktoriia"),
        _words("Andrii Dmytro Mykola Serhii Taras Oleksandr Volodymyr Yurii Vasyl Bohdan"),
        _words(
            "Shevchenko Kovalenko Bondarenko Tkachenko Kravchenko Melnyk Boiko Kovalchuk "
            "Oliinyk Moroz Lysenko Marchenko Savchenko Rudenko Petrenko"
        ),
        ("uk", "ru"),
    ),
    "af": (
        _words("Zahra Mariam Fereshta Nargis Sahar Maryam Parwana Shabnam Laila Zarghona"),
        _words("Ahmad Farid Mohammad Hamid Wahid Jawad Sayed Naweed Rahmatullah Khalid"),
        _words(
            "Ahmadi Karimi Rahimi Hakimi Noori Sultani Popal Hussaini Wardak Stanikzai Rezaie "
            "Mohammadi Azimi Safi Jalali"
        ),
        ("prs", "ps", "fa"),
    ),
}
ORIGINS = ("de", "tr", "ar", "uk", "af")
ORIGIN_WEIGHTS = (75, 8, 7, 5, 5)
GERMAN_SECOND_LANGUAGES = ("en", "fr", "ru", "pl", "es", "it")

PLACE_PREFIXES = (
    "",
    "",
    "",
    "Ober",
    "Nieder",
    "Alt",
    "Neu",
    "Groß",
    "Klein",
    "Bad ",
    "Hohen",
    "Wüsten",
    "Mittel",
    "Unter",
)
PLACE_STEMS = _words(
    "Eich Buch Lind Mühl Wald Roth Weiß Rosen Kirch Stein Berg Tann Hasel Erlen Birk Fried "
    "Lauter Schön Grün Kalten Wester Oster Sonnen Fuchs Hirsch Bären Falken Krähen Forst Brunn "
    "Elster Saal Wolfs Gött Mansel Hett Löb Zörb Kölle Düben Sülz Ahl Bröck Hüt"
)
PLACE_SUFFIXES = (
    "dorf",
    "bach",
    "hausen",
    "heim",
    "feld",
    "stedt",
    "au",
    "burg",
    "ingen",
    "rode",
    "brück",
    "thal",
    "hagen",
    "leben",
    "witz",
    "born",
    "stadt",
    "werder",
)
STREETS = _words(
    "Hauptstraße Bahnhofstraße Kirchweg Goethestraße Schillerstraße Lindenallee Gartenstraße "
    "Friedhofstraße Ringstraße Schulstraße Bergstraße Dorfstraße Rosenweg Mühlenweg Am_Anger "
    "Am_Mühlbach Lessingstraße Marktplatz Feldstraße Wiesenweg Thälmannstraße Jahnstraße "
    "Fröbelstraße Grüner_Weg Kastanienallee Töpfergasse Brückenstraße Über_den_Gärten"
)
TAGS = (
    "Newsletter",
    "Weihnachtskarte",
    "Integrationsbeirat",
    "Runder Tisch Asyl",
    "Presse",
    "Sprachkurse",
    "Willkommenskreis",
    "Ehrenamtsbörse",
    "Fachtag 2025",
    "Interkulturelle Woche",
    "Jobmesse",
    "Elternarbeit",
    "Frauencafé",
    "Begegnungsfest",
    "Dolmetscherpool",
    "Netzwerk Schule",
    "Gesundheitslotsen",
    "Wohnraum",
    "Arbeitsmarkt",
    "Ukraine-Hilfe",
    "Förderprogramm",
    "Migrationsberatung",
    "Jugendmigrationsdienst",
    "Kita-Einstieg",
    "Sportvereine",
    "Kirchengemeinden",
    "Moscheegemeinden",
    "Verwaltung",
    "Bürgermeister/innen",
    "Ausschuss Soziales",
    "Landesprogramm",
    "Qualifizierung",
    "Patenschaften",
    "Mehrsprachige Infos",
    "Stadtteilarbeit",
    "Übergang Schule–Beruf",
    "Rechtsberatung",
    "Traumaberatung",
    "Frauen stärken",
    "Einladung Neujahrsempfang",
)
TAG_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2")
FUNCTIONS = (
    "Integrationsbeauftragte",
    "Migrationsberatung",
    "Schulleitung",
    "Sozialarbeit",
    "Geschäftsführung",
    "Ehrenamtskoordination",
    "Sachbearbeitung",
    "Kita-Leitung",
    "Vorstand",
    "Jugendmigrationsdienst",
    "Flüchtlingssozialarbeit",
    "Seelsorge",
    "Lehrkraft",
    "Bürgermeister/in",
    "Ausbildungsleitung",
    "Kursleitung",
)
CONTACT_NOTES = (
    "Rückruf erwünscht, am besten vormittags.",
    "Kontakt über den Willkommenskreis.",
    "Spricht gut Englisch und etwas Französisch.",
    "Ansprechpartnerin für Sprachkurse.",
    "Hat beim Begegnungsfest mitgeholfen.",
    "Möchte keine Anrufe am Wochenende.",
    "Übersetzt gelegentlich Briefe vom Jobcenter.",
    "Neue Adresse seit dem Frühjahr.",
    "Interesse an einer Schulung für Integrationslotsen.",
    "Vertretung während der Elternzeit.",
)
AVAILABILITY = (
    "Montags und mittwochs nachmittags",
    "Am Wochenende",
    "Nach Absprache",
    "Vormittags",
    "Abends ab 18 Uhr",
    "Dienstags ganztägig",
    "In den Schulferien nicht",
    "Flexibel, mit Auto",
)
NEEDS = (
    "Unterstützung bei Anträgen",
    "Wohnungssuche",
    "Kita-Platz gesucht",
    "Begleitung zu Arztterminen",
    "Deutschkurs gesucht",
    "Hilfe bei der Anerkennung des Berufsabschlusses",
    "Schulanmeldung",
    "Kontoeröffnung",
    "Übersetzung von Briefen",
    "Arbeitssuche",
    "Führerschein umschreiben",
)
ASSIGNMENT_NOTES = (
    "Termin beim Ausländeramt, Unterlagen vorher gemeinsam sortiert.",
    "Dolmetschen beim Elterngespräch in der Grundschule.",
    "Begleitung zur Wohnungsbesichtigung.",
    "Fahrt zur Fachärztin in der Kreisstadt.",
    "Formulare für Wohngeld ausgefüllt.",
    "Treffen im Frauencafé, sehr herzlich.",
    "Nächster Termin in zwei Wochen.",
    "Patenschaft läuft gut, Familie fühlt sich angekommen.",
)

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
    OrganisationKind.DAYCARE: (
        "Kita Sonnenschein {place}",
        "Kita Regenbogen {place}",
        "Kita Pusteblume {place}",
        "Ev. Kita Spatzennest {place}",
        "Kita Zwergenland {place}",
    ),
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

_MAIL = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", "ł": "l", "ø": "o"})
MAIL_DOMAINS = ("web.de", "gmx.de", "t-online.de", "gmail.com", "posteo.de", "outlook.de")


def mail_part(text_: str) -> str:
    """A name as people write it in an e-mail address: ``Jürgen Groß`` → ``juergen-gross``."""
    lowered = unicodedata.normalize("NFKD", text_.lower().translate(_MAIL))
    kept = "".join(
        c if c.isascii() and c.isalnum() else "-"
        for c in lowered
        if c.isascii() or not unicodedata.combining(c)
    )
    return "-".join(p for p in kept.split("-") if p)
