"""An assignment's steps and time log through its record page and its form: each step checked
(a volunteer, a start, an end not before the start, a clearance still valid when it starts),
the log's rules (no negative numbers, at most 24 hours a day per volunteer, within the
assignment) with nothing saved on a refusal, and the totals on the three pages."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import Assignment, AssignmentLog
from crm.models.choices import AssignmentStatus, VolunteerStatus
from tests import factories as make

OPEN, MATCHED, RUNNING, DONE, CANCELLED = (
    "offen",
    "vermittelt",
    "laufend",
    "abgeschlossen",
    "abgebrochen",
)


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def active_guide(**kw):
    return make.volunteer(status=VolunteerStatus.ACTIVE, **kw)


def step(browser, job, status, **dates):
    return browser.post(
        f"/admin/assignment/step/{job.id}/",
        {"status": status, **dates},
        follow_redirects=True,
    )


def reread(job) -> Assignment:
    return db.session.get(Assignment, job.id)


def log_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AssignmentLog))


def test_the_whole_flow_through_the_record_page(browser):
    job = make.assignment(status=AssignmentStatus.OPEN, starts_on=None)
    page = text_of(browser.get(f"/admin/assignment/details/?id={job.id}"))
    assert "Status: abgebrochen" in page and "Status: laufend" not in page

    refused = text_of(step(browser, job, RUNNING, starts_on="2026-03-01"))
    assert "Ein Einsatz kann nicht von „offen“ zu „laufend“ wechseln." in refused
    assert reread(job).status == AssignmentStatus.OPEN and reread(job).starts_on is None

    nobody = text_of(browser.post(f"/admin/assignment/match/{job.id}/", {}, follow_redirects=True))
    assert "gibt es nicht (mehr)" in nobody
    person = active_guide()
    browser.post(f"/admin/assignment/match/{job.id}/", {"volunteer": person.id})
    assert reread(job).status == AssignmentStatus.MATCHED

    started = text_of(step(browser, job, RUNNING, starts_on="01.03.2026"))
    assert "Der Einsatz ist jetzt „laufend“." in started
    assert reread(job).starts_on == date(2026, 3, 1)

    backwards = text_of(step(browser, job, DONE, ends_on="2026-02-28"))
    assert "Das Ende darf nicht vor dem Beginn liegen." in backwards
    assert (reread(job).status, reread(job).ends_on) == (AssignmentStatus.RUNNING, None)

    without_end = text_of(step(browser, job, DONE))
    assert "Ein abgeschlossener Einsatz braucht ein Enddatum." in without_end

    finished = text_of(step(browser, job, DONE, ends_on="2026-04-30"))
    assert "Der Einsatz ist jetzt „abgeschlossen“." in finished
    assert reread(job).ends_on == date(2026, 4, 30)
    again = text_of(step(browser, job, CANCELLED))
    assert "nicht von „abgeschlossen“ zu „abgebrochen“" in again
    assert reread(job).status == AssignmentStatus.DONE


def test_a_matched_assignment_goes_back_to_open_or_is_cancelled(browser):
    person = active_guide()
    back = make.assignment(status=AssignmentStatus.MATCHED, volunteer=person)
    step(browser, back, OPEN)
    assert (reread(back).status, reread(back).volunteer_id) == (AssignmentStatus.OPEN, None)
    stopped = make.assignment(status=AssignmentStatus.OPEN)
    step(browser, stopped, CANCELLED)
    assert reread(stopped).status == AssignmentStatus.CANCELLED


def test_running_needs_a_start_date(browser):
    job = make.assignment(status=AssignmentStatus.MATCHED, volunteer=active_guide(), starts_on=None)
    page = text_of(step(browser, job, RUNNING))
    assert "Ein laufender Einsatz braucht ein Beginndatum." in page
    assert reread(job).status == AssignmentStatus.MATCHED


def test_a_clearance_that_expired_after_matching_stops_the_start(browser):
    today = date.today()
    person = active_guide(clearance_issued_on=today - timedelta(days=5 * 365 - 10))
    family = make.newcomer(has_minors=True)
    job = make.assignment(status=AssignmentStatus.OPEN, newcomer=family, starts_on=None)
    browser.post(f"/admin/assignment/match/{job.id}/", {"volunteer": person.id})
    assert reread(job).status == AssignmentStatus.MATCHED
    person.clearance_issued_on = today - timedelta(days=5 * 365 + 30)  # expired since
    db.session.commit()
    page = text_of(step(browser, job, RUNNING, starts_on=today.isoformat()))
    assert "ein gültiges erweitertes Führungszeugnis nötig" in page
    assert reread(job).status == AssignmentStatus.MATCHED


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"status": "mondflug"}, "Diesen Status gibt es nicht."),
        ({"status": RUNNING, "starts_on": "31.02.2026"}, "Bitte ein Datum wie 01.12.2026"),
        ({"status": RUNNING, "starts_on": "x" * 5000}, "Bitte ein Datum wie 01.12.2026"),
    ],
)
def test_bad_step_input_is_refused_in_german(browser, form, message):
    job = make.assignment(status=AssignmentStatus.MATCHED, volunteer=active_guide(), starts_on=None)
    response = browser.post(f"/admin/assignment/step/{job.id}/", form, follow_redirects=True)
    assert response.status_code == 200 and message in text_of(response)
    assert reread(job).status == AssignmentStatus.MATCHED


def test_steps_and_logs_need_the_writing_role(login_as):
    job = make.assignment(status=AssignmentStatus.RUNNING, volunteer=active_guide())
    viewer = login_as("viewer")
    page = text_of(viewer.get(f"/admin/assignment/details/?id={job.id}"))
    assert "Status: abgeschlossen" not in page and "Zeit eintragen" not in page
    assert (
        viewer.post(f"/admin/assignment/step/{job.id}/", {"status": CANCELLED}).status_code == 403
    )
    logged = viewer.post(f"/admin/assignment/log/{job.id}/", {"date": "2025-04-02", "hours": "1"})
    assert logged.status_code == 403
    assert reread(job).status == AssignmentStatus.RUNNING and log_count() == 0
    assert viewer.get("/admin/assignment/step/1/").status_code == 405


def test_the_form_keeps_to_the_steps_and_records_who_matched(browser):
    job = make.assignment(status=AssignmentStatus.OPEN, starts_on=date(2025, 4, 1))
    form = {
        "newcomer": "",
        "volunteer": "",
        "kind": "begleitung",
        "area": "arztbesuch",
        "status": DONE,
        "starts_on": "2025-04-01",
        "ends_on": "2025-04-30",
        "seen_version": str(job.version),
    }
    refused = browser.post(f"/admin/assignment/edit/?id={job.id}", form)
    assert "nicht von „offen“ zu „abgeschlossen“" in text_of(refused)
    assert reread(job).status == AssignmentStatus.OPEN
    person = active_guide()
    matched = {**form, "status": MATCHED, "volunteer": str(person.id), "ends_on": ""}
    browser.post(f"/admin/assignment/edit/?id={job.id}", matched)
    job = reread(job)
    assert (job.status, job.volunteer_id) == (AssignmentStatus.MATCHED, person.id)
    assert job.matched_on == date.today() and job.matched_by is not None


def log(browser, job, **values):
    return text_of(browser.post(f"/admin/assignment/log/{job.id}/", values, follow_redirects=True))


def test_logging_time_and_the_totals_on_three_pages(browser):
    person = active_guide()
    family = make.newcomer(reference="NZ-TOTAL")
    job = make.assignment(
        status=AssignmentStatus.RUNNING,
        volunteer=person,
        newcomer=family,
        starts_on=date(2026, 3, 1),
    )
    assert "Die Zeit ist eingetragen." in log(
        browser, job, date="02.03.2026", hours="2,5", kilometres="12,4", note="Arzt"
    )
    log(browser, job, date="2026-03-02", hours="1")
    log(browser, job, date="09.03.2026", hours="3,25", kilometres="")
    rows = db.session.execute(
        select(AssignmentLog.date, AssignmentLog.hours, AssignmentLog.kilometres).order_by(
            AssignmentLog.id
        )
    ).all()
    assert rows == [
        (date(2026, 3, 2), Decimal("2.50"), Decimal("12.4")),
        (date(2026, 3, 2), Decimal("1.00"), None),
        (date(2026, 3, 9), Decimal("3.25"), None),
    ]
    for endpoint, row in (("assignment", job), ("volunteer", person), ("newcomer", family)):
        page = text_of(browser.get(f"/admin/{endpoint}/details/?id={row.id}"))
        totals = page.split("Zeiten gesamt")[1]
        assert "Stunden Kilometer Tage 6,75 12,4 2 " in totals, (endpoint, totals[:80])


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"date": "2026-03-02", "hours": "-1"}, "Bitte eine Zahl von 0 bis"),
        ({"date": "2026-03-02", "hours": "1", "kilometres": "-5"}, "Bitte eine Zahl von 0 bis"),
        ({"date": "2026-03-02", "hours": "25"}, "Mehr als 24 Stunden an einem Tag"),
        ({"date": "2026-03-02", "hours": "zwei"}, "Bitte eine Zahl wie 2,5"),
        ({"date": "30.02.2026", "hours": "1"}, "Bitte ein Datum wie 01.12.2026"),
        ({"hours": "1"}, "Datum"),
        ({"date": "2026-02-27", "hours": "1"}, "liegt vor dem Beginn des Einsatzes (01.03.2026)"),
        ({"date": "2026-05-01", "hours": "1"}, "liegt nach dem Ende des Einsatzes (30.04.2026)"),
    ],
)
def test_bad_log_input_saves_nothing(browser, values, message):
    job = make.assignment(
        status=AssignmentStatus.RUNNING,
        volunteer=active_guide(),
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 4, 30),
    )
    assert message in log(browser, job, **values)
    assert log_count() == 0


def test_24_hours_a_day_count_over_all_of_the_volunteers_assignments(browser):
    person = active_guide()
    first = make.assignment(status=AssignmentStatus.RUNNING, volunteer=person)
    second = make.assignment(status=AssignmentStatus.RUNNING, volunteer=person)
    other = make.assignment(status=AssignmentStatus.RUNNING, volunteer=active_guide())
    assert "eingetragen" in log(browser, first, date="2025-04-10", hours="14")
    assert "eingetragen" in log(browser, other, date="2025-04-10", hours="14")  # someone else
    assert "Mehr als 24 Stunden" in log(browser, second, date="2025-04-10", hours="10,5")
    assert "eingetragen" in log(browser, second, date="2025-04-10", hours="10")
    assert log_count() == 3


def test_two_new_rows_of_one_form_count_together(browser):
    """The form's time log: rows not saved yet count with the stored ones."""
    person = active_guide()
    job = make.assignment(status=AssignmentStatus.RUNNING, volunteer=person)
    form = {
        "volunteer": str(person.id),
        "kind": "begleitung",
        "area": "arztbesuch",
        "status": RUNNING,
        "starts_on": "2025-04-01",
        "seen_version": str(job.version),
        "logs-0-date": "2025-04-03",
        "logs-0-hours": "13",
        "logs-1-date": "2025-04-03",
        "logs-1-hours": "12",
    }
    page = text_of(browser.post(f"/admin/assignment/edit/?id={job.id}", form))
    assert "Mehr als 24 Stunden an einem Tag" in page
    assert log_count() == 0
    form["logs-1-hours"] = "11"
    browser.post(f"/admin/assignment/edit/?id={job.id}", form)
    assert log_count() == 2
