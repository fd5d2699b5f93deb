"""Benchmark data: a fictitious German county of any size, written with Core bulk inserts.

``flask --app app crm bench-data --contacts N`` calls :func:`fill`; it also creates the account
:data:`BENCH_EMAIL` / :data:`BENCH_PASSWORD` (coordinator) that ``bench/run.py`` and
``bench/load.py`` log in with.
"""

import random
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import click
from sqlalchemy import func, insert, select, text

from .extensions import db
from .models import (
    Assignment,
    AssignmentLog,
    Contact,
    ContactRole,
    FollowUpTask,
    Language,
    MeetingParticipant,
    Municipality,
    Network,
    NetworkMeeting,
    Newcomer,
    Offer,
    Organisation,
    Tag,
    Training,
    TrainingModule,
    TrainingParticipation,
    User,
    Volunteer,
    VolunteerArea,
    VolunteerLanguage,
)
from .models.base import SearchableMixin, TimestampMixin, VersionMixin
from .models.choices import (
    AssignmentArea,
    AssignmentKind,
    AssignmentStatus,
    Attendance,
    EducationStage,
    LanguageLevel,
    MunicipalityKind,
    OfferField,
    OrganisationKind,
    ParticipationStatus,
    Role,
    VolunteerStatus,
)
from .models.networks import network_members
from .models.organisations import organisation_tags
from .models.people import contact_languages, contact_tags
from .models.structures import offer_languages
from .models.volunteering import (
    module_attendance,
    newcomer_languages,
    volunteer_municipalities,
)
from .search import document, rebuild_index, searchable_models

BENCH_EMAIL = "bench@lotse.example"
BENCH_PASSWORD = "bench-passwort-2026"
BATCH = 5_000
MIN_CONTACTS = 100
MUNICIPALITIES = 200
COUNTY = "Landkreis Elsterau"


def _words(text_: str) -> list[str]:
    return text_.split()


# --- names -------------------------------------------------------------------------------

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
        _words("Yılmaz Kaya Demir Şahin Çelik Yıldız Öztürk Aydın Özdemir Arslan Doğan Koç Kılıç "
               "Aslan Çetin Kurt Özkan Şimşek Polat Güneş"),
        ("tr", "kmr"),
    ),
    "ar": (
        _words("Fatima Aisha Mariam Layla Rania Nour Huda Amal Salma Yasmin Rasha Dalia"),
        _words("Mohammed Ahmad Ali Omar Yusuf Hassan Khaled Samir Tarek Bilal Karim Mahmoud"),
        _words("Al-Hassan Haddad Khalil Nasser Abdullah Ibrahim Mansour Saleh Hamdan Darwish "
               "Al-Masri Al-Ahmad Suleiman Youssef Hamoud Qasim Al-Khatib Shaheen"),
        ("ar", "ku", "ckb"),
    ),
    "uk": (
        _words("Olena Oksana Iryna Yuliia Nataliia Tetiana Kateryna Svitlana Halyna Viktoriia"),
        _words("Andrii Dmytro Mykola Serhii Taras Oleksandr Volodymyr Yurii Vasyl Bohdan"),
        _words("Shevchenko Kovalenko Bondarenko Tkachenko Kravchenko Melnyk Boiko Kovalchuk "
               "Oliinyk Moroz Lysenko Marchenko Savchenko Rudenko Petrenko"),
        ("uk", "ru"),
    ),
    "af": (
        _words("Zahra Mariam Fereshta Nargis Sahar Maryam Parwana Shabnam Laila Zarghona"),
        _words("Ahmad Farid Mohammad Hamid Wahid Jawad Sayed Naweed Rahmatullah Khalid"),
        _words("Ahmadi Karimi Rahimi Hakimi Noori Sultani Popal Hussaini Wardak Stanikzai Rezaie "
               "Mohammadi Azimi Safi Jalali"),
        ("prs", "ps", "fa"),
    ),
}
ORIGINS = ("de", "tr", "ar", "uk", "af")
ORIGIN_WEIGHTS = (75, 8, 7, 5, 5)
GERMAN_SECOND_LANGUAGES = ("en", "fr", "ru", "pl", "es", "it")

PLACE_PREFIXES = ("", "", "", "Ober", "Nieder", "Alt", "Neu", "Groß", "Klein", "Bad ", "Hohen",
                  "Wüsten", "Mittel", "Unter")
PLACE_STEMS = _words(
    "Eich Buch Lind Mühl Wald Roth Weiß Rosen Kirch Stein Berg Tann Hasel Erlen Birk Fried "
    "Lauter Schön Grün Kalten Wester Oster Sonnen Fuchs Hirsch Bären Falken Krähen Forst Brunn "
    "Elster Saal Wolfs Gött Mansel Hett Löb Zörb Kölle Düben Sülz Ahl Bröck Hüt"
)
PLACE_SUFFIXES = ("dorf", "bach", "hausen", "heim", "feld", "stedt", "au", "burg", "ingen", "rode",
                  "brück", "thal", "hagen", "leben", "witz", "born", "stadt", "werder")
