"""Retention: the report with records planted one day on each side of every period, on the
screen „Aufbewahrung“ and in ``crm retention --dry-run``; the archive offer, its file and its
answer; „Geprüfte anonymisieren“ with a record changed in between, run twice; the funders'
figures before and after; hostile requests that change nothing; fixed statement counts."""

import csv
import io
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select, update

from crm.anonymisation import anonymise_contact, anonymise_newcomer
from crm.clearance import add_years
from crm.due import months_before
from crm.extensions import db
from crm.models import (
    ArchiveAnswer,
    ArchiveOffer,
    AuditEntry,
    Contact,
    Newcomer,
    OfficeSettings,
    Volunteer,
)
from crm.models.choices import AssignmentStatus, VolunteerStatus
from crm.people_figures import assignments_by_month_and_area, volunteers_by_status_and_municipality
from crm.retention import due
from tests import factories as make
from tests.checksum import database_checksum
from tests.helpers import counted_queries

TODAY = date.today()
SCREEN = "/admin/aufbewahrung/"


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), UTC)


def backdate(model, id: int, **values) -> None:
    """Set timestamps the write path would set to now, as if the row were that old."""
    db.session.execute(update(model).where(model.id == id).values(**values))
    db.session.commit()


def newcomer_ended(day: date, **kw) -> Newcomer:
    family = make.newcomer(**kw)
    make.assignment(newcomer=family, starts_on=day, ends_on=day, status=AssignmentStatus.DONE)
    return family


def quiet_contact(day: date, **kw) -> Contact:
    person = make.contact(**kw)
    backdate(Contact, person.id, updated_at=noon(day))
    return person


def volunteer_left(day: date, **kw):
    return make.volunteer(status=VolunteerStatus.LEFT, active_since=day, left_on=day, **kw)


def plant(batch: int = 1) -> dict[str, dict[str, int]]:
    """For each rule a record due today, one due tomorrow (one day inside the period) and
    records the rule must never name; returns {section: {what: id}}."""
    suffix = "" if batch == 1 else f"-{batch}"  # references are unique
    months = months_before(TODAY, 24)
    years3, years5 = add_years(TODAY, -3), add_years(TODAY, -5)
    tomorrow = timedelta(days=1)
    planted = {"newcomers": {}, "volunteers": {}, "contacts": {}, "clearance": {}}
    n = planted["newcomers"]
    place = make.municipality()
    n["due"] = newcomer_ended(months, reference=f"ALT-1{suffix}", municipality=place).id
    n["inside"] = newcomer_ended(months + tomorrow, reference=f"NEU-1{suffix}").id
    never = make.newcomer(reference=f"OHNE-1{suffix}")
    backdate(Newcomer, never.id, created_at=noon(months))
    n["recorded"] = never.id
    fresh = make.newcomer(reference=f"OHNE-2{suffix}")
    backdate(Newcomer, fresh.id, created_at=noon(months + tomorrow))
    n["recorded_inside"] = fresh.id
    running = newcomer_ended(months - tomorrow, reference=f"LAUFEND{suffix}")
    make.assignment(newcomer=running, starts_on=months, status=AssignmentStatus.RUNNING)
    n["running"] = running.id
    erased = newcomer_ended(months - tomorrow, reference=f"WEG{suffix}")
    anonymise_newcomer(db.session, erased)
    n["anonymised"] = erased.id

    v = planted["volunteers"]
    helper = volunteer_left(
        years3, contact=make.contact(last_name="Altlotsin"), municipalities=[place]
    )
    v["due"] = helper.contact_id
    v["inside"] = volunteer_left(years3 + tomorrow).contact_id
    staff = make.contact(last_name="Amtsperson", roles=[make.organisation()])
    v["function"] = volunteer_left(years3 - tomorrow, contact=staff).contact_id
    gone = volunteer_left(years3 - tomorrow)
    anonymise_contact(db.session, gone.contact)
    v["anonymised"] = gone.contact_id

    c = planted["contacts"]
    c["due"] = quiet_contact(years5, last_name="Stillperson").id
    c["inside"] = quiet_contact(years5 + tomorrow).id
    c["tagged"] = quiet_contact(years5 - tomorrow, tags=[make.tag()]).id
    met = quiet_contact(years5 - tomorrow, last_name="Trifftperson")
    make.meeting(participants=[met], starts_at=noon(years5 + tomorrow))
    c["met_inside"] = met.id
    old_meeting = quiet_contact(years5 - tomorrow, last_name="Alttreffen")
    make.meeting(participants=[old_meeting], starts_at=noon(years5))
    c["met_due"] = old_meeting.id

    k = planted["clearance"]
    held = {"clearance_issued_on": TODAY - timedelta(days=400)}
    held["clearance_checked_on"] = held["clearance_issued_on"] + timedelta(days=10)
    for what, days in (("due", 91), ("inside", 90)):
        helper = volunteer_left(TODAY - timedelta(days=days), **held)
        # Active after the inspection: only the three months after leaving count.
        make.assignment(volunteer=helper, status=AssignmentStatus.DONE)
        k[what] = helper.id
    db.session.commit()
    return planted


