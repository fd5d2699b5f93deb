"""Art. 15 and Art. 17: a person's data parsed back from the access export and its page, and
an anonymisation through its confirmation page: the name gone from search and history, the
funders' figures the same before and after; roles, bad ids, fixed statement counts."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import AssignmentLog, AuditEntry, Contact, Newcomer, StatusChange, Volunteer
from crm.models.choices import AssignmentArea, VolunteerStatus
from tests import factories as make
from tests.helpers import counted_queries
from tests.test_i18n import text_of

Q2 = "/admin/volunteer_figures/export/csv-utf8?period=quarter&year=2025&quarter=2"


def person_with_everything(n: int = 1) -> Volunteer:
    """A volunteer with a function, status changes, a certificate, assignments with logged
    time, a meeting, a task and history; ``n`` of the repeated rows each."""
    place = make.municipality(name=f"Wörthstadt {n}")
    org = make.organisation(name=f"Caritas {n}")
    person = make.contact(
        first_name="Zuzanna",
        last_name="Wiśniewska",
        email="zuzanna@example.org",
        phone="0151 1234",
        street="Lindenweg 3",
        notes="mag Hunde",
        roles=[(org, "Migrationsberatung")] * n,
    )
    helper = make.volunteer(
        contact=person,
        status=VolunteerStatus.ACTIVE,
        municipalities=[place],
        clearance_issued_on=date(2025, 1, 5),
        availability="dienstags",
    )
    helper.status_changes.append(
        StatusChange(status=VolunteerStatus.ACTIVE, changed_on=date(2025, 1, 10), note="Zuzanna")
    )
    family = make.newcomer(municipality=place, household_size=3, needs="Wohnung", first_name="Amal")
    for _ in range(n):
        job = make.assignment(
            volunteer=helper, newcomer=family, notes="mit Zuzanna", area=AssignmentArea.DOCTOR
        )
        job.logs.append(
            AssignmentLog(date=date(2025, 5, 2), hours=Decimal("2"), kilometres=8, note="Zuzanna")
        )
        make.participation(
            volunteer=helper,
            training=make.training(modules=1, dates=[date(2025, 4, 3)]),
            certificate_issued_on=date(2025, 6, 1),
            certificate={"name": "Zuzanna Wiśniewska", "modules": []},
        )
        make.meeting(participants=[person])
        make.task(owner=person, description="Protokoll schreiben")
    make.assignment(requested_by_contact=person, area=AssignmentArea.HOUSING)
    db.session.commit()
    return helper


def test_access_export_holds_every_table_and_is_recorded(browser, login_as):
    helper = person_with_everything()
    url = f"/admin/datenschutz/auskunft/{helper.contact_id}/json"
    response = browser.get(url)
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["person"][0]["last_name"] == "Wiśniewska"
    assert data["person"][0]["email"] == "zuzanna@example.org"
    assert data["roles"][0]["function"] == "Migrationsberatung"
    assert data["roles"][0]["organisation"] == "Caritas 1"
    assert data["volunteer"][0]["municipalities"] == "Wörthstadt 1"
    assert data["volunteer"][0]["clearance_issued_on"] == "2025-01-05"
    assert "Zuzanna" in [c["note"] for c in data["status_changes"]]
    assert data["participations"][0]["certificate"]["name"] == "Zuzanna Wiśniewska"
    assert sorted(a["area"] for a in data["assignments"]) == ["arztbesuch", "wohnungssuche"]
    assert data["assignment_logs"][0]["hours"] == "2.00"
    assert len(data["meetings"]) == 1 and data["tasks"][0]["description"] == "Protokoll schreiben"
    tables = {entry["table"] for entry in data["history"]}
    assert {"contacts", "volunteers", "assignments", "training_participations"} <= tables
    exported = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).all()
    assert [(e.table, e.row_id, e.changes["format"]) for e in exported] == [
        ("contacts", helper.contact_id, "art15-json")
    ]


def test_access_page_is_readable_and_german(browser):
    helper = person_with_everything()
    page = browser.get(f"/admin/datenschutz/auskunft/{helper.contact_id}/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Auskunft nach Art. 15 DSGVO" in text and "Zuzanna" in text
    assert "05.01.2025" in text and "Migrationsberatung" in text and "Protokoll schreiben" in text


def test_record_pages_offer_what_the_role_may(login_as):
    person, family = make.contact(), make.newcomer()
    offered = {}
    for role in ("viewer", "coordinator", "admin"):
        user = login_as(role)
        page = user.get(f"/admin/contact/details/?id={person.id}").get_data(as_text=True)
        page += user.get(f"/admin/newcomer/details/?id={family.id}").get_data(as_text=True)
        offered[role] = [
            url
            for url in (
                f"/admin/datenschutz/auskunft/{person.id}/",
                f"/admin/datenschutz/anonymisieren/{person.id}/",
                f"/admin/datenschutz/anonymisieren-begleitet/{family.id}/",
            )
            if f'href="{url}"' in page
        ]
    assert [len(offered[role]) for role in ("viewer", "coordinator", "admin")] == [0, 1, 3]


def test_access_export_runs_a_fixed_number_of_statements(browser):
    counts = []
    for n in (1, 3):
        helper = person_with_everything(n)
        for url in ("/", "/json"):
            with counted_queries() as statements:
                response = browser.get(f"/admin/datenschutz/auskunft/{helper.contact_id}{url}")
            assert response.status_code == 200
            counts.append((url, len(statements)))
    assert counts[:2] == counts[2:]


def test_anonymisation_asks_first_then_erases_and_keeps_the_figures(login_as):
    admin = login_as("admin")
    helper = person_with_everything()
    family = db.session.scalars(select(AssignmentLog)).first().assignment.newcomer
    contact_id, family_id = helper.contact_id, family.id
    before = admin.get(Q2).get_data(as_text=True)
    assert len(list(csv.reader(io.StringIO(before)))) > 1

    searched = [
        ("contact", "wisniewska", contact_id),
        ("contact", "Zuzanna", contact_id),
        ("volunteer", "dienstags", helper.id),
        ("newcomer", "Amal", family_id),
    ]
    for screen, word, row_id in searched:
        listing = admin.get(f"/admin/{screen}/?search={word}").get_data(as_text=True)
        assert f"details/?id={row_id}&" in listing, (screen, word)

    ask = admin.get(f"/admin/datenschutz/anonymisieren/{contact_id}/").get_data(as_text=True)
    assert "Wiśniewska, Zuzanna" in ask and "nicht rückgängig" in ask
    unconfirmed = admin.post(f"/admin/datenschutz/anonymisieren/{contact_id}/", data={})
    assert "Bitte bestätigen" in unconfirmed.get_data(as_text=True)
    assert db.session.get(Contact, contact_id).email == "zuzanna@example.org"

    done = admin.post(f"/admin/datenschutz/anonymisieren/{contact_id}/", data={"confirmed": "1"})
    assert done.status_code == 302
    assert (
        admin.post(
            f"/admin/datenschutz/anonymisieren-begleitet/{family_id}/", data={"confirmed": "1"}
        ).status_code
        == 302
    )

    person = db.session.get(Contact, contact_id)
    assert person.last_name == f"Gelöschte Person #{contact_id}"
    assert (person.first_name, person.email, person.phone, person.street, person.notes) == (
        None,
        None,
        None,
        None,
        None,
    )
    assert person.roles == []
    helper = db.session.get(Volunteer, helper.id)
    assert helper.clearance_issued_on is None and helper.availability is None
    assert helper.status == VolunteerStatus.ACTIVE and len(helper.municipalities) == 1
    assert all(c.note is None for c in helper.status_changes)
    family = db.session.get(type(family), family_id)
    assert (family.first_name, family.needs, family.reference) == (
        None,
        None,
        f"Anonymisiert #{family_id}",
    )
    assert family.household_size == 3

    assert admin.get(Q2).get_data(as_text=True) == before
    for screen, word, row_id in searched:
        listing = admin.get(f"/admin/{screen}/?search={word}").get_data(as_text=True)
        assert f"details/?id={row_id}&" not in listing, (screen, word)
    entries = [
        json.dumps([e.action, e.table, e.row_id, e.changes], ensure_ascii=False)
        for e in db.session.scalars(select(AuditEntry))
    ]
    for value in ("Zuzanna", "Wiśniewska", "zuzanna@example.org", "Lindenweg", "Amal", "Wohnung"):
        assert [e for e in entries if value in e] == []
    done = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "anonymise")).all()
    assert {(e.table, e.row_id) for e in done} == {
        ("contacts", contact_id),
        ("newcomers", family_id),
    }
    assert all(e.user_id is not None for e in done)


def checksum() -> str:
    """The people's rows and the history of changes (not logins and exports) as one text."""
    rows = [
        [getattr(row, c.key) for c in row.__table__.columns]
        for model in (Contact, Newcomer, Volunteer)
        for row in db.session.scalars(select(model).order_by(model.id))
    ]
    changes = db.session.scalars(
        select(AuditEntry.changes).where(AuditEntry.action.not_in(("login", "export")))
    ).all()
    return json.dumps([rows, changes], default=str)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/datenschutz/auskunft/{id}/",
        "/admin/datenschutz/auskunft/{id}/json",
        "/admin/datenschutz/anonymisieren/{id}/",
        "/admin/datenschutz/anonymisieren-begleitet/{id}/",
    ],
)
def test_roles_and_bad_ids(login_as, url):
    helper = person_with_everything()
    person = helper.contact
    family = db.session.scalars(select(Newcomer)).first()
    viewer, coordinator, admin = login_as("viewer"), login_as("coordinator"), login_as("admin")
    before = checksum()
    erases = "anonymisieren" in url
    row_id = family.id if "begleitet" in url else person.id
    assert viewer.get(url.format(id=row_id)).status_code == 403
    assert coordinator.get(url.format(id=row_id)).status_code == (403 if erases else 200)
    assert coordinator.post(url.format(id=row_id), data={"confirmed": "1"}).status_code in (
        403,
        405,
    )
    for bad in ("999999", "0", "abc", "99999999999999999999", "-1", "1%00", "%27%20or%201=1"):
        assert admin.get(url.format(id=bad)).status_code == 404
    if erases:  # asked again, nothing changed
        assert admin.post(url.format(id="abc"), data={"confirmed": "1"}).status_code == 404
        unconfirmed = admin.post(url.format(id=row_id), data={"confirmed": "ja"})
        assert "Bitte bestätigen" in unconfirmed.get_data(as_text=True)
        no_token = admin.post(url.format(id=row_id), data={"confirmed": "1"}, csrf=False)
        assert no_token.status_code in (200, 400)
    assert checksum() == before


