"""Record pages show what belongs together: a contact's functions, volunteer profile, networks,
meetings, tasks and assignments; an organisation's people, offers, networks and sub-
organisations; and so on. Each related item links to its own page, long lists show the latest
20 and link to the filtered full list, yes and no are words."""

import json
import re
from datetime import date, timedelta
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from crm.extensions import db
from crm.models import ContactRole, MeetingParticipant, TrainingParticipation, Volunteer
from crm.models.choices import AssignmentStatus, Attendance
from tests import factories as make
from tests.test_crud import form_values


class _Sections(HTMLParser):
    """The related lists of a record page: {title: {"rows": [(ended, [cell texts])],
    "links": [hrefs in the rows], "more": href, "create": href}}."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections: dict[str, dict] = {}
        self._section = None
        self._in = None  # "title", "cell"
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "section" and "lotse-related" in classes:
            self._section = {"title": "", "rows": [], "links": [], "more": None, "create": None}
        elif self._section is None:
            return
        elif tag == "h2":
            self._in, self._text = "title", []
        elif tag == "span" and self._in == "title":  # the count after the title
            self._section["title"] = " ".join("".join(self._text).split())
            self._in = None
        elif tag == "tr" and "lotse-ended" in classes:
            self._section["rows"].append((True, []))
        elif tag == "tr":
            self._section["rows"].append((False, []))
        elif tag == "td":
            self._in, self._text = "cell", []
        elif tag == "a" and "lotse-more" in classes:
            self._section["more"] = a["href"]
        elif tag == "a" and "lotse-create" in classes:
            self._section["create"] = a["href"]
        elif tag == "a" and self._in == "cell":
            self._section["links"].append(a["href"])

    def handle_data(self, data):
        if self._in in ("title", "cell"):
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._section is None:
            return
        if tag == "h2" and self._in == "title":
            self._section["title"] = " ".join("".join(self._text).split())
            self._in = None
        elif tag == "td" and self._in == "cell":
            self._section["rows"][-1][1].append(" ".join("".join(self._text).split()))
            self._in = None
        elif tag == "section":
            self._section["rows"] = [r for r in self._section["rows"] if r[1]]  # not the header
            self.sections[self._section["title"]] = self._section
            self._section = None


def sections(response) -> dict[str, dict]:
    assert response.status_code == 200
    parser = _Sections()
    parser.feed(response.get_data(as_text=True))
    return parser.sections


def first_cells(section) -> list[str]:
    return [cells[0] for _, cells in section["rows"]]


def page_of(endpoint: str, row) -> str:
    return f"/admin/{endpoint}/details/?id={row.id}"


def details(browser, endpoint: str, row):
    return browser.get(page_of(endpoint, row))


# --- each kind of record ------------------------------------------------------------------


def test_contact_page(browser):
    caritas = make.organisation(name="Caritas Lotsenau")
    office = make.organisation(name="Landratsamt")
    person = make.contact(roles=[(caritas, "Migrationsberatung")], last_name="Yılmaz")
    person.roles.append(
        ContactRole(
            organisation=office,
            function="Praktikum",
            since=date(2019, 1, 1),
            until=date(2020, 1, 1),
        )
    )
    guide = make.volunteer(contact=person)
    group = make.network(name="Runder Tisch Süd", coordinator=person)
    other = make.network(name="Arbeitskreis Wohnen")
    meeting = make.meeting(title="Frühjahrstreffen", network=other)
    meeting.participants.append(MeetingParticipant(contact=person, organisation=caritas))
    todo = make.task(description="Protokoll schreiben", owner=person)
    job = make.assignment(volunteer=guide, newcomer=make.newcomer(reference="BP-77"))
    db.session.commit()

    found = sections(details(browser, "contact", person))

    roles = found["Funktionen"]
    assert [cells[:2] for _, cells in roles["rows"]] == [
        ["Migrationsberatung", "Caritas Lotsenau"],
        ["Praktikum beendet", "Landratsamt"],
    ]
    assert [ended for ended, _ in roles["rows"]] == [False, True], "ended roles come last, marked"
    assert page_of("organisation", caritas) in roles["links"]
    assert found["Ehrenamt"]["links"] == [page_of("volunteer", guide)]
    assert found["Ehrenamt"]["create"] is None, "a volunteer already"
    networks = found["Netzwerke"]
    assert first_cells(networks) == ["Arbeitskreis Wohnen", "Runder Tisch Süd"]
    assert networks["rows"][1][1][-1] == "ja", "the one they coordinate"
    assert {page_of("network", group), page_of("network", other)} <= set(networks["links"])
    meetings = found["Besuchte Treffen"]
    assert page_of("meeting", meeting) in meetings["links"]
    assert "Caritas Lotsenau" in meetings["rows"][0][1]
    assert found["Aufgaben"]["links"] == [page_of("task", todo)]
    assignments = found["Einsätze als Ehrenamtliche/r"]
    assert page_of("assignment", job) in assignments["links"]
    assert any("BP-77" in cell for cell in assignments["rows"][0][1])


def test_organisation_page(browser):
    org = make.organisation(name="Diakonie")
    child = make.organisation(name="Diakonie Ortsstelle", parent=org)
    staff = make.contact(roles=[(org, "Leitung")], last_name="Alt")
    offer = make.offer(title="Sprachcafé", provider=org)
    group = make.network(name="Netzwerk Ehrenamt", members=[org])

    found = sections(details(browser, "organisation", org))

    assert found["Personen"]["rows"][0][1][:2] == ["Alt, Vorname", "Leitung"]
    assert page_of("contact", staff) in found["Personen"]["links"]
    assert found["Angebote"]["links"][0] == page_of("offer", offer)
    assert found["Netzwerke"]["links"] == [page_of("network", group)]
    assert found["Untergeordnete Organisationen"]["links"][0] == page_of("organisation", child)


def test_municipality_page(browser):
    place = make.municipality(name="Hohenwiese")
    elsewhere = make.municipality(name="Eichwald")
    org = make.organisation(name="Helferkreis", municipality=place)
    offer = make.offer(title="Hausaufgabenhilfe", municipality=place)
    guide = make.volunteer(municipalities=[place])
    here = make.newcomer(reference="BP-1", municipality=place)
    waiting = make.assignment(newcomer=here, status=AssignmentStatus.OPEN)
    make.assignment(newcomer=here, status=AssignmentStatus.DONE)
    make.assignment(newcomer=make.newcomer(municipality=elsewhere), status=AssignmentStatus.OPEN)

    found = sections(details(browser, "municipality", place))

    assert found["Organisationen"]["links"][0] == page_of("organisation", org)
    assert found["Angebote"]["links"][0] == page_of("offer", offer)
    assert found["Ehrenamtliche"]["links"] == [page_of("volunteer", guide)]
    assert page_of("assignment", waiting) in found["Offene Einsätze"]["links"]
    assert len(found["Offene Einsätze"]["rows"]) == 1, "only the open ones, only here"


def test_volunteer_and_assignment_pages(browser):
    guide = make.volunteer()
    course = make.training(title="Lotsenschulung Herbst")
    make.participation(training=course, volunteer=guide)
    job = make.assignment(volunteer=guide, logs=2)

    found = sections(details(browser, "volunteer", guide))
    assert found["Einsätze"]["links"][0] == page_of("assignment", job)
    assert found["Schulungen"]["links"] == [page_of("training", course)]

    page = details(browser, "assignment", job)
    assert len(sections(page)["Zeiten"]["rows"]) == 2
    assert f'href="{page_of("volunteer", guide)}"' in page.get_data(as_text=True)


def test_meeting_page(browser):
    org = make.organisation(name="Jobcenter")
    present, excused = make.contact(last_name="Berg"), make.contact(last_name="Cordes")
    meeting = make.meeting(agenda="1. Begrüßung\n2. Wohnraum", minutes="Erster Satz.\nZweiter.")
    meeting.participants.append(MeetingParticipant(contact=present, organisation=org))
    meeting.participants.append(MeetingParticipant(contact=excused, attendance=Attendance.EXCUSED))
    todo = make.task(description="Einladung verschicken", owner=present, meeting=meeting)
    db.session.commit()

    page = details(browser, "meeting", meeting)
    found = sections(page)

    people = found["Teilnehmende"]
    assert [cells for _, cells in people["rows"]] == [
        ["Berg, Vorname", "Jobcenter", "anwesend"],
        ["Cordes, Vorname", "", "entschuldigt"],
    ]
    assert {page_of("contact", present), page_of("organisation", org)} <= set(people["links"])
    assert found["Aufgaben"]["links"][0] == page_of("task", todo)
    html = page.get_data(as_text=True)
    assert "<li>Begrüßung</li>\n<li>Wohnraum</li>" in html, "the agenda's Markdown is rendered"
    assert "Erster Satz.<br>\nZweiter." in html, "the minutes keep their line breaks"
    styles = (Path(__file__).parent.parent / "static" / "lotse.css").read_text()
    assert re.search(r"\.lotse-formatted \{[^}]*white-space: normal", styles)


def test_training_page(browser):
    course = make.training(modules=3, title="Grundkurs")
    first, third = course.modules[0], course.modules[2]
    guide = make.volunteer()
    db.session.add(
        TrainingParticipation(training=course, volunteer=guide, modules_attended=[third, first])
    )
    db.session.commit()

    found = sections(details(browser, "training", course))

    assert first_cells(found["Termine"]) == ["1. Modul 1", "2. Modul 2", "3. Modul 3"]
    participant = found["Teilnehmende"]
    assert participant["rows"][0][1][2] == "1, 3", "the modules attended, in order"
    assert participant["links"] == [page_of("volunteer", guide)]


# --- the rules every record page keeps ----------------------------------------------------


def active_filters(response) -> list:
    found = re.search(r'id="active-filters-data"[^>]*>(.*?)</div>', response.get_data(as_text=True))
    return json.loads(unescape(found.group(1))) if found else []


def list_rows(response) -> int:
    return response.get_data(as_text=True).count('name="rowid"')


def test_latest_twenty_and_the_full_list(browser):
    person, other = make.contact(), make.contact()
    for day in range(25):
        make.task(
            description=f"Aufgabe {day}", owner=person, due_on=date(2026, 1, 1) + timedelta(day)
        )
    make.task(description="Fremde Aufgabe", owner=other)

    tasks = sections(details(browser, "contact", person))["Aufgaben"]

    assert len(tasks["rows"]) == 20
    assert first_cells(tasks)[0] == "Aufgabe 24", "the latest first"
    full = browser.get(tasks["more"])
    assert len(active_filters(full)) == 1
    assert list_rows(full) == 20 and "Fremde Aufgabe" not in full.get_data(as_text=True)
    assert list_rows(browser.get(tasks["more"] + "&page=1")) == 5


def test_every_full_list_link_applies_its_filters(app, browser):
    """Each related list's link opens its list with every filter it names active (a filter
    name the list does not know would be dropped without a word)."""
    checked = 0
    for view in app.extensions["admin"][0]._views:
        for spec in getattr(view, "details_related", ()):
            if spec.full_list is None:
                continue
            with app.test_request_context():
                url = spec.full_list.url(type("Record", (), {"id": 1, "contact_id": 1})())
            response = browser.get(url)
            assert response.status_code == 200, url
            assert len(active_filters(response)) == len(parse_qs(urlsplit(url).query)), url
            checked += 1
    assert checked >= 15


def test_yes_and_no_as_words_and_no_filter_box(browser):
    person = make.contact(do_not_contact=True, may_mail_post=False)
    page = details(browser, "contact", person)
    html = page.get_data(as_text=True)

    assert re.search(r"Keine Kontaktaufnahme</th><td>ja</td>", html)
    assert re.search(r"Post erlaubt</th><td>nein</td>", html)
    assert "fa-check-circle" not in html and "fa-minus-circle" not in html
    assert 'id="fa_filter"' not in html and "details_filter.js" not in html
    assert "lotse-delete" in html, "the delete button stays"


def test_a_contact_who_is_no_volunteer_shows_no_empty_assignment_list(browser):
    person = make.contact(last_name="Neumann")
    found = sections(details(browser, "contact", person))
    assert "Einsätze als Ehrenamtliche/r" not in found
    assert found["Ehrenamt"]["create"] is not None  # offered instead: make them a volunteer


def test_only_writers_may_make_a_contact_a_volunteer(login_as):
    person = make.contact()
    viewer = sections(details(login_as("viewer"), "contact", person))["Ehrenamt"]
    assert viewer["create"] is None
    assert "Als Ehrenamtliche/n erfassen" not in str(viewer)
    coordinator = sections(details(login_as("coordinator"), "contact", person))
    assert coordinator["Ehrenamt"]["create"] is not None


def test_the_action_preselects_the_contact(browser):
    place = make.municipality(name="Tannenbrück")
    person = make.contact(last_name="Nowak", municipality=place)
    action = sections(details(browser, "contact", person))["Ehrenamt"]["create"]

    form = browser.get(unescape(action))
    values = form_values(form.get_data(as_text=True))
    assert values["contact"] == str(person.id)
    assert values["municipalities"] == str(place.id)

    saved = browser.post(unescape(action), {**values, "status": "interessiert"})
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith(page_of("contact", person))
    guide = db.session.query(Volunteer).filter_by(contact_id=person.id).one()
    assert guide.municipalities == [place]


def test_history_names_who_changed_the_record(login_as):
    browser = login_as("coordinator")
    org = make.organisation(name="Tafel")
    page = browser.get(f"/admin/organisation/edit/?id={org.id}")
    values = form_values(page.get_data(as_text=True))
    values["city"] = "Lotsenau"
    assert browser.post(f"/admin/organisation/edit/?id={org.id}", values).status_code == 302

    history = sections(details(login_as("viewer"), "organisation", org))["Verlauf"]
    assert history["rows"][0][1][1:] == ["Test coordinator", "geändert", "Ort"]
    assert history["rows"][1][1][2] == "angelegt"
