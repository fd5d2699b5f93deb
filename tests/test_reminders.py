"""Reminders (issue 23): the digest to the team, reminders to partners and volunteers, each at
its step and never twice, through `crm send-reminders` and a real SMTP server; the dry run;
the choice on the account page; a fixed number of statements."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from crm.clearance import add_years
from crm.extensions import db
from crm.models import OfficeSettings, User
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


# --- the run through the command, a real SMTP server --------------------------------------------


def partner(**kw):
    kw.setdefault("email", f"partner{make._next()}@example.org")
    kw.setdefault("may_mail_email", True)
    return make.contact(**kw)


def run(runner, day: date, *args):
    result = runner.invoke(args=on(day, *args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def plant_everything(me: User) -> None:
    """One item of each section of ``me``'s digest, at its step on MONDAY."""
    volunteer_due(30, first_name="Ayşe", last_name="Yılmaz")
    make.task(owner_user=me, due_on=MONDAY + DAY, description="Raum buchen")
    make.meeting(title="Runder Tisch", starts_at=datetime.combine(MONDAY + 2 * DAY, time(15)))
    job = make.assignment(status=AssignmentStatus.OPEN, starts_on=None)
    job.created_at = datetime.combine(MONDAY - 20 * DAY, time(8), tzinfo=UTC)
    running = make.training(modules=1, dates=[MONDAY - DAY], ends_on=MONDAY + 9 * DAY)
    make.participation(training=running)
    make.offer(title="Sprachcafé", checked_on=None)
    db.session.commit()


def test_the_digest_arrives_with_subject_parts_links_and_the_way_to_stop_it(
    ctx, runner, smtp_server
):
    me = user("coordinator", email="erika@example.org")  # weekly: Mondays
    plant_everything(me)
    result = run(runner, MONDAY)
    assert result.exit_code == 0, result.output
    (message,) = smtp_server.messages
    assert message["To"] == "erika@example.org"
    assert message["Subject"] == "Lotse: 6 Punkte fällig (7. Dezember 2026)"
    assert b"=?utf-8?" in message.as_bytes().split(b"Subject:")[1].split(b"\n")[0].lower()
    stop = f"{BASE}/admin/erinnerungen/"
    assert message["List-Unsubscribe"] == f"<{stop}>"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for part in (text, html):
        for heading in ("Ihre Aufgaben", "Führungszeugnisse", "Netzwerktreffen", "Einsätze"):
            assert heading in part
        assert "Yılmaz, Ayşe" in part and "Sprachcafé" in part and stop in part
    for endpoint in ("task", "volunteer", "meeting", "assignment", "participation", "offer"):
        assert f'href="{BASE}/admin/{endpoint}/details/?id=1"' in html
        assert f"{BASE}/admin/{endpoint}/details/?id=1" in text
    assert "wöchentlich (montags)" in text and "„keine“" in text
    # The outbox and the history record the send.
    from crm.models import AuditEntry, OutgoingMail

    mail = db.session.scalars(db.select(OutgoingMail)).one()
    assert mail.user_id == me.id and mail.kind == "erinnerung_team"
    assert db.session.scalar(db.select(AuditEntry.id).where(AuditEntry.table == "outgoing_mails"))


def test_a_user_reading_english_gets_the_digest_in_english(ctx, runner, smtp_server):
    me = user("coordinator", DigestFrequency.DAILY)
    me.locale = "en"
    db.session.commit()
    volunteer_due(30)
    run(runner, MONDAY)
    (message,) = smtp_server.messages
    assert message["Subject"] == "Lotse: 1 item due (December 7, 2026)"
    assert "Clearance certificates" in message.get_body(("plain",)).get_content()


def test_running_twice_sends_nothing_new_and_a_new_step_sends_again(ctx, runner, smtp_server):
    me = user("coordinator", DigestFrequency.DAILY)
    volunteer_due(31)
    run(runner, MONDAY)
    run(runner, MONDAY)  # the same day again
    run(runner, MONDAY + DAY)  # 30 days: the next step
    run(runner, MONDAY + 2 * DAY)  # 29 days: still at 30
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert subjects == [
        "Lotse: 1 Punkt fällig (7. Dezember 2026)",
        "Lotse: 1 Punkt fällig (8. Dezember 2026)",
    ]
    assert "[neu]" in smtp_server.messages[1].get_body(("plain",)).get_content()
    assert me.email in smtp_server.received[0].recipients


def test_a_digest_repeats_known_items_beside_a_new_one(ctx, runner, smtp_server):
    user("coordinator", DigestFrequency.DAILY)
    volunteer_due(45, last_name="Alt")
    run(runner, MONDAY)
    make.offer(title="Neues Angebot", checked_on=None)
    run(runner, MONDAY + DAY)
    text = smtp_server.messages[-1].get_body(("plain",)).get_content()
    assert "Alt, Vorname: Wiedervorlage" in text
    assert "Neues Angebot: nie geprüft [neu]" in text
    assert "- Alt, Vorname: Wiedervorlage am 21.01.2027" in text.splitlines()  # not new