def ids_of(report) -> dict[str, set[int]]:
    return {s.key: {r.id for r in s.rows} for s in report.sections}


def test_each_rule_names_the_day_outside_and_not_the_day_inside(ctx):
    planted = plant()
    found = ids_of(due(db.session, TODAY))
    assert found == {
        "clearance": {planted["clearance"]["due"]},
        "newcomers": {planted["newcomers"]["due"], planted["newcomers"]["recorded"]},
        "volunteers": {planted["volunteers"]["due"]},
        "contacts": {planted["contacts"]["due"], planted["contacts"]["met_due"]},
    }
    report = due(db.session, TODAY)
    reasons = {r.id: r.reason for s in report.sections for r in s.rows}
    today = TODAY.strftime("%d.%m.%Y")
    assert reasons[planted["newcomers"]["due"]].endswith(f"fällig seit {today}")
    assert "ohne Einsatz" in reasons[planted["newcomers"]["recorded"]]
    assert reasons[planted["volunteers"]["due"]].startswith("ausgeschieden am")
    assert "letztes Treffen" in reasons[planted["contacts"]["met_due"]]
    assert f"fällig seit {today}" in reasons[planted["contacts"]["due"]]
    # Tomorrow the records one day inside the period are due too.
    later = ids_of(due(db.session, TODAY + timedelta(days=1)))
    assert planted["newcomers"]["inside"] in later["newcomers"]
    assert planted["newcomers"]["recorded_inside"] in later["newcomers"]
    assert planted["volunteers"]["inside"] in later["volunteers"]
    assert planted["contacts"]["inside"] in later["contacts"]
    assert planted["contacts"]["met_inside"] in later["contacts"]
    assert planted["clearance"]["inside"] in later["clearance"]
    never = {
        "newcomers": {planted["newcomers"]["running"], planted["newcomers"]["anonymised"]},
        "volunteers": {planted["volunteers"]["function"], planted["volunteers"]["anonymised"]},
        "contacts": {planted["contacts"]["tagged"]},
    }
    for key, ids in never.items():
        assert not ids & later[key], key


