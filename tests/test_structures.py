"""The overview of existing structures on a small county with known offers: the exact matrix,
gaps, chain and coverage through HTTP and through the files parsed back; what counts (validity,
status, inactive organisations, county-wide, two fields); the last check; bad input; roles and
statement counts."""

import csv
import io
import re
import tempfile
import zipfile
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from crm import MIGRATIONS
from crm.extensions import db
from crm.models import AuditEntry, EducationStage, FieldOfAction, Offer, TargetGroup
from crm.models.choices import (
    AssignmentArea,
    AssignmentStatus,
    OfferStatus,
    OrganisationKind,
    VolunteerStatus,
)
from tests import factories as make
from tests.helpers import counted_queries

TODAY = date.today()
FIELDS = (
    "Sprache",
    "Bildung",
    "Arbeit/Ausbildung",
    "Beratung",
    "Gesundheit",
    "Wohnen",
    "Kinder/Familie",
    "Begegnung/Freizeit",
    "Ehrenamtliche Begleitung",
    "Sonstiges",
)


def field(name):
    return make.catalogue_entry(FieldOfAction, name)


def stage(name):
    return make.catalogue_entry(EducationStage, name)


def county():
    """Ahornfeld and Birkenau with offers of every kind that counts or not; Cedern has none."""
    a = make.municipality(name="Ahornfeld", official_key="09000001")
    b = make.municipality(name="Birkenau", official_key="09000002")
    c = make.municipality(name="Cedern", official_key="09000003")
    club = make.organisation(name="Verein Ahorn", municipality=a)
    school = make.organisation(
        name="Bildungswerk", municipality=b, kind=OrganisationKind.EDUCATION_PROVIDER
    )
    closed = make.organisation(name="Alter Verein", municipality=a, active=False)
    adult, vocational = stage("Erwachsenen- und Weiterbildung"), stage("Berufliche Bildung")
    offers = {
        "cafe": make.offer(title="Sprachcafé Ahorn", municipality=a, provider=club, stages=[adult]),
        "two": make.offer(
            title="Hausaufgaben",
            municipality=a,
            provider=club,
            fields=[field("Bildung"), field("Kinder/Familie")],
        ),
        "wide": make.offer(
            title="Migrationsberatung", provider=school, fields=[field("Beratung")], public=True
        ),
        "expired": make.offer(
            title="Bewerbungskurs",
            municipality=a,
            provider=club,
            fields=[field("Arbeit/Ausbildung")],
            valid_until=TODAY - timedelta(days=1),
        ),
        "ended": make.offer(
            title="Gesundheitstag",
            municipality=b,
            provider=school,
            fields=[field("Gesundheit")],
            status=OfferStatus.ENDED,
        ),
        "inactive": make.offer(
            title="Wohnungsbörse", municipality=a, provider=closed, fields=[field("Wohnen")]
        ),
        "paused": make.offer(
            title="Sprachkurs Pause", municipality=b, provider=school, status=OfferStatus.CLOSED
        ),
        "course": make.offer(
            title="Berufssprachkurs",
            municipality=b,
            provider=school,
            formal=True,
            public=True,
            stages=[vocational],
            target_groups=[make.catalogue_entry(TargetGroup, "Frauen")],
            languages=[make.language("ar")],
            checked_on=TODAY,
        ),
        "second": make.offer(title="Deutsch am Abend", municipality=a, provider=school),
        "local": make.offer(
            title="Beratung Birkenau", municipality=b, provider=school, fields=[field("Beratung")]
        ),
    }
    return (a, b, c), offers


# Offers (county-wide among them) and organisations per municipality and field, only current.
EXPECTED = {
    ("Ahornfeld", "Sprache"): (2, 0, 2),
    ("Ahornfeld", "Bildung"): (1, 0, 1),
    ("Ahornfeld", "Kinder/Familie"): (1, 0, 1),
    ("Ahornfeld", "Beratung"): (1, 1, 1),
    ("Birkenau", "Sprache"): (1, 0, 1),
    ("Birkenau", "Beratung"): (2, 1, 1),  # one local, one county-wide, one organisation
    ("Cedern", "Beratung"): (1, 1, 1),
}


def expected_cells():
    return {
        (place, name): EXPECTED.get((place, name), (0, 0, 0))
        for place in ("Ahornfeld", "Birkenau", "Cedern")
        for name in FIELDS
    }


