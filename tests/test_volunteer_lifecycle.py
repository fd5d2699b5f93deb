"""A volunteer's life cycle through the page's „Status ändern“: each step checked and recorded
with its date, the history shown, every refusal a German message that changes nothing."""

from datetime import UTC, date, datetime, timedelta

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import column, func, select, table

from crm import MIGRATIONS, operations
from crm.errors import RuleError
from crm.extensions import db
from crm.models import ExitReason, StatusChange, Volunteer
from crm.models.choices import VolunteerStatus
from tests import factories as make
from tests.test_crud import flashed, text
from tests.test_migrations import fresh_app
from tests.test_record_pages import sections

TODAY = date.today()


def ready(**kw) -> Volunteer:
    """An interested volunteer who has given consent and signed the pledge, recorded a year
    ago."""
    kw.setdefault("data_consent_on", TODAY - timedelta(days=400))
    kw.setdefault("confidentiality_signed_on", TODAY - timedelta(days=400))
    guide = make.volunteer(**kw)
    guide.status_changes[0].changed_on = TODAY - timedelta(days=365)
    db.session.commit()
    return guide


def reason(name: str) -> ExitReason:
    return db.session.scalars(select(ExitReason).where(ExitReason.name == name)).one()


def step(browser, volunteer, status, day, **fields):
    data = {"status": status, "on": day.strftime("%d.%m.%Y"), **fields}
    data.setdefault("seen_version", str(db.session.get(Volunteer, volunteer.id).version))
    return browser.post(f"/admin/volunteer/status/?id={volunteer.id}", data, follow_redirects=True)


def history(volunteer) -> list[tuple]:
    rows = db.session.scalars(
        select(StatusChange)
        .where(StatusChange.volunteer_id == volunteer.id)
        .order_by(StatusChange.changed_on, StatusChange.id)
    )
    return [(r.previous_status, r.status, r.changed_on, r.until, r.exit_reason_id) for r in rows]


def test_the_whole_cycle_through_the_page(browser):
    guide = ready(contact=make.contact(first_name="Lina", last_name="Lotsin"))
    days = [TODAY - timedelta(days=n) for n in (300, 200, 100, 50, 10)]
    moved = reason("umgezogen")
    for status, on, extra in (
        ("in_schulung", days[0], {}),
        ("aktiv", days[1], {}),
        ("pausiert", days[2], {"until": (days[2] + timedelta(days=30)).strftime("%d.%m.%Y")}),
        ("aktiv", days[3], {}),
        ("ausgeschieden", days[4], {"reason": str(moved.id), "note": "nach Hamburg"}),
    ):
        response = step(browser, guide, status, on, **extra)
        assert "Der Status wurde geändert." in flashed(text(response)), flashed(text(response))
    row = db.session.get(Volunteer, guide.id)
    assert (row.status, row.active_since, row.left_on, row.exit_reason_id, row.paused_until) == (
        VolunteerStatus.LEFT,
        days[1],
        days[4],
        moved.id,
        None,
    )
    assert [(old, new) for old, new, *_ in history(guide)] == [
        (None, "interessiert"),  # recorded when the volunteer was made
        ("interessiert", "in_schulung"),
        ("in_schulung", "aktiv"),
        ("aktiv", "pausiert"),
        ("pausiert", "aktiv"),
        ("aktiv", "ausgeschieden"),
    ]
    assert history(guide)[3][3] == days[2] + timedelta(days=30)
    shown = sections(browser.get(f"/admin/volunteer/details/?id={guide.id}"))["Statusverlauf"]
    newest = shown["rows"][0][1]
    assert newest[:2] == [days[4].strftime("%d.%m.%Y"), "ausgeschieden"]
    assert "umgezogen" in newest and "nach Hamburg" in newest
    assert len(shown["rows"]) == 6