def test_the_question_runs_a_fixed_number_of_statements(login_as):
    admin = login_as("admin")
    counts = []
    for n in (1, 3):
        helper = person_with_everything(n)
        with counted_queries() as statements:
            page = admin.get(f"/admin/datenschutz/anonymisieren/{helper.contact_id}/")
        assert f"Notizen in {n} Einsätzen" in page.get_data(as_text=True)
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_the_access_export_leaves_out_what_the_role_may_not_read(login_as, monkeypatch, ctx):
    """An office that reserves clearance and migration experience to admins: a coordinator's
    export lacks them (also in the history's old and new values) and says so; an admin's is
    complete."""
    monkeypatch.setitem(
        ctx.config, "SENSITIVE_FIELDS_ROLE", {"clearance": "admin", "migration_experience": "admin"}
    )
    helper = person_with_everything()
    url = f"/admin/datenschutz/auskunft/{helper.contact_id}/"
    coordinator, admin = login_as("coordinator"), login_as("admin")

    partial = json.loads(coordinator.get(url + "json").data)
    assert partial["left_out"]["groups"] == {
        "clearance": "Führungszeugnis",
        "migration_experience": "eigene Migrationserfahrung",
    }
    assert partial["left_out"]["complete_for_role"] == "admin"
    hidden = {"clearance_issued_on", "clearance_checked_on", "own_migration_experience"}
    assert hidden.isdisjoint(partial["volunteer"][0]) and "availability" in partial["volunteer"][0]
    assert all(
        hidden.isdisjoint(entry["changes"] or {})
        for entry in partial["history"]
        if entry["table"] == "volunteers"
    )
    page = text_of(coordinator.get(url))
    assert "Diese Auskunft ist nicht vollständig" in page and "„Verwaltung“" in page
    assert "05.01.2025" not in page

    complete = json.loads(admin.get(url + "json").data)
    assert complete["left_out"] is None
    assert complete["volunteer"][0]["clearance_issued_on"] == "2025-01-05"
    assert any(
        "clearance_issued_on" in (entry["changes"] or {})
        for entry in complete["history"]
        if entry["table"] == "volunteers"
    )
    assert "nicht vollständig" not in text_of(admin.get(url))
