"""Fällig: each section with items planted just inside and just outside its limit, links to
the records, the counts on the start page, and a fixed number of statements."""

import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from crm.clearance import add_years
from crm.due import SECTIONS, months_before
from crm.extensions import db
from crm.models import AssignmentLog
from crm.models.choices import AssignmentStatus, VolunteerStatus
from tests import factories as make
from tests.helpers import counted_queries

S = VolunteerStatus
TODAY = date.today()
DAY = timedelta(days=1)


def person(last_name, **kw):
    return make.volunteer(contact=make.contact(last_name=last_name, first_name="Eva"), **kw)


def waiting_since(days: int, notes: str):
    job = make.assignment(status=AssignmentStatus.OPEN, starts_on=None, notes=notes)
    job.created_at = datetime.combine(TODAY - timedelta(days=days), time(12), tzinfo=UTC)
    db.session.commit()
    return job


def plant():
    """For each section one item just inside its limit and one just outside."""
    due_on = TODAY + timedelta(days=59)  # re-check in 59 days: due; in 60 days: not yet
    inside = {
        "clearance": [  # the missing first
            person("Ohnezeugnis", status=S.IN_TRAINING),
            person(
                "Wiedervorlage",
                status=S.ACTIVE,
                clearance_issued_on=add_years(due_on, -5),
                active_since=TODAY,
            ),
        ],
        "paused": [person("Pauseaus", status=S.PAUSED, paused_until=TODAY - DAY)],
    }
    person(
        "Nochgueltig",
        status=S.ACTIVE,
        clearance_issued_on=add_years(TODAY + timedelta(days=60), -5),
        active_since=TODAY,
    )
    person("Interessiert", status=S.INTERESTED)  # no clearance needed yet
    person("Pausiertheute", status=S.PAUSED, paused_until=TODAY)  # until today: still paused

    # A module whose date passed yesterday is missing; one of tomorrow is not yet.
    run = make.training(modules=2, dates=[TODAY - DAY, TODAY + DAY], starts_on=TODAY - 10 * DAY)
    behind = make.participation(training=run, volunteer=person("Modulfehlt", status=S.INTERESTED))
    make.participation(
        training=run,
        volunteer=person("Modulda", status=S.INTERESTED),
        modules_attended=[run.modules[0]],
    )
    inside["modules"] = [behind]

    inside["waiting"] = [waiting_since(15, "wartet")]
    waiting_since(13, "frisch")
    taken = waiting_since(30, "vergeben")
    taken.volunteer = person("Vergeben", status=S.ACTIVE, clearance_issued_on=TODAY)

    since = months_before(TODAY, 6)
    valid = {"status": S.ACTIVE, "clearance_issued_on": TODAY, "active_since": since - DAY}
    last_seen = person("Stillseit", **valid)
    old = make.assignment(volunteer=last_seen, starts_on=since - timedelta(days=90))
    old.logs.append(AssignmentLog(date=since - DAY, hours=Decimal(2)))
    never = person("Nieeingesetzt", **valid)
    inside["quiet"] = [never, last_seen]
    seen = person("Kontaktgehabt", **valid)  # a logged day six months ago to the day
    running = make.assignment(volunteer=seen, starts_on=since - timedelta(days=90))
    running.logs.append(AssignmentLog(date=since, hours=Decimal(1)))
    fresh = person("Neuerauftrag", **valid)  # an assignment that started six months ago
    make.assignment(volunteer=fresh, starts_on=since)
    person("Neuaktiv", status=S.ACTIVE, clearance_issued_on=TODAY, active_since=since)
    db.session.commit()
    return inside


def sections(page: str) -> dict[str, list[str]]:
    """{section key: [link of each item]} of the due page."""
    found = {}
    for key, body in re.findall(r'<section id="(\w+)"[^>]*>(.*?)</section>', page, re.S):
        found[key] = re.findall(r'<li><a href="([^"]+)">', body)
    return found


def test_each_section_lists_what_is_just_inside_its_limit(browser):
    inside = plant()
    page = browser.get("/admin/due/")
    assert page.status_code == 200
    listed = sections(page.text)
    assert list(listed) == [section.key for section in SECTIONS]
    endpoints = {section.key: section.endpoint for section in SECTIONS}
    for key, records in inside.items():
        expected = [f"/admin/{endpoints[key]}/details/?id={record.id}" for record in records]
        assert listed[key] == expected, key
    assert "Führungszeugnis fehlt" in page.text and "pausiert bis" in page.text
    assert "noch kein Tag im Einsatz erfasst" in page.text
    assert f"zuletzt im Einsatz am {(months_before(TODAY, 6) - DAY):%d.%m.%Y}" in page.text
    for link in listed["quiet"][:1] + listed["waiting"]:
        assert browser.get(link).status_code == 200

    start = browser.get("/admin/").text
    due = start[start.index('class="list-unstyled due"') :]
    counts = re.findall(r'<a href="/admin/due/#(\w+)"><span class="badge[^"]*">(\d+)</span>', due)
    assert counts == [(s.key, str(len(inside[s.key]))) for s in SECTIONS]


def test_a_viewer_sees_the_due_list_and_a_stranger_does_not(login_as):
    assert login_as("viewer").get("/admin/due/").status_code == 200
    anonymous = login_as("viewer").app.test_client().get("/admin/due/")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_the_due_list_costs_the_same_statements_whatever_the_data(browser):
    def count():
        with counted_queries() as statements:
            assert browser.get("/admin/due/").status_code == 200
        return len(statements)

    plant()
    few = count()
    for n in range(60):  # more than a section shows
        person(f"Pause{n}", status=S.PAUSED, paused_until=TODAY - timedelta(days=n + 1))
        person(f"Ohne{n}", status=S.ACTIVE)
        waiting_since(20 + n, f"wartet {n}")
    many = count()
    assert few == many <= len(SECTIONS) + 3
    page = browser.get("/admin/due/").text
    assert "und 11 weitere" in page  # 61 paused, 50 shown
