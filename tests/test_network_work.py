"""Network work through HTTP: delegates of member organisations, a new meeting that starts
with them, attendance marked on one screen, guests found or created, tasks owned by users
(„Meine Aufgaben“), overdue and closed with one click, who is in the network with a planted
attendance history, and the question before a meeting with tasks is deleted."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from crm.extensions import db
from crm.models import (
    Contact,
    FieldOfAction,
    FollowUpTask,
    MeetingParticipant,
    NetworkDelegate,
    NetworkMeeting,
    User,
)
from crm.models.choices import Attendance
from tests import factories as make
from tests.helpers import counted_queries


def delegated_network(members: int = 3):
    """A network whose member organisations each have one delegate working there."""
    orgs = [make.organisation(name=f"Träger {chr(65 + i)}") for i in range(members)]
    people = [make.contact(roles=[org], last_name=f"Delegierte{i}") for i, org in enumerate(orgs)]
    network = make.network(name="Runder Tisch Süd", members=orgs)
    for org, person in zip(orgs, people, strict=True):
        network.delegates.append(NetworkDelegate(organisation=org, contact=person))
    db.session.commit()
    return network, orgs, people


def held(network, days_ago: int, present=(), excused=()):
    """A meeting of the network ``days_ago`` days back, with these organisations' delegates."""
    meeting = make.meeting(network=network, starts_at=datetime.now(UTC) - timedelta(days=days_ago))
    for attendance, orgs in ((Attendance.PRESENT, present), (Attendance.EXCUSED, excused)):
        for org in orgs:
            person = next(d.contact for d in network.delegates if d.organisation is org)
            meeting.participants.append(
                MeetingParticipant(contact=person, organisation=org, attendance=attendance)
            )
    db.session.commit()
    return meeting


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_delegates_are_entered_on_the_network_form_and_must_work_there(browser):
    org, elsewhere = make.organisation(name="Caritas Nord"), make.organisation()
    person = make.contact(roles=[org], last_name="Yılmaz")
    stranger = make.contact(roles=[elsewhere], last_name="Fremd")
    form = {
        "name": "Arbeitskreis Wohnen",
        "members": str(org.id),
        "delegates-0-organisation": str(org.id),
        "delegates-0-contact": str(stranger.id),
    }
    refused = browser.post("/admin/network/new/", data=form)
    assert refused.status_code == 200
    assert "hat keine aktuelle Funktion bei „Caritas Nord“" in refused.get_data(as_text=True)
    assert db.session.query(NetworkDelegate).count() == 0

    form["delegates-0-contact"] = str(person.id)
    assert browser.post("/admin/network/new/", data=form).status_code == 302
    delegate = db.session.query(NetworkDelegate).one()
    assert (delegate.contact, delegate.organisation) == (person, org)


def test_a_new_meeting_starts_with_the_delegates_and_opens_the_attendance_screen(browser):
    network, orgs, people = delegated_network()
    response = browser.post(
        "/admin/meeting/new/",
        data={"network": str(network.id), "title": "Frühjahr", "starts_at": "03.03.2027 15:00"},
    )
    meeting = db.session.query(NetworkMeeting).one()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/meeting/attendance/?id={meeting.id}")
    listed = {(p.contact, p.organisation, p.attendance) for p in meeting.participants}
    assert listed == {(p, o, Attendance.PRESENT) for p, o in zip(people, orgs, strict=True)}

    page = text(browser.get(f"/admin/meeting/attendance/?id={meeting.id}"))
    assert "Delegierte0, Vorname Träger A" in page
    # Taking the delegates over again adds nobody twice.
    browser.post(f"/admin/meeting/attendance/delegates/?id={meeting.id}")
    assert len(db.session.get(NetworkMeeting, meeting.id).participants) == 3


def test_attendance_of_everyone_in_one_save_and_only_what_was_changed(browser):
    network, orgs, people = delegated_network()
    meeting = held(network, 1, present=orgs)
    a, b, c = sorted(meeting.participants, key=lambda p: p.contact.last_name)
    page = browser.get(f"/admin/meeting/attendance/?id={meeting.id}").get_data(as_text=True)
    assert page.count('type="radio"') == 9
    # Someone else marked c excused since this form was opened.
    c.attendance = Attendance.EXCUSED
    db.session.commit()
    form = {f"was-{p.id}": "anwesend" for p in (a, b, c)}
    form.update({f"p-{a.id}": "entschuldigt", f"p-{b.id}": "abwesend", f"p-{c.id}": "anwesend"})
    response = browser.post(f"/admin/meeting/attendance/?id={meeting.id}", data=form)
    assert response.status_code == 302
    marks = {p.contact.last_name: p.attendance for p in meeting.participants}
    assert marks == {
        "Delegierte0": Attendance.EXCUSED,
        "Delegierte1": Attendance.ABSENT,
        "Delegierte2": Attendance.EXCUSED,  # untouched here: the other change stays
    }
    bad = browser.post(f"/admin/meeting/attendance/?id={meeting.id}", data={f"p-{a.id}": "x"})
    assert bad.status_code == 302 and a.attendance == Attendance.EXCUSED
    assert browser.post("/admin/meeting/attendance/?id=abc", data=form).status_code == 404