STREETS = _words(
    "Hauptstraße Bahnhofstraße Kirchweg Goethestraße Schillerstraße Lindenallee Gartenstraße "
    "Friedhofstraße Ringstraße Schulstraße Bergstraße Dorfstraße Rosenweg Mühlenweg Am_Anger "
    "Am_Mühlbach Lessingstraße Marktplatz Feldstraße Wiesenweg Thälmannstraße Jahnstraße "
    "Fröbelstraße Grüner_Weg Kastanienallee Töpfergasse Brückenstraße Über_den_Gärten"
)
TAGS = (
    "Newsletter", "Weihnachtskarte", "Integrationsbeirat", "Runder Tisch Asyl", "Presse",
    "Sprachkurse", "Willkommenskreis", "Ehrenamtsbörse", "Fachtag 2025", "Interkulturelle Woche",
    "Jobmesse", "Elternarbeit", "Frauencafé", "Begegnungsfest", "Dolmetscherpool",
    "Netzwerk Schule", "Gesundheitslotsen", "Wohnraum", "Arbeitsmarkt", "Ukraine-Hilfe",
    "Förderprogramm", "Migrationsberatung", "Jugendmigrationsdienst", "Kita-Einstieg",
    "Sportvereine", "Kirchengemeinden", "Moscheegemeinden", "Verwaltung", "Bürgermeister/innen",
    "Ausschuss Soziales", "Landesprogramm", "Qualifizierung", "Patenschaften",
    "Mehrsprachige Infos", "Stadtteilarbeit", "Übergang Schule–Beruf", "Rechtsberatung",
    "Traumaberatung", "Frauen stärken", "Einladung Neujahrsempfang",
)
TAG_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2")
FUNCTIONS = (
    "Integrationsbeauftragte", "Migrationsberatung", "Schulleitung", "Sozialarbeit",
    "Geschäftsführung", "Ehrenamtskoordination", "Sachbearbeitung", "Kita-Leitung", "Vorstand",
    "Jugendmigrationsdienst", "Flüchtlingssozialarbeit", "Seelsorge", "Lehrkraft",
    "Bürgermeister/in", "Ausbildungsleitung", "Kursleitung",
)
CONTACT_NOTES = (
    "Rückruf erwünscht, am besten vormittags.", "Kontakt über den Willkommenskreis.",
    "Spricht gut Englisch und etwas Französisch.", "Ansprechpartnerin für Sprachkurse.",
    "Hat beim Begegnungsfest mitgeholfen.", "Möchte keine Anrufe am Wochenende.",
    "Übersetzt gelegentlich Briefe vom Jobcenter.", "Neue Adresse seit dem Frühjahr.",
    "Interesse an einer Schulung für Integrationslotsen.", "Vertretung während der Elternzeit.",
)
AVAILABILITY = (
    "Montags und mittwochs nachmittags", "Am Wochenende", "Nach Absprache", "Vormittags",
    "Abends ab 18 Uhr", "Dienstags ganztägig", "In den Schulferien nicht", "Flexibel, mit Auto",
)
NEEDS = (
    "Unterstützung bei Anträgen", "Wohnungssuche", "Kita-Platz gesucht",
    "Begleitung zu Arztterminen",
    "Deutschkurs gesucht", "Hilfe bei der Anerkennung des Berufsabschlusses", "Schulanmeldung",
    "Kontoeröffnung", "Übersetzung von Briefen", "Arbeitssuche", "Führerschein umschreiben",
)
ASSIGNMENT_NOTES = (
    "Termin beim Ausländeramt, Unterlagen vorher gemeinsam sortiert.",
    "Dolmetschen beim Elterngespräch in der Grundschule.", "Begleitung zur Wohnungsbesichtigung.",
    "Fahrt zur Fachärztin in der Kreisstadt.", "Formulare für Wohngeld ausgefüllt.",
    "Treffen im Frauencafé, sehr herzlich.", "Nächster Termin in zwei Wochen.",
    "Patenschaft läuft gut, Familie fühlt sich angekommen.",
)

ORGANISATION_NAMES: dict[OrganisationKind, tuple[str, ...]] = {
    OrganisationKind.AUTHORITY: ("Ausländerbehörde {county}", "Jobcenter {place}",
                                 "Agentur für Arbeit {place}", "Gesundheitsamt {county}",
                                 "Jugendamt {county}", "Sozialamt {place}"),
    OrganisationKind.CARRIER: ("Caritasverband {place}", "Diakonie {place}",
                               "AWO Ortsverein {place}", "DRK Kreisverband {place}",
                               "Der Paritätische {place}", "Malteser Hilfsdienst {place}",
                               "Johanniter-Unfall-Hilfe {place}"),
    OrganisationKind.ASSOCIATION: ("SV {place} e.V.", "Willkommenskreis {place} e.V.",
                                   "Heimatverein {place} e.V.", "Tafel {place} e.V.",
                                   "Freiwillige Feuerwehr {place}",
                                   "Förderverein Grundschule {place}"),
    OrganisationKind.MIGRANT_ORGANISATION: ("Deutsch-Syrischer Kulturverein {place}",
                                            "Ukrainische Gemeinde {place}",
                                            "Afghanischer Frauenverein {place}",
                                            "Türkisch-Deutscher Elternverein {place}",
                                            "Eritreische Gemeinschaft {place}"),
    OrganisationKind.ADMINISTRATION: ("Gemeindeverwaltung {place}", "Stadtverwaltung {place}",
                                      "Verbandsgemeindeverwaltung {place}"),
    OrganisationKind.SCHOOL: ("Grundschule {place}", "Sekundarschule {place}",
                              "Gymnasium {place}", "Berufsbildende Schulen {place}",
                              "Förderschule {place}", "Grundschule „{street}“ {place}"),
    OrganisationKind.DAYCARE: ("Kita Sonnenschein {place}", "Kita Regenbogen {place}",
                               "Kita Pusteblume {place}", "Ev. Kita Spatzennest {place}",
                               "Kita Zwergenland {place}"),
    OrganisationKind.EDUCATION_PROVIDER: ("Volkshochschule {county}", "Sprachschule Brücke {place}",
                                          "Bildungswerk {place}", "Internationaler Bund {place}"),
    OrganisationKind.SHELTER: ("Gemeinschaftsunterkunft {street} {place}",
                               "Übergangswohnheim {place}"),
    OrganisationKind.RELIGIOUS: ("Ev. Kirchengemeinde {place}", "Kath. Pfarrei St. Marien {place}",
                                 "Moscheegemeinde {place}", "Neuapostolische Kirche {place}"),
    OrganisationKind.EMPLOYER: ("{surname} GmbH", "Autohaus {surname}", "Bäckerei {surname}",
                                "Pflegedienst {surname} {place}", "{surname} & Söhne Bau GmbH"),
    OrganisationKind.OTHER: ("Bürgerstiftung {place}", "Mehrgenerationenhaus {place}",
                             "Stadtbibliothek {place}"),
}
ORGANISATION_WEIGHTS = {
    OrganisationKind.AUTHORITY: 3, OrganisationKind.CARRIER: 8, OrganisationKind.ASSOCIATION: 22,
    OrganisationKind.MIGRANT_ORGANISATION: 5, OrganisationKind.ADMINISTRATION: 3,
    OrganisationKind.SCHOOL: 10, OrganisationKind.DAYCARE: 12,
    OrganisationKind.EDUCATION_PROVIDER: 4, OrganisationKind.SHELTER: 3,
    OrganisationKind.RELIGIOUS: 7, OrganisationKind.EMPLOYER: 18, OrganisationKind.OTHER: 5,
}

