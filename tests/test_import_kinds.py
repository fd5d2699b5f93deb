"""Import of volunteers and offers, the records a row names found by name („Müller“ =
„Mueller“ = „MÜLLER“) or made with „Unbekannte … anlegen“, hostile rows that write nothing,
and the writes in batches: statements per batch, not per row."""

from datetime import date

from sqlalchemy import func, select

from crm.extensions import db
from crm.models import (
    Contact,
    Municipality,
    Offer,
    Organisation,
    StatusChange,
    Tag,
    Volunteer,
)
from crm.models.choices import AssignmentArea, LanguageLevel, OfferStatus, VolunteerStatus
from crm.sorting import folded, same_name_key
from tests import factories as make
from tests.checksum import database_checksum
from tests.helpers import counted_queries
from tests.import_steps import confirm, upload
from tests.test_imports import csv_bytes

VOLUNTEER_HEADER = (
    "Vorname;Nachname;E-Mail;Kommune;Schlagworte;Status;Aktiv seit;Sprachen;Einsatzbereiche;"
    "Einsatzkommunen;Auto;Stunden pro Monat;Einwilligung Datenschutz;Verschwiegenheitserklärung"
)
OFFER_HEADER = (
    "Titel;Anbieter;Kommune;Handlungsfelder;Zielgruppen;Bildungsstufe;Sprachen;Status;"
    "Gültig ab;Gültig bis;Alter ab;Alter bis"
)


def volunteers(*rows) -> bytes:
    return csv_bytes(*rows, header=VOLUNTEER_HEADER)


def offers(*rows) -> bytes:
    return csv_bytes(*rows, header=OFFER_HEADER)


def cli(runner, tmp_path, kind: str, data: bytes, *options):
    file = tmp_path / f"{kind}.csv"
    file.write_bytes(data)
    return runner.invoke(args=["crm", "import", kind, str(file), *options])


def test_folded_names_equal_umlauts_but_only_the_search_key_equals_their_spellings():
    assert folded("Müller") == folded("MÜLLER") == "muller"
    assert folded("Mueller") == "mueller"  # sorting keeps the spelling as written
    assert same_name_key("Müller") == same_name_key("Mueller") == same_name_key("MÜLLER")
    assert same_name_key("Caritas Süd") == same_name_key("CARITAS SUED")
    assert same_name_key("Müller") != same_name_key("Miller")


def test_a_volunteer_row_makes_the_person_and_the_profile(browser):
    lotsenau = make.municipality(name="Lotsenau")
    birkenhain = make.municipality(name="Birkenhain")
    make.tag(name="Ehrenamt")
    row = (
        "Jürgen;Müller;jm@example.org;LOTSENAU;ehrenamt;aktiv;1.3.2025;"
        "Arabisch (C1), Türkisch: Muttersprache;Arztbesuch, Behördengang;Lotsenau; Birkenhain;"
        "ja;8;1.2.2025;1.2.2025"
    )
    # The cell of municipalities holds a „;“: quoted as a spreadsheet writes it.
    row = row.replace("Lotsenau; Birkenhain", '"Lotsenau; Birkenhain"')
    preview = upload(browser, volunteers(row), name="ehrenamt.csv", kind="volunteers")
    assert "1 neu" in preview.get_data(as_text=True)
    done = confirm(browser, preview, kind="volunteers", name="ehrenamt.csv")
    assert done.status_code == 302 and done.location.endswith("/admin/volunteer/")

    guide = db.session.scalars(select(Volunteer)).one()
    person = guide.contact
    assert (person.last_name, person.email, person.municipality) == (
        "Müller",
        "jm@example.org",
        lotsenau,
    )
    assert [t.name for t in person.tags] == ["Ehrenamt"]
    assert guide.status is VolunteerStatus.ACTIVE and guide.active_since == date(2025, 3, 1)
    assert [(s.status, s.changed_on) for s in guide.status_changes] == [
        (VolunteerStatus.ACTIVE, date(2025, 3, 1))
    ]
    assert sorted((s.language.code, s.level) for s in guide.language_skills) == [
        ("ar", LanguageLevel.FLUENT),
        ("tr", LanguageLevel.NATIVE),
    ]
    assert set(guide.areas) == {AssignmentArea.DOCTOR, AssignmentArea.AUTHORITY}
    assert guide.municipalities == [birkenhain, lotsenau]
    assert guide.has_car and guide.hours_per_month == 8


