"""Import of contacts and organisations: CSV in each encoding and XLSX through the screen and
the CLI, the preview with its German reasons, all or nothing, duplicates skipped, updated or
filled in, every bad file refused with nothing written, viewers refused."""

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from crm.extensions import db
from crm.imports import reading
from crm.models import Contact, ImportRun, Organisation
from crm.search import search_condition
from tests import factories as make
from tests.helpers import counted_queries
from tests.import_steps import confirm, mapping_step, preview_from, upload

HEADER = "Vorname;Nachname;E-Mail-Adresse;PLZ;Ort;Organisation;Funktion;Seit"
ROWS = (
    "Jürgen;Müller;jm@example.org;01234;Lotsenau;caritas sud;Beratung;1.3.24",
    "Ayse;Öztürk;;12345;Birkenhain;;;",
)


def csv_bytes(*rows, header=HEADER, encoding="utf-8", delimiter=";") -> bytes:
    text = "\r\n".join((header, *rows)).replace(";", delimiter)
    return text.encode(encoding)


def names() -> list[str]:
    return db.session.scalars(select(Contact.last_name).order_by(Contact.id)).all()


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8", ";"), ("utf-8-sig", ","), ("cp1252", "\t")]
)
def test_a_csv_file_in_each_encoding_is_previewed_then_imported(browser, encoding, delimiter):
    make.organisation(name="Caritas Süd")
    data = csv_bytes(*ROWS, encoding=encoding, delimiter=delimiter)
    preview = upload(browser, data)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "2 neu" in page and "Öztürk" in page
    assert names() == []  # nothing written before the confirmation
    assert '<input type="hidden" name="kind" value="contacts">' in page

    done = confirm(browser, preview)
    assert done.status_code == 302 and done.location.endswith("/admin/contact/")
    mueller, oeztuerk = db.session.scalars(select(Contact).order_by(Contact.id)).all()
    assert (mueller.first_name, mueller.last_name, mueller.postcode) == (
        "Jürgen",
        "Müller",
        "01234",
    )
    assert [(r.organisation.name, r.function, r.since) for r in mueller.roles] == [
        ("Caritas Süd", "Beratung", date(2024, 3, 1))
    ]
    assert oeztuerk.email is None and oeztuerk.roles == []
    run = db.session.scalars(select(ImportRun)).one()
    assert (run.file_name, run.kind, run.created, run.updated, run.skipped) == (
        "kontakte.csv",
        "contacts",
        2,
        0,
        0,
    )
    found = db.session.scalars(select(Contact.last_name).where(search_condition(Contact, "muller")))
    assert found.all() == ["Müller"]
    assert "Müller" in browser.get("/admin/contact/?search=caritas").get_data(as_text=True)


def test_an_xlsx_file_keeps_formulas_as_text_and_reads_dates(browser):
    make.organisation(name="Caritas Süd")
    book = Workbook()
    sheet = book.active
    sheet.append(["Nachname", "Vorname", "Postleitzahl", "Organisation", "Seit", "Bemerkung"])
    sheet.append(["Weiß", "Anna", "04103", "Caritas Süd", datetime(2025, 2, 1), "=1+1"])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = upload(browser, buffer.getvalue(), name="liste.xlsx")
    assert "1 neu" in preview.get_data(as_text=True)
    confirm(browser, preview, name="liste.xlsx")
    person = db.session.scalars(select(Contact)).one()
    assert (person.last_name, person.postcode, person.notes) == ("Weiß", "04103", "=1+1")
    assert person.roles[0].since == date(2025, 2, 1)


def test_a_bad_row_in_the_middle_shows_why_and_nothing_is_imported(browser):
    data = csv_bytes(
        ROWS[1],
        "Kai;Berg;kb@example.org;123;Ort;;;31.02.2026",
        "Lea;Stein;keine-adresse;12345;Ort;Unbekannter Verein;;",
    )
    preview = upload(browser, data)
    page = preview.get_data(as_text=True)
    assert "Zeile 3, Spalte PLZ: ‚123‘ – Die PLZ hat genau fünf Ziffern." in page
    assert "Zeile 3, Spalte Seit: ‚31.02.2026‘ – kein gültiges Datum" in page
    assert "Zeile 4, Spalte E-Mail-Adresse: ‚keine-adresse‘" in page
    assert "Zeile 4, Spalte Organisation: ‚Unbekannter Verein‘ ist nicht bekannt." in page
    assert "Import bestätigen" not in page
    refused = browser.post(
        "/admin/import/bestaetigen",
        data={"kind": "contacts", "on_duplicate": "skip", "token": "x" * 32, "file_name": "a"},
    )
    assert refused.status_code == 302
    assert names() == [] and db.session.scalar(select(func.count(ImportRun.id))) == 0