_MAIL = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", "ł": "l", "ø": "o"})
MAIL_DOMAINS = ("web.de", "gmx.de", "t-online.de", "gmail.com", "posteo.de", "outlook.de")


def mail_part(text_: str) -> str:
    """A name as people write it in an e-mail address: ``Jürgen Groß`` → ``juergen-gross``."""
    lowered = unicodedata.normalize("NFKD", text_.lower().translate(_MAIL))
    kept = "".join(c if c.isascii() and c.isalnum() else "-" for c in lowered
                   if c.isascii() or not unicodedata.combining(c))
    return "-".join(p for p in kept.split("-") if p)


# --- the writer ----------------------------------------------------------------------------


@dataclass
class County:
    """The generated ids and traits later tables refer to."""

    rng: random.Random
    now: datetime
    user_id: int
    municipalities: list[int] = field(default_factory=list)
    municipality_weights: list[int] = field(default_factory=list)
    places: dict[int, tuple[str, str, str]] = field(default_factory=dict)  # name, postcode, area
    tags: list[int] = field(default_factory=list)
    tag_weights: list[float] = field(default_factory=list)
    languages: dict[str, int] = field(default_factory=dict)
    organisations: list[int] = field(default_factory=list)
    org_domains: dict[int, str] = field(default_factory=dict)
    origins: list[str] = field(default_factory=list)  # per contact, index = id - 1
    volunteers: list[int] = field(default_factory=list)
    newcomers: int = 0

    @property
    def today(self) -> date:
        return self.now.date()

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def stamp(self, model, row: dict, created: datetime | None = None) -> dict:
        """Add what the ORM would fill in: timestamps, authorship, version, search text."""
        if issubclass(model, TimestampMixin):
            created = created or self.now - timedelta(days=self.rng.randint(0, 1500),
                                                      seconds=self.rng.randint(0, 86_399))
            row["created_at"] = created
            row["updated_at"] = min(created + timedelta(days=self.rng.randint(0, 300)), self.now)
            row["created_by"] = row["updated_by"] = self.user_id
        if issubclass(model, VersionMixin):
            row["version"] = 1
        if issubclass(model, SearchableMixin):
            row["search_document"] = document(model, row)
        return row

    def municipality(self) -> int:
        return self.rng.choices(self.municipalities, cum_weights=self.municipality_weights)[0]

    def address(self, municipality_id: int) -> dict:
        name, postcode, _ = self.places[municipality_id]
        street = self.rng.choice(STREETS).replace("_", " ")
        return {"street": f"{street} {self.rng.randint(1, 120)}", "postcode": postcode,
                "city": name}

    def phone(self, municipality_id: int) -> str:
        return f"{self.places[municipality_id][2]} {self.rng.randint(10_000, 999_999)}"

    def mobile(self) -> str:
        prefix = self.rng.choice(("151", "152", "160", "162", "170", "171", "176", "177", "179"))
        return f"0{prefix} {self.rng.randint(1_000_000, 99_999_999)}"


def _insert(table, rows: Iterable[dict]) -> int:
    """Write rows in batches with one executemany each; every row must have the same keys."""
    count, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            db.session.execute(insert(table), batch)
            count, batch = count + len(batch), []
    if batch:
        db.session.execute(insert(table), batch)
        count += len(batch)
    return count


# --- reference data --------------------------------------------------------------------------


def _place_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        stem, suffix = rng.choice(PLACE_STEMS), rng.choice(PLACE_SUFFIXES)
        prefix = rng.choice(PLACE_PREFIXES)
        base = stem + suffix
        name = prefix + (base if prefix.endswith(" ") or not prefix else base.lower())
        if rng.random() < 0.04:
            name += rng.choice((" an der Elster", " am See", " (Harz)", " bei Elsterau"))
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _municipality_rows(county: County) -> Iterator[dict]:
    rng = county.rng
    total = 0
    for number, name in enumerate(_place_names(rng, MUNICIPALITIES), start=1):
        if number == 1:
            kind, population = MunicipalityKind.CITY, 48_000
        elif number <= 12:
            kind, population = MunicipalityKind.CITY, rng.randint(6_000, 25_000)
        else:
            kind = rng.choices(list(MunicipalityKind), weights=(2, 8, 80, 4, 3, 3))[0]
            population = rng.randint(300, 6_000)
        postcode = f"0{6300 + number * 7 % 1700:04d}"
        area = f"03{rng.randint(40, 49)}{rng.randint(1, 9)}"
        county.municipalities.append(number)
        total += population
        county.municipality_weights.append(total)
        county.places[number] = (name, postcode, area)
        yield county.stamp(Municipality, {
            "id": number, "name": name, "kind": kind, "official_key": f"15084{number:03d}",
            "population": population,
        })