def test_a_new_volunteer_starts_only_where_the_life_cycle_allows(runner, tmp_path):
    rows = (
        "Anna;Alt;;;;ausgeschieden;;;;;;;;",
        "Berta;Bald;;;;aktiv;1.3.2025;;;;;;1.2.2025;",
        "Cem;Chef;;;;in Schulung;;;;;nein;;;",
    )
    before = database_checksum()
    result = cli(runner, tmp_path, "volunteers", volunteers(*rows))
    assert result.exit_code == 1
    assert "Zeile 2: Neue Ehrenamtliche beginnen als „interessiert“" in result.output
    assert "nicht als „ausgeschieden“" in result.output
    assert "Zeile 3: „Bald, Berta“ kann erst aktiv werden, wenn vorliegt: " in result.output
    assert "Verschwiegenheitserklärung" in result.output
    assert "Zeile 4" not in result.output
    assert database_checksum() == before


def test_a_volunteer_row_for_a_known_person_adds_the_profile_or_updates_it(runner, tmp_path):
    make.tag(name="Ehrenamt")
    person = make.contact(first_name="Jürgen", last_name="Müller", postcode="01234")
    header = "Vorname;Nachname;PLZ;Schlagworte;Sprachen;Stunden pro Monat;Status"
    data = csv_bytes("Jürgen;MUELLER;01234;Ehrenamt;Arabisch;4;", header=header)
    result = cli(runner, tmp_path, "volunteers", data, "--on-duplicate", "skip")
    assert result.exit_code == 0, result.output
    guide = db.session.scalars(select(Volunteer)).one()
    assert guide.contact == person and person.tags == []  # skip: the person as it was
    assert db.session.scalar(select(func.count(Contact.id))) == 1

    data = csv_bytes("Jürgen;Müller;01234;Ehrenamt;Arabisch: Muttersprache;6;aktiv", header=header)
    result = cli(runner, tmp_path, "volunteers", data, "--on-duplicate", "update")
    assert result.exit_code == 0 and "1 aktualisiert" in result.output, result.output
    db.session.expire_all()
    assert [t.name for t in guide.contact.tags] == ["Ehrenamt"] and guide.hours_per_month == 6
    assert [s.level for s in guide.language_skills] == [LanguageLevel.NATIVE]
    # The status of a volunteer changes on the page („Status ändern“), never by an import.
    assert guide.status is VolunteerStatus.INTERESTED


def test_an_offer_names_its_provider_and_catalogue_entries(runner, tmp_path):
    caritas = make.organisation(name="Caritas Süd")
    lotsenau = make.municipality(name="Lotsenau")
    row = (
        "Deutschkurs am Abend;CARITAS SUED;Lotsenau;Sprache;Frauen, Familien;"
        "Erwachsenen- und Weiterbildung;Arabisch, Farsi;aktiv;1.9.2025;31.7.2026;16;"
    )
    result = cli(runner, tmp_path, "offers", offers(row))
    assert result.exit_code == 0, result.output
    offer = db.session.scalars(select(Offer)).one()
    assert (offer.title, offer.provider, offer.municipality) == (
        "Deutschkurs am Abend",
        caritas,
        lotsenau,
    )
    assert [f.name for f in offer.fields] == ["Sprache"]
    assert {g.name for g in offer.target_groups} == {"Frauen", "Familien"}
    assert [s.name for s in offer.stages] == ["Erwachsenen- und Weiterbildung"]
    assert {x.code for x in offer.languages} == {"ar", "fa"}
    assert (offer.status, offer.valid_from, offer.valid_until, offer.min_age) == (
        OfferStatus.ACTIVE,
        date(2025, 9, 1),
        date(2026, 7, 31),
        16,
    )
    result = cli(runner, tmp_path, "offers", offers(row))  # the same title and provider
    assert "1 übersprungen" in result.output and len(db.session.scalars(select(Offer)).all()) == 1


def test_an_offer_without_a_field_of_action_fails_in_the_preview(runner, tmp_path):
    result = cli(runner, tmp_path, "offers", offers("Kurs;;;;;;;;;;;", "Treff;;;Sprache;;;;;;;9;6"))
    assert result.exit_code == 1
    assert "Zeile 2: Bitte mindestens ein Handlungsfeld wählen." in result.output
    assert "Zeile 3:" in result.output  # ages out of order, refused by the period rule
    assert db.session.scalars(select(Offer)).all() == []


