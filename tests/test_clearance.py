"""The clearance certificate (§ 72a(5) SGB VIII): inspections the office may record, which
assignments need one, the refusals when it is missing, expired or disqualifying (also when it
expires between matching and starting), its state in words and as a list filter, and the
daily erasure with and without --dry-run."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from crm.clearance import add_years, needs_clearance
from crm.extensions import db
from crm.models import Assignment, AuditEntry, Volunteer
from crm.models.choices import AssignmentArea, AssignmentStatus, VolunteerStatus
from tests import factories as make
from tests.test_crud import filter_args, flashed, form_values, list_rows, text

TODAY = date.today()


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def german(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def active(**kw) -> Volunteer:
    return make.volunteer(status=VolunteerStatus.ACTIVE, active_since=ago(400), **kw)


def inspect_through_form(browser, volunteer, **fields):
    form = form_values(text(browser.get(f"/admin/volunteer/edit/?id={volunteer.id}")))
    form.update(fields)
    return browser.post(f"/admin/volunteer/edit/?id={volunteer.id}", form, follow_redirects=True)


INSPECTIONS = [
    (
        {"clearance_issued_on": german(ago(100)), "clearance_checked_on": german(ago(5))},
        "war bei der Einsichtnahme 95 Tage alt; es darf höchstens 90 Tage alt sein",
    ),
    ({"clearance_issued_on": german(ago(10))}, "Bitte das Datum der Einsichtnahme angeben."),
    (
        {"clearance_checked_on": german(ago(10))},
        "Bitte das Ausstellungsdatum des Führungszeugnisses angeben.",
    ),
    (
        {"clearance_issued_on": german(ago(5)), "clearance_checked_on": german(ago(10))},
        "kann nicht nach der Einsichtnahme ausgestellt sein",
    ),
    (
        {"clearance_issued_on": german(ago(5)), "clearance_checked_on": german(ago(-1))},
        "Die Einsichtnahme kann nicht in der Zukunft liegen.",
    ),
    ({"clearance_disqualifying": "y"}, "Bitte das Ausstellungsdatum"),
]


@pytest.mark.parametrize(("fields", "message"), INSPECTIONS)
def test_inspections_the_office_may_not_record_are_refused(browser, fields, message):
    guide = active()
    response = inspect_through_form(browser, guide, **fields)
    assert message in flashed(text(response))
    db.session.expire_all()
    row = db.session.get(Volunteer, guide.id)
    assert (row.clearance_issued_on, row.clearance_checked_on, row.version) == (None, None, 1)


def test_an_inspection_within_the_office_s_period_is_recorded(ctx, browser):
    guide = active()
    fields = {"clearance_issued_on": german(ago(60)), "clearance_checked_on": german(ago(1))}
    assert "gespeichert" in flashed(text(inspect_through_form(browser, guide, **fields)))
    ctx.config["CLEARANCE_MAX_AGE_DAYS"] = 30  # an office with a stricter practice
    try:
        other = active()
        response = inspect_through_form(browser, other, **fields)
    finally:
        ctx.config["CLEARANCE_MAX_AGE_DAYS"] = 90
    assert "höchstens 30 Tage alt" in flashed(text(response))
    db.session.expire_all()
    assert db.session.get(Volunteer, guide.id).clearance_issued_on == ago(60)
    assert db.session.get(Volunteer, other.id).clearance_issued_on is None


def test_which_assignments_need_a_clearance(browser):
    family = make.newcomer(has_minors=True)
    adults = make.newcomer(has_minors=False)

    def needs(area, newcomer=adults):
        return needs_clearance(Assignment(area=area, newcomer=newcomer))

    assert needs(AssignmentArea.DOCTOR, family)
    assert needs(AssignmentArea.CHILDREN)  # always
    assert needs(AssignmentArea.SCHOOL)  # in the catalogue from the start
    assert not needs(AssignmentArea.DOCTOR)
    response = browser.post(
        "/admin/clearancearea/new/", {"area": "arztbesuch"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert needs(AssignmentArea.DOCTOR)
    listed = text(browser.get("/admin/clearancearea/"))
    assert "Arztbesuch" in list_rows(listed) and "immer der Bereich „Kinder/Jugend“" in listed


CLEARANCES = {
    "fehlt": {},
    "abgelaufen am": {"clearance_issued_on": ago(6 * 365), "clearance_checked_on": ago(6 * 365)},
    "Ausschlussgrund": {
        "clearance_issued_on": ago(20),
        "clearance_checked_on": ago(10),
        "clearance_disqualifying": True,
    },
}


@pytest.mark.parametrize("state", CLEARANCES)
def test_an_assignment_in_an_area_that_needs_one_is_refused_without_a_valid_one(browser, state):
    guide = active(**CLEARANCES[state])
    response = browser.post(
        "/admin/assignment/new/",
        {
            "volunteer": str(guide.id),
            "newcomer": str(make.newcomer(has_minors=False).id),
            "kind": "begleitung",
            "area": "kinder_jugend",
            "status": "vermittelt",
        },
    )
    page = text(response)
    assert "erweitertes Führungszeugnis nötig (§ 72a SGB VIII). Stand: " + state in page
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0


def test_a_clearance_that_expires_between_matching_and_starting_stops_the_start(browser):
    guide = active(clearance_issued_on=ago(5 * 365 - 3), clearance_checked_on=ago(5 * 365 - 10))
    job = make.assignment(
        volunteer=guide,
        newcomer=make.newcomer(has_minors=True),
        status=AssignmentStatus.MATCHED,
        starts_on=None,
    )
    # Matched while valid; a week later the re-check is overdue.
    guide.clearance_issued_on = ago(5 * 365 + 4)
    db.session.commit()
    expired_on = add_years(guide.clearance_issued_on, 5)
    form = form_values(text(browser.get(f"/admin/assignment/edit/?id={job.id}")))
    form["status"] = "laufend"
    response = browser.post(f"/admin/assignment/edit/?id={job.id}", form)
    assert f"Stand: abgelaufen am {german(expired_on)}" in text(response)
    assert db.session.get(Assignment, job.id).status == AssignmentStatus.MATCHED


def test_a_volunteer_paused_since_matching_cannot_start(browser):
    guide = active()
    job = make.assignment(volunteer=guide, status=AssignmentStatus.MATCHED, starts_on=None)
    guide.status = VolunteerStatus.PAUSED
    db.session.commit()
    form = form_values(text(browser.get(f"/admin/assignment/edit/?id={job.id}")))
    form["status"] = "laufend"
    response = browser.post(f"/admin/assignment/edit/?id={job.id}", form)
    assert "ist pausiert und kann keinen neuen Einsatz übernehmen" in text(response)
    assert db.session.get(Assignment, job.id).status == AssignmentStatus.MATCHED


STATES = {
    "gueltig": ("Valid", {"clearance_issued_on": ago(400), "clearance_checked_on": ago(390)}),
    "bald": (
        "Soon",
        {"clearance_issued_on": ago(5 * 365 - 20), "clearance_checked_on": ago(5 * 365 - 30)},
    ),
    "fehlt": ("Missing", {}),
    "abgelaufen": (
        "Expired",
        {"clearance_issued_on": ago(5 * 365 + 30), "clearance_checked_on": ago(5 * 365 + 20)},
    ),
    "ausschluss": (
        "Barred",
        {
            "clearance_issued_on": ago(30),
            "clearance_checked_on": ago(20),
            "clearance_disqualifying": True,
        },
    ),
}


def test_the_page_says_the_state_in_words_and_the_list_filters_by_it(browser):
    people = {
        code: active(contact=make.contact(last_name=name), **fields)
        for code, (name, fields) in STATES.items()
    }
    words = {
        "gueltig": f"gültig bis {german(add_years(ago(400), 5))}",
        "bald": "Neuvorlage bald fällig",
        "fehlt": "fehlt",
        "abgelaufen": "abgelaufen am",
        "ausschluss": "Ausschlussgrund",
    }
    for code, person in people.items():
        page = text(browser.get(f"/admin/volunteer/details/?id={person.id}"))
        assert words[code] in page, code
    args = filter_args(text(browser.get("/admin/volunteer/")))
    arg = args[("Führungszeugnis", "ist")]
    for code, (name, _fields) in STATES.items():
        rows = list_rows(text(browser.get(f"/admin/volunteer/?flt0_{arg}={code}")))
        found = [n for n, _f in STATES.values() if n in rows]
        expected = ["Soon", "Valid"] if code == "gueltig" else [name]  # due soon is still valid
        assert sorted(found) == expected, code


def erasable():
    """One of each case: left four months ago, inspected four months ago without any
    activity; and three to keep: left last month, inspected with an assignment since, and an
    active one inspected last week."""
    old = {"clearance_issued_on": ago(150), "clearance_checked_on": ago(130)}
    left = make.volunteer(
        contact=make.contact(last_name="Fortgezogen"),
        status=VolunteerStatus.LEFT,
        active_since=ago(900),
        left_on=ago(120),
        **old,
    )
    idle = make.volunteer(contact=make.contact(last_name="Untätig"), **old)
    recent = make.volunteer(
        contact=make.contact(last_name="Kürzlich"),
        status=VolunteerStatus.LEFT,
        active_since=ago(900),
        left_on=ago(30),
        **old,
    )
    busy = active(contact=make.contact(last_name="Fleißig"), **old)
    for volunteer in (recent, busy):
        make.assignment(volunteer=volunteer, status=AssignmentStatus.DONE)
    fresh = active(
        contact=make.contact(last_name="Frisch"),
        clearance_issued_on=ago(10),
        clearance_checked_on=ago(7),
    )
    return left, idle, (recent, busy, fresh)


def clearance_of(volunteer) -> tuple:
    row = db.session.get(Volunteer, volunteer.id)
    return row.clearance_issued_on, row.clearance_checked_on, row.clearance_disqualifying


def test_the_cleanup_dry_run_lists_and_changes_nothing(runner):
    left, idle, kept = erasable()
    before = [clearance_of(v) for v in (left, idle, *kept)]
    entries = db.session.scalar(select(func.count()).select_from(AuditEntry))
    result = runner.invoke(args=["crm", "clearance-cleanup", "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Fortgezogen") and "vor über drei Monaten ausgeschieden" in lines[0]
    assert lines[1].startswith("Untätig") and "ohne Einsatz oder Schulung" in lines[1]
    assert "Probelauf: Bei 2 Ehrenamtlichen würde gelöscht" in lines[2]
    db.session.expire_all()
    assert [clearance_of(v) for v in (left, idle, *kept)] == before
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == entries


def test_the_cleanup_erases_and_the_history_keeps_no_dates(runner):
    left, idle, kept = erasable()
    before = [clearance_of(v) for v in kept]
    last = db.session.scalar(select(func.max(AuditEntry.id)))
    result = runner.invoke(args=["crm", "clearance-cleanup"])
    assert result.exit_code == 0, result.output
    assert "von 2 Ehrenamtlichen gelöscht" in result.output
    db.session.expire_all()
    assert clearance_of(left) == clearance_of(idle) == (None, None, False)
    assert [clearance_of(v) for v in kept] == before
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.id > last)).all()
    erased = [e for e in entries if e.action == "update"]
    assert {e.row_id for e in erased} == {left.id, idle.id}
    for entry in erased:
        assert entry.changes == {
            "clearance_issued_on": ["***", None],
            "clearance_checked_on": ["***", None],
        }
    assert [e.changes for e in entries if e.action == "clearance-cleanup"] == [{"erased": 2}]
    again = runner.invoke(args=["crm", "clearance-cleanup"])
    assert "von 0 Ehrenamtlichen gelöscht" in again.output
