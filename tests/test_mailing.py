"""The Verteiler screen: who a selection holds, who each channel reaches and why the others not,
the greetings and letters per person or per address, its access and its fixed cost."""

from datetime import date

import pytest

from crm.extensions import db
from crm.letters import TO_ALL, Person, greeting, households, letter_to
from crm.mailing import Criteria, reach, select_contacts
from crm.models import Contact, ContactRole, SavedSelection, User
from crm.models.choices import OrganisationKind, Salutation, VolunteerStatus
from tests import factories as make
from tests.helpers import counted_queries
from tests.test_i18n import text_of


def ids(criteria: Criteria) -> set[int]:
    return {c.id for c in db.session.scalars(select_contacts(criteria))}


def consenting(**kw) -> Contact:
    """A contact who may be written to by post and e-mail, at an address of their own."""
    kw.setdefault("street", "Hauptstraße 1")
    kw.setdefault("postcode", "55116")
    kw.setdefault("city", "Lotsenau")
    kw.setdefault("email", f"{kw.get('last_name', 'x').lower()}-{make._next()}@example.org")
    kw.setdefault("may_mail_post", True)
    kw.setdefault("may_mail_email", True)
    return make.contact(**kw)


def test_criteria_combine_with_and_across_and_or_within(ctx):
    red, blue = make.tag(name="Rot"), make.tag(name="Blau")
    town = make.municipality()
    school = make.organisation(kind=OrganisationKind.SCHOOL)
    club = make.organisation(kind=OrganisationKind.ASSOCIATION)
    a = make.contact(tags=[red], municipality=town, roles=[(school, "Schulleitung")])
    b = make.contact(tags=[blue], roles=[(club, "Vorstand")])
    c = make.contact(tags=[red, blue])
    ended = make.contact(tags=[red])
    ended.roles.append(
        ContactRole(organisation=school, function="Schulleitung", until=date(2020, 1, 1))
    )
    db.session.commit()

    assert ids(Criteria.parse({"tag": [red.id, blue.id]})) == {a.id, b.id, c.id, ended.id}
    assert ids(Criteria.parse({"tag": [red.id], "municipality": [town.id]})) == {a.id}
    # The function of a role that ended does not count; kind and function of one role.
    assert ids(Criteria.parse({"function": ["Schulleitung"]})) == {a.id}
    assert ids(Criteria.parse({"kind": ["schule", "verein"]})) == {a.id, b.id}
    assert ids(Criteria.parse({"kind": ["verein"], "function": ["Schulleitung"]})) == set()
    assert len(ids(Criteria())) == 4


def test_networks_select_participants_and_coordinator_and_volunteers_by_status(ctx):
    guest, boss, outsider = make.contact(), make.contact(), make.contact()
    circle = make.network(coordinator=boss)
    make.meeting(network=circle, participants=[guest])
    make.meeting(participants=[outsider])
    active = make.volunteer(status=VolunteerStatus.ACTIVE)
    make.volunteer(status=VolunteerStatus.LEFT)
    assert ids(Criteria.parse({"network": [circle.id]})) == {guest.id, boss.id}
    assert ids(Criteria.parse({"status": ["aktiv", "pausiert"]})) == {active.contact_id}


def test_each_channel_counts_whom_it_leaves_out_and_why(ctx):
    everyone = make.tag(name="Alle")
    consenting(tags=[everyone])
    consenting(tags=[everyone], do_not_contact=True)
    consenting(tags=[everyone], may_mail_email=False)
    consenting(tags=[everyone], street=None, may_mail_email=False)
    consenting(tags=[everyone], email=None, may_mail_post=False)
    found = reach(db.session, Criteria.parse({"tag": [everyone.id]}))
    assert (found.selected, found.blocked, found.post, found.email) == (5, 1, 2, 1)
    assert [(n, str(r)) for n, r in found.left_out("post")] == [
        (1, "ohne Einwilligung für Post"),
        (1, "gesperrt"),
        (1, "ohne Anschrift"),
    ]
    assert [(n, str(r)) for n, r in found.left_out("email")] == [
        (2, "ohne Einwilligung für E-Mail"),
        (1, "gesperrt"),
        (1, "ohne E-Mail-Adresse"),
    ]


def test_the_screen_shows_count_reasons_and_preview(browser):
    everyone = make.tag(name="Alle")
    consenting(last_name="Zimmermann", tags=[everyone])
    consenting(last_name="Adler", tags=[everyone], do_not_contact=True)
    consenting(last_name="Berg", tags=[everyone], may_mail_email=False)
    make.contact(last_name="Außen")
    page = browser.get(f"/admin/mailing/?tag={everyone.id}")
    assert page.status_code == 200
    text = text_of(page)
    assert "3 Kontakte ausgewählt" in text
    assert "Per Post: 2 (1 gesperrt)" in text
    assert "Per E-Mail: 1 (1 ohne Einwilligung für E-Mail, 1 gesperrt)" in text
    preview = text[text.index("Vorschau") :]
    assert preview.index("Adler") < preview.index("Berg") < preview.index("Zimmermann")
    assert "Außen" not in preview


