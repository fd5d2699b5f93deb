"""Duplicates among the contacts: the pairs the screen finds (blocked on e-mail and folded
name) with their scores, a dismissed pair gone, the merge moving every reference and
leaving a history entry, the warning before a duplicate is created, statements and roles."""

import re
from datetime import date

from sqlalchemy import func, select

from crm.extensions import db
from crm.models import (
    Assignment,
    AuditEntry,
    Contact,
    ContactRole,
    DismissedPair,
    FollowUpTask,
    MeetingParticipant,
    Volunteer,
)
from tests import factories as make
from tests.helpers import counted_queries


def rows(page: bytes) -> list[str]:
    """The table rows of the duplicates screen, tags stripped, one string each."""
    body = page.decode()
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[-1], re.S)
    ]


def planted():
    """Two pairs and two near-misses: Müller/Mueller at one organisation, the same e-mail in
    different case; a same-named person elsewhere, and a different person at the same
    organisation."""
    caritas = make.organisation(name="Caritas")
    make.contact(first_name="Jürgen", last_name="Müller", roles=[caritas], phone="0171 234567")
    make.contact(first_name="Juergen", last_name="Mueller", roles=[caritas], phone="+49 171 234567")
    make.contact(first_name="Jürgen", last_name="Müller", postcode="99999")  # near-miss
    make.contact(first_name="Anna", last_name="Schmidt", roles=[caritas])  # near-miss
    make.contact(first_name="Ida", last_name="Weiß", email="Ida.Weiss@Example.org")
    make.contact(first_name="Ida", last_name="Weiss-Berg", email="ida.weiss@example.org")


def test_screen_finds_the_planted_pairs_with_scores(browser):
    planted()
    found = rows(browser.get("/admin/dubletten/").data)
    assert len(found) == 2, found
    assert "Müller, Jürgen" in found[0] and "Mueller, Juergen" in found[0]
    assert " 55 " in found[0] and "Name, Organisation, Telefon" in found[0]
    assert "Weiß, Ida" in found[1] and "Weiss-Berg, Ida" in found[1]
    assert " 40 " in found[1] and "E-Mail" in found[1]


def test_a_dismissed_pair_never_shows_again(browser):
    make.contact(first_name="Ida", last_name="Weiß", email="ida@example.org")
    make.contact(first_name="Ida", last_name="Weiss", email="IDA@example.org")
    first, second = db.session.scalars(select(Contact.id).order_by(Contact.id)).all()
    response = browser.post("/admin/dubletten/keine-dublette", {"a": second, "b": first})
    assert response.status_code == 302
    assert rows(browser.get("/admin/dubletten/").data) == []
    pair = db.session.scalars(select(DismissedPair)).one()
    assert (pair.first_id, pair.second_id) == (first, second)
    again = browser.post("/admin/dubletten/keine-dublette", {"a": first, "b": second})
    assert again.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(DismissedPair)) == 1


def versions(survivor: Contact, other: Contact) -> dict:
    """The versions the merge form carries, as it showed them."""
    return {"version_bleibt": survivor.version, "version_weg": other.version}


