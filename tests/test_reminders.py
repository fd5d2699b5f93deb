"""Reminders (issue 23): the digest to the team, reminders to partners and volunteers, each at
its step and never twice, through `crm send-reminders` and a real SMTP server; the dry run;
the choice on the account page; a fixed number of statements."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from crm.clearance import add_years
from crm.extensions import db
from crm.models import User
from crm.models.choices import AssignmentStatus, DigestFrequency, Role, VolunteerStatus
from crm.reminders import digests
from tests import factories as make
from tests.checksum import database_checksum
from tests.helpers import counted_queries, make_user

MONDAY = date(2026, 12, 7)
DAY = timedelta(days=1)
BASE = "https://lotse.example.de"


def on(day: date, *args) -> list[str]:
    return ["crm", "send-reminders", "--today", day.isoformat(), "--base-url", BASE, *args]


def user(role="coordinator", digest=None, email=None) -> User:
    found = make_user(role, email=email or f"{role}-{make._next()}@example.org")
    found.digest = digest
    db.session.commit()
    return found


def volunteer_due(days: int, **contact):
    """An active volunteer whose clearance is due again in ``days`` days."""
    contact.setdefault("last_name", f"Zeugnis{make._next()}")
    return make.volunteer(
        contact=make.contact(**contact),
        status=VolunteerStatus.ACTIVE,
        clearance_issued_on=add_years(MONDAY + timedelta(days=days), -5),
    )


def keys(day: date, sensitive=None) -> dict[str, list[tuple[str, str, bool]]]:
    """{user e-mail: [(key, step, new)]} of the digests due on ``day``."""
    return {
        d.email: [(i.key.split(":")[0], i.step, d.is_new(i)) for i in d.items]
        for d in digests(db.session, day, sensitive)
    }


# --- who gets a digest, and when -------------------------------------------------------------


def test_weekly_on_mondays_daily_every_day_readers_none_by_default(ctx):
    weekly = user("coordinator")
    daily = user("admin", DigestFrequency.DAILY)
    reader = user("viewer")
    stopped = user("coordinator", DigestFrequency.NONE)
    volunteer_due(20)
    assert set(keys(MONDAY)) == {weekly.email, daily.email}
    assert set(keys(MONDAY + DAY)) == {daily.email}
    assert reader.email not in keys(MONDAY) and stopped.email not in keys(MONDAY)


def test_an_inactive_user_gets_nothing(ctx):
    gone = user("coordinator", DigestFrequency.DAILY)
    gone.active = False
    db.session.commit()
    volunteer_due(20)
    assert keys(MONDAY) == {}


def test_a_digest_only_with_something_due(ctx):
    user("coordinator", DigestFrequency.DAILY)
    volunteer_due(61)  # not yet within 60 days
    assert keys(MONDAY) == {}


# --- each kind of item at its step -----------------------------------------------------------


def test_clearance_at_60_30_and_7_days_and_not_in_between(ctx):
    me = user("coordinator", DigestFrequency.DAILY)
    volunteer_due(45)
    assert keys(MONDAY)[me.email] == [("clearance", "60", True)]
    for days, step in ((31, "60"), (30, "30"), (8, "30"), (7, "7"), (0, "7")):
        assert keys(MONDAY + timedelta(days=45 - days))[me.email][0][1] == step
    assert keys(MONDAY + timedelta(days=46)) == {}  # lapsed: the due list shows it, not here


def test_a_reader_whose_role_may_not_read_clearances_gets_none(ctx):
    reader = user("viewer", DigestFrequency.DAILY)
    volunteer_due(20)
    assert reader.email not in keys(MONDAY)  # by default coordinators read clearances
    assert reader.email in keys(MONDAY, {"clearance": "viewer"})


def test_own_tasks_due_tomorrow_or_overdue(ctx):
    me, other = user("coordinator", DigestFrequency.DAILY), user("coordinator")
    make.task(owner_user=me, due_on=MONDAY + DAY)
    make.task(owner_user=me, due_on=MONDAY - DAY)
    make.task(owner_user=me, due_on=MONDAY + 2 * DAY)  # not yet
    make.task(owner_user=me, due_on=MONDAY - DAY, done_on=MONDAY - DAY)  # done
    make.task(owner_user=other, due_on=MONDAY)  # someone else's
    assert sorted(keys(MONDAY)[me.email]) == [
        ("task", "faellig", True),
        ("task", "ueberfaellig", True),
    ]
    assert keys(MONDAY)[other.email] == [("task", "faellig", True)]


def test_meetings_in_the_next_seven_days(ctx):
    me = user("coordinator", DigestFrequency.DAILY)
    soon = datetime.combine(MONDAY + 6 * DAY, time(16), tzinfo=UTC)
    make.meeting(starts_at=soon)
    make.meeting(starts_at=soon + 2 * DAY)  # in eight days
    assert keys(MONDAY)[me.email] == [("meeting", "7", True)]


def test_assignments_waiting_over_14_days(ctx):
    me = user("coordinator", DigestFrequency.DAILY)
    for days in (15, 14):
        job = make.assignment(status=AssignmentStatus.OPEN, starts_on=None)
        job.created_at = datetime.combine(MONDAY - timedelta(days=days), time(8), tzinfo=UTC)
    db.session.commit()
    assert keys(MONDAY)[me.email] == [("waiting", "14", True)]


def test_participants_missing_a_module_before_their_course_ends(ctx):
    me = user("coordinator", DigestFrequency.DAILY)
    running = make.training(modules=2, dates=[MONDAY - DAY, MONDAY + DAY], ends_on=MONDAY + DAY)
    ended = make.training(modules=1, dates=[MONDAY - 9 * DAY], ends_on=MONDAY - DAY)
    make.participation(training=running)
    make.participation(training=ended)
    assert keys(MONDAY)[me.email] == [("modules", "1", True)]


def test_offers_not_checked_for_a_year(ctx):
    me = user("coordinator", DigestFrequency.DAILY)
    make.offer(checked_on=MONDAY - timedelta(days=366))
    make.offer(checked_on=MONDAY - timedelta(days=300))
    assert keys(MONDAY)[me.email] == [("offer", "365", True)]


# --- the choice on the account page, the switches on their forms ------------------------------


def test_each_user_chooses_their_digest_on_their_account_page(login_as):
    reader = login_as("viewer")
    page = reader.get("/admin/erinnerungen/")
    assert page.status_code == 200
    assert _checked(page.data) == "keine"  # readers: none by default
    version = _version(page.data)
    saved = reader.post("/admin/erinnerungen/", {"digest": "taeglich", "seen_version": version})
    assert saved.status_code == 302
    me = db.session.scalars(db.select(User).where(User.role == Role.VIEWER)).one()
    assert me.digest == DigestFrequency.DAILY
    coordinator = login_as("coordinator").get("/admin/erinnerungen/")
    assert _checked(coordinator.data) == "woechentlich"


def _checked(html: bytes) -> str:
    import re

    return re.search(rb'<input checked [^>]*value="(\w+)"', html).group(1).decode()


def _version(html: bytes) -> str:
    import re

    return re.search(rb'name="seen_version" type="hidden" value="(\d+)"', html).group(1).decode()


@pytest.mark.parametrize(
    "form",
    [
        {"digest": "stuendlich"},  # not a choice
        {"digest": "taeglich", "seen_version": ""},  # opened without its version
        {"digest": "taeglich", "seen_version": "999"},  # changed since
    ],
)
def test_a_bad_choice_is_refused_and_changes_nothing(login_as, form):
    browser = login_as("coordinator")
    before = database_checksum()
    page = browser.post("/admin/erinnerungen/", form)
    assert page.status_code == 200
    assert b"invalid-feedback" in page.data
    assert database_checksum() == before


def test_the_page_needs_a_login(ctx):
    from tests.helpers import Browser

    assert Browser(ctx).get("/admin/erinnerungen/").status_code == 302


def test_networks_and_the_office_switch_reminders_to_partners_on_their_forms(login_as):
    admin = login_as("admin")
    network = make.network()
    assert (
        b"Erinnerungen an Partner senden" in admin.get(f"/admin/network/edit/?id={network.id}").data
    )
    form = admin.get("/admin/settings/new/").data
    assert b"Erinnerungen an Partner senden" in form
    assert b"Erinnerungen an Ehrenamtliche senden" in form


# --- a fixed number of statements --------------------------------------------------------------


def plant_office(n: int) -> None:
    """``n`` users with a daily digest and a task each, ``n`` volunteers and partners due."""
    for i in range(n):
        me = user("coordinator", DigestFrequency.DAILY)
        make.task(owner_user=me, due_on=MONDAY - DAY)
        volunteer_due(20 + i % 30, email=f"v{i}@example.org", may_mail_email=True)
        partner = make.contact(email=f"p{i}@example.org", may_mail_email=True)
        make.task(owner=partner, due_on=MONDAY + DAY)
        make.offer(checked_on=None)


def statements_of_planning() -> tuple[int, int]:
    """(statements, mails) of computing and rendering everything a run would send."""
    from crm.reminder_mails import Links, planned_mails

    db.session.expire_all()
    with counted_queries() as statements:
        mails = planned_mails(db.session, MONDAY, Links(BASE), {}, "lotse@example.de")
    return len(statements), len(mails)


def test_the_run_costs_the_same_statements_for_5_and_50_people(ctx):
    plant_office(5)
    few, mails = statements_of_planning()
    assert mails == 15  # 5 digests, 5 partners, 5 volunteers
    plant_office(45)
    many, mails = statements_of_planning()
    assert mails == 150
    assert few == many == 11  # users, 6 sections, ledger, settings, 2 kinds outside
