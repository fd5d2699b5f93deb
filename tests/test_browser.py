"""Forms in a real browser (headless Chromium) on the demo county: every edit form saved
unchanged changes nothing, numbers and dates typed as Germans type them are stored, a record
page links what belongs together, and a picker ranks the name typed first.

One demo county and one browser for the whole module (``pytest -m browser`` selects these)."""

import json
import re
import time
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import Assignment, AssignmentLog, Contact, NetworkMeeting
from crm.views.base import LotseModelView
from tests.browser import DEMO_PASSWORD, chrome, demo_app, require_chromium, served

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# Kept by the system on every save; everything else must stay as it was.
SYSTEM_COLUMNS = {"updated_at", "updated_by", "version"}
# What users did: a save may well be written down there.
HISTORY_TABLES = {"audit_entries"}
SAVED = "Eintrag wurde erfolgreich gespeichert."
PICKERS_READY = """
    var field = document.querySelector('[data-role^="lotse-"]');
    return !field || !!(window.jQuery && jQuery(field).data('daterangepicker'));
"""


class Site:
    """The demo county served on a free port, and a browser logged in to it."""

    def __init__(self, app, url, driver):
        self.app, self.url, self.driver = app, url, driver

    def open(self, path: str):
        """The page, once its date fields have their calendar."""
        from selenium.webdriver.support.ui import WebDriverWait

        self.driver.get(self.url + path)
        WebDriverWait(self.driver, 15, poll_frequency=0.02).until(
            lambda driver: driver.execute_script(PICKERS_READY)
        )

    def field(self, name: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.NAME, name)

    def type_into(self, name: str, text: str):
        """Types as a person does, key by key, into an emptied field."""
        field = self.field(name)
        field.clear()
        field.send_keys(text)
        return field

    def save(self) -> str:
        """Clicks the form's save button and returns the text of the page that follows."""
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        button = self.driver.find_element(By.CSS_SELECTOR, "form.admin-form input.btn-primary")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
        button.click()

        def left(driver):
            try:
                button.is_enabled()  # fails once the page it was on is gone
            except WebDriverException:
                return driver.execute_script("return document.readyState") == "complete"
            return False

        WebDriverWait(self.driver, 15, poll_frequency=0.02).until(left)
        return self.driver.find_element(By.TAG_NAME, "body").text

    def read(self, statement):
        with self.app.app_context():
            try:
                return db.session.execute(statement).all()
            finally:
                db.session.remove()

    def snapshot(self) -> dict:
        """Every row of every table but the history, without the columns a save keeps."""
        found = {}
        with self.app.app_context(), db.engine.connect() as connection:
            for table in db.metadata.sorted_tables:
                if table.name in HISTORY_TABLES:
                    continue
                columns = [c for c in table.c if c.name not in SYSTEM_COLUMNS]
                rows = connection.execute(select(*columns).order_by(*table.primary_key.columns))
                found[table.name] = [tuple(map(_comparable, row)) for row in rows]
        return found


def _comparable(value):
    """A column's value as a set can hold it: JSON (a saved selection's criteria) as its text."""
    return json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require_chromium()  # before the demo is built for nothing
    app = demo_app(tmp_path_factory.mktemp("browser"))
    with served(app) as url, chrome() as driver:
        site = Site(app, url, driver)
        log_in(site, "admin@lotsenau.example")
        yield site


def log_in(site: Site, email: str):
    site.open("/login")
    site.type_into("email", email)
    site.type_into("password", DEMO_PASSWORD)
    site.field("password").submit()
    assert "/login" not in site.driver.current_url, site.driver.page_source[:500]


def edit_pages(app) -> list[tuple[str, int]]:
    """(endpoint, id) of the first row of every screen, and of every assignment with a time
    log: the rows where numbers and dates were lost."""
    with app.app_context():
        admin = app.extensions["admin"][0]
        pages = []
        for view in admin._views:
            # (a screen without edit forms, e.g. the history, declares can_edit = False)
            if isinstance(view, LotseModelView) and type(view).can_edit is not False:
                key = view.model.__mapper__.primary_key[0]
                first = db.session.scalar(select(key).order_by(key).limit(1))
                if first is not None:
                    pages.append((view.endpoint, first))
        logged = (
            select(AssignmentLog.assignment_id).distinct().order_by(AssignmentLog.assignment_id)
        )
        pages += [
            ("assignment", i) for i in db.session.scalars(logged) if ("assignment", i) not in pages
        ]
        db.session.remove()
    return pages


def differences(before: dict, after: dict) -> list[str]:
    changed = []
    for table, rows in before.items():
        gone = set(rows) - set(after[table])
        came = set(after[table]) - set(rows)
        pairs = zip(sorted(gone, key=repr), sorted(came, key=repr), strict=False)
        changed += [f"{table}: {row} -> {new}" for row, new in pairs]
        if len(gone) != len(came):
            changed.append(f"{table}: {len(gone)} rows gone, {len(came)} came")
    return changed


