"""Numbers and dates as people in a German office type them, through HTTP: what each field
accepts, what it refuses with which message, and that an edit form shows every stored value
in a form it accepts again."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import Assignment, AssignmentLog, NetworkMeeting, User
from tests import factories as make
from tests.test_bad_input import DATE_HINT, assert_refused, deep_snapshot, messages_shown
from tests.test_crud import form_values, text

PLACES_HINT = "Bitte eine Zahl wie 2,5 angeben, ohne Tausenderpunkt und mit höchstens 2"


def edit_form(browser, endpoint, row_id) -> dict:
    return form_values(text(browser.get(f"/admin/{endpoint}/edit/?id={row_id}")))


def save(browser, endpoint, row_id, form):
    return browser.post(f"/admin/{endpoint}/edit/?id={row_id}", form)


def save_changed(browser, endpoint, row_id, **changes):
    """The edit form as the page shows it, with these fields changed, saved."""
    form = {**edit_form(browser, endpoint, row_id), **changes}
    response = save(browser, endpoint, row_id, form)
    assert response.status_code == 302, messages_shown(text(response))


@pytest.fixture
def job(ctx):
    """An assignment with one time entry of 1.5 h and 12.5 km."""
    job = make.assignment(logs=1, notes="Arzttermine")
    job.logs[0].kilometres = Decimal("12.5")
    db.session.commit()
    return job


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2,5", Decimal("2.5")),
        ("2.5", Decimal("2.5")),
        ("2", Decimal(2)),
        (" 0,75 ", Decimal("0.75")),
    ],
)
def test_hours_are_read_as_typed(browser, job, typed, stored):
    save_changed(browser, "assignment", job.id, **{"logs-0-hours": typed})
    assert db.session.scalars(select(AssignmentLog.hours)).one() == stored


@pytest.mark.parametrize("typed", ["abc", "1.234,5", "1,234.5", "2,5 h", "1e3", "NaN", ""])
def test_a_number_that_is_no_plain_decimal_is_refused_in_german(browser, job, typed):
    before = deep_snapshot(db.session.get(Assignment, job.id))
    form = {**edit_form(browser, "assignment", job.id), "logs-0-hours": typed}
    response = save(browser, "assignment", job.id, form)
    assert_refused(response, "Bitte eine Zahl wie 2,5 angeben")
    assert deep_snapshot(db.session.get(Assignment, job.id)) == before


@pytest.mark.parametrize(
    ("field", "typed"), [("logs-0-hours", "1.234"), ("logs-0-kilometres", "1,25")]
)
def test_more_places_than_the_column_keeps_are_refused(browser, job, field, typed):
    """ "1.234" h is a thousand hours to a German reader and 1.234 h to an English one:
    neither is stored, as hours keep two places."""
    form = {**edit_form(browser, "assignment", job.id), field: typed}
    response = save(browser, "assignment", job.id, form)
    assert_refused(response, "Bitte eine Zahl wie 2,5 angeben, ohne Tausenderpunkt")
    assert db.session.scalars(select(AssignmentLog.hours)).one() == Decimal("1.5")


def test_the_edit_form_shows_decimals_as_they_are_typed(browser, job):
    page = text(browser.get(f"/admin/assignment/edit/?id={job.id}"))
    assert 'value="1,50"' in page
    assert 'value="12,5"' in page
    assert 'type="number"' not in page.split('name="logs-0-hours"')[1].split(">")[0]
    assert 'inputmode="decimal"' in page


def test_an_edit_of_the_notes_changes_nothing_else(browser, job):
    """The loss of issue 16: hours and kilometres shown as the form reads them back."""
    kept = ("notes", "search_document", "updated_at", "updated_by", "version")

    def others():
        found = deep_snapshot(db.session.get(Assignment, job.id))
        return {k: v for k, v in found.items() if k not in kept}

    before = others()
    save_changed(browser, "assignment", job.id, notes="Arzttermine, auch Zahnarzt")
    assert db.session.get(Assignment, job.id).notes == "Arzttermine, auch Zahnarzt"
    assert others() == before


def test_the_details_page_shows_hours_in_german(browser, job):
    page = text(browser.get(f"/admin/assignment/details/?id={job.id}"))  # the time log's table
    assert "1,5" in page and "1.5" not in page


def test_an_english_user_sees_and_saves_decimals_with_a_point(browser, job):
    db.session.execute(User.__table__.update().values(locale="en"))
    db.session.commit()
    page = text(browser.get(f"/admin/assignment/edit/?id={job.id}"))
    assert 'value="1.50"' in page
    save_changed(browser, "assignment", job.id, notes="Doctor")
    assert db.session.scalars(select(AssignmentLog.kilometres)).one() == Decimal("12.5")
    form = {**edit_form(browser, "assignment", job.id), "logs-0-hours": "x"}
    response = save(browser, "assignment", job.id, form)
    assert "Please enter a number such as 2.5" in text(response)


@pytest.mark.parametrize("typed", ["01.12.2026", "1.12.2026", "2026-12-01", " 01.12.2026 "])
def test_dates_are_read_as_typed_or_pasted(browser, job, typed):
    save_changed(browser, "assignment", job.id, starts_on=typed)
    assert db.session.get(Assignment, job.id).starts_on == date(2026, 12, 1)


@pytest.mark.parametrize("typed", ["32.12.2026", "12/01/2026", "1.12.26", "morgen", "2026-12-1x"])
def test_a_wrong_date_names_the_expected_form(browser, job, typed):
    form = {**edit_form(browser, "assignment", job.id), "starts_on": typed}
    assert_refused(save(browser, "assignment", job.id, form), DATE_HINT)
    assert db.session.get(Assignment, job.id).starts_on == date(2025, 4, 1)


def test_the_edit_form_shows_dates_as_they_are_typed(browser, job):
    page = text(browser.get(f"/admin/assignment/edit/?id={job.id}"))
    assert 'value="01.04.2025"' in page  # starts_on, and the time entry's date
    assert 'data-role="lotse-date"' in page
    assert 'data-role="datepicker"' not in page


@pytest.mark.parametrize(
    "typed", ["21.10.2026 15:00", "21.10.2026 15:00:00", "2026-10-21 15:00", "2026-10-21T15:00"]
)
def test_a_meeting_time_is_read_as_typed(browser, typed):
    meeting = make.meeting(starts_at=datetime(2026, 1, 1, 12, tzinfo=UTC))
    save_changed(browser, "meeting", meeting.id, starts_at=typed)
    stored = db.session.get(NetworkMeeting, meeting.id).starts_at
    assert stored == datetime(2026, 10, 21, 13, tzinfo=UTC)  # CEST
    page = text(browser.get(f"/admin/meeting/edit/?id={meeting.id}"))
    assert 'value="21.10.2026 15:00"' in page


def test_seconds_of_a_stored_time_survive_an_unchanged_save(browser):
    meeting = make.meeting(starts_at=datetime(2026, 1, 1, 12, 0, 30, tzinfo=UTC))
    assert 'value="01.01.2026 13:00:30"' in text(
        browser.get(f"/admin/meeting/edit/?id={meeting.id}")
    )
    save_changed(browser, "meeting", meeting.id)
    assert db.session.get(NetworkMeeting, meeting.id).starts_at.second == 30
