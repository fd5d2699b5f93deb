"""Consent per purpose through the contact's page: each consent and withdrawal a row of its
history, the current state shown, the mailing reach following it, own migration experience
refused without its consent, bad input a German message that changes nothing."""

from datetime import date, timedelta

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import column, func, select, table

from crm import MIGRATIONS, operations
from crm.errors import RuleError
from crm.extensions import db
from crm.models import Consent, ConsentMethod, ConsentPurpose, Contact, Volunteer
from crm.models.choices import VolunteerStatus
from tests import factories as make
from tests.helpers import counted_queries
from tests.test_crud import flashed, form_values, text
from tests.test_i18n import text_of
from tests.test_mailing import consenting
from tests.test_migrations import fresh_app
from tests.test_volunteer_lifecycle import step

TODAY = date.today()


def purpose(code: str) -> ConsentPurpose:
    return db.session.scalars(select(ConsentPurpose).where(ConsentPurpose.code == code)).one()


def german(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def send(browser, contact, code, given=True, on=TODAY, how="formular", **extra):
    data = {
        "purpose": str(purpose(code).id),
        "given": "erteilt" if given else "widerrufen",
        "on": german(on),
        "how": how,
        **extra,
    }
    response = browser.post(f"/admin/contact/consent/?id={contact.id}", data)
    assert response.status_code == 302, response.status_code
    return text_of(browser.get(response.headers["Location"]))


def history(contact) -> list[tuple]:
    rows = db.session.scalars(
        select(Consent).where(Consent.contact_id == contact.id).order_by(Consent.id)
    )
    return [(r.purpose.code, r.given, r.on, r.how) for r in rows]


def test_consent_and_withdrawal_are_rows_and_the_page_shows_the_latest(browser):
    person = make.contact(last_name="Lotsin")
    done = send(browser, person, "photos", on=TODAY - timedelta(days=30), how="persoenlich")
    assert "Die Einwilligung wurde eingetragen." in done
    assert "eingetragen" in send(browser, person, "photos", given=False, how="brief")
    assert "eingetragen" in send(browser, person, "email", on=TODAY - timedelta(days=3))
    assert history(person) == [
        ("photos", True, TODAY - timedelta(days=30), ConsentMethod.IN_PERSON),
        ("photos", False, TODAY, ConsentMethod.LETTER),
        ("email", True, TODAY - timedelta(days=3), ConsentMethod.FORM),
    ]
    page = text_of(browser.get(f"/admin/contact/details/?id={person.id}"))
    shown = page[page.index("Einwilligungen") :]
    assert f"Fotos widerrufen {german(TODAY)} Brief" in shown
    assert f"E-Mail erteilt {german(TODAY - timedelta(days=3))} Formular" in shown
    assert db.session.get(Contact, person.id).may_mail_email is True


def test_the_mailing_reach_follows_a_withdrawal(browser):
    everyone = make.tag(name="Rundbrief")
    stays, leaves = consenting(tags=[everyone]), consenting(tags=[everyone])
    assert history(leaves) == [
        ("post", True, TODAY, ConsentMethod.CARRIED_OVER),
        ("email", True, TODAY, ConsentMethod.CARRIED_OVER),
    ]
    before = text_of(browser.get(f"/admin/mailing/?tag={everyone.id}"))
    assert "Per E-Mail: 2" in before
    send(browser, leaves, "email", given=False, how="email")
    after = text_of(browser.get(f"/admin/mailing/?tag={everyone.id}"))
    assert "Per E-Mail: 1 (1 ohne Einwilligung für E-Mail)" in after
    assert "Per Post: 2" in after
    exported = browser.post("/admin/mailing/export", {"tag": str(everyone.id), "output": "email"})
    assert exported.get_data(as_text=True).split() == [stays.email]


def test_own_migration_experience_needs_its_consent(browser):
    guide = make.volunteer()
    url = f"/admin/volunteer/edit/?id={guide.id}"
    form = form_values(text(browser.get(url)))
    refused = browser.post(url, {**form, "own_migration_experience": "y"}, follow_redirects=True)
    assert "nur mit Einwilligung gespeichert" in flashed(text(refused))
    assert db.session.get(Volunteer, guide.id).own_migration_experience is None

    send(browser, guide.contact, "migration")
    form = form_values(text(browser.get(url)))
    browser.post(url, {**form, "own_migration_experience": "y"})
    assert db.session.get(Volunteer, guide.id).own_migration_experience is True
    # Withdrawn, the fact goes with the consent.
    send(browser, guide.contact, "migration", given=False)
    assert db.session.get(Volunteer, guide.id).own_migration_experience is None


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"given": False}, "keine Einwilligung vor, die widerrufen werden könnte"),
        ({"on": TODAY + timedelta(days=1)}, "nicht in der Zukunft"),
        ({"on": TODAY - timedelta(days=20)}, "ein neuer Eintrag kann nicht davor liegen"),
        ({"how": "uebernommen"}, "Wie: "),
        ({"purpose": "x"}, "Zweck: "),
        ({"purpose": "999999"}, "Zweck: "),
        ({"on": "31.02.2026"}, "Datum: "),
        ({"note": "x" * 501}, "Notiz: "),
    ],
)
def test_bad_input_is_a_german_message_and_changes_nothing(browser, fields, message):
    person = make.contact()
    send(browser, person, "photos", on=TODAY - timedelta(days=10))
    send(browser, person, "photos", given=False, on=TODAY - timedelta(days=5))
    before = history(person)
    data = {
        "purpose": str(purpose("photos").id),
        "given": "erteilt",
        "on": german(TODAY),
        "how": "formular",
    }
    for key, value in fields.items():
        if key == "given":
            value = "widerrufen"
        data[key] = german(value) if isinstance(value, date) else value
    response = browser.post(f"/admin/contact/consent/?id={person.id}", data)
    assert response.status_code == 302
    assert message in text_of(browser.get(response.headers["Location"]))
    db.session.expire_all()
    assert history(person) == before


