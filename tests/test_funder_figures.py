"""Kennzahlen Ehrenamt: the figures of a quarter against hand-counted expectations, through the
page and its files, per municipality and county-wide; bad periods; access; statement counts."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import AssignmentLog, AuditEntry, StatusChange
from crm.models.choices import AssignmentArea, VolunteerStatus
from tests import factories as make
from tests.helpers import counted_queries

S = VolunteerStatus
Q2 = "/admin/volunteer_figures/?period=quarter&year=2025&quarter=2"
HEADERS = [
    "Zeitraum",
    "Kommune",
    "Aktive Ehrenamtliche",
    "Neue Ehrenamtliche",
    "Ausgeschiedene Ehrenamtliche",
    "Begleitete Haushalte",
    "Begleitete Personen",
    "Stunden",
    "Kilometer",
    "Zertifikate",
    "Schulungen",
    "Stunden Arztbesuch",
    "Kilometer Arztbesuch",
    "Stunden Wohnungssuche",
    "Kilometer Wohnungssuche",
    "Stunden Sonstiges",
    "Kilometer Sonstiges",
]


def helper(places, *steps):
    """A volunteer helping in ``places`` with the status ``steps``: (status, day) pairs."""
    person = make.volunteer(status=steps[-1][0], municipalities=list(places))
    previous = None
    for status, day in steps:
        change = StatusChange(status=status, previous_status=previous, changed_on=day)
        person.status_changes.append(change)
        previous = status
    db.session.commit()
    return person


def logged(newcomer, area, *days):
    """An assignment for ``newcomer`` with a logged day for each (date, hours, km)."""
    job = make.assignment(newcomer=newcomer, area=area)
    for day, hours, km in days:
        job.logs.append(AssignmentLog(date=day, hours=Decimal(hours), kilometres=km))
    db.session.commit()
    return job


@pytest.fixture
def county(ctx):
    """Two municipalities and a second quarter of 2025 counted by hand (see the comments)."""
    north, south = make.municipality(name="Nordheim"), make.municipality(name="Südheim")
    d = date
    # Active all quarter, in both places: active in each, once in the county.
    both = helper([north, south], (S.INTERESTED, d(2023, 11, 2)), (S.ACTIVE, d(2024, 1, 10)))
    # New in the quarter (first change to active ever).
    new = helper([north], (S.INTERESTED, d(2025, 3, 1)), (S.ACTIVE, d(2025, 4, 15)))
    # Active at the start, left in the quarter: active and left in Südheim.
    helper([south], (S.ACTIVE, d(2023, 5, 1)), (S.LEFT, d(2025, 5, 20)))
    # Paused before the quarter: not active.
    paused = helper([north], (S.ACTIVE, d(2024, 2, 1)), (S.PAUSED, d(2025, 2, 1)))
    # Active only after the quarter.
    helper([north], (S.INTERESTED, d(2025, 5, 1)), (S.ACTIVE, d(2025, 7, 1)))
    # Back after leaving years ago: active, but not new.
    helper(
        [north],
        (S.ACTIVE, d(2022, 1, 1)),
        (S.LEFT, d(2023, 1, 1)),
        (S.ACTIVE, d(2025, 5, 1)),
    )
    # Active on the quarter's first day only (it ends the day of the change: still active).
    helper([], (S.ACTIVE, d(2024, 6, 1)), (S.PAUSED, d(2025, 4, 1)))

    four = make.newcomer(municipality=north, household_size=4)
    two = make.newcomer(municipality=south, household_size=2)
    unknown_size = make.newcomer(municipality=south, household_size=None)
    nowhere = make.newcomer(municipality=None, household_size=3)
    before = make.newcomer(municipality=north, household_size=5)
    doctor, housing, other = AssignmentArea.DOCTOR, AssignmentArea.HOUSING, AssignmentArea.OTHER
    logged(four, doctor, (d(2025, 4, 1), "2.5", 10), (d(2025, 6, 30), "1", None))
    logged(four, doctor, (d(2025, 7, 1), "5", 50))  # after the quarter
    logged(four, housing, (d(2025, 5, 5), "2", Decimal("4.5")))
    logged(two, housing, (d(2025, 4, 1), "1.5", 20))
    logged(unknown_size, other, (d(2025, 6, 1), "0.5", None))
    logged(nowhere, doctor, (d(2025, 5, 10), "1", None))
    logged(before, doctor, (d(2025, 3, 31), "3", 30))  # before the quarter

    # Trainings held: one with a module date in the quarter, one starting in it.
    held = make.training(modules=1, dates=[d(2025, 4, 10)], starts_on=d(2025, 3, 1))
    make.training(starts_on=d(2025, 5, 1))
    january = make.training(modules=1, dates=[d(2025, 1, 20)], starts_on=d(2025, 1, 1))
    # Certificates by the volunteer's places.
    make.participation(training=held, volunteer=both, certificate_issued_on=d(2025, 6, 15))
    make.participation(training=held, volunteer=new, certificate_issued_on=d(2025, 7, 2))
    make.participation(training=january, volunteer=paused, certificate_issued_on=d(2025, 4, 1))
    db.session.commit()
    return {"north": north, "south": south}


# Counted by hand from the fixture above, in the order of HEADERS after the period.
EXPECTED = {
    "Nordheim": [
        "3",
        "1",
        "0",
        "1",
        "4",
        "5.5",
        "14.5",
        "2",
        "",
        "3.5",
        "10",
        "2",
        "4.5",
        "0",
        "0",
    ],
    "Südheim": ["2", "0", "1", "2", "3", "2", "20", "1", "", "0", "0", "1.5", "20", "0.5", "0"],
    "ohne Kommune": ["0", "0", "0", "1", "3", "1", "0", "0", "", "1", "0", "0", "0", "0", "0"],
    "Landkreis gesamt": [
        *("5", "1", "1", "4", "10", "8.5", "34.5", "2", "2"),
        *("4.5", "10", "3.5", "24.5", "0.5", "0"),
    ],
}


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_a_quarter_county_wide_as_counted_by_hand(browser, county):
    page = browser.get(Q2)
    assert page.status_code == 200
    assert "2. Quartal 2025" in page.text and "01.04.2025–30.06.2025" in page.text
    total = dict(re.findall(r'<th scope="row"[^>]*>([^<]+)</th><td[^>]*>([^<]+)</td>', page.text))
    assert total == {
        "Aktive Ehrenamtliche": "5",
        "Neue Ehrenamtliche": "1",
        "Ausgeschiedene Ehrenamtliche": "1",
        "Begleitete Haushalte": "4",
        "Begleitete Personen": "10",
        "Stunden": "8,5",
        "Kilometer": "34,5",
        "Zertifikate": "2",
        "Schulungen": "2",
    }
    assert page.text.count("<svg") == 3 and "<rect" in page.text

    rows = csv_rows(browser.get(Q2.replace("/?", "/export/csv-utf8?")))
    assert rows[0] == HEADERS
    assert {row[1]: row[2:] for row in rows[1:]} == EXPECTED
    assert all(row[0] == "2. Quartal 2025" for row in rows[1:])

    sheet = openpyxl.load_workbook(io.BytesIO(browser.get(Q2.replace("/?", "/export/xlsx?")).data))
    values = list(sheet.active.iter_rows(values_only=True))
    assert list(values[0]) == HEADERS
    by_place = {row[1]: row for row in values[1:]}
    assert by_place["Landkreis gesamt"][2:11] == (5, 1, 1, 4, 10, 8.5, 34.5, 2, 2)
    assert by_place["Nordheim"][10] is None  # trainings only county-wide

    excel = browser.get(Q2.replace("/?", "/export/csv?")).get_data(as_text=True)
    assert excel.startswith("\ufeffZeitraum;Kommune;") and ";5,5;14,5;" in excel


def test_one_municipality(browser, county):
    north = county["north"].id
    page = browser.get(f"{Q2}&municipality={north}")
    assert page.status_code == 200 and "Nordheim" in page.text
    assert 'id="figure-municipalities"' not in page.text
    rows = csv_rows(browser.get(f"{Q2.replace('/?', '/export/csv-utf8?')}&municipality={north}"))
    # Only the areas worked in there: no „Sonstiges“ columns.
    assert rows[0] == HEADERS[:-2]
    assert [row[1:] for row in rows[1:]] == [["Nordheim", *EXPECTED["Nordheim"][:-2]]]


def test_a_month_and_a_year(browser, county):
    may = csv_rows(
        browser.get("/admin/volunteer_figures/export/csv-utf8?period=month&year=2025&month=5")
    )
    total = {row[1]: row for row in may[1:]}["Landkreis gesamt"]
    # Active in May: both, new, the one who left on 20 May, the one back since 1 May.
    assert total[0] == "Mai 2025" and total[2:5] == ["4", "0", "1"]
    year = csv_rows(browser.get("/admin/volunteer_figures/export/csv-utf8?year=2025"))
    total = {row[1]: row for row in year[1:]}["Landkreis gesamt"]
    assert total[0] == "2025" and total[2:5] == ["7", "2", "1"] and total[10] == "3"


def test_exports_are_recorded_and_only_for_coordinators(browser, login_as, county):
    browser.get(Q2.replace("/?", "/export/xlsx?"))
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert entry.table == "funder_figures" and entry.user_id is not None
    assert entry.changes == {
        "format": "xlsx",
        "period": {"period": "quarter", "year": 2025, "quarter": 2},
        "municipality": None,
        "rows": 4,
    }
    viewer = login_as("viewer")
    page = viewer.get(Q2)
    assert page.status_code == 200 and "/export/" not in page.text
    assert viewer.get(Q2.replace("/?", "/export/csv?")).status_code == 403
    anonymous = browser.app.test_client().get(Q2)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


@pytest.mark.parametrize(
    "query, message",
    [
        ("year=abc", "Das Jahr muss eine Zahl von 1900 bis 2100 sein."),
        ("year=1899", "Das Jahr muss eine Zahl von 1900 bis 2100 sein."),
        ("year=2101", "Das Jahr muss eine Zahl von 1900 bis 2100 sein."),
        ("year=%C2%B2", "Das Jahr muss eine Zahl von 1900 bis 2100 sein."),
        ("period=week", "Diesen Zeitraum gibt es nicht"),
        ("period=quarter&quarter=5", "Das Quartal muss 1, 2, 3 oder 4 sein."),
        ("period=quarter&quarter=0", "Das Quartal muss 1, 2, 3 oder 4 sein."),
        ("period=month&month=13", "Der Monat muss eine Zahl von 1 bis 12 sein."),
        ("municipality=999999", "Diese Kommune gibt es nicht."),
        ("municipality=abc", "Diese Kommune gibt es nicht."),
        ("municipality=1%00", "Diese Kommune gibt es nicht."),
        ("municipality=99999999999999999999", "Diese Kommune gibt es nicht."),
    ],
)
def test_bad_periods_are_refused_in_german(browser, query, message):
    page = browser.get(f"/admin/volunteer_figures/?{query}")
    assert page.status_code == 400 and message in page.text
    assert 'id="figure-total"' not in page.text
    refused = browser.get(f"/admin/volunteer_figures/export/csv?{query}")
    assert refused.status_code == 302
    assert message in browser.get(refused.headers["Location"]).text
    assert browser.get("/admin/volunteer_figures/export/pdf?year=2025").status_code == 302
    assert not db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()


def test_the_page_costs_the_same_statements_whatever_the_data(browser, county):
    def count(url):
        with counted_queries() as statements:
            assert browser.get(url).status_code == 200
        return len(statements)

    few = count(Q2), count(f"{Q2}&municipality={county['north'].id}")
    for n in range(15):
        place = make.municipality()
        person = helper([place, county["south"]], (S.ACTIVE, date(2025, 4, n + 1)))
        household = make.newcomer(municipality=place, household_size=n)
        job = logged(household, AssignmentArea.WORK, (date(2025, 5, n + 1), "1", 3))
        job.volunteer = person
    db.session.commit()
    many = count(Q2), count(f"{Q2}&municipality={county['north'].id}")
    assert few == many
    assert many[0] <= 10


def test_the_chart_escapes_its_labels_and_scales_its_bars():
    from crm.charts import bar_chart

    svg = str(bar_chart("Stunden <je> Bereich", [("<b>A&B</b>", 10), ("Z", 5)]))
    assert "&lt;b&gt;A&amp;B&lt;/b&gt;" in svg and "<b>" not in svg
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths[0] == 2 * widths[1] > 0
    assert str(bar_chart("leer", [])) == ""
    long = str(bar_chart("lang", [("Verbandsgemeinde Rödelsheimer Land Nord", 1)]))
    assert ">Verbandsgemeinde Rödelsheimer Lan…</text>" in long
