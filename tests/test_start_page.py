"""The start page and the figures: the right numbers, and links that open exactly those rows."""

import re
from datetime import UTC, date, datetime, timedelta
from html import unescape

from crm.extensions import db
from crm.models import Assignment
from crm.models.choices import AssignmentStatus, VolunteerStatus
from tests import factories as make
from tests.helpers import counted_queries


def attention_links(page: str) -> dict[str, tuple[int, str]]:
    """{text: (number, href)} of the "needs attention" list."""
    found = {}
    for number, href, text in re.findall(
        r'<span class="badge[^"]*">(\d+)</span>\s*<a href="([^"]+)">([^<]+)</a>', page
    ):
        found[text.strip()] = (int(number), unescape(href))
    return found


def test_start_page_counts_what_needs_attention_and_links_to_it(browser):
    today = date.today()
    waiting = make.assignment(status=AssignmentStatus.OPEN, notes="wartet")
    waiting.created_at = datetime.now(UTC) - timedelta(days=20)
    make.assignment(status=AssignmentStatus.OPEN, notes="frisch")
    make.assignment(status=AssignmentStatus.RUNNING)
    due = make.volunteer(
        status=VolunteerStatus.ACTIVE, clearance_issued_on=today - timedelta(days=5 * 365 - 10)
    )
    make.volunteer(status=VolunteerStatus.ACTIVE, clearance_issued_on=today)
    make.task(description="Protokoll verschicken", due_on=today - timedelta(days=3))
    make.task(description="Schon gemacht", due_on=today - timedelta(days=3), done_on=today)
    make.meeting(title="Runder Tisch Mai", starts_at=datetime.now(UTC) + timedelta(days=5))
    db.session.commit()

    response = browser.get("/admin/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    links = attention_links(page)
    by_start = {text.split()[0]: value for text, value in links.items()}
    assert by_start["Einsätze"][0] == 1
    assert by_start["offene"][0] == 2
    assert by_start["Führungszeugnisse"][0] == 1
    assert by_start["überfällige"][0] == 1
    assert by_start["Netzwerktreffen"][0] == 1

    waiting_list = browser.get(by_start["Einsätze"][1]).get_data(as_text=True)
    assert f"id={waiting.id}" in waiting_list
    assert waiting_list.count("details/?id=") == 1
    due_list = browser.get(by_start["Führungszeugnisse"][1]).get_data(as_text=True)
    assert f"id={due.id}" in due_list and due_list.count("details/?id=") == 1
    tasks = browser.get(by_start["überfällige"][1]).get_data(as_text=True)
    assert "Protokoll verschicken" in tasks and "Schon gemacht" not in tasks
    meetings = browser.get(by_start["Netzwerktreffen"][1]).get_data(as_text=True)
    assert "Runder Tisch Mai" in meetings


def test_start_page_costs_a_fixed_number_of_queries(browser):
    with counted_queries() as few:
        browser.get("/admin/")
    for _ in range(30):
        make.assignment(status=AssignmentStatus.OPEN)
        make.volunteer(status=VolunteerStatus.ACTIVE)
    with counted_queries() as many:
        browser.get("/admin/")
    assert len(few) == len(many) <= 4


def test_figures_per_municipality(browser):
    north = make.municipality(name="Nordheim")
    make.municipality(name="Südheim")
    make.organisation(municipality=north)
    make.contact(municipality=north)
    make.contact(municipality=north)
    person = make.volunteer(status=VolunteerStatus.ACTIVE)
    person.municipalities.append(north)
    household = make.newcomer(municipality=north)
    make.assignment(newcomer=household, status=AssignmentStatus.OPEN, logs=2)
    make.offer(municipality=north)
    make.offer(municipality=None)
    db.session.commit()

    with counted_queries() as queries:
        page = browser.get("/admin/figures/").get_data(as_text=True)
    assert len(queries) <= 5
    row = re.search(r"Nordheim</a></td>(.*?)</tr>", page, re.S).group(1)
    numbers = [int(n) for n in re.findall(r">(\d+)<", row)]
    assert numbers == [1, 2, 1, 1, 1, 1]
    south_row = re.search(r"Südheim</a></td>(.*?)</tr>", page, re.S).group(1)
    assert "table-warning" in south_row  # no offer there: a gap
    assert "1 kreisweite Angebote" in page
    assert "3,0" in page  # two logs of 1.5 hours in one month
    assert db.session.query(Assignment).count() == 1