def test_the_periods_are_the_offices_settings(ctx, login_as):
    planted = plant()
    admin = login_as("admin")
    saved = admin.post(
        "/admin/settings/new/",
        {
            "hourly_rate": "3,00",
            "km_rate": "0,30",
            "yearly_hours_cap": "276",
            "yearly_allowance_cap": "840,00",
            "newcomer_retention_months": "36",
            "volunteer_retention_years": "3",
            "contact_retention_years": "5",
        },
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    assert db.session.scalars(select(OfficeSettings.newcomer_retention_months)).one() == 36
    assert ids_of(due(db.session, TODAY))["newcomers"] == set()
    settings = db.session.scalars(select(OfficeSettings)).one()
    zero = admin.post(
        f"/admin/settings/edit/?id={settings.id}",
        {
            "hourly_rate": "3,00",
            "km_rate": "0,30",
            "yearly_hours_cap": "276",
            "yearly_allowance_cap": "840,00",
            "newcomer_retention_months": "0",
            "volunteer_retention_years": "3",
            "contact_retention_years": "5",
            "seen_version": str(settings.version),
        },
    )
    assert "zwischen 1 und" in zero.get_data(as_text=True)
    assert planted


def test_the_dry_run_prints_the_screens_report_and_the_command_erases_nothing(ctx, runner):
    planted = plant()
    before = database_checksum()
    result = runner.invoke(args=["crm", "retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Begleitete Personen (24 Monate nach dem Ende des letzten Einsatzes): 2 fällig" in (
        result.output
    )
    assert f"Nr. {planted['volunteers']['due']} Altlotsin" in result.output
    assert (
        "Kontakte ohne Funktion und Aktivität" in result.output and "Stillperson" in result.output
    )
    assert "Führungszeugnis-Daten" in result.output
    assert "Probelauf: 6 Datensätze fällig; nichts geändert." in result.output
    refused = runner.invoke(args=["crm", "retention"])
    assert refused.exit_code != 0 and "„Aufbewahrung“" in refused.output
    assert database_checksum() == before


def test_the_screen_shows_the_report_to_coordinators_and_the_actions_to_admins(ctx, login_as):
    plant()
    coordinator, admin, viewer = login_as("coordinator"), login_as("admin"), login_as("viewer")
    assert viewer.get(SCREEN).status_code == 403
    read = coordinator.get(SCREEN).get_data(as_text=True)
    assert "Stillperson" in read and "ALT-1" in read and "Altlotsin" in read
    assert "Archivangebot erstellen" not in read
    page = admin.get(SCREEN).get_data(as_text=True)
    assert page.count("Archivangebot erstellen") == 3  # not for the clearance data
    assert "clearance-cleanup" in page


def test_the_screen_runs_a_fixed_number_of_statements(ctx, login_as):
    admin = login_as("admin")
    counts = []
    for batch in (1, 2):
        plant(batch)
        admin.post(SCREEN + "angebot", {"section": "contacts"})
        with counted_queries() as statements:
            assert admin.get(SCREEN).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
    offer = db.session.scalars(select(ArchiveOffer)).first()
    answer(admin, offer)
    counts = []
    for batch in (3, 4):
        with counted_queries() as statements:
            assert admin.get(f"{SCREEN}angebot/{offer.id}/anonymisieren").status_code == 200
        counts.append(len(statements))
        plant(batch)  # more records offered, due or not
        everyone = db.session.scalars(select(Contact.id)).all()
        db.session.execute(update(ArchiveOffer).values(record_ids=everyone))
        db.session.commit()
    assert counts[0] == counts[1]


def answer(browser, offer, on=None, answer="nicht_archivwuerdig", follow=False, **extra):
    data = {
        "answer": answer,
        "answered_on": (on or TODAY).strftime("%d.%m.%Y"),
        "note": "Schreiben des Landesarchivs",
        "version": str(offer.version),
        **extra,
    }
    return browser.post(f"{SCREEN}angebot/{offer.id}/antwort", data, follow_redirects=follow)


def figures(browser) -> list:
    """The funders' figures of every year the planted records touch, as their files, and the
    volunteers by status and municipality and the assignments by month and area."""
    files = [
        browser.get(f"/admin/volunteer_figures/export/csv-utf8?period=year&year={year}").get_data(
            as_text=True
        )
        for year in range(TODAY.year - 6, TODAY.year + 1)
    ]
    return [*files, volunteers_by_status_and_municipality(), assignments_by_month_and_area(TODAY)]


def test_offer_answer_and_one_reviewed_anonymisation(ctx, login_as):
    planted = plant()
    admin = login_as("admin")
    family = db.session.get(Newcomer, planted["newcomers"]["due"])
    # Time logged for the family long ago: the figures count it before and after.
    make.assignment(
        newcomer=family,
        volunteer=make.volunteer(
            status=VolunteerStatus.ACTIVE,
            active_since=date(2020, 1, 1),
            municipalities=[family.municipality],
        ),
        starts_on=months_before(TODAY, 30),
        ends_on=months_before(TODAY, 30),
        status=AssignmentStatus.DONE,
        logs=2,
    )
    before = figures(admin)
    year = next(f for f in before[:-2] if "\r\n2025," in f)  # the year of the logged time
    assert ",1,1,3," in year  # one household of one person, three hours
    assert before[-2].rows  # volunteers by status in the family's municipality

    made = admin.post(SCREEN + "angebot", {"section": "newcomers"})
    assert made.status_code == 302
    offer = db.session.scalars(select(ArchiveOffer)).one()
    assert sorted(offer.record_ids) == sorted(
        [planted["newcomers"]["due"], planted["newcomers"]["recorded"]]
    )
    again = admin.post(SCREEN + "angebot", {"section": "newcomers"}, follow_redirects=True)
    assert "schon ein Archivangebot" in again.get_data(as_text=True)

    download = admin.get(f"{SCREEN}angebot/{offer.id}/datei/csv-utf8")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True))))
    assert rows[0] == ["Nr.", "Name", "Kommune", "fällig seit", "Grund"]
    assert {r[1] for r in rows[1:]} == {"ALT-1", "OHNE-1"}
    exported = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.table == "archive_offers", AuditEntry.action == "export"
        )
    ).one()
    assert (exported.table, exported.row_id, exported.changes["rows"]) == (
        "archive_offers",
        offer.id,
        2,
    )
    xlsx = admin.get(f"{SCREEN}angebot/{offer.id}/datei/xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"

    not_yet = admin.get(f"{SCREEN}angebot/{offer.id}/anonymisieren", follow_redirects=True)
    assert "Erst die Antwort des Archivs" in not_yet.get_data(as_text=True)
    assert answer(admin, offer).status_code == 302
    offer = db.session.get(ArchiveOffer, offer.id)
    assert (offer.answer, offer.answered_on) == (ArchiveAnswer.NOT_WORTH, TODAY)

    # A record changed after the offer is left out and named.
    changed = db.session.get(Newcomer, planted["newcomers"]["recorded"])
    edited = admin.post(
        f"/admin/newcomer/edit/?id={changed.id}",
        {"reference": "OHNE-1", "household_size": "2", "seen_version": str(changed.version)},
    )
    assert edited.status_code == 302
    ask = admin.get(f"{SCREEN}angebot/{offer.id}/anonymisieren").get_data(as_text=True)
    assert "1 Datensätze „Begleitete Personen“ werden anonymisiert" in ask
    assert "OHNE-1" in ask and "seit dem Angebot geändert" in ask
    unconfirmed = admin.post(f"{SCREEN}angebot/{offer.id}/anonymisieren", {})
    assert "Bitte bestätigen" in unconfirmed.get_data(as_text=True)
    assert db.session.get(Newcomer, planted["newcomers"]["due"]).reference == "ALT-1"

    done = admin.post(
        f"{SCREEN}angebot/{offer.id}/anonymisieren", {"confirmed": "1"}, follow_redirects=True
    )
    text = done.get_data(as_text=True)
    assert "1 Datensätze anonymisiert. Ausgelassen: OHNE-1 (seit dem Angebot geändert)" in text
    erased_id = planted["newcomers"]["due"]
    assert db.session.get(Newcomer, erased_id).reference == f"Anonymisiert #{erased_id}"
    assert db.session.get(Newcomer, changed.id).reference == "OHNE-1"
    offer = db.session.get(ArchiveOffer, offer.id)
    assert offer.anonymised_ids == [erased_id] and offer.left_out_ids == [changed.id]
    recorded = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "retention")).one()
    assert recorded.changes == {"section": "newcomers", "anonymised": 1, "left_out": 1}
    assert recorded.user_id is not None
    assert erased_id not in ids_of(due(db.session, TODAY))["newcomers"]
    assert figures(admin) == before

    checksum = database_checksum(leave_out=("audit_entries",))
    second = admin.post(
        f"{SCREEN}angebot/{offer.id}/anonymisieren", {"confirmed": "1"}, follow_redirects=True
    )
    assert "schon ausgeführt" in second.get_data(as_text=True)
    assert database_checksum(leave_out=("audit_entries",)) == checksum
    late = answer(admin, offer, answer="uebernommen", follow=True)
    assert "ausgeführt" in late.get_data(as_text=True)
    assert database_checksum(leave_out=("audit_entries",)) == checksum