def test_a_row_refused_at_confirmation_leaves_nothing_behind(browser):
    """Between preview and confirmation the organisation is deleted: the row that names it
    fails, and the rows before it are not saved either."""
    caritas = make.organisation(name="Caritas Süd")
    preview = upload(browser, csv_bytes(ROWS[1], ROWS[0]))
    db.session.delete(caritas)
    db.session.commit()
    done = confirm(browser, preview)
    assert done.status_code == 302
    page = browser.get(done.location).get_data(as_text=True)
    assert "Es wurde nichts importiert: Zeile 3, Spalte Organisation: ‚caritas sud‘" in page
    assert names() == []


@pytest.mark.parametrize(
    ("choice", "phone", "city", "counts"),
    [
        ("skip", None, "Altort", "0 neu"),
        ("update", "0123 45", "Neuort", "2 aktualisieren"),  # Muller spelled Müller
        ("fill", "0123 45", "Altort", "1 aktualisieren"),
    ],
)
def test_rows_matching_a_contact_are_skipped_updated_or_filled(
    browser, choice, phone, city, counts
):
    anna = make.contact(
        first_name="Anna", last_name="Weiß", email="Anna@Example.org", city="Altort"
    )
    make.contact(first_name="Bernd", last_name="Muller", postcode="12345")
    data = csv_bytes(
        "Anna;Weiss;anna@example.ORG;;Neuort;;;",
        "Bernd;Müller;;12345;;;;",
        header="Vorname;Nachname;E-Mail;PLZ;Ort;Telefon;X;Y",
    ).replace(b"Neuort;;", b"Neuort;0123 45;")
    preview = upload(browser, data, on_duplicate=choice)
    page = preview.get_data(as_text=True)
    assert counts in page and "vorhanden:" in page and "Weiß, Anna" in page
    assert "(nicht übernommen)" in page  # the columns X and Y
    confirm(browser, preview, on_duplicate=choice)
    db.session.refresh(anna)
    assert (anna.phone, anna.city) == (phone, city)
    assert db.session.scalar(select(func.count(Contact.id))) == 2


def test_organisations_are_imported_and_matched_by_folded_name(browser):
    make.organisation(name="AWO Lotsenau", city="Alt")
    data = csv_bytes(
        "awo lotsenau;Verein;Neu;01099",
        "Afghanischer Kulturverein;Migrantenorganisation;Birkenhain;01234",
        header="Name;Art;Ort;PLZ",
    )
    preview = upload(browser, data, kind="organisations", on_duplicate="fill")
    assert "1 neu" in preview.get_data(as_text=True)
    done = confirm(browser, preview, kind="organisations", on_duplicate="fill")
    assert done.location.endswith("/admin/organisation/")
    rows = db.session.execute(
        select(Organisation.name, Organisation.kind, Organisation.postcode).order_by(
            Organisation.id
        )
    ).all()
    assert [(n, k.value, p) for n, k, p in rows] == [
        ("AWO Lotsenau", "verein", "01099"),
        ("Afghanischer Kulturverein", "migrantenorganisation", "01234"),
    ]


