"""Every list, details and edit screen costs a fixed number of SQL statements, however many
rows there are and however many are shown: no relationship is loaded row by row.

The same screens are measured on a small database (3 rows of everything) and a larger one
(25 rows), the lists at page sizes 20 and 50. The first row of every table is linked to all
rows of the other tables (a contact with a role at every organisation, a meeting with
everybody present, ...), so a details page that loads its related rows one by one shows too.
"""

from datetime import date, timedelta

import pytest

from crm.extensions import db
from crm.models import (
    AssignmentLog,
    ContactRole,
    FollowUpTask,
    MeetingParticipant,
    TrainingParticipation,
    VolunteerLanguage,
)
from crm.models.choices import AssignmentArea, Role
from tests import factories as make
from tests.conftest import reset_database
from tests.helpers import LIST_ENDPOINTS, Browser, counted_queries, make_user

ENDPOINTS = [*LIST_ENDPOINTS, "user"]
SIZES = (3, 25)
PAGE_SIZES = (20, 50)
MOST = 8  # statements of one page, the login's own user look-up included
# A record page: the user, the row with what its fields show, then one statement for each list
# of what belongs to it (crm.views.related), its history included, at 3 rows as at 25.
RECORD_PAGES = {
    "contact": 13,  # + tags, languages; functions, volunteer, networks, meetings, tasks,
    # assignments, history; consents and the purposes of their form
    "organisation": 8,  # + tags; people, offers, networks, sub-organisations, history
    "municipality": 7,  # organisations, offers, volunteers, open assignments, history
    "volunteer": 12,  # + language skills, areas, municipalities; hours and kilometres, exit
    # reasons (status form); assignments, trainings, status history, totals, history
    "assignment": 5,  # time log, totals, history
    "newcomer": 6,  # + languages; assignments, totals, history
    "meeting": 7,  # participants, tasks, its e-mails, who gets none, history
    "training": 5,  # modules, participants, history
    "network": 7,  # members with delegates and attendance, open tasks, attendance over time,
    # meetings, history
}


def pair(rows: list, i: int) -> list:
    """Row ``i`` and the first row (once, when they are the same)."""
    return [rows[i], rows[0]] if i else [rows[0]]


def populate(n: int) -> dict[str, int]:
    """``n`` rows of every table with every relationship filled; returns the id of the
    first row of each screen's table (the one linked to everything)."""
    langs = [make.language(code) for code in ("ar", "fa", "uk", "ru", "tr")]
    tags = [make.tag() for _ in range(n)]
    places = [make.municipality() for _ in range(n)]
    orgs = [make.organisation(municipality=places[i], tags=pair(tags, i)) for i in range(n)]
    for org in orgs[1:]:
        org.parent = orgs[0]
    people = [
        make.contact(
            roles=[orgs[i]],
            municipality=places[i],
            tags=pair(tags, i),
            languages=[langs[i % 5], langs[(i + 1) % 5]],
        )
        for i in range(n)
    ]
    for org in orgs[1:]:
        people[0].roles.append(ContactRole(organisation=org, function="Beratung"))
    guides = [
        make.volunteer(
            contact=people[i],
            languages=[langs[i % 5], langs[(i + 2) % 5]],
            municipalities=pair(places, i),
            areas=[AssignmentArea.DOCTOR, AssignmentArea.HOUSING],
        )
        for i in range(n)
    ]
    courses = [make.training(modules=2, carrier=orgs[i]) for i in range(n)]
    for i, guide in enumerate(guides):
        db.session.add(
            TrainingParticipation(
                training=courses[0], volunteer=guide, modules_attended=list(courses[0].modules)
            )
        )
        if i:
            db.session.add(
                TrainingParticipation(
                    training=courses[i], volunteer=guide, modules_attended=[courses[i].modules[0]]
                )
            )
    families = [
        make.newcomer(municipality=places[i], languages=pair(langs, i % 5)) for i in range(n)
    ]
    jobs = [
        make.assignment(
            logs=2,
            volunteer=guides[i],
            newcomer=families[i],
            requested_by_organisation=orgs[i],
            requested_by_contact=people[i],
        )
        for i in range(n)
    ]
    for day in range(n):
        jobs[0].logs.append(AssignmentLog(date=date(2025, 1, 1) + timedelta(days=day), hours=1))
    groups = [make.network(coordinator=people[i], members=pair(orgs, i)) for i in range(n)]
    groups[0].members = list(orgs)
    meetings = [make.meeting(network=groups[i], participants=[people[i]]) for i in range(n)]
    for i, person in enumerate(people[1:], start=1):
        meetings[0].participants.append(MeetingParticipant(contact=person, organisation=orgs[i]))
    for i in range(n):
        meetings[0].tasks.append(
            FollowUpTask(description=f"Aufgabe {i}", owner=people[i], due_on=date(2025, 6, 1))
        )
    offers = [
        make.offer(
            provider=orgs[i],
            municipality=places[i],
            contact=people[i],
            languages=pair(langs, i % 5),
        )
        for i in range(n)
    ]
    for guide in guides:
        guide.language_skills.append(VolunteerLanguage(language=make.language("en")))
    users = [make_user(Role.VIEWER, email=f"leser{i}@example.org") for i in range(n)]
    db.session.commit()
    tasks = db.session.query(FollowUpTask).order_by(FollowUpTask.id).first()
    participation = (
        db.session.query(TrainingParticipation).order_by(TrainingParticipation.id).first()
    )
    return {
        "municipality": places[0].id,
        "organisation": orgs[0].id,
        "contact": people[0].id,
        "tag": tags[0].id,
        "language": langs[0].id,
        "volunteer": guides[0].id,
        "course": courses[0].course_id,
        "training": courses[0].id,
        "participation": participation.id,
        "newcomer": families[0].id,
        "assignment": jobs[0].id,
        "network": groups[0].id,
        "meeting": meetings[0].id,
        "task": tasks.id,
        "offer": offers[0].id,
        "user": users[0].id,
    }