def test_merge_moves_every_reference_and_records_it(browser):
    caritas, awo = make.organisation(name="Caritas"), make.organisation(name="AWO")
    first_tag, second_tag = make.tag(name="Presse"), make.tag(name="Beirat")
    survivor = make.contact(
        first_name="Jürgen", last_name="Müller", roles=[caritas], tags=[first_tag]
    )
    other = make.contact(
        first_name="Juergen",
        last_name="Mueller",
        email="jm@example.org",
        phone="0171 1",
        roles=[awo],
        tags=[first_tag, second_tag],
    )
    both = make.meeting(participants=[survivor, other])
    only_other = make.meeting(participants=[other])
    make.task(owner=other, meeting=both)
    make.volunteer(contact=other)
    make.assignment(requested_by_contact_id=other.id)
    survivor_id, other_id = survivor.id, other.id

    form = browser.get(f"/admin/dubletten/zusammenfuehren?bleibt={survivor_id}&weg={other_id}")
    assert form.status_code == 200
    assert "0171 1" in form.data.decode() and "Juergen" in form.data.decode()
    response = browser.post(
        "/admin/dubletten/zusammenfuehren",
        {
            "bleibt": survivor_id,
            "weg": other_id,
            "email": "weg",
            "first_name": "bleibt",
            **versions(survivor, other),
        },
    )
    assert response.status_code == 302, response.data[:3000]

    assert db.session.get(Contact, other_id) is None
    kept = db.session.get(Contact, survivor_id)
    assert (kept.first_name, kept.email, kept.phone) == ("Jürgen", "jm@example.org", None)
    assert {r.organisation.name for r in kept.roles} == {"Caritas", "AWO"}
    assert {t.name for t in kept.tags} == {"Presse", "Beirat"}
    participations = db.session.scalars(
        select(MeetingParticipant.meeting_id).where(MeetingParticipant.contact_id == survivor_id)
    ).all()
    assert sorted(participations) == sorted([both.id, only_other.id])
    assert db.session.scalar(select(FollowUpTask.owner_id)) == survivor_id
    assert db.session.scalar(select(Volunteer.contact_id)) == survivor_id
    assert db.session.scalar(select(Assignment.requested_by_contact_id)) == survivor_id
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "merge")).one()
    assert (entry.table, entry.row_id) == ("contacts", survivor_id)
    assert entry.user_id is not None
    assert entry.changes["merged_id"] == other_id
    assert entry.changes["merged_name"] == "Mueller, Juergen"
    assert entry.changes["fields"] == ["email"]
    assert entry.changes["moved"]["meeting_participants"] == 1
    assert entry.changes["moved"]["contact_roles"] == 1


def test_two_volunteer_profiles_are_refused_and_nothing_changes(browser):
    first, second = make.volunteer(), make.volunteer()
    ids = first.contact_id, second.contact_id
    sent = {"bleibt": ids[0], "weg": ids[1], **versions(first.contact, second.contact)}
    response = browser.post("/admin/dubletten/zusammenfuehren", sent)
    assert response.status_code == 200
    assert "Ehrenamtsprofil" in response.data.decode()
    assert db.session.get(Contact, ids[1]) is not None
    assert (
        db.session.scalar(select(Volunteer.contact_id).where(Volunteer.id == second.id)) == ids[1]
    )


def test_create_warns_of_a_duplicate_and_saves_when_confirmed(browser):
    caritas = make.organisation(name="Caritas")
    existing = make.contact(first_name="Jürgen", last_name="Müller", roles=[caritas])
    make.contact(first_name="Ida", last_name="Weiß", email="ida@example.org")
    new = {
        "first_name": "Juergen",
        "last_name": "Mueller",
        "roles-0-organisation": caritas.id,
        "roles-0-function": "Leitung",
    }
    count = select(func.count()).select_from(Contact)
    warned = browser.post("/admin/contact/new/", new)
    assert warned.status_code == 200
    page = warned.data.decode()
    assert "möglicherweise schon erfasst" in page
    assert f"/admin/contact/details/?id={existing.id}" in page
    assert db.session.scalar(count) == 2

    by_email = browser.post("/admin/contact/new/", {"last_name": "Neu", "email": "IDA@example.org"})
    assert "möglicherweise schon erfasst" in by_email.data.decode()
    assert db.session.scalar(count) == 2

    saved = browser.post("/admin/contact/new/", {**new, "save_anyway": "y"})
    assert saved.status_code == 302
    assert db.session.scalar(count) == 3
    assert db.session.scalar(select(func.count()).select_from(ContactRole)) == 2