def _tag_rows(county: County) -> Iterator[dict]:
    for number, name in enumerate(TAGS, start=1):
        county.tags.append(number)
        county.tag_weights.append(1 / (number + 2))
        yield county.stamp(Tag, {"id": number, "name": name,
                                 "colour": TAG_COLOURS[number % len(TAG_COLOURS)]})


def _tag_sample(county: County, most: int) -> set[int]:
    count = county.rng.choices(range(most + 1), weights=(40, 30, 20, 10)[: most + 1])[0]
    return set(county.rng.choices(county.tags, weights=county.tag_weights, k=count))


# --- organisations and people ----------------------------------------------------------------


def _organisation_rows(county: County, count: int) -> Iterator[dict]:
    rng = county.rng
    kinds = list(ORGANISATION_WEIGHTS)
    chosen = rng.choices(kinds, weights=list(ORGANISATION_WEIGHTS.values()), k=count)
    parents: dict[OrganisationKind, list[int]] = {}
    for number, kind in enumerate(chosen, start=1):
        municipality_id = county.municipality()
        place = county.places[municipality_id][0]
        street = rng.choice(STREETS).replace("_", " ")
        name = rng.choice(ORGANISATION_NAMES[kind]).format(
            place=place, county=COUNTY, street=street, surname=_surname(rng, "de"))
        domain = (mail_part(name)[:40].strip("-") or "verein") + ".de"
        county.organisations.append(number)
        county.org_domains[number] = domain
        siblings = parents.setdefault(kind, [])
        parent = rng.choice(siblings) if siblings and rng.random() < 0.12 else None
        if len(siblings) < 30:
            siblings.append(number)
        yield county.stamp(Organisation, {
            "id": number, "name": name, "kind": kind, "municipality_id": municipality_id,
            "parent_id": parent, **county.address(municipality_id),
            "phone": county.phone(municipality_id), "email": f"info@{domain}",
            "website": f"https://www.{domain}",
            "notes": rng.choice(CONTACT_NOTES) if rng.random() < 0.2 else None,
            "active": rng.random() < 0.92,
        })


def _organisation_tag_rows(county: County) -> Iterator[dict]:
    for organisation_id in county.organisations:
        if county.rng.random() < 0.35:
            for tag_id in _tag_sample(county, 2) or {county.tags[0]}:
                yield {"organisation_id": organisation_id, "tag_id": tag_id}


def _surname(rng: random.Random, origin: str) -> str:
    if origin == "de":
        name = rng.choices(GERMAN_LAST, cum_weights=GERMAN_LAST_WEIGHTS)[0]
        if rng.random() < 0.02:
            name = f"{name}-{rng.choice(GERMAN_LAST)}"
        return name
    return rng.choice(FOREIGN[origin][2])


def _person(rng: random.Random, origin: str) -> tuple[str, str, bool]:
    """First name, last name and whether the person is a woman."""
    female = rng.random() < 0.55
    if origin == "de":
        first = rng.choice(GERMAN_FEMALE if female else GERMAN_MALE)
    else:
        first = rng.choice(FOREIGN[origin][0] if female else FOREIGN[origin][1])
    return first, _surname(rng, origin), female


def _email(rng: random.Random, first: str, last: str, domain: str | None) -> str | None:
    if domain is None and rng.random() < 0.2:
        return None
    first_, last_ = mail_part(first), mail_part(last)
    if domain:
        return f"{first_[0]}.{last_}@{domain}"
    pattern = rng.random()
    if pattern < 0.5:
        local = f"{first_}.{last_}"
    elif pattern < 0.75:
        local = f"{first_[0]}.{last_}"
    else:
        local = f"{first_}{last_}{rng.randint(1, 99)}"
    return f"{local}@{rng.choice(MAIL_DOMAINS)}"


def _contact_rows(county: County, count: int, roles: dict[int, list[int]]) -> Iterator[dict]:
    rng = county.rng
    for number in range(1, count + 1):
        origin = county.origins[number - 1]
        first, last, female = _person(rng, origin)
        municipality_id = county.municipality() if rng.random() < 0.95 else None
        where = county.address(municipality_id) if municipality_id else {
            "street": None, "postcode": None, "city": None}
        work = roles.get(number)
        consent = rng.random() < 0.6
        yield county.stamp(Contact, {
            "id": number,
            "salutation": "keine" if rng.random() < 0.03 else ("frau" if female else "herr"),
            "title": rng.choice(("Dr.", "Dr.", "Prof. Dr.")) if rng.random() < 0.04 else None,
            "first_name": first, "last_name": last,
            "email": _email(rng, first, last, county.org_domains[work[0]] if work else None),
            "phone": county.phone(municipality_id) if municipality_id and rng.random() < 0.6
            else None,
            "mobile": county.mobile() if rng.random() < 0.5 else None,
            **where, "municipality_id": municipality_id,
            "notes": rng.choice(CONTACT_NOTES) if rng.random() < 0.15 else None,
            "may_mail_post": consent and rng.random() < 0.7,
            "may_mail_email": consent and rng.random() < 0.9,
            "consent_on": county.days_ago(0, 1500) if consent else None,
            "consent_source": rng.choice(("Formular", "E-Mail", "Veranstaltung")) if consent
            else None,
            "do_not_contact": rng.random() < 0.02,
        })


def _plan_roles(county: County, count: int) -> dict[int, list[int]]:
    """Which contacts work where: about half hold a role, some a second one."""
    rng = county.rng
    plan: dict[int, list[int]] = {}
    for number in range(1, count + 1):
        if rng.random() < 0.5:
            held = [rng.choice(county.organisations)]
            if rng.random() < 0.2:
                held.append(rng.choice(county.organisations))
            plan[number] = held
    return plan


