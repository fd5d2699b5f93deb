"""The start page and the figures: the right numbers, and links that open exactly those rows."""

import json
import re
from datetime import UTC, date, datetime, timedelta
from html import unescape

from crm.attention import NEEDS_ATTENTION, ON_START_PAGE
from crm.dashboard import figures
from crm.extensions import db
from crm.models import Assignment
from crm.models.choices import AssignmentStatus, VolunteerStatus
from tests import factories as make
from tests.helpers import counted_queries
from tests.test_i18n import choose


def attention_links(page: str) -> dict[str, tuple[int, str]]:
    """{text: (number, href)} of the "needs attention" list."""
    found = {}
    for number, href, text in re.findall(
        r'<span class="badge[^"]*">(\d+)</span>\s*<a href="([^"]+)">([^<]+)</a>', page
    ):
        found[text.strip()] = (int(number), unescape(href))
    return found


def row_ids(response) -> set[int]:
    """The ids of the rows a list page shows."""
    return {int(i) for i in re.findall(r'name="rowid"[^>]* value="(\d+)"', response.text)}


def test_start_page_counts_what_needs_attention_and_links_to_exactly_those_rows(browser):
    today = date.today()
    waiting = make.assignment(status=AssignmentStatus.OPEN, notes="wartet")
    waiting.created_at = datetime.now(UTC) - timedelta(days=20)
    fresh = make.assignment(status=AssignmentStatus.OPEN, notes="frisch")
    make.assignment(status=AssignmentStatus.RUNNING)
    due = make.volunteer(
        status=VolunteerStatus.ACTIVE, clearance_issued_on=today - timedelta(days=5 * 365 - 10)
    )
    make.volunteer(status=VolunteerStatus.ACTIVE, clearance_issued_on=today)
    overdue = make.task(description="Protokoll verschicken", due_on=today - timedelta(days=3))
    make.task(description="Schon gemacht", due_on=today - timedelta(days=3), done_on=today)
    soon = make.meeting(title="Runder Tisch Mai", starts_at=datetime.now(UTC) + timedelta(days=5))
    make.meeting(title="Runder Tisch Herbst", starts_at=datetime.now(UTC) + timedelta(days=60))
    db.session.commit()
    expected = {
        "lange": {waiting.id},
        "offen": {waiting.id, fresh.id},
        "faellig": {due.id},
        "ueberfaellig": {overdue.id},
        "bald": {soon.id},
    }

    response = browser.get("/admin/")
    assert response.status_code == 200
    links = attention_links(response.text)
    assert list(links) == [str(item.label) for item in ON_START_PAGE]
    for item in ON_START_PAGE:
        number, href = links[str(item.label)]
        assert number == len(expected[item.code]), item.label
        assert row_ids(browser.get(href)) == expected[item.code], href

    english = attention_links(choose(browser, "en", "/admin/").text)
    assert "overdue tasks from network meetings" in english
    assert [link for link in english.values()] == list(links.values())


def test_the_lists_offer_what_needs_attention_in_their_filter_menus(browser):
    for item in (i for i in NEEDS_ATTENTION if i.filter is not None):
        page = browser.get(f"/admin/{item.endpoint}/").text
        menu = json.loads(unescape(re.search(r'id="filter-groups-data"[^>]*>(.*?)<', page)[1]))
        (offered,) = menu[str(item.filter)]
        assert [item.code, str(item.option)] in offered["options"], item.label


def test_the_figures_are_counted_on_the_day_asked_for(ctx):
    today = date.today()
    make.task(due_on=today + timedelta(days=1))
    make.meeting(starts_at=datetime.now(UTC) + timedelta(days=40))
    make.volunteer(
        status=VolunteerStatus.IN_TRAINING, clearance_issued_on=today - timedelta(days=4 * 365)
    )
    later = today + timedelta(days=365)

    def counted(day):
        shown = figures(day)
        found = {item.code: n for item, n in shown.attention}
        return found | {section.key: n for section, n in shown.due}

    assert [counted(today)[k] for k in ("ueberfaellig", "bald", "clearance")] == [0, 0, 0]
    assert [counted(later)[k] for k in ("ueberfaellig", "bald", "clearance")] == [1, 0, 1]
    assert counted(today + timedelta(days=20))["bald"] == 1


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
