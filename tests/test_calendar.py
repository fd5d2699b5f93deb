"""Calendar entries: a meeting's and a module's .ics parsed back, and the feed behind each
user's secret address, which answers only to a valid token and shows no people."""

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import current_app
from icalendar import Calendar

from crm.extensions import db
from crm.models import AuditEntry, CalendarToken, User
from crm.models.base import utcnow
from tests import factories
from tests.helpers import Browser, counted_queries

BERLIN = ZoneInfo("Europe/Berlin")
ADDRESS = re.compile(rb'id="feed-address" readonly value="[^"]*(/calendar/[^"]+\.ics)"')


def berlin(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN).astimezone(UTC)


def events(response) -> list:
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data).walk("VEVENT")


def feed_path(browser) -> str:
    """Makes (or renews) the browser's user's feed address on its page and reads it off."""
    page = browser.post("/admin/kalender/")
    assert page.status_code == 200
    return ADDRESS.search(page.data).group(1).decode()


def test_a_meeting_as_ics_across_the_switch_to_summer_time(login_as):
    browser = login_as("viewer")
    network = factories.network(name="Runder Tisch Süd")
    before = factories.meeting(
        title="Übergabe, Planung; Jahr", starts_at=berlin(2026, 3, 28, 18), location="Saal; Ost"
    )
    after = factories.meeting(
        network=network, starts_at=berlin(2026, 3, 29, 18), ends_at=berlin(2026, 3, 29, 20)
    )
    page = browser.get(f"/admin/meeting/details/?id={before.id}")
    assert f"/admin/meeting/ics/?id={before.id}".encode() in page.data
    with counted_queries() as statements:
        raw = browser.get(f"/admin/meeting/ics/?id={before.id}")
    assert len(statements) == 2  # the user, the meeting with its network
    assert "attachment" in raw.headers["Content-Disposition"]
    assert b"\\, Planung\\; Jahr" in raw.data  # escaped by the library
    (first,) = events(raw)
    assert str(first["summary"]) == "Übergabe, Planung; Jahr"
    assert str(first["location"]) == "Saal; Ost"
    assert first.decoded("dtstart") == datetime(2026, 3, 28, 17, tzinfo=UTC)  # CET, +1
    (second,) = events(browser.get(f"/admin/meeting/ics/?id={after.id}"))
    assert second.decoded("dtstart") == datetime(2026, 3, 29, 16, tzinfo=UTC)  # CEST, +2
    assert second.decoded("dtend") == datetime(2026, 3, 29, 18, tzinfo=UTC)
    assert str(second["description"]) == "Runder Tisch Süd"


def test_uid_stays_and_sequence_grows_when_a_meeting_changes(login_as):
    browser = login_as("coordinator")
    meeting = factories.meeting(title="Treffen Nord", starts_at=berlin(2026, 6, 1, 10))
    (before,) = events(browser.get(f"/admin/meeting/ics/?id={meeting.id}"))
    page = browser.get(f"/admin/meeting/edit/?id={meeting.id}")
    seen = re.search(rb'name="seen_version"[^>]*value="(\d+)"', page.data).group(1).decode()
    saved = browser.post(
        f"/admin/meeting/edit/?id={meeting.id}",
        data={
            "title": "Treffen Nord, verlegt",
            "starts_at": "2026-06-02 10:00",
            "seen_version": seen,
        },
    )
    assert saved.status_code == 302, saved.data[:2000]
    (after,) = events(browser.get(f"/admin/meeting/ics/?id={meeting.id}"))
    assert str(after["uid"]) == str(before["uid"]) == f"meeting-{meeting.id}@lotse"
    assert after["sequence"] > before["sequence"]
    assert str(after["summary"]) == "Treffen Nord, verlegt"


def test_a_module_date_as_an_all_day_ics(login_as):
    browser = login_as("viewer")
    course = factories.training(title="Lotsenschulung Weiß", modules=2)
    module = course.modules[0]
    module.date, module.location = date(2026, 10, 25), "Raum 1, EG"
    module.course_module.title = "Asylrecht"
    db.session.commit()
    page = browser.get(f"/admin/training/details/?id={course.id}")
    assert f"/admin/training/module-ics/?id={module.id}".encode() in page.data
    (event,) = events(browser.get(f"/admin/training/module-ics/?id={module.id}"))
    assert str(event["summary"]) == "Lotsenschulung Weiß: 1. Asylrecht"
    assert event.decoded("dtstart") == date(2026, 10, 25)
    assert event.decoded("dtend") == date(2026, 10, 26)
    assert str(event["uid"]) == f"module-{module.id}@lotse"
    assert str(event["location"]) == "Raum 1, EG"
    undated = course.modules[1]
    assert browser.get(f"/admin/training/module-ics/?id={undated.id}").status_code == 404