def _role_rows(county: County, plan: dict[int, list[int]]) -> Iterator[dict]:
    rng = county.rng
    for contact_id, organisations in plan.items():
        for position, organisation_id in enumerate(organisations):
            since = county.days_ago(30, 4000)
            ended = position > 0 or rng.random() < 0.1
            until = since + timedelta(days=rng.randint(30, 1500)) if ended else None
            yield county.stamp(ContactRole, {
                "contact_id": contact_id, "organisation_id": organisation_id,
                "function": rng.choice(FUNCTIONS), "since": since,
                "until": min(until, county.today) if until else None,
            })


def _contact_tag_rows(county: County, count: int) -> Iterator[dict]:
    for contact_id in range(1, count + 1):
        for tag_id in _tag_sample(county, 3):
            yield {"contact_id": contact_id, "tag_id": tag_id}


def _language_ids(county: County, origin: str) -> list[int]:
    codes = FOREIGN[origin][3] if origin in FOREIGN else GERMAN_SECOND_LANGUAGES
    return [county.languages[c] for c in codes if c in county.languages]


def _contact_language_rows(county: County, count: int) -> Iterator[dict]:
    rng = county.rng
    for contact_id in range(1, count + 1):
        origin = county.origins[contact_id - 1]
        if origin == "de" and rng.random() > 0.15:
            continue
        options = _language_ids(county, origin)
        for language_id in set(rng.sample(options, k=min(len(options), rng.randint(1, 2)))):
            yield {"contact_id": contact_id, "language_id": language_id}


# --- volunteer work ----------------------------------------------------------------------------


def _volunteer_rows(county: County, contact_ids: list[int]) -> Iterator[dict]:
    rng = county.rng
    statuses = list(VolunteerStatus)
    for number, contact_id in enumerate(contact_ids, start=1):
        status = rng.choices(statuses, weights=(10, 10, 55, 10, 15))[0]
        since = county.days_ago(30, 3000)
        working = status in (VolunteerStatus.ACTIVE, VolunteerStatus.IN_TRAINING)
        issued = county.days_ago(0, 2200) if working and rng.random() < 0.85 else None
        consent = county.days_ago(0, 1500) if rng.random() < 0.8 else None
        county.volunteers.append(number)
        yield county.stamp(Volunteer, {
            "id": number, "contact_id": contact_id, "status": status, "active_since": since,
            "left_on": min(since + timedelta(days=rng.randint(60, 900)), county.today)
            if status == VolunteerStatus.LEFT else None,
            "availability": rng.choice(AVAILABILITY), "hours_per_month": rng.randint(2, 20),
            "has_car": rng.random() < 0.5,
            "own_migration_experience": (county.origins[contact_id - 1] != "de") if consent
            else None,
            "clearance_issued_on": issued,
            "clearance_checked_on": issued + timedelta(days=rng.randint(1, 20)) if issued
            else None,
            "clearance_disqualifying": False,
            "confidentiality_signed_on": county.days_ago(0, 2000) if working else None,
            "data_consent_on": consent,
        })


def _volunteer_link_rows(county: County, contact_ids: list[int]):
    """Languages with levels, areas and municipalities of each volunteer."""
    rng = county.rng
    german = county.languages.get("de")
    skills, areas, places = [], [], []
    for volunteer_id, contact_id in zip(county.volunteers, contact_ids, strict=True):
        origin = county.origins[contact_id - 1]
        own = _language_ids(county, origin)
        chosen = {own[0]: LanguageLevel.NATIVE} if origin != "de" and own else {}
        if origin != "de" and german:
            chosen[german] = rng.choice((LanguageLevel.FLUENT, LanguageLevel.BASIC))
        for language_id in rng.sample(own, k=min(len(own), rng.randint(1, 2))):
            chosen.setdefault(language_id, rng.choice((LanguageLevel.FLUENT,
                                                       LanguageLevel.BASIC)))
        skills += [county.stamp(VolunteerLanguage, {
            "volunteer_id": volunteer_id, "language_id": lid, "level": level})
            for lid, level in chosen.items()]
        areas += [{"volunteer_id": volunteer_id, "area": area}
                  for area in rng.sample(list(AssignmentArea), k=rng.randint(1, 4))]
        places += [{"volunteer_id": volunteer_id, "municipality_id": mid}
                   for mid in {county.municipality() for _ in range(rng.randint(1, 3))}]
    return skills, areas, places


def _newcomer_rows(county: County, count: int) -> Iterator[dict]:
    rng = county.rng
    for number in range(1, count + 1):
        origin = rng.choice(("tr", "ar", "uk", "af", "ar", "uk"))
        size = rng.choices(range(1, 8), weights=(30, 15, 15, 15, 12, 8, 5))[0]
        county.newcomers = number
        yield county.stamp(Newcomer, {
            "id": number, "reference": f"BP-{2019 + number % 8}-{number:06d}",
            "first_name": _person(rng, origin)[0] if rng.random() < 0.6 else None,
            "household_size": size, "has_minors": size > 2 and rng.random() < 0.8,
            "municipality_id": county.municipality(),
            "needs": rng.choice(NEEDS) if rng.random() < 0.6 else None,
            "notes": rng.choice(ASSIGNMENT_NOTES) if rng.random() < 0.1 else None,
        })


def _newcomer_language_rows(county: County) -> Iterator[dict]:
    rng = county.rng
    for newcomer_id in range(1, county.newcomers + 1):
        options = _language_ids(county, rng.choice(("tr", "ar", "uk", "af")))
        for language_id in set(rng.sample(options, k=min(len(options), rng.randint(1, 2)))):
            yield {"newcomer_id": newcomer_id, "language_id": language_id}