def test_a_guest_found_by_name_and_a_new_one_with_an_organisation(browser):
    meeting = make.meeting()
    school = make.organisation(name="Grundschule Birkenhain")
    guest = make.contact(roles=[school], first_name="Jürgen", last_name="Müller")
    page = browser.get(f"/admin/meeting/attendance/?id={meeting.id}&gast=mueller")
    assert "Müller, Jürgen" in text(page) and "Grundschule Birkenhain" in text(page)
    browser.post(f"/admin/meeting/attendance/guest/?id={meeting.id}", data={"contact": guest.id})
    assert [(p.contact, p.organisation) for p in meeting.participants] == [(guest, school)]
    again = browser.post(
        f"/admin/meeting/attendance/guest/?id={meeting.id}", data={"contact": guest.id}
    )
    assert "steht schon auf der Teilnahmeliste" in text(browser.get(again.headers["Location"]))
    assert len(db.session.get(NetworkMeeting, meeting.id).participants) == 1

    new = {"first_name": "Amal", "last_name": "Haddad", "organisation": "grundschule birk"}
    response = browser.post(f"/admin/meeting/attendance/guest/?id={meeting.id}", data=new)
    assert response.status_code == 302
    person = db.session.query(Contact).filter_by(last_name="Haddad").one()
    assert [r.organisation for r in person.roles] == [school]
    assert person in [p.contact for p in meeting.participants]

    unknown = {"last_name": "Niemand", "organisation": "Gibt es nicht"}
    refused = browser.post(f"/admin/meeting/attendance/guest/?id={meeting.id}", data=unknown)
    assert refused.status_code == 400 and "Keine Organisation „Gibt es nicht“" in text(refused)
    assert db.session.query(Contact).filter_by(last_name="Niemand").count() == 0


def test_tasks_overdue_mine_and_closed_with_one_click(login_as):
    browser = login_as("coordinator")
    me = db.session.query(User).filter(User.role == "coordinator").one()
    network, _, people = delegated_network(1)
    meeting = held(network, 10)
    yesterday = date.today() - timedelta(days=1)
    meeting.tasks.append(FollowUpTask(description="Flyer drucken", owner_user=me, due_on=yesterday))
    meeting.tasks.append(FollowUpTask(description="Saal buchen", owner=people[0]))
    make.task(description="Fremde Aufgabe")
    db.session.commit()

    listed = browser.get("/admin/task/")
    row = re.search(
        r"<tr[^>]*>(?:(?!</tr>).)*Flyer drucken.*?</tr>", listed.get_data(as_text=True), re.S
    )
    assert "überfällig" in row.group(0)

    on_network = text(browser.get(f"/admin/network/details/?id={network.id}"))
    assert "Offene Aufgaben 2" in on_network
    assert "Flyer drucken Test coordinator " + yesterday.strftime("%d.%m.%Y") + " überfällig" in (
        on_network
    )

    mine = browser.get("/admin/meine-aufgaben/")
    assert mine.status_code == 302
    page = text(browser.get(mine.headers["Location"]))
    assert "Flyer drucken" in page and "Saal buchen" not in page and "Fremde Aufgabe" not in page
    by_network = text(browser.get(f"/admin/task/?flt0_netzwerk_ist={network.id}"))
    assert "Flyer drucken" in by_network and "Fremde Aufgabe" not in by_network

    task = db.session.query(FollowUpTask).filter_by(description="Flyer drucken").one()
    assert browser.post("/admin/task/close/", data={"id": task.id}, csrf=False).status_code == 400
    assert task.done_on is None
    closed = browser.post("/admin/task/close/", data={"id": task.id, "url": "/admin/task/"})
    assert closed.status_code == 302 and closed.headers["Location"].endswith("/admin/task/")
    assert db.session.get(FollowUpTask, task.id).done_on == date.today()
    assert "Erledigt: „Flyer drucken“." in text(browser.get(mine.headers["Location"]))
    assert "Flyer drucken" not in text(browser.get(mine.headers["Location"]))  # no longer open