def test_a_paused_volunteer_shows_until_when_and_is_due_afterwards(browser):
    guide = ready(status=VolunteerStatus.ACTIVE, active_since=TODAY - timedelta(days=90))
    until = TODAY + timedelta(days=20)
    step(browser, guide, "pausiert", TODAY, until=until.strftime("%d.%m.%Y"))
    page = text(browser.get(f"/admin/volunteer/details/?id={guide.id}"))
    assert f"pausiert bis {until:%d.%m.%Y}" in page
    assert "ist vorbei" not in page
    db.session.get(Volunteer, guide.id).paused_until = TODAY - timedelta(days=1)
    db.session.commit()
    page = text(browser.get(f"/admin/volunteer/details/?id={guide.id}"))
    assert f"Pause bis {TODAY - timedelta(days=1):%d.%m.%Y} ist vorbei: nachfragen" in page


def test_who_left_comes_back_as_interested(browser):
    guide = ready()
    job = str(reason("Beruf").id)
    step(browser, guide, "ausgeschieden", TODAY - timedelta(days=30), reason=job)
    step(browser, guide, "interessiert", TODAY)
    row = db.session.get(Volunteer, guide.id)
    assert (row.status, row.left_on, row.exit_reason_id) == (VolunteerStatus.INTERESTED, None, None)
    assert len(history(guide)) == 3


REFUSALS = [
    ({}, "aktiv", 0, {}, "Von „interessiert“ geht es nur weiter zu „in Schulung“, „ausgeschieden“"),
    (
        {"status": VolunteerStatus.IN_TRAINING, "data_consent_on": None},
        "aktiv",
        0,
        {},
        "kann erst aktiv werden, wenn vorliegt: Einwilligung Datenschutz.",
    ),
    (
        {"status": VolunteerStatus.IN_TRAINING, "confidentiality_signed_on": None},
        "aktiv",
        0,
        {},
        "wenn vorliegt: Verschwiegenheitserklärung.",
    ),
    ({}, "ausgeschieden", 0, {}, "Bitte einen Grund für das Ausscheiden wählen."),
    ({}, "in_schulung", -1, {}, "Eine Statusänderung kann nicht in der Zukunft liegen."),
    ({}, "in_schulung", 10, {}, "Das Datum liegt vor der letzten Statusänderung am"),
    (
        {"status": VolunteerStatus.ACTIVE},
        "pausiert",
        0,
        {"until": TODAY.strftime("%d.%m.%Y")},
        "Die Pause muss nach ihrem Beginn enden.",
    ),
    (
        {},
        "in_schulung",
        0,
        {"until": (TODAY + timedelta(days=9)).strftime("%d.%m.%Y")},
        "Ein „bis“-Datum gibt es nur beim Pausieren.",
    ),
    ({}, "in_schulung", 0, {"reason": "1"}, "Einen Grund gibt es nur beim Ausscheiden."),
    ({}, "in_schulung", 0, {"on": "31.02.2026"}, "Bitte ein Datum wie 01.12.2026 angeben."),
    ({}, "in_schulung", 0, {"on": ""}, "Bitte das Datum der Statusänderung angeben."),
    ({}, "verschollen", 0, {}, "Keine gültige Auswahl."),
    ({}, "in_schulung", 0, {"seen_version": "99"}, "inzwischen von jemand anderem geändert"),
]


@pytest.mark.parametrize(("volunteer", "status", "days_ago", "fields", "message"), REFUSALS)
def test_refused_steps_change_nothing(browser, volunteer, status, days_ago, fields, message):
    guide = ready(**volunteer)
    # The history starts five days ago, so a date before it can be tried.
    guide.status_changes[0].changed_on = TODAY - timedelta(days=5)
    db.session.commit()
    before = (guide.status, guide.version, history(guide))
    response = step(browser, guide, status, TODAY - timedelta(days=days_ago), **fields)
    assert message in flashed(text(response))
    db.session.expire_all()
    row = db.session.get(Volunteer, guide.id)
    assert (row.status, row.version, history(guide)) == before