def page_cells(html: str) -> dict:
    """{(municipality, field): (offers, county-wide, organisations)} from the heat map."""
    found = {}
    for title, body in re.findall(
        r'<td class="text-center lotse-heat-\w+" title="([^"]+)">(.*?)</td>', html, re.S
    ):
        place, name = title.split(" · ")
        numbers = [
            int(n)
            for n in re.findall(r"\d+", re.sub(r"<[^>]+>", " ", re.sub(r'href="[^"]*"', "", body)))
        ]
        if not numbers:
            found[place, name] = (0, 0, 0)
        elif len(numbers) == 2:
            found[place, name] = (numbers[0], 0, numbers[1])
        else:
            found[place, name] = tuple(numbers)
    return found


def test_the_matrix_counts_what_is_current_everywhere_and_marks_the_gaps(browser):
    county()
    page = browser.get("/admin/structures/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert page_cells(html) == expected_cells()
    # Cedern has nothing of its own: every field a gap but the county-wide counselling.
    assert html.count('title="Cedern · ') == len(FIELDS)
    assert len(re.findall(r'lotse-heat-gap" title="Cedern', html)) == len(FIELDS) - 1
    assert 'lotse-heat-thin" title="Ahornfeld · Bildung"' in html
    assert "(1 kw.)" in html


def test_without_only_current_the_ended_expired_and_closed_count_but_not_the_inactive(browser):
    county()
    html = browser.get("/admin/structures/?filtered=1").get_data(as_text=True)
    cells = page_cells(html)
    assert cells["Ahornfeld", "Arbeit/Ausbildung"] == (1, 0, 1)  # expired
    assert cells["Birkenau", "Gesundheit"] == (1, 0, 1)  # ended
    assert cells["Birkenau", "Sprache"] == (2, 0, 1)  # closed for now
    assert cells["Ahornfeld", "Wohnen"] == (0, 0, 0)  # an inactive organisation's


@pytest.mark.parametrize(
    "query",
    [
        "formal=ja",
        "kind=bildungstraeger&target_group={frauen}",
        "language={ar}",
        "checked=1&filtered=1&current=1",
    ],
)
def test_filters_narrow_the_matrix_and_a_place_without_any_is_a_row_of_gaps(browser, query):
    county()
    query = query.format(
        frauen=make.catalogue_entry(TargetGroup, "Frauen").id, ar=make.language("ar").id
    )
    cells = page_cells(browser.get(f"/admin/structures/?{query}").get_data(as_text=True))
    assert {k: v for k, v in cells.items() if v != (0, 0, 0)} == {
        ("Birkenau", "Sprache"): (1, 0, 1)
    }
    assert all(cells["Cedern", name] == (0, 0, 0) for name in FIELDS)


def test_only_public_counts_the_published(browser):
    county()
    cells = page_cells(
        browser.get("/admin/structures/?filtered=1&current=1&public=1").get_data(as_text=True)
    )
    assert {k for k, v in cells.items() if v != (0, 0, 0)} == {
        ("Ahornfeld", "Beratung"),
        ("Birkenau", "Sprache"),
        ("Birkenau", "Beratung"),
        ("Cedern", "Beratung"),
    }


def test_a_cell_opens_exactly_its_offers(browser):
    (a, b, c), offers = county()
    html = browser.get("/admin/structures/").get_data(as_text=True)
    links = dict(
        (title, href.replace("&amp;", "&"))
        for title, href in re.findall(r'title="([^"]+)">\s*<a href="([^"]+)"', html)
    )
    listed = browser.get(links["Ahornfeld · Sprache"]).get_data(as_text=True)
    assert "Sprachcafé Ahorn" in listed and "Deutsch am Abend" in listed
    for other in ("Sprachkurs Pause", "Berufssprachkurs", "Hausaufgaben", "Migrationsberatung"):
        assert other not in listed
    listed = browser.get(links["Birkenau · Beratung"]).get_data(as_text=True)
    assert "Migrationsberatung" in listed and "Beratung Birkenau" in listed
    assert "Ein Filterwert war ungültig" not in listed


def test_changing_the_fields_is_a_data_change_the_matrix_follows(browser):
    county()
    browser.post(
        "/admin/field_of_action/new/", data={"name": "Digitale Teilhabe", "position": "15"}
    )
    assert db.session.query(FieldOfAction).filter_by(name="Digitale Teilhabe").one()
    html = browser.get("/admin/structures/").get_data(as_text=True)
    assert 'title="Cedern · Digitale Teilhabe"' in html
    header = re.search(r"<thead><tr>(.*?)</tr></thead>", html, re.S).group(1)
    assert header.index("Sprache") < header.index("Digitale Teilhabe") < header.index("Bildung")


def rows_of_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_the_matrix_exports_as_csv_and_xlsx_with_the_same_numbers(browser):
    county()
    page = browser.get("/admin/structures/export/matrix.csv")
    assert page.status_code == 200
    header, *rows = rows_of_csv(page.data)
    assert header[:4] == ["Kommune", "Gemeindeschlüssel", "Handlungsfeld", "Angebote"]
    found = {(r[0], r[2]): (int(r[3]), int(r[4]), int(r[5])) for r in rows}
    assert found == expected_cells()
    gaps = {(r[0], r[2]) for r in rows if r[6] == "Lücke"}
    assert gaps == {k for k, v in expected_cells().items() if v[0] == 0}
    assert {r[1] for r in rows} == {'="09000001"', '="09000002"', '="09000003"'}

    book = load_workbook(io.BytesIO(browser.get("/admin/structures/export/matrix.xlsx").data))
    sheet = book.active
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {(r[0], r[2]): (r[3], r[4], r[5]) for r in values} == expected_cells()
    assert {r[1] for r in values} == {"09000001", "09000002", "09000003"}
    assert db.session.query(AuditEntry).filter_by(action="export").count() == 2


def test_the_chain_of_a_municipality_marks_the_missing_links(browser):
    (a, b, c), _ = county()
    html = browser.get(f"/admin/structures/chain/?id={b.id}").get_data(as_text=True)
    assert "Berufssprachkurs" in html
    rows = rows_of_csv(browser.get(f"/admin/structures/export/chain.csv?id={b.id}").data)[1:]
    found = {(r[1], r[2]): (int(r[3]), r[4], r[5]) for r in rows}
    assert found["Berufliche Bildung", "formal"] == (1, "Berufssprachkurs", "")
    assert found["Berufliche Bildung", "non-formal"] == (0, "", "fehlt")
    assert found["Erwachsenen- und Weiterbildung", "non-formal"] == (0, "", "fehlt")
    assert len(found) == 14 and sum(1 for v in found.values() if v[2] == "fehlt") == 13
    rows = rows_of_csv(browser.get(f"/admin/structures/export/chain.csv?id={a.id}").data)[1:]
    found = {(r[1], r[2]): int(r[3]) for r in rows}
    assert found["Erwachsenen- und Weiterbildung", "non-formal"] == 1  # the café
    assert found["Berufliche Bildung", "formal"] == 0  # Birkenau's course is not here


def test_the_county_chain_counts_stages_per_municipality(browser):
    county()
    html = browser.get("/admin/structures/chain/").get_data(as_text=True)
    assert "Berufliche Bildung" in html and "Cedern" in html
    rows = rows_of_csv(browser.get("/admin/structures/export/chain.csv").data)[1:]
    found = {(r[0], r[2]): int(r[3]) for r in rows if int(r[3])}
    assert found == {
        ("Ahornfeld", "Erwachsenen- und Weiterbildung"): 1,
        ("Birkenau", "Berufliche Bildung"): 1,
    }


def coverage_county():
    (a, b, c), offers = county()
    ar, ti, uk = make.language("ar"), make.language("ti"), make.language("uk")
    helper = make.volunteer(languages=[ar], status=VolunteerStatus.ACTIVE, municipalities=[a])
    make.volunteer(languages=[ti], status=VolunteerStatus.PAUSED, municipalities=[a])
    make.newcomer(municipality=a, languages=[ar])
    make.newcomer(municipality=a, languages=[ar, ti])
    family = make.newcomer(municipality=a, languages=[ti])
    make.assignment(newcomer=family, status=AssignmentStatus.OPEN)
    make.newcomer(municipality=b, languages=[ar])
    make.newcomer(municipality=b, languages=[uk])
    return (a, b, c), helper


def test_language_coverage_names_the_uncovered_with_how_many(browser):
    coverage_county()
    html = browser.get("/admin/structures/coverage/").get_data(as_text=True)
    assert "Tigrinya" in html
    rows = rows_of_csv(browser.get("/admin/structures/export/coverage.csv").data)[1:]
    assert [r for r in rows] == [
        ["Ahornfeld", "Arabisch", "2", "0", "1", "0", "ja"],
        ["Ahornfeld", "Tigrinya", "2", "1", "0", "0", "nein"],  # the paused one does not count
        ["Birkenau", "Arabisch", "1", "0", "0", "1", "ja"],  # the course in Arabic
        ["Birkenau", "Ukrainisch", "1", "0", "0", "0", "nein"],
    ]


def test_the_profile_shows_people_offers_gaps_and_networks(browser):
    (a, b, c), helper = coverage_county()
    club = db.session.query(Offer).filter_by(title="Sprachcafé Ahorn").one().provider
    make.contact(first_name="Jana", last_name="Ahrens", roles=[(club, "Vorsitz")])
    make.network(name="Runder Tisch Ahorn", members=[club])
    page = browser.get(f"/admin/structures/municipality/?id={a.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for part in ("Verein Ahorn", "Jana Ahrens", "Vorsitz", "Runder Tisch Ahorn", "Arabisch (1)"):
        assert part in html
    assert "Alter Verein" not in html  # inactive
    gaps = re.search(r'class="lotse-profile-gaps">(.*?)</p>', html, re.S).group(1)
    assert re.findall(r">([^<]+)</span>", gaps) == [
        "Arbeit/Ausbildung",
        "Gesundheit",
        "Wohnen",
        "Begegnung/Freizeit",
        "Ehrenamtliche Begleitung",
        "Sonstiges",
    ]
    assert "<svg" in html and "<table" in html
    rows = rows_of_csv(browser.get(f"/admin/structures/export/profile.csv?id={a.id}").data)[1:]
    assert ["Ehrenamt", "Aktive Ehrenamtliche", "1", ""] in rows
    assert ["Begleitung", "Begleitete Personen", "3", ""] in rows
    assert ["Begleitung", "Offene Einsätze", "1", ""] in rows
    assert ["Angebote je Handlungsfeld", "Sprache", "2", "davon kreisweit: 0"] in rows
    assert ["Netzwerk", "Runder Tisch Ahorn", "", ""] in rows


def table_rows(html: str, css_class: str) -> list[list[str]]:
    """The cells of the table with ``css_class``, header row included."""
    table = re.search(rf'<table class="[^"]*{css_class}">(.*?)</table>', html, re.S).group(1)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]


def months_ago(count: int) -> date:
    year, month = divmod(TODAY.year * 12 + TODAY.month - 1 - count, 12)
    return date(year, month + 1, 1)


GERMAN_MONTHS = "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"


def test_the_report_charts_volunteers_by_status_and_assignments_by_month(browser):
    (a, b, c), _offers = county()
    S = VolunteerStatus
    for status, places in (
        (S.ACTIVE, [a, b]),  # counts in both
        (S.ACTIVE, [a]),
        (S.PAUSED, [b]),
        (S.LEFT, [a]),
        (S.INTERESTED, []),  # in no municipality: nowhere
    ):
        make.volunteer(status=status, municipalities=places)
    A, W = AssignmentArea.DOCTOR, AssignmentArea.WORK
    for area, status, starts_on in (
        (A, AssignmentStatus.RUNNING, months_ago(0)),
        (A, AssignmentStatus.OPEN, months_ago(0)),  # nobody took it yet
        (W, AssignmentStatus.DONE, months_ago(1)),
        (W, AssignmentStatus.CANCELLED, months_ago(11)),
        (A, AssignmentStatus.DONE, months_ago(12)),  # before the twelve months
        (A, AssignmentStatus.MATCHED, months_ago(-1)),  # next month
    ):
        make.assignment(area=area, status=status, starts_on=starts_on)
    html = browser.get("/admin/structures/report/").get_data(as_text=True)
    assert table_rows(html, "lotse-report-volunteers") == [
        ["Kommune", "interessiert", "in Schulung", "aktiv", "pausiert", "ausgeschieden", "Gesamt"],
        ["Ahornfeld", "0", "0", "2", "0", "1", "3"],
        ["Birkenau", "0", "0", "1", "1", "0", "2"],
        ["Cedern", "0", "0", "0", "0", "0", "0"],
    ]
    names = GERMAN_MONTHS.split()
    counted = {0: ["1", "0", "1"], 1: ["0", "1", "1"], 11: ["0", "1", "1"]}
    assert table_rows(html, "lotse-report-assignments") == [
        ["Monat", "Arztbesuch", "Arbeit/Ausbildung", "Gesamt"],
        *(
            [f"{names[months_ago(n).month - 1]} {months_ago(n).year}", *counted.get(n, ["0"] * 3)]
            for n in range(11, -1, -1)
        ),
    ]
    charts = re.findall(r'<svg class="lotse-chart".*?</svg>', html, re.S)
    titles = [re.search(r"<title>(.*?)</title>", svg).group(1) for svg in charts]
    assert titles[-2:] == [
        "Ehrenamtliche nach Status je Kommune",
        "Begonnene Einsätze je Monat nach Bereich",
    ]
    bars = re.findall(r'<rect x="[\d.]+" y="(\d+)" width="([\d.]+)" height="18"', charts[-2])
    # Below a legend of two rows: Ahornfeld aktiv and ausgeschieden, Birkenau aktiv and pausiert,
    # the longest bar (3) 340 px wide.
    assert bars == [("48", "226.7"), ("48", "113.3"), ("72", "113.3"), ("72", "113.3")]


def test_confirming_the_check_is_the_one_way_it_moves(browser):
    _, offers = county()
    offer = offers["cafe"]
    page = browser.get(f"/admin/offer/details/?id={offer.id}").get_data(as_text=True)
    assert "Angaben geprüft" in page
    browser.post(
        f"/admin/offer/edit/?id={offer.id}",
        data={"title": "Sprachcafé Ahornfeld", "version": offer.version},
    )
    db.session.refresh(offer)
    assert offer.checked_on is None
    response = browser.post(
        "/admin/offer/confirm-check/", data={"id": offer.id, "version": offer.version}
    )
    assert response.status_code == 302
    db.session.refresh(offer)
    assert offer.checked_on == TODAY and offer.checked_by_id is not None
    assert (
        db.session.query(AuditEntry)
        .filter_by(table="offers", row_id=offer.id, action="update")
        .count()
        >= 1
    )


def test_the_review_list_holds_offers_not_checked_for_a_year(browser):
    _, offers = county()
    offers["cafe"].checked_on = TODAY - timedelta(days=400)
    offers["two"].checked_on = TODAY - timedelta(days=10)
    db.session.commit()
    listed = browser.get("/admin/offer/?flt0_stand_ist=pruefung_faellig").get_data(as_text=True)
    assert "Sprachcafé Ahorn" in listed and "Bewerbungskurs" in listed
    assert "Hausaufgaben" not in listed and "Berufssprachkurs" not in listed
    assert "Gesundheitstag" not in listed  # ended


def test_viewers_read_but_neither_export_nor_confirm(login_as):
    _, offers = county()
    viewer = login_as("viewer")
    assert viewer.get("/admin/structures/").status_code == 200
    assert viewer.get("/admin/structures/export/matrix.csv").status_code == 403
    assert viewer.get("/admin/structures/hsds.zip").status_code == 403
    response = viewer.post("/admin/offer/confirm-check/", data={"id": offers["cafe"].id})
    assert response.status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/admin/structures/?target_group=abc&language=99999999999999",
        "/admin/structures/?kind=raumschiff&formal=vielleicht",
        "/admin/structures/?on=01.01.99999",
        "/admin/structures/?on=%00",
        "/admin/structures/municipality/?id=999999",
        "/admin/structures/municipality/?id=abc",
        "/admin/structures/chain/?id=-1",
        "/admin/structures/export/profile.csv?id=999999",
        "/admin/structures/export/nothing.csv",
        "/admin/offer/?flt0_handlungsfelder_enthält=999999",
        "/admin/offer/?flt0_kommune_mit_kreisweiten=abc",
    ],
)
def test_bad_input_gets_a_message_or_an_empty_result(browser, url):
    county()
    response = browser.get(url)
    assert response.status_code in (200, 404), response.status_code
    html = response.get_data(as_text=True)
    assert re.search(
        r"gibt es nicht|kein Datum|ungültig|ja oder nein|Die Tabelle ist leer", html, re.I
    ), html[-2000:]