def test_an_unrelated_new_contact_is_saved_at_once(browser):
    make.contact(first_name="Jürgen", last_name="Müller", email="jm@example.org")
    response = browser.post("/admin/contact/new/", {"first_name": "Jürgen", "last_name": "Müller"})
    assert response.status_code == 302


def test_screen_runs_fixed_statements(browser):
    def statements() -> int:
        with counted_queries() as sent:
            assert browser.get("/admin/dubletten/").status_code == 200
        return len(sent)

    planted()
    browser.get("/admin/dubletten/")
    small = statements()
    for i in range(6):
        make.contact(first_name="Eva", last_name=f"Özdemir{i}", email=f"eva{i}@example.org")
        make.contact(first_name="Eva", last_name=f"Oezdemir{i}", email=f"EVA{i}@example.org")
    assert len(rows(browser.get("/admin/dubletten/").data)) == 8
    assert statements() == small


def test_bad_ids_and_roles(browser, login_as):
    person = make.contact()
    for url in (
        "/admin/dubletten/zusammenfuehren?bleibt=x&weg=1",
        f"/admin/dubletten/zusammenfuehren?bleibt={person.id}&weg=999999",
        f"/admin/dubletten/zusammenfuehren?bleibt={person.id}&weg={person.id}",
        f"/admin/dubletten/zusammenfuehren?bleibt={person.id}&weg=99999999999999999999",
    ):
        assert browser.get(url).status_code == 404, url
    assert (
        browser.post("/admin/dubletten/keine-dublette", {"a": person.id, "b": "-1"}).status_code
        == 404
    )
    viewer = login_as("viewer")
    assert viewer.get("/admin/dubletten/").status_code == 403
    other = make.contact()
    refused = viewer.post(
        "/admin/dubletten/zusammenfuehren", {"bleibt": person.id, "weg": other.id}
    )
    assert refused.status_code == 403
    assert db.session.get(Contact, other.id) is not None


def test_a_contact_changed_since_the_form_opened_is_not_merged(browser):
    survivor, other = make.contact(last_name="Weiß"), make.contact(last_name="Weiss")
    form = browser.get(f"/admin/dubletten/zusammenfuehren?bleibt={survivor.id}&weg={other.id}")
    seen = re.search(r'name="version_weg" value="(\d+)"', form.data.decode()).group(1)
    other.phone = "0171 999999"
    db.session.commit()
    response = browser.post(
        "/admin/dubletten/zusammenfuehren",
        {
            "bleibt": survivor.id,
            "weg": other.id,
            "version_bleibt": survivor.version,
            "version_weg": seen,
        },
    )
    assert response.status_code == 200
    assert "inzwischen von jemand anderem geändert" in response.data.decode()
    assert db.session.get(Contact, other.id) is not None


def test_merged_contacts_holding_one_function_keep_it_once(browser):
    """Both typed-in records of one person hold „Leitung“ at the Caritas, with overlapping
    periods: the survivor keeps one function over both periods."""
    caritas = make.organisation(name="Caritas")
    survivor = make.contact(first_name="Jürgen", last_name="Müller")
    other = make.contact(first_name="Juergen", last_name="Mueller")
    survivor.roles.append(
        ContactRole(organisation=caritas, function="Leitung", since=date(2022, 1, 1))
    )
    other.roles.append(
        ContactRole(
            organisation=caritas,
            function="Leitung",
            since=date(2019, 1, 1),
            until=date(2023, 1, 1),
        )
    )
    db.session.commit()
    answer = browser.post(
        "/admin/dubletten/zusammenfuehren",
        {"bleibt": survivor.id, "weg": other.id, **versions(survivor, other)},
    )
    assert answer.status_code == 302
    roles = db.session.execute(select(ContactRole.since, ContactRole.until)).all()
    assert roles == [(date(2019, 1, 1), None)]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "merge")).one()
    assert entry.changes["combined"] == ["Müller, Jürgen: Leitung (Caritas)"]