def test_only_coordinators_change_a_status_and_only_with_the_token(login_as):
    guide = ready()
    reader = login_as("viewer")
    assert step(reader, guide, "in_schulung", TODAY).status_code == 403
    assert "Status ändern" not in text(reader.get(f"/admin/volunteer/details/?id={guide.id}"))
    writer = login_as("coordinator")
    url = f"/admin/volunteer/status/?id={guide.id}"
    refused = writer.post(url, {"status": "in_schulung", "on": "01.12.2026"}, csrf=False)
    assert refused.status_code == 400
    for wrong in ("abc", "999999", "99999999999"):
        missing = writer.post(f"/admin/volunteer/status/?id={wrong}", {"status": "in_schulung"})
        assert missing.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(StatusChange)) == 1


def test_a_volunteer_made_through_the_form_starts_its_history(browser):
    person = make.contact(last_name="Neu")
    response = browser.post(
        "/admin/volunteer/new/", {"contact": str(person.id)}, follow_redirects=True
    )
    assert response.status_code == 200
    made = db.session.scalars(select(Volunteer)).one()
    assert history(made) == [(None, VolunteerStatus.INTERESTED, TODAY, None, None)]


def test_the_form_no_longer_sets_a_status_and_the_write_path_refuses_it(browser):
    guide = ready()
    form = browser.get(f"/admin/volunteer/edit/?id={guide.id}")
    assert 'name="status"' not in text(form) and 'name="left_on"' not in text(form)
    with pytest.raises(RuleError) as refused:
        operations.update(guide, {"status": VolunteerStatus.ACTIVE})
    db.session.rollback()
    assert "Status ändern" in str(refused.value)
    assert db.session.get(Volunteer, guide.id).status == VolunteerStatus.INTERESTED


def test_the_migration_starts_the_history_of_every_volunteer(app, tmp_path):
    """Volunteers recorded before the history existed get one entry for their status: left
    on the day they left, active since they began, otherwise since they were recorded."""
    fresh = fresh_app(app, tmp_path)
    before = ScriptDirectory(str(MIGRATIONS)).get_revision("0008").down_revision
    recorded = datetime(2025, 6, 7, 10, 0, tzinfo=UTC)
    with fresh.app_context():
        downgrade(directory=str(MIGRATIONS), revision=before)
        stamps = {"created_at": recorded, "updated_at": recorded, "version": 1}
        contacts = table(
            "contacts", *(column(c) for c in ("id", "last_name", "sort_first_name",
            "sort_last_name", "may_mail_post", "may_mail_email", "do_not_contact", "created_at",
            "updated_at", "version", "search_document")),
        )  # fmt: skip
        volunteers = table(
            "volunteers", *(column(c) for c in ("id", "contact_id", "status", "active_since",
            "left_on", "has_car", "clearance_disqualifying", "created_at", "updated_at",
            "version", "search_document")),
        )  # fmt: skip
        people = [
            ("ausgeschieden", date(2024, 1, 1), date(2025, 3, 1)),
            ("aktiv", date(2024, 2, 1), None),
            ("interessiert", None, None),
        ]
        with db.engine.begin() as connection:
            for n, (status, since, left) in enumerate(people, 1):
                connection.execute(contacts.insert().values(
                    id=n, last_name=f"Alt{n}", sort_first_name="", sort_last_name=f"alt{n}",
                    may_mail_post=False, may_mail_email=False, do_not_contact=False,
                    search_document="", **stamps,
                ))  # fmt: skip
                connection.execute(volunteers.insert().values(
                    id=n, contact_id=n, status=status, active_since=since, left_on=left,
                    has_car=False, clearance_disqualifying=False, search_document="", **stamps,
                ))  # fmt: skip
        upgrade(directory=str(MIGRATIONS))
        changes = db.session.execute(
            select(
                StatusChange.volunteer_id, StatusChange.status, StatusChange.changed_on
            ).order_by(StatusChange.volunteer_id)
        ).all()
        assert [tuple(c) for c in changes] == [
            (1, VolunteerStatus.LEFT, date(2025, 3, 1)),
            (2, VolunteerStatus.ACTIVE, date(2024, 2, 1)),
            (3, VolunteerStatus.INTERESTED, date(2025, 6, 7)),
        ]
        assert db.session.scalar(select(func.count()).select_from(Volunteer)) == 3
        db.session.remove()
        db.engine.dispose()