def test_every_edit_form_saved_unchanged_changes_nothing(site):
    started = time.monotonic()
    pages = edit_pages(site.app)
    assert len(pages) > 20, pages
    failures = []
    before = site.snapshot()
    for endpoint, row_id in pages:
        site.open(f"/admin/{endpoint}/edit/?id={row_id}")
        page = site.save()
        after = site.snapshot()
        if SAVED not in page:
            failures.append(f"{endpoint} {row_id}: not saved: {page[:300]}")
        elif changed := differences(before, after):
            failures.append(f"{endpoint} {row_id}: " + "; ".join(changed[:3]))
        before = after
    assert not failures, "\n".join(failures)
    print(f"{len(pages)} forms saved in {time.monotonic() - started:.1f} s")


def first_assignment_with_logs(site) -> int:
    return site.read(select(AssignmentLog.assignment_id).order_by(AssignmentLog.id).limit(1))[0][0]


def test_hours_and_dates_typed_the_german_way_are_stored(site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    job = first_assignment_with_logs(site)
    site.open(f"/admin/assignment/edit/?id={job}")
    site.type_into("logs-0-hours", "2,5")
    # Before every day of its time log (a log before the start is refused).
    starts = site.type_into("starts_on", "01.12.2020")
    # The calendar follows what is typed and leaves the text alone.
    calendar = site.driver.find_element(By.CSS_SELECTOR, ".daterangepicker:not([style*='none'])")
    assert calendar.find_element(By.CSS_SELECTOR, ".monthselect option:checked").text == "Dez"
    site.type_into("ends_on", "2026-12-31").send_keys(Keys.TAB)  # as pasted from elsewhere
    assert starts.get_attribute("value") == "01.12.2020"
    assert SAVED in site.save()
    hours = site.read(
        select(AssignmentLog.hours)
        .where(AssignmentLog.assignment_id == job)
        .order_by(AssignmentLog.date, AssignmentLog.id)
    )[0][0]
    assert hours == Decimal("2.5")
    stored = site.read(select(Assignment.starts_on, Assignment.ends_on).where(Assignment.id == job))
    assert stored == [(date(2020, 12, 1), date(2026, 12, 31))]
    site.open(f"/admin/assignment/details/?id={job}")
    shown = site.driver.find_element(By.TAG_NAME, "body").text  # the time log's table
    assert "2,5" in shown and "2.5" not in shown


def test_a_date_picked_in_the_german_calendar_is_stored(site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    job = first_assignment_with_logs(site)
    site.open(f"/admin/assignment/edit/?id={job}")
    site.type_into("starts_on", "01.03.2027")
    calendar = site.driver.find_element(By.CSS_SELECTOR, ".daterangepicker:not([style*='none'])")
    weekdays = [th.text for th in calendar.find_elements(By.CSS_SELECTOR, "thead tr:last-child th")]
    assert weekdays[:2] == ["Mo", "Di"]
    day = calendar.find_element(By.XPATH, ".//td[contains(@class,'available') and text()='17']")
    day.click()
    assert site.field("starts_on").get_attribute("value") == "17.03.2027"
    # A finished assignment keeps an end; the tab closes the calendar.
    site.type_into("ends_on", "31.03.2027").send_keys(Keys.TAB)
    assert SAVED in site.save()
    stored = site.read(select(Assignment.starts_on).where(Assignment.id == job))
    assert stored == [(date(2027, 3, 17),)]


def test_a_meeting_time_typed_the_german_way_is_stored_and_shown(site):
    from selenium.webdriver.common.by import By

    meeting = site.read(select(NetworkMeeting.id).order_by(NetworkMeeting.id).limit(1))[0][0]
    site.open(f"/admin/meeting/edit/?id={meeting}")
    site.type_into("starts_at", "21.10.2026 15:00")
    site.type_into("ends_at", "21.10.2026 17:30")
    assert site.field("starts_at").get_attribute("value") == "21.10.2026 15:00"
    assert SAVED in site.save()
    stored = site.read(
        select(NetworkMeeting.starts_at, NetworkMeeting.ends_at).where(NetworkMeeting.id == meeting)
    )
    assert stored == [
        (datetime(2026, 10, 21, 13, tzinfo=UTC), datetime(2026, 10, 21, 15, 30, tzinfo=UTC))
    ]
    for page in ("details", "edit"):
        site.open(f"/admin/meeting/{page}/?id={meeting}")
        shown = site.driver.find_element(By.TAG_NAME, "body").text
        if page == "edit":
            shown = site.field("starts_at").get_attribute("value")
        assert re.search(r"21\.10\.2026,? 15:00", shown), (page, shown[:500])


def test_the_export_menu_downloads_what_the_list_shows(site, tmp_path):
    """Exportieren ▾ → XLSX on a searched list: the file the browser saves holds its rows."""
    import openpyxl
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    site.driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    site.open("/admin/contact/?search=m%C3%BCller&page_size=100")
    shown = len(site.driver.find_elements(By.CSS_SELECTOR, "input[name=rowid]"))
    site.driver.find_element(By.LINK_TEXT, "Exportieren").click()
    menu = site.driver.find_element(By.CSS_SELECTOR, ".export-menu")
    items = [a.text for a in menu.find_elements(By.TAG_NAME, "a")]
    assert items == ["CSV (Excel)", "CSV (UTF-8)", "XLSX"]
    menu.find_element(By.LINK_TEXT, "XLSX").click()
    name = f"Kontakte_{date.today().isoformat()}.xlsx"
    WebDriverWait(site.driver, 15, poll_frequency=0.05).until(lambda d: (tmp_path / name).exists())
    sheet = openpyxl.load_workbook(tmp_path / name).active
    assert sheet["D1"].value == "Nachname"
    assert 0 < shown == sheet.max_row - 1
    assert all("ller" in sheet.cell(row, 4).value for row in range(2, sheet.max_row + 1))


def test_a_record_page_links_what_belongs_together(site):
    from selenium.webdriver.common.by import By

    from crm.models import ContactRole, Organisation

    ((person, organisation_id, name),) = site.read(
        select(ContactRole.contact_id, ContactRole.organisation_id, Organisation.name)
        .join(Organisation)
        .where(ContactRole.until.is_(None))
        .order_by(ContactRole.id)
        .limit(1)
    )
    site.open(f"/admin/contact/details/?id={person}")
    link = site.driver.find_element(By.LINK_TEXT, name)
    assert link.get_attribute("href").endswith(f"/admin/organisation/details/?id={organisation_id}")
    link.click()
    assert f"/admin/organisation/details/?id={organisation_id}" in site.driver.current_url
    people = site.driver.find_element(By.TAG_NAME, "body").text
    assert name in people


def test_the_picker_ranks_the_name_typed_first(site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from crm import operations
    from crm.models import Contact

    with site.app.app_context():
        for first, last in (("Jonas", "Weißmann"), ("Greta", "Weiß")):
            operations.create(Contact(first_name=first, last_name=last))
        db.session.commit()
        db.session.remove()
    site.open("/admin/network/new/")
    chosen = site.driver.find_element(By.CSS_SELECTOR, "#s2id_coordinator .select2-chosen")
    assert chosen.text == "Suchen …"
    site.driver.find_element(By.CSS_SELECTOR, "#s2id_coordinator .select2-choice").click()
    search = site.driver.find_element(By.CSS_SELECTOR, ".select2-drop-active input.select2-input")
    search.send_keys("Weiß")

    def results(driver):
        found = driver.find_elements(By.CSS_SELECTOR, ".select2-drop-active .select2-result-label")
        texts = [f.text for f in found]
        return texts if texts and not any("Suche" in t and "…" in t for t in texts) else None

    labels = WebDriverWait(site.driver, 15, poll_frequency=0.05).until(results)
    surnames = [label.split(",")[0] for label in labels]
    rank = [0 if s == "Weiß" else 1 if s.startswith("Weiß") else 2 for s in surnames]
    # Every „Weiß“ first (the demo has several), then „Weiß…“, then „Weißenbach“'s people.
    assert rank == sorted(rank) and rank[:2] == [0, 0] and 1 in rank, labels
    assert "Weiß, Greta" in labels and 2 in rank  # Weißenbach's people follow


def test_the_main_pages_break_no_content_security_policy(site):
    """Start, a list, a record page, an edit form with date fields and the login run no script
    the policy refuses: Chromium's console names none, and the handlers that moved out of the
    templates (a bulk action, a delete button) still ask before they act."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    def dismiss_the_question():
        WebDriverWait(site.driver, 5).until(expected_conditions.alert_is_present()).dismiss()

    contact = site.read(select(Contact.id).order_by(Contact.id).limit(1))[0][0]
    meeting = site.read(select(NetworkMeeting.id).order_by(NetworkMeeting.id).limit(1))[0][0]
    site.driver.get_log("browser")  # what earlier tests left
    for path in ("/admin/", f"/admin/meeting/edit/?id={meeting}"):
        site.open(path)
    site.driver.find_element(By.CSS_SELECTOR, "[data-role^='lotse-']").click()
    site.open(f"/admin/contact/details/?id={contact}")
    site.driver.find_element(By.CSS_SELECTOR, "form.lotse-delete button").click()
    dismiss_the_question()
    site.open("/admin/contact/")
    site.driver.find_element(By.CSS_SELECTOR, "input.action-checkbox").click()
    site.driver.find_element(By.CSS_SELECTOR, "a[data-action='delete']").find_element(
        By.XPATH, "../../a"
    ).click()
    site.driver.find_element(By.CSS_SELECTOR, "a[data-action='delete']").click()
    dismiss_the_question()
    assert site.read(select(Contact.id).where(Contact.id == contact))  # nothing deleted
    with chrome() as anonymous:
        anonymous.get(site.url + "/login")
        logged = anonymous.get_log("browser")
    logged += site.driver.get_log("browser")
    refused = [e["message"] for e in logged if "Content Security Policy" in e["message"]]
    assert not refused, refused
