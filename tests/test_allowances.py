"""Expense allowances: the office's settings (administrators only, one row), the pool's table
for a year with its files parsed back, a volunteer's statement as PDF read back, the caps,
bad years, roles, the history of exports and fixed statement counts."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import AssignmentLog, AuditEntry, OfficeSettings
from crm.models.choices import AssignmentStatus, VolunteerStatus
from tests import factories as make
from tests.helpers import Browser, counted_queries, pdf_text


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def worker(last_name, logs, street=None):
    """A volunteer with an assignment and ``logs``: (date, hours, kilometres)."""
    person = make.volunteer(
        contact=make.contact(last_name=last_name, street=street, postcode="89312", city="Günzburg"),
        status=VolunteerStatus.ACTIVE,
    )
    job = make.assignment(volunteer=person, status=AssignmentStatus.RUNNING, starts_on=None)
    for day, hours, km in logs:
        job.logs.append(AssignmentLog(date=day, hours=Decimal(hours), kilometres=km))
    db.session.commit()
    return person


def settings(**values):
    row = OfficeSettings(**{**OfficeSettings.DEFAULTS, **values})
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def pool():
    settings(hourly_rate=Decimal("3.50"), yearly_hours_cap=10, yearly_allowance_cap=Decimal(30))
    many = worker(
        "Öztürk",
        [
            (date(2026, 3, 2), "7", Decimal("60")),
            (date(2026, 4, 9), "5", Decimal("40")),
            (date(2025, 12, 31), "9", None),  # another year
        ],
        street="Marktplatz 3",
    )
    few = worker("Bauer", [(date(2026, 3, 5), "4", None)])
    return many, few


def test_the_settings_are_one_row_that_administrators_edit(login_as):
    coordinator = login_as("coordinator")
    assert coordinator.get("/admin/settings/").status_code == 403
    admin = login_as("admin")
    opened = admin.get("/admin/settings/")
    assert opened.status_code == 302 and "/admin/settings/new/" in opened.location
    form = text_of(admin.get("/admin/settings/new/"))
    assert "Stundensatz (€)" in form and "Ehrenamtspauschale (€ im Jahr)" in form
    values = {
        "hourly_rate": "3,50",
        "km_rate": "0,35",
        "yearly_hours_cap": "276",
        "yearly_allowance_cap": "840",
    }
    admin.post("/admin/settings/new/", values)
    row = db.session.scalars(select(OfficeSettings)).one()
    assert (row.hourly_rate, row.km_rate) == (Decimal("3.50"), Decimal("0.35"))
    assert "/admin/settings/edit/" in admin.get("/admin/settings/").location
    second = text_of(admin.post("/admin/settings/new/", values, follow_redirects=True))
    assert "Die Einstellungen gibt es schon" in second
    negative = text_of(
        admin.post(
            f"/admin/settings/edit/?id={row.id}",
            {**values, "km_rate": "-1", "seen_version": str(row.version)},
        )
    )
    assert "Bitte eine Zahl von 0 bis" in negative
    assert db.session.scalar(select(func.count()).select_from(OfficeSettings)) == 1
    assert db.session.get(OfficeSettings, row.id).km_rate == Decimal("0.35")


def test_the_pool_table_for_a_year(browser, pool):
    page = text_of(browser.get("/admin/allowance/?year=2026"))
    assert "Aufwandsentschädigungen 2026" in page
    assert "3,50 € je Stunde, höchstens 10 Stunden im Jahr; Ehrenamtspauschale 30,00 €" in page
    # Bauer: 4 h × 3,50 €; Öztürk: 12 h, 10 counted, 35 € capped at 30 €, 100 km × 0,30 €.
    assert "Bauer, Vorname 4,0 4,0 14,00 € 0,0 0,00 € 14,00 €" in page
    assert "Öztürk, Vorname 12,0 10,0 30,00 € 100,0 30,00 € 60,00 €" in page
    assert page.index("Bauer") < page.index("Öztürk")
    earlier = text_of(browser.get("/admin/allowance/?year=2025"))
    assert "Öztürk, Vorname 9,0 9,0 30,00 €" in earlier and "Bauer" not in earlier


@pytest.mark.parametrize("year", ["abc", "1800", "20266", "-1", "2026x"])
def test_a_bad_year_is_a_german_message(browser, year):
    response = browser.get(f"/admin/allowance/?year={year}", follow_redirects=True)
    assert response.status_code == 200
    assert "Bitte ein Jahr von 2000 bis 2100 angeben." in text_of(response)


def test_the_pool_as_csv_and_xlsx_is_recorded(browser, pool):
    response = browser.get("/admin/allowance/export/csv/?year=2026")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Name", "Stunden", "angerechnet", "Aufwandsentschädigung (€)"]
    assert rows[2] == ["Öztürk, Vorname", "12", "10", "30", "100", "30", "60", "ja"]
    sheet = openpyxl.load_workbook(
        io.BytesIO(browser.get("/admin/allowance/export/xlsx/?year=2026").data)
    ).active
    assert [c.value for c in sheet[2]] == ["Bauer, Vorname", 4, 4, 14, 0, 0, 14, "nein"]
    exports = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "export").order_by(AuditEntry.id)
    ).all()
    assert [(e.table, e.changes["format"], e.changes["year"]) for e in exports] == [
        ("allowances", "csv", 2026),
        ("allowances", "xlsx", 2026),
    ]
    refused = browser.get("/admin/allowance/export/pdf/?year=2026", follow_redirects=True)
    assert "Dieses Exportformat gibt es nicht." in text_of(refused)


def test_the_statement_as_pdf(browser, pool):
    many, _few = pool
    page = browser.get("/admin/allowance/?year=2026").get_data(as_text=True)
    link = f"/admin/allowance/statement/{many.id}/?year=2026"
    assert f'href="{link}"' in page
    response = browser.get(link)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "Aufwandsentschaedigung_2026_" in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    for part in (
        "Aufwandsentschädigung 2026",
        "Vorname Öztürk",
        "Marktplatz 3",
        "89312 Günzburg",
        "März 7 60",
        "April 5 40",
        "Stunden im Jahr 12",
        "davon angerechnet (höchstens 10 Stunden) 10",
        "Aufwandsentschädigung (3,50 € je Stunde) 30,00 €",
        "Fahrtkosten (0,30 € je Kilometer) 30,00 €",
        "Summe 60,00 €",
        "Die Obergrenze von 10 Stunden im Jahr ist überschritten",
        "auf die Ehrenamtspauschale von 30,00 € begrenzt",
    ):
        assert part in text, (part, text)
    assert "Dezember" not in text  # 2025's log is not in 2026's statement
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert (entry.table, entry.row_id, entry.changes["format"]) == ("volunteers", many.id, "pdf")
    for number in ("4711", "99999999999999999999"):
        assert browser.get(f"/admin/allowance/statement/{number}/?year=2026").status_code == 404


def test_the_defaults_apply_until_the_office_saves_its_own(browser):
    worker("Neu", [(date(2026, 1, 5), "2", Decimal("10"))])
    page = text_of(browser.get("/admin/allowance/?year=2026"))
    assert "3,00 € je Stunde, höchstens 276 Stunden im Jahr; Ehrenamtspauschale 840,00 €" in page
    assert "Neu, Vorname 2,0 2,0 6,00 € 10,0 3,00 € 9,00 €" in page


def test_viewers_read_the_table_but_get_no_files(login_as, pool):
    many, _few = pool
    viewer = login_as("viewer")
    page = viewer.get("/admin/allowance/?year=2026").get_data(as_text=True)
    assert "Öztürk" in page and "/statement/" not in page and "export/csv" not in page
    assert viewer.get("/admin/allowance/export/csv/?year=2026").status_code == 403
    assert viewer.get(f"/admin/allowance/statement/{many.id}/?year=2026").status_code == 403
    anonymous = Browser(viewer.app).get("/admin/allowance/")
    assert anonymous.status_code == 302 and "/login" in anonymous.location


def test_table_and_statement_run_a_fixed_number_of_statements(browser):
    settings()
    counts = {"table": [], "statement": []}
    for size in (2, 15):
        people = [
            worker(f"Größe{size}x{n}", [(date(2026, 1 + n % 12, 3), "1", Decimal(5))] * 2)
            for n in range(size)
        ]
        with counted_queries() as statements:
            browser.get("/admin/allowance/?year=2026")
        counts["table"].append(len(statements))
        with counted_queries() as statements:
            browser.get(f"/admin/allowance/statement/{people[-1].id}/?year=2026")
        counts["statement"].append(len(statements))
    assert len(set(counts["table"])) == 1 and len(set(counts["statement"])) == 1, counts