def measure(browser, url: str) -> int:
    with counted_queries() as statements:
        response = browser.get(url)
    assert response.status_code == 200, url
    return len(statements)


@pytest.fixture(scope="module")
def counts(app):
    """{(screen, page): [statements of each measurement]}: lists, details and edit pages at
    3 and at 25 rows (lists at page size 20 and 50, and first after the data changed, when
    the filter options are read again), every list's export as CSV and as XLSX (one batch;
    tests/test_exports.py counts several), and the start page."""
    found: dict[tuple[str, str], list[int]] = {}
    for size in SIZES:
        reset_database(app)
        with app.app_context():
            first = populate(size)
            make_user(Role.ADMIN, email="verwaltung@example.org")
            browser = Browser(app)
            assert browser.login("verwaltung@example.org").status_code == 302
            browser.get("/admin/")  # warm: nothing a first request caches is counted
            found.setdefault(("start", ""), []).append(measure(browser, "/admin/"))
            for endpoint in ENDPOINTS:
                # the first list after the data changed reads the filter options again
                url = f"/admin/{endpoint}/"
                found.setdefault((endpoint, "list, new options"), []).append(measure(browser, url))
                # page sizes 20 and 50 show the same 3 rows: the small database needs one
                for page_size in PAGE_SIZES if size == max(SIZES) else PAGE_SIZES[:1]:
                    url = f"/admin/{endpoint}/?page_size={page_size}"
                    found.setdefault((endpoint, "list"), []).append(measure(browser, url))
                if endpoint != "user":  # accounts have no export
                    for export_type in ("csv", "xlsx"):
                        url = f"/admin/{endpoint}/export/{export_type}/"
                        key = (endpoint, f"export {export_type}")
                        found.setdefault(key, []).append(measure(browser, url))
                for page in ("details", "edit"):
                    url = f"/admin/{endpoint}/{page}/?id={first[endpoint]}"
                    found.setdefault((endpoint, page), []).append(measure(browser, url))
            db.session.remove()
    reset_database(app)
    return found


@pytest.mark.parametrize("endpoint", ["start", *ENDPOINTS])
def test_fixed_number_of_queries(counts, endpoint):
    pages = {page: n for (screen, page), n in counts.items() if screen == endpoint}
    assert pages
    for page, numbers in pages.items():
        assert len(set(numbers)) == 1, (
            f"{endpoint} {page}: {numbers} statements with {SIZES} rows and page sizes "
            f"{PAGE_SIZES}: something is loaded row by row"
        )
        if page == "details" and endpoint in RECORD_PAGES:
            assert numbers[0] == RECORD_PAGES[endpoint], f"{endpoint} record page: {numbers}"
        else:
            assert numbers[0] <= MOST, f"{endpoint} {page}: {numbers[0]} statements"