def test_a_partner_is_reminded_three_days_before_a_task_once(ctx, runner, smtp_server):
    owner = partner(first_name="Jürgen", last_name="Weiß", salutation="herr")
    make.task(owner=owner, due_on=MONDAY + 4 * DAY, description="Liste der Räume schicken")
    run(runner, MONDAY)
    assert smtp_server.messages == []  # four days before: not yet
    for day in (MONDAY + DAY, MONDAY + DAY, MONDAY + 2 * DAY):
        run(runner, day)
    (message,) = smtp_server.messages
    assert message["To"] == owner.email
    assert message["Subject"] == "Erinnerung: Aufgabe fällig am 11. Dezember 2026"
    text = message.get_body(("plain",)).get_content()
    assert "Sehr geehrter Herr Weiß," in text and "Liste der Räume schicken" in text
    assert "keine Erinnerungen mehr" in text and message["List-Unsubscribe"].startswith("<mailto:")


def test_a_volunteer_hears_60_and_30_days_before_the_clearance_lapses(ctx, runner, smtp_server):
    volunteer_due(61, email="eva@example.org", may_mail_email=True)
    for days in (61, 60, 45, 30, 7, 0):
        run(runner, MONDAY + timedelta(days=61 - days))
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert subjects == ["Erinnerung: Ihr Führungszeugnis läuft am 6. Februar 2027 ab"] * 2
    assert all(m["To"] == "eva@example.org" for m in smtp_server.messages)


@pytest.mark.parametrize(
    "person",
    [
        {"do_not_contact": True},
        {"may_mail_email": False},
        {"email": None},
    ],
)
def test_who_may_not_be_written_to_gets_nothing(ctx, runner, smtp_server, person):
    make.task(owner=partner(**person), due_on=MONDAY + DAY)
    volunteer_due(30, **{"email": "v@example.org", "may_mail_email": True, **person})
    result = run(runner, MONDAY)
    assert result.exit_code == 0 and smtp_server.messages == []


def test_switched_off_networks_and_office_remind_nobody_outside(ctx, runner, smtp_server):
    quiet = make.network(remind_partners=False)
    make.task(owner=partner(), due_on=MONDAY + DAY, meeting=make.meeting(network=quiet))
    reminded = partner()
    make.task(owner=reminded, due_on=MONDAY + DAY, meeting=make.meeting(network=make.network()))
    run(runner, MONDAY, "--dry-run")
    db.session.add(OfficeSettings(**OfficeSettings.DEFAULTS))
    db.session.commit()
    run(runner, MONDAY)
    assert [m["To"] for m in smtp_server.messages] == [reminded.email]
    settings = db.session.scalars(db.select(OfficeSettings)).one()
    settings.remind_partners = settings.remind_volunteers = False
    db.session.commit()
    make.task(owner=partner(), due_on=MONDAY + 2 * DAY)
    volunteer_due(30, email="v@example.org", may_mail_email=True)
    run(runner, MONDAY + DAY)
    assert len(smtp_server.messages) == 1


def test_the_dry_run_prints_what_would_go_and_sends_and_writes_nothing(ctx, runner, smtp_server):
    me = user("coordinator", email="erika@example.org")
    plant_everything(me)
    make.task(owner=partner(email="p@example.org"), due_on=MONDAY + DAY, description="Flyer")
    before = database_checksum()
    result = run(runner, MONDAY, "--dry-run")
    assert result.exit_code == 0
    assert "An erika@example.org: Lotse: 6 Punkte fällig (7. Dezember 2026)" in result.output
    assert "  - Raum buchen: fällig am 08.12.2026" in result.output
    assert "An p@example.org: Erinnerung: Aufgabe fällig am 8. Dezember 2026" in result.output
    assert "Probelauf: 2 E-Mail(s) würden verschickt; nichts geschrieben." in result.output
    assert database_checksum() == before and smtp_server.messages == []


def test_a_server_that_is_down_leaves_the_mails_queued_and_says_so(ctx, runner, down_smtp):
    from crm.models import MailStatus, OutgoingMail

    user("coordinator", DigestFrequency.DAILY)
    volunteer_due(30)
    result = runner.invoke(args=on(MONDAY))
    assert result.exit_code == 1
    assert "Nicht alle E-Mails konnten zugestellt werden" in result.output
    assert "Traceback" not in result.output
    mail = db.session.scalars(db.select(OutgoingMail)).one()
    assert mail.status is MailStatus.QUEUED and mail.attempts == 1 and mail.last_error


def test_without_an_address_for_the_links_the_command_refuses(ctx, runner):
    result = runner.invoke(args=["crm", "send-reminders", "--today", MONDAY.isoformat()])
    assert result.exit_code == 1 and "BASE_URL" in result.output