ASSIGNMENT_STATUS_WEIGHTS = (8, 7, 15, 65, 5)  # offen, vermittelt, laufend, abgeschlossen, ...


def _assignment_rows(county: County, count: int, contacts: int,
                     done: list[tuple[int, date, date]]) -> Iterator[dict]:
    rng = county.rng
    statuses, areas = list(AssignmentStatus), list(AssignmentArea)
    for number in range(1, count + 1):
        status = rng.choices(statuses, weights=ASSIGNMENT_STATUS_WEIGHTS)[0]
        kind = AssignmentKind.MENTORSHIP if rng.random() < 0.25 else AssignmentKind.ONE_OFF
        if status == AssignmentStatus.OPEN:
            created = county.now - timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 23))
            starts = None if rng.random() < 0.5 else county.today + timedelta(rng.randint(1, 30))
        else:
            starts = county.days_ago(-20 if status == AssignmentStatus.MATCHED else 1, 1460)
            created = datetime.combine(starts - timedelta(days=rng.randint(1, 30)),
                                       datetime.min.time(), tzinfo=UTC)
        ends = _assignment_end(rng, status, kind, starts, county.today)
        if status in (AssignmentStatus.RUNNING, AssignmentStatus.DONE) and starts:
            done.append((number, starts, ends or county.today))
        yield county.stamp(Assignment, {
            "id": number,
            "volunteer_id": None if status == AssignmentStatus.OPEN
            else rng.choice(county.volunteers),
            "newcomer_id": rng.randint(1, county.newcomers), "kind": kind,
            "area": rng.choices(areas, weights=(20, 18, 10, 14, 10, 8, 10, 5, 2, 3))[0],
            "requested_by_organisation_id": rng.choice(county.organisations)
            if rng.random() < 0.4 else None,
            "requested_by_contact_id": rng.randint(1, contacts) if rng.random() < 0.2 else None,
            "status": status, "starts_on": starts, "ends_on": ends,
            "notes": rng.choice(ASSIGNMENT_NOTES) if rng.random() < 0.2 else None,
        }, created=created)


def _assignment_end(rng, status, kind, starts: date | None, today: date) -> date | None:
    if starts is None or status not in (AssignmentStatus.DONE, AssignmentStatus.CANCELLED):
        return None
    if kind == AssignmentKind.ONE_OFF:
        return starts
    return max(starts, min(starts + timedelta(days=rng.randint(30, 365)), today))


def _log_rows(county: County, done: list[tuple[int, date, date]], count: int) -> Iterator[dict]:
    rng = county.rng
    for _ in range(min(count, len(done) * 3)):
        assignment_id, starts, ends = rng.choice(done)
        day = starts + timedelta(days=rng.randint(0, max((ends - starts).days, 0)))
        yield county.stamp(AssignmentLog, {
            "assignment_id": assignment_id, "date": day,
            "hours": Decimal(rng.randint(2, 8)) / 2,
            "kilometres": Decimal(rng.randint(0, 400)) / 10 if rng.random() < 0.6 else None,
            "note": "Fahrt mit eigenem Auto" if rng.random() < 0.1 else None,
        })


# --- trainings, networks, offers (small tables for the start page and details) ----------------


def _fill_trainings(county: County, count: int) -> None:
    rng = county.rng
    trainings, modules, participations, attendance = [], [], [], []
    module_id = participation_id = 0
    for number in range(1, count + 1):
        starts = county.days_ago(-60, 1200)
        trainings.append(county.stamp(Training, {
            "id": number, "title": f"Qualifizierung Integrationslotsen {number}",
            "carrier_id": rng.choice(county.organisations),
            "description": "Rollenverständnis, Asyl- und Aufenthaltsrecht, interkulturelle "
                           "Kommunikation, Nähe und Distanz.",
            "starts_on": starts, "ends_on": starts + timedelta(days=42), "capacity": 20,
            "location": f"Volkshochschule {county.places[county.municipality()][0]}",
        }))
        first_module = module_id + 1
        for position in range(1, 7):
            module_id += 1
            modules.append(county.stamp(TrainingModule, {
                "id": module_id, "training_id": number, "number": position,
                "title": f"Modul {position}", "date": starts + timedelta(days=7 * (position - 1)),
                "location": "Raum 1", "trainer": f"{_person(rng, 'de')[0]} {_surname(rng, 'de')}",
            }))
        for volunteer_id in rng.sample(county.volunteers, k=min(15, len(county.volunteers))):
            participation_id += 1
            status = rng.choice(list(ParticipationStatus))
            participations.append(county.stamp(TrainingParticipation, {
                "id": participation_id, "training_id": number, "volunteer_id": volunteer_id,
                "status": status,
                "certificate_issued_on": starts + timedelta(days=45)
                if status == ParticipationStatus.COMPLETED else None,
            }))
            attendance += [{"participation_id": participation_id, "module_id": m}
                           for m in range(first_module, first_module + rng.randint(0, 6))]
    for table, rows in ((Training, trainings), (TrainingModule, modules),
                        (TrainingParticipation, participations)):
        _insert(table.__table__, rows)
    _insert(module_attendance, attendance)