def test_viewers_neither_close_tasks_nor_mark_attendance(login_as):
    viewer = login_as("viewer")
    task = make.task(description="Nur lesen")
    meeting = make.meeting()
    listed = viewer.get("/admin/task/").get_data(as_text=True)
    assert "Nur lesen" in listed and "lotse-close" not in listed
    assert viewer.post("/admin/task/close/", data={"id": task.id}).status_code == 403
    assert viewer.get(f"/admin/meeting/attendance/?id={meeting.id}").status_code == 403
    assert db.session.get(FollowUpTask, task.id).done_on is None


def test_the_attendance_rate_of_a_planted_history(browser):
    network, (steady, away, late), _ = delegated_network()
    # Five meetings held, latest last: "away" came to the first two only, "late" to the last.
    for days, present in (
        (150, (steady, away)),
        (120, (steady, away)),
        (90, (steady,)),
        (60, (steady,)),
        (30, (steady, late)),
    ):
        held(network, days, present=present, excused=(away,) if away not in present else ())
    make.meeting(network=network, starts_at=datetime.now(UTC) + timedelta(days=20))  # to come
    page = browser.get(f"/admin/netzwerk-uebersicht/?netzwerk={network.id}").get_data(as_text=True)
    rows = {
        name: text_of_row
        for name, text_of_row in (
            (re.search(r"Träger [ABC]", r).group(0), re.sub(r"<[^>]+>|\s+", " ", r))
            for r in re.findall(r"<tr[^>]*>.*?</tr>", page, re.S)
            if re.search(r"Träger [ABC]", r)
        )
    }
    assert "100 % (5 von 5)" in rows["Träger A"]
    assert (
        "40 % (2 von 5)" in rows["Träger B"]
        and "bei den letzten 3 Treffen nicht dabei" in rows["Träger B"]
    )
    assert "20 % (1 von 5)" in rows["Träger C"] and "nicht dabei" not in rows["Träger C"]
    last = (datetime.now(UTC) - timedelta(days=120)).strftime("%d.%m.%Y")
    assert last in rows["Träger B"]
    assert re.search(r'<tr class="table-warning">(?:(?!</tr>).)*Träger B', page, re.S)


def test_two_networks_for_the_same_thing_in_the_same_place_show_up(browser):
    place, elsewhere = make.municipality(name="Birkenhain"), make.municipality(name="Anderswo")
    school, club = make.organisation(), make.organisation()
    make.offer(
        provider=school, municipality=place, fields=[make.catalogue_entry(FieldOfAction, "Sprache")]
    )
    make.offer(
        provider=club, municipality=place, fields=[make.catalogue_entry(FieldOfAction, "Sprache")]
    )
    make.offer(
        provider=club,
        municipality=elsewhere,
        fields=[make.catalogue_entry(FieldOfAction, "Gesundheit")],
    )
    make.network(name="Arbeitskreis Sprache", members=[school])
    make.network(name="Sprachcafé-Runde", members=[club])
    page = text(browser.get("/admin/netzwerk-uebersicht/"))
    assert "Arbeitskreis Sprache / Sprachcafé-Runde Sprache Birkenhain" in page
    assert "Sprachcafé-Runde Gesundheit Anderswo" in page.split("Was die Netzwerke abdecken")[1]
    assert "Gesundheit" not in page.split("Überschneidungen")[1].split("Gemeinsame Orte")[1]


def test_deleting_a_meeting_with_tasks_asks_first_and_says_what_goes(browser):
    network, orgs, _ = delegated_network(2)
    meeting = held(network, 3, present=orgs)
    meeting.tasks.append(FollowUpTask(description="Einladung verschicken"))
    db.session.commit()
    meeting_id = meeting.id
    page = browser.post("/admin/meeting/delete/", data={"id": meeting_id, "url": "/admin/meeting/"})
    assert page.status_code == 200
    shown = text(page)
    assert "Treffen löschen?" in shown and "2 Teilnahmen" in shown and "1 Aufgaben" in shown
    assert "Delegierte0, Vorname (Träger A): anwesend" in shown and "Einladung verschicken" in shown
    assert db.session.get(NetworkMeeting, meeting.id) is not None
    done = browser.post(
        "/admin/meeting/delete/",
        data={"id": meeting.id, "url": "/admin/meeting/", "confirmed": "1"},
    )
    assert done.status_code == 302
    assert db.session.query(NetworkMeeting).filter_by(id=meeting_id).count() == 0
    assert db.session.query(FollowUpTask).count() == 0
    assert db.session.query(Contact).count() == 2  # the people stay