def test_only_writers_record_and_a_missing_contact_is_not_found(login_as):
    person = make.contact()
    reader = login_as("viewer")
    page = text(reader.get(f"/admin/contact/details/?id={person.id}"))
    assert "Einwilligungen" in page and "Widerruf eintragen" not in page
    data = {"purpose": str(purpose("post").id), "given": "erteilt", "on": german(TODAY)}
    assert reader.post(f"/admin/contact/consent/?id={person.id}", data).status_code == 403
    writer = login_as("coordinator")
    for wrong in ("abc", "999999", "99999999999"):
        assert writer.post(f"/admin/contact/consent/?id={wrong}", data).status_code == 404
    assert writer.post(f"/admin/contact/consent/?id={person.id}", data, csrf=False).status_code == (
        400
    )
    assert db.session.scalar(select(func.count()).select_from(Consent)) == 0


def test_the_flags_change_only_with_a_consent(ctx):
    person = make.contact()
    with pytest.raises(RuleError) as refused:
        operations.update(person, {"may_mail_post": True})
    db.session.rollback()
    assert "folgt aus den Einwilligungen" in str(refused.value)
    assert db.session.get(Contact, person.id).may_mail_post is False


def test_the_page_costs_the_same_with_more_consents(browser):
    counts = []
    for n in (1, 6):
        person = make.contact()
        for day in range(n):
            send(browser, person, "photos", on=TODAY - timedelta(days=2 * (n - day)))
            send(browser, person, "photos", given=False, on=TODAY - timedelta(days=2 * (n - day)))
        with counted_queries() as statements:
            assert browser.get(f"/admin/contact/details/?id={person.id}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_the_migration_carries_over_what_was_known(app, tmp_path):
    """Post and e-mail permissions, data-protection consents and the consent behind a stored
    migration experience become rows „übernommen“; nobody gains a consent they did not have."""
    fresh = fresh_app(app, tmp_path)
    with fresh.app_context():
        downgrade(directory=str(MIGRATIONS), revision="0012")
        stamps = {"created_at": TODAY, "updated_at": TODAY, "version": 1, "search_document": ""}
        contacts = table("contacts", *map(column, (
            "id", "last_name", "sort_first_name", "sort_last_name", "may_mail_post",
            "may_mail_email", "do_not_contact", "consent_on", "consent_source", *stamps,
        )))  # fmt: skip
        volunteers = table("volunteers", *map(column, (
            "id", "contact_id", "status", "has_car", "clearance_disqualifying",
            "data_consent_on", "own_migration_experience", *stamps,
        )))  # fmt: skip
        signed = date(2024, 5, 6)
        people = [
            (True, True, signed, "Formular"),
            (False, True, None, None),
            (False, False, None, None),
        ]
        with db.engine.begin() as connection:
            for n, (post, email, on, source) in enumerate(people, 1):
                connection.execute(contacts.insert().values(
                    id=n, last_name=f"Alt{n}", sort_first_name="", sort_last_name=f"alt{n}",
                    may_mail_post=post, may_mail_email=email, do_not_contact=False,
                    consent_on=on, consent_source=source, **stamps))  # fmt: skip
            for n, consented in ((1, signed), (3, None)):
                connection.execute(volunteers.insert().values(
                    id=n, contact_id=n, status="aktiv", has_car=False,
                    clearance_disqualifying=False, data_consent_on=consented,
                    own_migration_experience=True, **stamps))  # fmt: skip
        upgrade(directory=str(MIGRATIONS))
        rows = db.session.execute(
            select(Consent.contact_id, ConsentPurpose.code, Consent.given, Consent.on, Consent.how,
                   Consent.note)
            .join(Consent.purpose).order_by(Consent.contact_id, ConsentPurpose.position)
        ).all()  # fmt: skip
        carried = ConsentMethod.CARRIED_OVER
        assert [tuple(r) for r in rows] == [
            (1, "storage", True, signed, carried, None),
            (1, "post", True, signed, carried, "Formular"),
            (1, "email", True, signed, carried, "Formular"),
            (1, "migration", True, signed, carried, None),
            (2, "email", True, TODAY, carried, None),
        ]
        db.session.remove()
        db.engine.dispose()


def test_the_data_protection_day_follows_the_storage_consent(browser):
    """A volunteer's ``data_consent_on`` is the day of the consent to storage in force: set by
    a consent, cleared by its withdrawal (and then no activation), never written alone."""
    guide = make.volunteer(status=VolunteerStatus.IN_TRAINING, confidentiality_signed_on=TODAY)
    person = guide.contact
    assert db.session.get(Volunteer, guide.id).data_consent_on is None
    send(browser, person, "storage", on=TODAY - timedelta(days=3))
    assert db.session.get(Volunteer, guide.id).data_consent_on == TODAY - timedelta(days=3)
    send(browser, person, "storage", given=False, on=TODAY)
    assert db.session.get(Volunteer, guide.id).data_consent_on is None
    refused = step(browser, db.session.get(Volunteer, guide.id), "aktiv", TODAY)
    assert "kann erst aktiv werden, wenn vorliegt: Einwilligung Datenschutz" in text(refused)
    assert db.session.get(Volunteer, guide.id).status is VolunteerStatus.IN_TRAINING
    with pytest.raises(RuleError, match="Datenschutz-Einwilligung folgt aus den Einwilligungen"):
        operations.update(db.session.get(Volunteer, guide.id), {"data_consent_on": TODAY})
    db.session.rollback()
    form = text(browser.get(f"/admin/volunteer/edit/?id={guide.id}"))
    assert 'name="data_consent_on"' not in form and 'name="consent_on"' not in form


def test_a_new_volunteer_starts_the_storage_history_or_takes_its_day(ctx):
    signed = TODAY - timedelta(days=30)
    fresh = make.volunteer(data_consent_on=signed)
    assert history(fresh.contact) == [("storage", True, signed, ConsentMethod.CARRIED_OVER)]
    person = make.contact()
    operations.create(Consent(contact=person, purpose=purpose("storage"), given=True, on=signed,
                              how=ConsentMethod.FORM))  # fmt: skip
    db.session.commit()
    assert make.volunteer(contact=person).data_consent_on == signed


def test_migration_0019_makes_consent_days_rows_and_drops_the_columns(app, tmp_path):
    """A contact's consent day and source become a storage consent „übernommen“ (a volunteer's
    consent carried over before stays the only one); the downgrade puts them back."""
    fresh = fresh_app(app, tmp_path)
    with fresh.app_context():
        downgrade(directory=str(MIGRATIONS), revision="0017")
        stamps = {"created_at": TODAY, "updated_at": TODAY, "version": 1, "search_document": ""}
        contacts = table("contacts", *map(column, (
            "id", "last_name", "sort_first_name", "sort_last_name", "may_mail_post",
            "may_mail_email", "do_not_contact", "consent_on", "consent_source", *stamps,
        )))  # fmt: skip
        day = date(2024, 5, 6)
        with db.engine.begin() as connection:
            for n, (on, source) in enumerate(((day, "Fachtag"), (None, "Brief"), (None, None)), 1):
                connection.execute(contacts.insert().values(
                    id=n, last_name=f"Alt{n}", sort_first_name="", sort_last_name=f"alt{n}",
                    may_mail_post=False, may_mail_email=False, do_not_contact=False,
                    consent_on=on, consent_source=source, **stamps))  # fmt: skip
        upgrade(directory=str(MIGRATIONS))
        rows = db.session.execute(
            select(Consent.contact_id, ConsentPurpose.code, Consent.on, Consent.how, Consent.note)
            .join(Consent.purpose).order_by(Consent.contact_id)
        ).all()  # fmt: skip
        carried = ConsentMethod.CARRIED_OVER
        assert [tuple(r) for r in rows] == [
            (1, "storage", day, carried, "Fachtag"),
            (2, "storage", TODAY, carried, "Brief"),
        ]
        db.session.remove()
        downgrade(directory=str(MIGRATIONS), revision="0017")
        with db.engine.connect() as connection:
            back = connection.execute(
                select(contacts.c.id, contacts.c.consent_on, contacts.c.consent_source)
                .order_by(contacts.c.id)
            ).all()  # fmt: skip
        assert [(i, str(on) if on else None, note) for i, on, note in back] == [
            (1, str(day), "Fachtag"),
            (2, str(TODAY), "Brief"),
            (3, None, None),
        ]
        upgrade(directory=str(MIGRATIONS))
        db.session.remove()
        db.engine.dispose()