def _image() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "leer.csv", "Die Datei ist leer."),
        (b"\xef\xbb\xbf\r\n;;\r\n", "leer.csv", "Die Datei ist leer."),
        (_image(), "bild.xlsx", "keine lesbare Excel-Tabelle"),
        (b"PK\x03\x04kaputt", "kaputt.xlsx", "keine lesbare Excel-Tabelle"),
        (b"Farbe;Gewicht\r\nrot;3\r\n", "a.csv", "Keine Spalte ist einem Feld zugeordnet"),
        (b"PLZ;Nachname;plz\r\n12345;A;12345\r\n", "a.csv", "Die Spalte ‚plz‘ kommt zweimal vor."),
        (b"Nachname;PLZ\r\nA;12345;zu viel\r\n", "a.csv", "Zeile 2 hat mehr Zellen (3)"),
        (b"Nachname;PLZ\r\n", "a.csv", "nur eine Kopfzeile"),
    ],
)
def test_a_bad_file_is_refused_with_a_german_message(browser, data, name, message):
    response = upload(browser, data, name=name)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert names() == []


def test_a_file_over_the_size_limit_is_refused(browser, monkeypatch):
    """(A small limit: the test client leaves a larger upload's temporary file open.)"""
    monkeypatch.setattr(reading, "MAX_BYTES", 256 * 1024)
    page = upload(browser, b"Nachname\r\n" + b"x" * (256 * 1024)).get_data(as_text=True)
    assert "Die Datei ist größer als 0,25 MB und wird nicht eingelesen." in page
    assert names() == []


def test_a_form_without_a_file_is_refused(browser):
    page = browser.post(
        "/admin/import/",
        data={"kind": "contacts", "on_duplicate": "skip"},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "Bitte eine Datei wählen." in page


def test_viewers_import_nothing(login_as):
    viewer = login_as("viewer")
    assert viewer.get("/admin/import/").status_code == 403
    assert upload(viewer, csv_bytes(*ROWS)).status_code == 403
    assert "Importieren" not in viewer.get("/admin/contact/").get_data(as_text=True)
    assert names() == []


def test_the_lists_link_to_the_import_and_the_history_shows_it(browser):
    page = browser.get("/admin/organisation/").get_data(as_text=True)
    assert "/admin/import/?kind=organisations" in page
    confirm(browser, upload(browser, csv_bytes(ROWS[1])))
    start = browser.get("/admin/import/?kind=organisations").get_data(as_text=True)
    assert '<option selected value="organisations">' in start and "/admin/importe/" in start
    assert "kontakte.csv" in browser.get("/admin/importe/").get_data(as_text=True)


def test_the_preview_runs_a_fixed_number_of_statements(browser):
    """Half of the rows match a contact by e-mail (its functions are compared too)."""
    caritas = make.organisation(name="Caritas Süd")
    counts = []
    for size in (2, 40):
        for i in range(0, size, 2):
            make.contact(
                last_name=f"Alt{size}-{i}", email=f"p{size}-{i}@example.org", roles=[caritas]
            )
        rows = [
            f"V{i};Name{i};p{size}-{i}@example.org;{10000 + i};Ort;Caritas Süd;Beratung;1.1.25"
            for i in range(size)
        ]
        step = mapping_step(browser, csv_bytes(*rows))
        with counted_queries() as statements:  # the preview alone
            page = preview_from(browser, step, on_duplicate="fill").get_data(as_text=True)
        assert f"{size // 2} neu" in page and f"{size // 2} aktualisieren" in page
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_the_cli_imports_checks_with_dry_run_and_refuses_bad_files(runner, tmp_path):
    make.organisation(name="Caritas Süd")
    file = tmp_path / "kontakte.csv"
    file.write_bytes(csv_bytes(*ROWS, encoding="cp1252", delimiter=","))
    result = runner.invoke(args=["crm", "import", "contacts", str(file), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "2 neu" in result.output and "Probelauf" in result.output and names() == []

    result = runner.invoke(args=["crm", "import", "contacts", str(file)])
    assert result.exit_code == 0, result.output
    assert names() == ["Müller", "Öztürk"]
    result = runner.invoke(args=["crm", "import", "contacts", str(file), "--on-duplicate", "skip"])
    assert "2 übersprungen" in result.output and len(names()) == 2

    file.write_bytes(csv_bytes("A;B;;999;;;;"))
    result = runner.invoke(args=["crm", "import", "contacts", str(file)])
    assert result.exit_code == 1 and "Zeile 2, Spalte PLZ" in result.output
    assert "es wurde nichts importiert" in result.output
    assert db.session.scalar(select(func.count(ImportRun.id))) == 2  # the second skipped all