def test_a_meeting_cannot_end_before_it_starts_and_a_task_has_one_owner(login_as):
    browser = login_as("coordinator")
    me = db.session.query(User).one()
    person = make.contact()
    refused = browser.post(
        "/admin/meeting/new/",
        data={"title": "Rückwärts", "starts_at": "03.03.2027 15:00", "ends_at": "03.03.2027 14:00"},
    )
    assert refused.status_code == 200 and db.session.query(NetworkMeeting).count() == 0
    both = browser.post(
        "/admin/task/new/",
        data={"description": "Doppelt", "owner": person.id, "owner_user": me.id},
    )
    assert "nicht beide" in both.get_data(as_text=True)
    gone = browser.post("/admin/task/new/", data={"description": "Niemand", "owner": "99999"})
    assert gone.status_code == 200 and db.session.query(FollowUpTask).count() == 0


@pytest.mark.parametrize(
    "url", ["/admin/network/details/?id={}", "/admin/task/", "/admin/netzwerk-uebersicht/"]
)
def test_network_page_task_list_and_overview_cost_the_same_at_two_sizes(login_as, url):
    browser = login_as("coordinator")
    counts = []
    network, orgs, people = delegated_network(2)
    for size in (2, 12):
        while len(network.members) < size:
            org = make.organisation()
            person = make.contact(roles=[org])
            network.members.append(org)
            network.delegates.append(NetworkDelegate(organisation=org, contact=person))
            db.session.commit()
        while db.session.query(NetworkMeeting).count() < size:
            meeting = held(
                network, 5 + db.session.query(NetworkMeeting).count(), present=network.members
            )
            meeting.tasks.append(
                FollowUpTask(description="Aufgabe", owner=people[0], due_on=date.today())
            )
            db.session.commit()
        make.offer(provider=network.members[-1], municipality=make.municipality())
        browser.get(url.format(network.id))  # warm
        with counted_queries() as statements:
            assert browser.get(url.format(network.id)).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_the_upgrade_takes_delegates_from_each_networks_latest_meeting(app, tmp_path):
    """Revision 0010 on a database with networks: who came for a member organisation to the
    latest held meeting delegates it; a non-member guest and an older meeting do not."""
    from alembic.script import ScriptDirectory
    from flask_migrate import downgrade, upgrade

    from crm import MIGRATIONS
    from tests.test_migrations import fresh_app

    fresh = fresh_app(app, tmp_path)
    with fresh.app_context():
        # The rows are made with today's models, then the schema goes back to before 0010
        # (the later revisions' downgrades keep them) and up again.
        member, guest_org = make.organisation(name="Mitglied"), make.organisation(name="Gast")
        old, new, guest = (make.contact(last_name=n) for n in ("Alt", "Neu", "Gast"))
        network = make.network(members=[member])
        ago = datetime.now(UTC) - timedelta(days=30)
        for person, org, when in ((old, member, ago), (new, member, ago + timedelta(days=7))):
            meeting = make.meeting(network=network, starts_at=when)
            meeting.participants.append(MeetingParticipant(contact=person, organisation=org))
        meeting.participants.append(MeetingParticipant(contact=guest, organisation=guest_org))
        db.session.commit()
        ids = (network.id, member.id, new.id)
        db.session.remove()
        before = ScriptDirectory(str(MIGRATIONS)).get_revision("0010").down_revision
        downgrade(directory=str(MIGRATIONS), revision=before)
        upgrade(directory=str(MIGRATIONS))
        rows = db.session.execute(
            db.select(
                NetworkDelegate.network_id,
                NetworkDelegate.organisation_id,
                NetworkDelegate.contact_id,
            )
        ).all()
        assert [tuple(r) for r in rows] == [ids]
        db.session.remove()
        db.engine.dispose()


def test_a_meeting_with_tasks_is_not_deleted_in_bulk(browser):
    bare, busy = make.meeting(title="Leer"), make.meeting(title="Mit Aufgabe")
    busy.tasks.append(FollowUpTask(description="Nachfassen"))
    db.session.commit()
    ids = [bare.id, busy.id]
    response = browser.post(
        "/admin/meeting/action/",
        data={"action": "delete", "rowid": [str(i) for i in ids], "url": "/admin/meeting/"},
        follow_redirects=True,
    )
    assert "„Mit Aufgabe (06.05.2025)“ hat 1 Aufgaben" in text(response)
    left = db.session.query(NetworkMeeting.id).all()
    assert [row.id for row in left] == [ids[1]]
