"""The one write path (crm.operations): its rules called as functions, and the history it
records for every create, update and delete, through HTTP as a user makes them."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from crm import field_rules, operations
from crm.deletion import check_deletable
from crm.errors import RuleError, StaleChange
from crm.extensions import db
from crm.models import (
    Assignment,
    AssignmentLog,
    AuditEntry,
    Contact,
    Municipality,
    Organisation,
    User,
)
from crm.models.choices import AssignmentArea, AssignmentStatus, VolunteerStatus
from tests import factories as make
from tests.helpers import counted_queries
from tests.test_crud import form_values, text


def entries(table: str, action: str | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.table == table).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(db.session.scalars(query))


def me(browser) -> User:
    return db.session.scalars(select(User).order_by(User.id.desc())).first()


# --- rules as functions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("check", "good", "bad", "message"),
    [
        (field_rules.check_postcode, "01067", "1067", "fünf Ziffern"),
        (field_rules.check_official_key, "09184119", "918411", "acht Ziffern"),
        (field_rules.check_colour, "#1f77b4", "blau", "Farbe wie #1f77b4"),
        (field_rules.check_email, "anna@lotsenau.example", "anna at lotsenau", "E-Mail-Adresse"),
        (field_rules.check_website, "https://caritas.example", "caritas", "https://"),
    ],
)
def test_field_rules_refuse_in_german_without_a_form(check, good, bad, message):
    check(good)
    with pytest.raises(RuleError) as refused:
        check(bad)
    assert message in str(refused.value)


def test_a_row_breaking_a_field_rule_is_refused_and_nothing_is_written(ctx):
    with pytest.raises(RuleError) as refused:
        operations.create(Contact(last_name="Kaya", postcode="123"))
    db.session.rollback()
    assert refused.value.field == "postcode"
    assert "fünf Ziffern" in str(refused.value)
    assert db.session.scalar(select(func.count()).select_from(Contact)) == 0


def test_an_end_before_the_start_is_refused_at_the_end(ctx):
    course = make.training()
    with pytest.raises(RuleError) as refused:
        operations.update(course, {"ends_on": course.starts_on - timedelta(days=1)})
    db.session.rollback()
    assert refused.value.field == "ends_on"


def test_a_change_over_someone_elses_is_refused(ctx):
    org = make.organisation(name="Caritas")
    seen = org.version
    operations.update(org, {"name": "Caritas Kreisstelle"}, seen_version=seen)
    db.session.commit()
    with pytest.raises(StaleChange):
        operations.update(org, {"name": "Caritasverband"}, seen_version=seen)
    db.session.rollback()
    assert db.session.get(Organisation, org.id).name == "Caritas Kreisstelle"


def test_a_delete_others_point_to_is_refused_after_one_statement(ctx):
    org = make.organisation(name="Jobcenter")
    make.contact(roles=[org])
    make.offer(provider=org)
    assert org.id  # loaded before counting
    with counted_queries() as statements, pytest.raises(RuleError) as refused:
        check_deletable(org)
    assert len(statements) == 1
    assert "„Jobcenter“ kann nicht gelöscht werden" in str(refused.value)
    assert "Funktionen von Kontakten: 1" in str(refused.value) and "Angebote: 1" in str(
        refused.value
    )


def _household_with_minors_and(volunteer_kw: dict):
    household = make.newcomer(has_minors=True)
    helper = make.volunteer(status=VolunteerStatus.ACTIVE, **volunteer_kw)
    return household, helper


@pytest.mark.parametrize(
    "clearance",
    [
        {},
        {"clearance_issued_on": date.today() - timedelta(days=6 * 365)},
        {"clearance_issued_on": date.today(), "clearance_disqualifying": True},
    ],
    ids=["missing", "expired", "disqualifying"],
)
def test_a_household_with_minors_needs_a_valid_clearance(ctx, clearance):
    household, helper = _household_with_minors_and(clearance)
    job = Assignment(volunteer=helper, newcomer=household, area=AssignmentArea.DOCTOR)
    with pytest.raises(RuleError) as refused:
        operations.create(job)
    db.session.rollback()
    assert refused.value.field == "volunteer"
    assert "§ 72a" in str(refused.value)
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0


def test_a_valid_clearance_or_a_household_without_minors_is_fine(ctx):
    household, helper = _household_with_minors_and({"clearance_issued_on": date.today()})
    operations.create(Assignment(volunteer=helper, newcomer=household, area=AssignmentArea.DOCTOR))
    adults = make.newcomer(has_minors=False)
    operations.create(
        Assignment(volunteer=make.volunteer(), newcomer=adults, area=AssignmentArea.DOCTOR)
    )
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 2


def test_the_clearance_rule_through_the_form(browser):
    household, helper = _household_with_minors_and({})
    response = browser.post(
        "/admin/assignment/new/",
        {
            "volunteer": str(helper.id),
            "newcomer": str(household.id),
            "kind": "begleitung",
            "area": "arztbesuch",
            "status": "vermittelt",
        },
    )
    assert response.status_code == 200
    assert "erweitertes Führungszeugnis nötig (§ 72a SGB VIII). Stand: fehlt" in text(response)
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0


@pytest.mark.parametrize("status", [VolunteerStatus.PAUSED, VolunteerStatus.LEFT])
def test_a_paused_volunteer_or_one_who_left_takes_no_new_assignment(ctx, status):
    helper = make.volunteer(status=status)
    with pytest.raises(RuleError) as refused:
        operations.create(Assignment(volunteer=helper, area=AssignmentArea.DOCTOR))
    db.session.rollback()
    assert refused.value.field == "volunteer"
    assert f"ist {status.label} und kann keinen neuen Einsatz" in str(refused.value)
    done = Assignment(
        volunteer=helper,
        area=AssignmentArea.DOCTOR,
        status=AssignmentStatus.DONE,
        starts_on=date(2025, 4, 1),
        ends_on=date(2025, 4, 1),
    )
    operations.create(done)  # what they did is recorded afterwards all the same
    db.session.commit()


def test_an_assignment_keeps_its_volunteer_who_paused_since(ctx):
    helper = make.volunteer(status=VolunteerStatus.ACTIVE)
    job = make.assignment(volunteer=helper, notes="alt")
    helper.status = VolunteerStatus.PAUSED
    db.session.commit()
    operations.update(job, {"notes": "neu"})  # the volunteer is not changed: no refusal
    db.session.commit()
    assert db.session.get(Assignment, job.id).notes == "neu"


def test_assignment_look_ups_leave_out_paused_volunteers_trainings_do_not(browser):
    make.volunteer(
        contact=make.contact(first_name="Pia", last_name="Pause"), status=VolunteerStatus.PAUSED
    )
    make.volunteer(contact=make.contact(first_name="Aki", last_name="Pausewang"))
    for_job = browser.get("/admin/assignment/ajax/lookup/?name=volunteer&query=pause").get_json()
    assert [label.split(" · ")[0] for _, label in for_job] == ["Pausewang, Aki"]
    for_course = browser.get(
        "/admin/participation/ajax/lookup/?name=volunteer&query=pause"
    ).get_json()
    assert len(for_course) == 2


def test_volunteer_look_ups_are_by_name_and_leave_out_who_left(browser):
    make.volunteer(contact=make.contact(first_name="Zora", last_name="Berg"))
    make.volunteer(contact=make.contact(first_name="Anna", last_name="Berg"))
    make.volunteer(contact=make.contact(first_name="Ali", last_name="Bergmann"))
    make.volunteer(
        contact=make.contact(first_name="Otto", last_name="Berg"), status=VolunteerStatus.LEFT
    )
    response = browser.get("/admin/assignment/ajax/lookup/?name=volunteer&query=berg")
    names = [label.split(" · ")[0] for _, label in response.get_json()]
    assert names == ["Berg, Anna", "Berg, Zora", "Bergmann, Ali"]


# --- the history ----------------------------------------------------------------------------


def test_a_create_an_update_and_a_delete_are_recorded_with_their_values(browser):
    user = me(browser)
    assert (
        browser.post(
            "/admin/municipality/new/", {"name": "Birkenhain", "kind": "gemeinde"}
        ).status_code
        == 302
    )
    place_id = db.session.scalars(select(Municipality.id)).one()
    (created,) = entries("municipalities", "create")
    assert (created.user_id, created.row_id) == (user.id, place_id)
    assert created.changes["name"] == [None, "Birkenhain"]

    url = f"/admin/municipality/edit/?id={place_id}"
    form = {**form_values(text(browser.get(url))), "population": "4200"}
    assert browser.post(url, form).status_code == 302
    (updated,) = entries("municipalities", "update")
    assert updated.changes == {"population": [None, 4200]}  # nothing the user did not touch

    assert browser.post("/admin/municipality/delete/", {"id": str(place_id)}).status_code == 302
    (deleted,) = entries("municipalities", "delete")
    assert deleted.row_id == place_id and deleted.changes["name"] == ["Birkenhain", None]


def test_a_bulk_delete_records_each_row(browser):
    ids = [make.organisation(name="Erster Verein").id, make.organisation(name="Zweiter").id]
    response = browser.post(
        "/admin/organisation/action/", {"action": "delete", "rowid": [str(i) for i in ids]}
    )
    assert response.status_code == 302
    deleted = entries("organisations", "delete")
    assert sorted(e.row_id for e in deleted) == ids
    assert {e.user_id for e in deleted} == {me(browser).id}


def test_an_inline_child_change_is_recorded_as_its_own_row(browser):
    job = make.assignment(logs=1, notes="alt")
    log_id = job.logs[0].id
    url = f"/admin/assignment/edit/?id={job.id}"
    form = {**form_values(text(browser.get(url))), "logs-0-kilometres": "12"}
    assert browser.post(url, form).status_code == 302
    assert db.session.get(AssignmentLog, log_id).kilometres == Decimal("12")
    (changed,) = entries("assignment_logs", "update")
    assert changed.row_id == log_id
    assert changed.changes == {"kilometres": [None, "12"]}
    assert entries("assignments", "update") == []  # the assignment itself was not touched


def test_a_refused_save_records_nothing(browser):
    org = make.organisation(name="Tafel")
    before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    url = f"/admin/organisation/edit/?id={org.id}"
    form = {**form_values(text(browser.get(url))), "name": "Tafel e.V.", "postcode": "1"}
    assert browser.post(url, form).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == before
    assert db.session.get(Organisation, org.id).name == "Tafel"


def test_passwords_never_enter_the_history(login_as):
    admin = login_as("admin")
    form = {
        "name": "Neue Kollegin",
        "email": "Neu@Lotsenau.example",
        "role": "viewer",
        "active": "y",
        "locale": "de",
        "password": "ein-langes-passwort",
    }
    assert admin.post("/admin/user/new/", form).status_code == 302
    (created,) = [e for e in entries("users", "create") if e.changes["name"][1] == "Neue Kollegin"]
    assert created.changes["email"] == [None, "neu@lotsenau.example"]
    assert created.changes["password_hash"] == [None, "***"]
    assert "ein-langes-passwort" not in str(created.changes)


def test_the_status_of_a_closed_assignment_is_history(ctx):
    household, helper = _household_with_minors_and({})
    job = Assignment(
        volunteer=helper,
        newcomer=household,
        area=AssignmentArea.DOCTOR,
        status=AssignmentStatus.DONE,
        starts_on=date(2025, 4, 1),
        ends_on=date(2025, 4, 1),
    )
    operations.create(job)  # recorded afterwards, clearance or not
    db.session.commit()
    assert entries("assignments", "create")[0].changes["status"] == [None, "abgeschlossen"]