@pytest.mark.parametrize(
    "query",
    ["?tag=abc", "?kind=keine-art", "?municipality=99999999999", "?status=x", "?tag=%00"],
)
def test_criteria_that_do_not_read_get_a_german_message(browser, query):
    page = browser.get(f"/admin/mailing/{query}")
    assert page.status_code == 400
    assert "Die Auswahl ist ungültig" in text_of(page)
    assert "kein gültiger Wert für" in text_of(page)


def test_too_many_values_are_refused(browser):
    page = browser.get("/admin/mailing/?" + "&".join(f"tag={n}" for n in range(1, 103)))
    assert page.status_code == 400
    assert "Zu viele Werte für „Schlagwort“" in text_of(page)


def test_a_selection_of_nobody_says_so(browser):
    page = browser.get("/admin/mailing/?function=Niemand")
    assert "0 Kontakte ausgewählt" in text_of(page)
    assert "Niemand passt zu dieser Auswahl." in text_of(page)


def test_only_coordinators_and_admins_open_it(login_as):
    viewer = login_as("viewer")
    assert viewer.get("/admin/mailing/").status_code == 403
    assert viewer.post("/admin/mailing/export", {"output": "email"}).status_code == 403
    assert viewer.get("/admin/mailing/vcard/1").status_code == 403
    assert viewer.post("/admin/mailing/selections/", {"name": "x"}).status_code == 403
    assert "/admin/mailing/" not in viewer.get("/admin/").get_data(as_text=True)
    assert db.session.query(SavedSelection).count() == 0
    assert login_as("admin").get("/admin/mailing/").status_code == 200
    coordinator = login_as("coordinator")
    assert "/admin/mailing/" in coordinator.get("/admin/").get_data(as_text=True)


def test_the_screen_costs_a_fixed_number_of_statements(browser):
    owner = db.session.query(User).one()
    statements = []
    for size in (3, 30):
        town = make.municipality()
        network = make.network()
        for n in range(size):
            person = consenting(municipality=town, tags=[make.tag()])
            make.meeting(network=network, participants=[person])
            db.session.add(SavedSelection(name=f"V{size}-{n}", owner_id=owner.id, criteria={}))
        db.session.commit()
        url = f"/admin/mailing/?municipality={town.id}&network={network.id}"
        with counted_queries() as sent:
            assert browser.get(url).status_code == 200
        statements.append(len(sent))
    # The user; the criteria's values; the reach; the preview; the saved selections; their counts.
    assert statements == [6, 6]


def person(salutation=None, title=None, first="Alex", last="Kim", **kw) -> Person:
    address = {"street": "Hauptstraße 5", "postcode": "55116", "city": "Lotsenau"}
    address.update(kw)
    address.setdefault("organisation", None)
    address.setdefault("at_work", False)
    return Person(make._next(), salutation, title, first, last, **address)


def test_greetings_for_every_salutation():
    assert greeting(person(Salutation.MS, "Dr.", "Anna", "Müller")) == (
        "Sehr geehrte Frau Dr. Müller,"
    )
    assert greeting(person(Salutation.MR, None, "Emre", "Yılmaz")) == "Sehr geehrter Herr Yılmaz,"
    assert greeting(person(Salutation.NONE)) == "Guten Tag Alex Kim,"
    assert greeting(person(None, "Prof.")) == "Guten Tag Prof. Alex Kim,"
    assert greeting(None) == TO_ALL == "Sehr geehrte Damen und Herren,"
    assert letter_to(person(Salutation.MR, None, "Emre", "Yılmaz")).recipient == (
        "Herrn Emre Yılmaz"
    )


def test_one_letter_per_household_names_everyone():
    anna = person(Salutation.MS, None, "Anna", "Müller")
    jan = person(Salutation.MR, None, "Jan", "Müller", street="hauptstr.  5")
    alone = person(street="Bahnhofstraße 1")
    letters = households([anna, jan, alone])
    assert len(letters) == 2
    together = letters[0]
    assert together.greeting == "Sehr geehrte Frau Müller, sehr geehrter Herr Müller,"
    assert together.recipient == "Frau Anna Müller und Herrn Jan Müller"
    assert together.contact_ids == (anna.id, jan.id)
    assert letters[1].greeting == "Guten Tag Alex Kim,"


def test_colleagues_at_their_organisation_get_one_letter_to_the_organisation():
    work = {"organisation": "Caritas Lotsenau", "at_work": True}
    team = [person(Salutation.MS, last="Weiß", **work), person(Salutation.MR, **work)]
    (letter,) = households(team)
    assert letter.greeting == TO_ALL
    assert letter.address_lines() == ["Caritas Lotsenau", "Hauptstraße 5", "55116 Lotsenau"]


def test_a_street_on_two_lines_keeps_them_on_the_label():
    letter = letter_to(person(Salutation.MS, last="Weiß", street="Hauptstraße 5\r\n Hinterhaus"))
    assert letter.address_lines() == [
        "Frau Alex Weiß",
        "Hauptstraße 5",
        "Hinterhaus",
        "55116 Lotsenau",
    ]


def test_a_crowded_private_address_gets_one_letter_to_all():
    flat = [person(last=name) for name in ("Kim", "Nowak", "Şahin", "Weber")]
    (letter,) = households(flat)
    assert letter.greeting == TO_ALL
    assert letter.recipient == "Kim, Nowak, Şahin, Weber"