def _fill_networks(county: County, count: int, contacts: int) -> None:
    rng = county.rng
    networks, members, meetings, participants, tasks = [], [], [], [], []
    meeting_id = 0
    for number in range(1, count + 1):
        place = county.places[county.municipality()][0]
        networks.append(county.stamp(Network, {
            "id": number, "name": f"Runder Tisch Integration {place} {number}",
            "topic": "Ankommen, Wohnen, Arbeit", "coordinator_id": rng.randint(1, contacts),
            "meets": "vierteljährlich",
        }))
        members += [{"network_id": number, "organisation_id": o}
                    for o in set(rng.sample(county.organisations,
                                            k=min(12, len(county.organisations))))]
        for offset in (-270, -180, -90, 20):
            meeting_id += 1
            starts = county.now + timedelta(days=offset + rng.randint(-5, 5))
            meetings.append(county.stamp(NetworkMeeting, {
                "id": meeting_id, "network_id": number, "title": f"Treffen {place}",
                "starts_at": starts, "ends_at": starts + timedelta(hours=2),
                "location": f"Rathaus {place}", "agenda": "Berichte aus den Kommunen",
                "minutes": None, "decisions": None,
            }))
            participants += [county.stamp(MeetingParticipant, {
                "meeting_id": meeting_id, "contact_id": c, "organisation_id": None,
                "attendance": rng.choice(list(Attendance))})
                for c in set(rng.sample(range(1, contacts + 1), k=8))]
            tasks += [county.stamp(FollowUpTask, {
                "meeting_id": meeting_id, "description": rng.choice(NEEDS),
                "owner_id": rng.randint(1, contacts),
                "due_on": starts.date() + timedelta(days=30),
                "done_on": starts.date() + timedelta(days=20) if rng.random() < 0.6 else None,
            }) for _ in range(2)]
    _insert(Network.__table__, networks)
    _insert(network_members, members)
    _insert(NetworkMeeting.__table__, meetings)
    _insert(MeetingParticipant.__table__, participants)
    _insert(FollowUpTask.__table__, tasks)


def _offer_rows(county: County, count: int, contacts: int) -> Iterator[dict]:
    rng = county.rng
    for number in range(1, count + 1):
        field_ = rng.choice(list(OfferField))
        valid_from = county.days_ago(0, 1500)
        yield county.stamp(Offer, {
            "id": number, "title": f"{field_.label} für Neuzugewanderte {number}",
            "provider_id": rng.choice(county.organisations),
            "municipality_id": county.municipality() if rng.random() < 0.7 else None,
            "field": field_, "education_stage": rng.choice(list(EducationStage)),
            "formal": rng.random() < 0.3, "target_group": "Erwachsene und Familien",
            "contact_id": rng.randint(1, contacts), "valid_from": valid_from,
            "valid_until": valid_from + timedelta(days=rng.randint(90, 1500))
            if rng.random() < 0.6 else None,
            "public": rng.random() < 0.5, "notes": None,
        })


def _offer_language_rows(county: County, count: int) -> Iterator[dict]:
    ids = list(county.languages.values())
    for offer_id in range(1, count + 1):
        for language_id in set(county.rng.sample(ids, k=min(len(ids), 2))):
            yield {"offer_id": offer_id, "language_id": language_id}


# --- the whole ---------------------------------------------------------------------------------

FILLED = (Contact, Organisation, Municipality, Tag, Volunteer, Newcomer, Assignment, Training,
          Network, NetworkMeeting, Offer)


def _refuse_if_filled() -> None:
    found = {model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
             for model in FILLED}
    found = {name: n for name, n in found.items() if n}
    if found:
        listed = ", ".join(f"{name}: {n}" for name, n in found.items())
        raise click.ClickException(
            f"Die Datenbank enthält bereits Daten ({listed}). bench-data füllt nur eine leere "
            "Datenbank; bitte eine neue Datenbank oder ein neues Schema verwenden.")


def bench_user() -> User:
    """The coordinator account the benchmark logs in with; created once."""
    from .accounts import create_user

    user = db.session.scalar(select(User).where(User.email == BENCH_EMAIL))
    if user is None:
        user = create_user(BENCH_EMAIL, "Messung", Role.COORDINATOR, BENCH_PASSWORD)
        db.session.commit()
    return user


def _step(echo: Callable[[str], None], label: str, work: Callable[[], int | None]) -> None:
    started = time.perf_counter()
    count = work()
    number = f"{count:,}".replace(",", ".") if count is not None else "fertig"
    echo(f"  {label}: {number} ({time.perf_counter() - started:.1f} s)")


def _dialect() -> str:
    return db.session.get_bind().dialect.name


@contextmanager
def _sqlite_bulk_mode(echo):
    """SQLite: the FTS5 insert triggers cost about 50 µs a row, more than the row itself, and
    the default 2 MB page cache makes index inserts seek. The load runs without the triggers
    and with a larger cache; the index is then built once from the stored documents
    (``rebuild_index`` re-creates the triggers, after a failure too: SQLite's driver commits
    DDL on its own, so this cannot rely on the rollback)."""
    tables = [model.__tablename__ for model in searchable_models()]
    db.session.execute(text("PRAGMA cache_size=-512000"))
    for table in tables:
        db.session.execute(text(f"DROP TRIGGER IF EXISTS {table}_fts_ai"))
    try:
        yield
    except BaseException:
        db.session.rollback()
        raise
    finally:
        _step(echo, "Suchindex", lambda: rebuild_index(db.session.connection(), tables))
        db.session.execute(text("PRAGMA cache_size=-2000"))


BULK_TABLES = ("organisations", "organisation_tags", "contacts", "contact_roles", "contact_tags",
               "contact_languages", "newcomers", "newcomer_languages", "assignments",
               "assignment_logs")
_IN_SCHEMA = (
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = current_schema() AND c.relname = ANY(:tables)"
)