@pytest.mark.parametrize("bad", ["999999", "abc", "", "99999999999"])
def test_ics_of_no_row_is_a_404(login_as, bad):
    browser = login_as("viewer")
    assert browser.get(f"/admin/meeting/ics/?id={bad}").status_code == 404
    assert browser.get(f"/admin/training/module-ics/?id={bad}").status_code == 404


def test_feed_answers_a_valid_token_only_and_renewing_stops_the_old_one(login_as):
    browser = login_as("viewer")
    assert b"Kalender abonnieren" in browser.get("/admin/").data
    factories.meeting(title="Kommend", starts_at=utcnow() + timedelta(days=3))
    factories.meeting(title="Vor kurzem", starts_at=utcnow() - timedelta(days=80))
    factories.meeting(title="Zu alt", starts_at=utcnow() - timedelta(days=100))
    course = factories.training(title="Kurs", modules=1)
    course.modules[0].date = date.today() + timedelta(days=10)
    db.session.commit()
    path = feed_path(browser)
    anonymous = current_app.test_client()
    feed = anonymous.get(path)
    assert sorted(str(e["summary"]) for e in events(feed)) == [
        "Kommend",
        "Kurs: 1. Modul 1",
        "Vor kurzem",
    ]
    assert "attachment" not in feed.headers.get("Content-Disposition", "")
    wrong = anonymous.get(path.replace(path[10:20], "x" * 10))
    assert wrong.status_code == 404 and b"Kommend" not in wrong.data
    renewed = feed_path(browser)
    assert renewed != path
    assert anonymous.get(path).status_code == 404
    assert anonymous.get(renewed).status_code == 200
    page = browser.get("/admin/kalender/")
    assert b"/calendar/" not in page.data  # shown once, never again
    assert b"erneuern" in page.data


def test_feed_of_one_network_and_no_people(login_as):
    browser = login_as("viewer")
    person = factories.contact(last_name="Geheimname")
    ours, other = factories.network(name="Netz A"), factories.network(name="Netz B")
    soon = utcnow() + timedelta(days=1)
    factories.meeting(title="A-Treffen", network=ours, starts_at=soon, participants=[person])
    factories.meeting(title="B-Treffen", network=other, starts_at=soon)
    course = factories.training(modules=1)
    course.modules[0].date = date.today()
    db.session.commit()
    path = feed_path(browser)
    anonymous = current_app.test_client()
    one = anonymous.get(f"{path}?network={ours.id}")
    assert [str(e["summary"]) for e in events(one)] == ["A-Treffen"]
    assert b"Geheimname" not in anonymous.get(path).data
    assert anonymous.get(f"{path}?network=abc").status_code == 404


def test_an_inactive_users_token_answers_404(login_as):
    browser = login_as("viewer")
    path = feed_path(browser)
    anonymous = current_app.test_client()
    assert anonymous.get(path).status_code == 200
    for user in db.session.scalars(db.select(User)):
        user.active = False
    db.session.commit()
    assert anonymous.get(path).status_code == 404


@pytest.mark.parametrize("size", [3, 25])
def test_feed_takes_the_same_statements_at_any_size(login_as, size):
    browser = login_as("viewer")
    network = factories.network()
    for n in range(size):
        factories.meeting(network=network, starts_at=utcnow() + timedelta(days=n))
    course = factories.training(modules=size)
    for module in course.modules:
        module.date = date.today()
    db.session.commit()
    path = feed_path(browser)
    anonymous = current_app.test_client()
    with counted_queries() as statements:
        assert len(events(anonymous.get(path))) == 2 * size
    assert len(statements) == 3  # the token's user, the meetings, the module dates


def test_only_the_feed_goes_without_a_login(ctx):
    anonymous = Browser(ctx)
    meeting = factories.meeting()
    for url in (
        f"/admin/meeting/ics/?id={meeting.id}",
        "/admin/training/module-ics/?id=1",
        "/admin/kalender/",
    ):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    assert anonymous.request("POST", "/admin/kalender/").status_code in (302, 400)
    assert db.session.query(CalendarToken).count() == 0
    assert anonymous.get("/calendar/" + "a" * 43 + ".ics").status_code == 404


def test_renewing_needs_the_forms_token_and_the_history_keeps_no_secret(login_as):
    browser = login_as("viewer")
    assert browser.post("/admin/kalender/", csrf=False).status_code == 400
    assert db.session.query(CalendarToken).count() == 0
    path = feed_path(browser)
    feed_path(browser)
    secret = path.removeprefix("/calendar/").removesuffix(".ics")
    entries = db.session.query(AuditEntry).filter_by(table="calendar_tokens").all()
    assert sorted(e.action for e in entries) == ["create", "update"]
    assert all(secret not in str(e.changes) for e in entries)
    stored = db.session.query(CalendarToken).one().token_hash
    assert all(stored not in str(e.changes) for e in entries)