def test_volunteers_and_contacts_are_anonymised_as_persons_and_the_figures_stay(ctx, login_as):
    planted = plant()
    admin = login_as("admin")
    before = figures(admin)
    assert before[-2].rows[0][1][-1] == 1  # the volunteer who left, in her municipality
    for section in ("volunteers", "contacts"):
        assert admin.post(SCREEN + "angebot", {"section": section}).status_code == 302
    for offer in db.session.scalars(select(ArchiveOffer)).all():
        assert answer(admin, offer, answer="uebernommen").status_code == 302
        done = admin.post(f"{SCREEN}angebot/{offer.id}/anonymisieren", {"confirmed": "1"})
        assert done.status_code == 302
    for key in ("volunteers", "contacts"):
        person = db.session.get(Contact, planted[key]["due"])
        assert person.last_name == f"Gelöschte Person #{person.id}"
    assert db.session.get(Contact, planted["contacts"]["tagged"]).last_name != "Gelöschte"
    assert figures(admin) == before
    found = ids_of(due(db.session, TODAY))
    assert found["volunteers"] == set() and found["contacts"] == set()


@pytest.mark.parametrize("role", ["viewer", "coordinator"])
def test_only_admins_offer_download_answer_and_anonymise(ctx, login_as, role):
    plant()
    admin = login_as("admin")
    admin.post(SCREEN + "angebot", {"section": "contacts"})
    offer = db.session.scalars(select(ArchiveOffer)).one()
    user = login_as(role)
    before = database_checksum(leave_out=("audit_entries",))
    assert user.post(SCREEN + "angebot", {"section": "newcomers"}).status_code == 403
    assert user.get(f"{SCREEN}angebot/{offer.id}/datei/csv").status_code == 403
    assert answer(user, offer).status_code == 403
    assert user.get(f"{SCREEN}angebot/{offer.id}/anonymisieren").status_code == 403
    post = user.post(f"{SCREEN}angebot/{offer.id}/anonymisieren", {"confirmed": "1"})
    assert post.status_code == 403
    assert database_checksum(leave_out=("audit_entries",)) == before