def test_unknown_names_fail_their_rows_unless_they_may_be_made(browser):
    rows = (
        "Kurs A;Neuer Träger e.V.;Neustadt;Sprache;;;;;;;;",
        "Kurs B;NEUER TRAEGER E.V.;neustadt;Bildung;;;;;;;;",
    )
    page = upload(browser, offers(*rows), name="angebote.csv", kind="offers").get_data(as_text=True)
    assert "Zeile 2, Spalte Anbieter: ‚Neuer Träger e.V.‘ ist nicht bekannt." in page
    assert "Zeile 3, Spalte Kommune: ‚neustadt‘ ist nicht bekannt." in page
    assert "2 fehlerhaft" in page

    preview = upload(
        browser, offers(*rows), name="angebote.csv", kind="offers", create_missing=True
    )
    page = preview.get_data(as_text=True)
    assert "2 neu" in page and "Organisation ‚Neuer Träger e.V.‘ wird angelegt." in page
    assert "Kommune ‚Neustadt‘ wird angelegt." in page
    assert db.session.scalars(select(Organisation)).all() == []  # a preview writes nothing
    done = confirm(browser, preview, kind="offers", name="angebote.csv")
    assert done.status_code == 302
    (provider,) = db.session.scalars(select(Organisation)).all()  # once, not once per row
    (place,) = db.session.scalars(select(Municipality)).all()
    assert {(o.provider, o.municipality) for o in db.session.scalars(select(Offer))} == {
        (provider, place)
    }
    assert provider.name == "Neuer Träger e.V." and provider.sort_name == "neuer trager e.v."


def test_tags_are_made_but_an_unknown_language_always_fails(runner, tmp_path):
    header = "Nachname;Schlagworte;Sprachen"
    data = csv_bytes("Alt;Neu, neu, NEU;Arabisch", "Bald;;Klingonisch (C1)", header=header)
    result = cli(runner, tmp_path, "contacts", data, "--create-missing")
    assert result.exit_code == 1
    assert "Zeile 3, Spalte Sprachen: ‚Klingonisch‘ ist nicht bekannt." in result.output
    assert db.session.scalars(select(Tag)).all() == []

    data = csv_bytes("Alt;Neu, neu, NEU;Arabisch (B1)", header=header)
    result = cli(runner, tmp_path, "contacts", data, "--create-missing")
    assert result.exit_code == 0 and "Wird angelegt: Neu" in result.output, result.output
    person = db.session.scalars(select(Contact)).one()
    assert [t.name for t in person.tags] == ["Neu"]
    assert [x.code for x in person.languages] == ["ar"]


def test_names_match_whatever_the_umlaut_spelling(runner, tmp_path):
    caritas = make.organisation(name="Caritas Süd")
    person = make.contact(first_name="Jürgen", last_name="Müller", roles=[caritas])
    data = csv_bytes("Juergen;MUELLER;CARITAS SUED", header="Vorname;Nachname;Organisation")
    result = cli(runner, tmp_path, "contacts", data, "--dry-run")
    assert result.exit_code == 0 and "1 übersprungen" in result.output, result.output
    data = csv_bytes("CARITAS SÜD;Verein", header="Name;Art")
    result = cli(runner, tmp_path, "organisations", data, "--on-duplicate", "skip")
    assert "1 übersprungen" in result.output
    assert db.session.scalars(select(Contact)).all() == [person]


def test_one_hostile_row_writes_nothing(browser, runner, tmp_path):
    make.organisation(name="Caritas Süd")
    good_volunteer = "Anna;Alt;;;;;;Arabisch;;;;;;"
    good_offer = "Kurs;Caritas Süd;;Sprache;;;;;;;;"
    cases = (
        (
            "volunteers",
            volunteers(good_volunteer, "Berta;Bald;;;;;;Klingonisch;;;;;;"),
            "Klingonisch",
        ),
        ("offers", offers(good_offer, "Treff;Unbekannt e.V.;;Sprache;;;;;;;;"), "Unbekannt e.V."),
        (
            "offers",
            offers(good_offer, "Treff;Caritas Süd;;Sprache;;;;;31.02.2026;;;"),
            "31.02.2026",
        ),
    )
    for kind, data, value in cases:
        before = database_checksum()
        page = upload(browser, data, name="x.csv", kind=kind).get_data(as_text=True)
        assert "Zeile 3, Spalte" in page and value in page and "1 fehlerhaft" in page
        assert "Import bestätigen" not in page  # no confirmation offered
        result = cli(runner, tmp_path, kind, data)
        assert result.exit_code == 1 and value in result.output
        assert database_checksum() == before