def test_the_statements_stay_fixed_as_the_county_grows(browser):
    county()
    counts = {}
    for size in (1, 3):
        places = [make.municipality() for _ in range(size)]
        for place in places:
            make.offer(municipality=place, fields=[field("Wohnen"), field("Sprache")])
            make.newcomer(municipality=place, languages=[make.language("ar")])
            make.volunteer(status=VolunteerStatus.ACTIVE, municipalities=[place])
            make.assignment(area=AssignmentArea.WORK, status=AssignmentStatus.DONE, starts_on=TODAY)
        for number, url in enumerate(
            (
                "/admin/structures/",
                "/admin/structures/chain/",
                f"/admin/structures/chain/?id={places[0].id}",
                f"/admin/structures/municipality/?id={places[0].id}",
                "/admin/structures/coverage/",
                "/admin/structures/report/",
            )
        ):
            with counted_queries() as statements:
                assert browser.get(url).status_code == 200
            counts.setdefault(number, []).append(len(statements))
    assert all(small == large for small, large in counts.values()), counts


def read_csv(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_the_offers_register_is_a_valid_hsds_package(browser):
    from frictionless import Package

    (a, b, c), offers = county()
    make.offer(title="Ohne Anbieter", public=True)  # HSDS needs an organisation: left out
    response = browser.get("/admin/structures/hsds.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.data)) as package:
        package.extractall(folder := tempfile.mkdtemp())
    report = Package(f"{folder}/datapackage.json").validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    services = read_csv(f"{folder}/services.csv")
    published = {offers["wide"].uuid, offers["course"].uuid}
    assert {s["id"] for s in services} == published
    course = next(s for s in services if s["id"] == offers["course"].uuid)
    assert course["status"] == "active" and course["assured_date"] == TODAY.isoformat()
    areas = {r["service_id"]: r for r in read_csv(f"{folder}/service_areas.csv")}
    assert areas[offers["course"].uuid]["name"] == "Birkenau"
    assert areas[offers["course"].uuid]["uri"] == "urn:de:ags:09000002"
    assert areas[offers["wide"].uuid]["description"] == "kreisweit"
    languages = read_csv(f"{folder}/languages.csv")
    assert [(r["service_id"], r["code"]) for r in languages] == [(offers["course"].uuid, "ar")]
    assert db.session.query(AuditEntry).filter_by(action="export").count() == 1


def test_the_migration_moves_every_offers_single_field_and_stage(app, tmp_path):
    """0006 → 0011 on a database holding offers of today's form: none is lost."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from tests.test_migrations import fresh_app

    fresh = fresh_app(app, tmp_path)
    with fresh.app_context():
        downgrade(directory=str(MIGRATIONS), revision="0006")
        codes = ["sprache", "familie", "begleitung", "sonstiges"]
        stages = ["erwachsenenbildung", "fruehkindlich", "keine", "keine"]
        for number, (code, level) in enumerate(zip(codes, stages, strict=True), start=1):
            db.session.execute(
                text(
                    "INSERT INTO offers (id, title, field, education_stage, formal, public, "
                    "created_at, updated_at, version, search_document, sort_title) VALUES "
                    "(:id, :title, :field, :stage, false, true, :now, :now, 1, '', '')"
                ),
                {
                    "id": number,
                    "title": f"Angebot {number}",
                    "field": code,
                    "stage": level,
                    "now": TODAY,
                },
            )
        db.session.commit()
        upgrade(directory=str(MIGRATIONS))
        moved = db.session.execute(
            text(
                "SELECT o.id, f.name FROM offers o JOIN offer_fields l ON l.offer_id = o.id "
                "JOIN fields_of_action f ON f.id = l.field_id ORDER BY o.id"
            )
        ).all()
        assert [tuple(r) for r in moved] == [
            (1, "Sprache"),
            (2, "Kinder/Familie"),
            (3, "Ehrenamtliche Begleitung"),
            (4, "Sonstiges"),
        ]
        staged = db.session.execute(
            text(
                "SELECT l.offer_id, s.name FROM offer_stages l JOIN education_stages s "
                "ON s.id = l.stage_id ORDER BY l.offer_id"
            )
        ).all()
        assert [tuple(r) for r in staged] == [
            (1, "Erwachsenen- und Weiterbildung"),
            (2, "Frühkindliche Bildung"),
        ]
        uuids = db.session.scalars(text("SELECT uuid FROM offers")).all()
        assert len(set(uuids)) == 4 and all(re.fullmatch(r"[0-9a-f-]{36}", u) for u in uuids)
        status = db.session.scalars(text("SELECT DISTINCT status FROM offers")).all()
        assert status == ["aktiv"]
        db.session.remove()
        db.engine.dispose()


def test_an_offer_needs_a_field_of_action(browser):
    response = browser.post("/admin/offer/new/", data={"title": "Ohne Feld", "status": "aktiv"})
    assert "Bitte mindestens ein Handlungsfeld wählen." in response.get_data(as_text=True)
    assert db.session.query(Offer).filter_by(title="Ohne Feld").count() == 0