def test_hostile_requests_get_a_german_answer_and_change_nothing(ctx, login_as):
    plant()
    admin = login_as("admin")
    admin.post(SCREEN + "angebot", {"section": "contacts"})
    offer = db.session.scalars(select(ArchiveOffer)).one()
    before = database_checksum()
    for bad in ("999999", "0", "abc", "99999999999999999999", "-1", "1%00", "%27%20or%201=1"):
        for url in (
            f"{SCREEN}angebot/{bad}/datei/csv",
            f"{SCREEN}angebot/{bad}/anonymisieren",
        ):
            assert admin.get(url).status_code == 404, url
        assert (
            admin.post(f"{SCREEN}angebot/{bad}/anonymisieren", {"confirmed": "1"}).status_code
            == 404
        )
        answered = admin.post(f"{SCREEN}angebot/{bad}/antwort", {"answer": "uebernommen"})
        assert answered.status_code == 404
    assert admin.get(f"{SCREEN}angebot/{offer.id}/datei/pdf").status_code == 404
    refused = [
        admin.post(SCREEN + "angebot", {"section": "clearance"}, follow_redirects=True),
        admin.post(SCREEN + "angebot", {"section": "nichts\x00"}, follow_redirects=True),
        admin.post(SCREEN + "angebot", {"section": "contacts"}, follow_redirects=True),
        admin.post(
            f"{SCREEN}angebot/{offer.id}/anonymisieren", {"confirmed": "1"}, follow_redirects=True
        ),
        answer(admin, offer, answered_on="31.02.2026", follow=True),
        answer(admin, offer, answered_on="", follow=True),
        answer(admin, offer, on=TODAY + timedelta(days=1), follow=True),
        answer(admin, offer, on=TODAY - timedelta(days=400), follow=True),
        answer(admin, offer, answer="offen", follow=True),
        answer(admin, offer, answer="gestohlen", follow=True),
        answer(admin, offer, version="", follow=True),
        answer(admin, offer, version=str(offer.version + 1), follow=True),
    ]
    messages = (
        "kein Archivangebot",
        "schon ein Archivangebot",
        "Erst die Antwort",
        "Bitte ein Datum",
        "vor dem Angebot oder in der Zukunft",
        "zusammen angeben",
        "Not a valid choice",
        "ohne die Version",
        "inzwischen von jemand anderem",
    )
    for response in refused:
        text = response.get_data(as_text=True)
        assert response.status_code == 200, text[:500]
        assert "Nichts gespeichert" in text or any(m in text for m in messages), text[-3000:]
    no_token = admin.post(
        f"{SCREEN}angebot/{offer.id}/antwort", {"answer": "uebernommen"}, csrf=False
    )
    assert no_token.status_code == 400 and "Formular abgelaufen" in no_token.get_data(as_text=True)
    no_token = admin.post(SCREEN + "angebot", {"section": "newcomers"}, csrf=False)
    assert no_token.status_code == 400
    assert database_checksum() == before


def test_a_role_that_may_not_read_clearance_data_sees_no_such_section(ctx, login_as, monkeypatch):
    planted = plant()
    monkeypatch.setitem(ctx.config, "SENSITIVE_FIELDS_ROLE", {"clearance": "admin"})
    page = login_as("coordinator").get(SCREEN).get_data(as_text=True)
    assert "Führungszeugnis-Daten" not in page and "Stillperson" in page
    helper = db.session.get(Volunteer, planted["clearance"]["due"])
    assert str(helper) in login_as("admin").get(SCREEN).get_data(as_text=True)