def test_the_lists_of_volunteers_and_offers_link_to_their_import(browser, login_as):
    for screen, kind in (("volunteer", "volunteers"), ("offer", "offers")):
        page = browser.get(f"/admin/{screen}/").get_data(as_text=True)
        assert f"/admin/import/?kind={kind}" in page and "Importieren" in page
    viewer = login_as("viewer")
    assert "/admin/import/" not in viewer.get("/admin/offer/").get_data(as_text=True)


def _offer_rows(size: int, start: int = 0) -> list[str]:
    return [
        f"Kurs {start + i};Träger {i % 7};Ort {i % 5};Sprache, Bildung;Frauen;;Arabisch;;;;;"
        for i in range(size)
    ]


def _known_places() -> None:
    for i in range(7):
        make.organisation(name=f"Träger {i}")
    for i in range(5):
        make.municipality(name=f"Ort {i}")


def test_writes_go_in_batches_not_row_by_row(runner, tmp_path):
    """100 rows are one batch, 1,000 rows two: the statements of writing grow with the
    batches (and stay far below one per row)."""
    counts = {}
    for size, start in ((100, 0), (1000, 100)):
        data = offers(*_offer_rows(size, start))
        with counted_queries() as statements:
            result = cli(runner, tmp_path, "offers", data, "--create-missing")
        assert result.exit_code == 0, result.output
        counts[size] = len(statements)
    assert db.session.scalar(select(func.count(Offer.id))) == 1100
    assert counts[1000] <= 2 * counts[100]
    assert counts[1000] < 100


def test_volunteers_are_written_in_batches_with_their_first_status(runner, tmp_path):
    header = "Vorname;Nachname;E-Mail;Sprachen;Einsatzbereiche;Schlagworte"
    counts = {}
    for size, start in ((100, 0), (1000, 100)):
        rows = [
            f"V{i};Name{i};v{i}@example.org;Arabisch (C1), Farsi;Arztbesuch;Tag {i % 3}"
            for i in range(start, start + size)
        ]
        with counted_queries() as statements:
            result = cli(
                runner, tmp_path, "volunteers", csv_bytes(*rows, header=header), "--create-missing"
            )
        assert result.exit_code == 0, result.output
        counts[size] = len(statements)
    assert counts[1000] <= 2 * counts[100]
    assert db.session.scalar(select(func.count(StatusChange.id))) == 1100
    assert db.session.scalar(select(func.count(Tag.id))) == 3


def test_the_preview_of_each_new_kind_runs_a_fixed_number_of_statements(browser):
    """Half of the volunteer rows match a volunteer (its lists are compared too)."""
    _known_places()
    arabic = make.language("ar")
    counts = []
    for size in (4, 60):
        for i in range(0, size, 2):
            make.volunteer(
                contact=make.contact(email=f"p{size}-{i}@example.org"), languages=[arabic]
            )
        people = [f"V{i};N{i};p{size}-{i}@example.org;Farsi;Arztbesuch" for i in range(size)]
        header = "Vorname;Nachname;E-Mail;Sprachen;Einsatzbereiche"
        with counted_queries() as statements:
            page = upload(browser, offers(*_offer_rows(size)), kind="offers").get_data(as_text=True)
            assert f"{size} neu" in page and "wird angelegt" not in page
            page = upload(
                browser, csv_bytes(*people, header=header), kind="volunteers", on_duplicate="fill"
            ).get_data(as_text=True)
            assert f"{size // 2} neu" in page and f"{size // 2} aktualisieren" in page
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_a_name_too_long_to_be_made_fails_its_row(runner, tmp_path):
    data = csv_bytes(f"Alt;{'Verein ' * 30}", header="Nachname;Organisation")
    result = cli(runner, tmp_path, "contacts", data, "--create-missing")
    assert result.exit_code == 1
    assert "Zeile 2, Spalte Organisation:" in result.output and "zu lang" in result.output
    assert db.session.scalars(select(Organisation)).all() == []