@contextmanager
def _postgresql_bulk_mode(echo):
    """PostgreSQL: per-row foreign-key checks and index updates cost more than the rows. As the
    manual advises for bulk loads ("Populating a Database"), the large tables lose their
    foreign keys and secondary indexes for the load and get them back verbatim
    (``pg_get_constraintdef``/``pg_get_indexdef``) at the end; it is all one transaction, so
    a failure leaves the schema as it was."""
    tables = {"tables": list(BULK_TABLES)}
    keys = db.session.execute(text(
        "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k "
        f"JOIN pg_class c ON c.oid = k.conrelid {_IN_SCHEMA} AND k.contype = 'f'"), tables).all()
    indexes = db.session.execute(text(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid "
        f"{_IN_SCHEMA} AND NOT x.indisprimary AND NOT x.indisunique"), tables).all()
    for table, name, _ in keys:
        db.session.execute(text(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"'))
    for name, _ in indexes:
        db.session.execute(text(f'DROP INDEX "{name}"'))
    yield

    def restore() -> int:
        for _, definition in indexes:
            db.session.execute(text(definition))
        for table, name, definition in keys:
            db.session.execute(text(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))
        return len(indexes) + len(keys)

    _step(echo, "Indizes und Fremdschlüssel", restore)


def _bulk_mode(echo):
    return _postgresql_bulk_mode(echo) if _dialect() == "postgresql" else _sqlite_bulk_mode(echo)


def _advance_sequences() -> None:
    """PostgreSQL: explicit ids leave the id sequences behind; move them past the data."""
    if _dialect() != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"))


def _analyze() -> None:
    """Statistics and, on PostgreSQL, the visibility map: the state autovacuum reaches shortly
    after a bulk load (VACUUM cannot run in a transaction, hence its own connection)."""
    db.session.commit()
    if _dialect() == "postgresql":
        names = ", ".join(t.name for t in db.metadata.sorted_tables)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(f"VACUUM ANALYZE {names}")
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def fill(contacts: int, seed: int = 1, echo: Callable[[str], None] = print) -> None:
    """Fill an empty database with a county of ``contacts`` people and everything around them,
    in one transaction.

    Sizes scale with ``contacts``: organisations /10, volunteers /50, assignments ×2, newcomers
    /2; 200 municipalities and 40 tags. The same seed gives the same data (dates relative to
    today).
    """
    if contacts < MIN_CONTACTS:
        raise click.ClickException(f"Bitte mindestens {MIN_CONTACTS} Kontakte angeben.")
    _refuse_if_filled()
    started = time.perf_counter()
    user = bench_user()
    county = County(rng=random.Random(seed), now=datetime.now(UTC).replace(microsecond=0),
                    user_id=user.id)
    county.languages = dict(db.session.execute(select(Language.code, Language.id)).all())
    county.origins = county.rng.choices(ORIGINS, weights=ORIGIN_WEIGHTS, k=contacts)
    echo(f"Messdaten für {contacts:,} Kontakte (Startwert {seed}):".replace(",", "."))
    try:
        with _bulk_mode(echo):
            _fill_core(county, contacts, echo)
            _fill_volunteering(county, contacts, echo)
            _step(echo, "Schulungen, Netzwerke, Angebote", lambda: _fill_small(county, contacts))
            _advance_sequences()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    _step(echo, "Statistik", _analyze)
    echo(f"Fertig in {time.perf_counter() - started:.1f} s. Anmeldung: {BENCH_EMAIL} / "
         f"{BENCH_PASSWORD}")


def _fill_core(county: County, contacts: int, echo) -> None:
    _step(echo, "Kommunen", lambda: _insert(Municipality.__table__, _municipality_rows(county)))
    _step(echo, "Schlagworte", lambda: _insert(Tag.__table__, _tag_rows(county)))
    _step(echo, "Organisationen", lambda: _insert(
        Organisation.__table__, _organisation_rows(county, max(contacts // 10, 1))))
    _step(echo, "Schlagworte an Organisationen",
          lambda: _insert(organisation_tags, _organisation_tag_rows(county)))
    roles = _plan_roles(county, contacts)
    _step(echo, "Kontakte", lambda: _insert(Contact.__table__,
                                            _contact_rows(county, contacts, roles)))
    _step(echo, "Funktionen", lambda: _insert(ContactRole.__table__, _role_rows(county, roles)))
    _step(echo, "Schlagworte an Kontakten",
          lambda: _insert(contact_tags, _contact_tag_rows(county, contacts)))
    _step(echo, "Sprachen von Kontakten",
          lambda: _insert(contact_languages, _contact_language_rows(county, contacts)))


def _fill_volunteering(county: County, contacts: int, echo) -> None:
    people = sorted(county.rng.sample(range(1, contacts + 1), k=max(contacts // 50, 1)))
    _step(echo, "Ehrenamtliche", lambda: _insert(Volunteer.__table__,
                                                 _volunteer_rows(county, people)))
    skills, areas, places = _volunteer_link_rows(county, people)
    _step(echo, "Sprachkenntnisse, Bereiche, Kommunen", lambda: (
        _insert(VolunteerLanguage.__table__, skills) + _insert(VolunteerArea.__table__, areas)
        + _insert(volunteer_municipalities, places)))
    _step(echo, "Begleitete Personen", lambda: _insert(
        Newcomer.__table__, _newcomer_rows(county, max(contacts // 2, 1))))
    _step(echo, "Sprachen begleiteter Personen",
          lambda: _insert(newcomer_languages, _newcomer_language_rows(county)))
    done: list[tuple[int, date, date]] = []
    _step(echo, "Einsätze", lambda: _insert(Assignment.__table__,
                                            _assignment_rows(county, 2 * contacts, contacts, done)))
    _step(echo, "Einsatzprotokolle", lambda: _insert(
        AssignmentLog.__table__, _log_rows(county, done, contacts // 4)))


def _fill_small(county: County, contacts: int) -> int:
    _fill_trainings(county, max(contacts // 5_000, 2))
    _fill_networks(county, max(contacts // 10_000, 3), contacts)
    offers = max(contacts // 100, 10)
    _insert(Offer.__table__, _offer_rows(county, offers, contacts))
    _insert(offer_languages, _offer_language_rows(county, offers))
    return offers
