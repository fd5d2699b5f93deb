"""Duplicates among the organisations: the name normaliser (in Python and SQL alike), the
„Organisationen“ tab finding planted pairs and not near-misses, „keine Dublette“, the merge
moving every reference with its conflicts resolved and named, the warning on create, fixed
statements, and hostile requests refused without a change."""

from datetime import date

import pytest
from sqlalchemy import func, literal, select

from crm.extensions import db
from crm.match_keys import organisation_key, organisation_keys, web_domain, web_domain_sql
from crm.models import (
    Assignment,
    AuditEntry,
    ContactRole,
    DismissedPair,
    MeetingParticipant,
    NetworkDelegate,
    Offer,
    Organisation,
    Training,
)
from tests import factories as make
from tests.checksum import database_checksum
from tests.helpers import counted_queries
from tests.test_duplicates import rows

SCREEN = "/admin/dubletten/?art=organisationen"
MERGE = "/admin/dubletten/zusammenfuehren"

NAMES = [
    ("Caritasverband Lotsenau e.V.", "caritasverbandlotsenau"),
    ("Caritasverband Lotsenau", "caritasverbandlotsenau"),
    ("Caritas-Verband  Lotsenau e. V.", "caritasverbandlotsenau"),
    ("Bildungswerk gGmbH", "bildungswerk"),
    ("Gemeinnützige Bildungswerk GmbH", "bildungswerk"),
    ("Bildungswerk g. GmbH", "bildungswerk"),
    ("Gemeinnuetziger Verein Köln", "vereinkoln"),
    ("Verein Koeln e.V.", "vereinkoln"),
    ("AWO Ortsverein (Kreis) e.V. & Co.", "awoortsvereinkreisco"),
    ("Evangelische Jugend", "evangelischejugend"),
    ("e.V.", ""),
]


@pytest.mark.parametrize(("name", "key"), NAMES)
def test_the_normaliser_folds_legal_forms_punctuation_and_case(name, key):
    assert organisation_key(name) == key


def test_the_database_folds_names_and_domains_as_python_does(ctx):
    made = {make.organisation(name=name).id: key for name, key in NAMES}
    keys = organisation_keys(Organisation)
    assert dict(db.session.execute(select(keys.c.id, keys.c.k)).all()) == made
    for website, domain in (
        ("https://www.caritas-lotsenau.example/beratung", "caritas-lotsenau.example"),
        ("HTTP://Caritas-Lotsenau.example", "caritas-lotsenau.example"),
        ("caritas-lotsenau.example/", "caritas-lotsenau.example"),
    ):
        assert web_domain(website) == domain
        assert db.session.scalar(select(web_domain_sql(literal(website)))) == domain


def planted():
    """Three pairs and three near-misses: the name with and without „e.V.“ at one postcode,
    one e-mail in two cases, one website's domain; a same-named association elsewhere is still
    a pair by name alone, but a similar name, a shared e-mail domain and a different website
    are none."""
    make.organisation(name="Caritasverband Lotsenau e.V.", postcode="99998", phone="09123 4567")
    make.organisation(name="Caritasverband Lotsenau", postcode="99998", phone="+49 9123 4567")
    make.organisation(name="Tafel Nordheim", email="Info@Tafel-Nordheim.example")
    make.organisation(name="Lebensmittelausgabe Nordheim", email="info@tafel-nordheim.example")
    make.organisation(name="Kita Sonnenschein", website="https://www.kita-sonne.example/")
    make.organisation(name="Kindergarten Sonnenschein", website="kita-sonne.example/kontakt")
    make.organisation(name="Caritasverband Lotsenau-Land", postcode="99998")  # near-miss
    make.organisation(name="Tafel Südheim", email="kontakt@tafel-nordheim.example")  # near-miss
    make.organisation(name="Kita Regenbogen", website="https://kita-regen.example")  # near-miss


def test_the_tab_finds_the_planted_pairs_with_scores(browser):
    planted()
    found = rows(browser.get(SCREEN).data)
    assert len(found) == 3, found
    assert "Caritasverband Lotsenau e.V." in found[0] and " 60 " in found[0]
    assert "Name, Telefon, PLZ" in found[0]
    assert "Tafel Nordheim" in found[1] and " 30 " in found[1] and "E-Mail" in found[1]
    assert "Kita Sonnenschein" in found[2] and " 20 " in found[2] and "Website" in found[2]
    assert rows(browser.get("/admin/dubletten/").data) == []  # the contacts' tab


def test_an_umbrella_is_no_duplicate_of_its_branches(browser):
    """A branch under its carrier shares its website; four offices share the county's."""
    carrier = make.organisation(name="DRK Kreisverband", website="https://drk-kreis.example")
    make.organisation(name="DRK Ortsverein", website="drk-kreis.example/ov", parent=carrier)
    for office in ("Jugendamt", "Sozialamt", "Gesundheitsamt", "Ausländerbehörde"):
        make.organisation(name=office, website=f"https://www.landkreis.example/{office}")
    assert rows(browser.get(SCREEN).data) == []
    make.organisation(name="DRK-Kreisverband e.V.", website="https://drk-kreis.example")
    found = rows(browser.get(SCREEN).data)
    assert len(found) == 2, found
    assert all("DRK-Kreisverband e.V." in row for row in found)


def test_a_dismissed_organisation_pair_never_shows_again(browser):
    first = make.organisation(name="Diakonie Lotsenau e.V.")
    second = make.organisation(name="Diakonie Lotsenau")
    answer = browser.post(
        "/admin/dubletten/keine-dublette", {"art": "organisationen", "a": second.id, "b": first.id}
    )
    assert answer.status_code == 302 and "art=organisationen" in answer.location
    assert rows(browser.get(SCREEN).data) == []
    pair = db.session.scalars(select(DismissedPair)).one()
    assert (pair.kind, pair.first_id, pair.second_id) == ("organisations", first.id, second.id)


def test_merge_moves_every_reference_and_names_the_conflicts(browser):
    survivor = make.organisation(name="Caritasverband Lotsenau e.V.", tags=[make.tag(name="A")])
    other = make.organisation(
        name="Caritasverband Lotsenau",
        email="info@caritas.example",
        tags=[*survivor.tags, make.tag(name="B")],
    )
    child = make.organisation(name="Caritas Beratungsstelle", parent=other)
    both = make.contact(last_name="Müller")
    for organisation, since in ((survivor, 2020), (other, 2023)):
        both.roles.append(
            ContactRole(organisation=organisation, function="Leitung", since=date(since, 1, 1))
        )
    only_other = make.contact(last_name="Weiß", roles=[(other, "Beratung")])
    network = make.network(members=[survivor, other])
    second_network = make.network(members=[other])
    db.session.add(NetworkDelegate(network=network, contact=only_other, organisation=other))
    meeting = make.meeting(participants=[only_other])
    meeting.participants[0].organisation = other
    make.offer(provider=other)
    make.training(carrier=other)
    make.assignment(requested_by_organisation=other)
    db.session.commit()
    ids = survivor.id, other.id, child.id

    form = browser.get(f"{MERGE}?art=organisationen&bleibt={ids[0]}&weg={ids[1]}")
    assert form.status_code == 200 and "info@caritas.example" in form.data.decode()
    response = browser.post(
        MERGE,
        {
            "art": "organisationen",
            "bleibt": ids[0],
            "weg": ids[1],
            "email": "weg",
            "name": "bleibt",
            "version_bleibt": survivor.version,
            "version_weg": other.version,
        },
    )
    assert response.status_code == 302, response.data[:3000]
    assert response.location.endswith(f"/admin/organisation/details/?id={ids[0]}")

    assert db.session.get(Organisation, ids[1]) is None
    kept = db.session.get(Organisation, ids[0])
    assert (kept.name, kept.email) == ("Caritasverband Lotsenau e.V.", "info@caritas.example")
    assert {t.name for t in kept.tags} == {"A", "B"}
    assert db.session.get(Organisation, ids[2]).parent_id == ids[0]
    roles = db.session.scalars(select(ContactRole).order_by(ContactRole.id)).all()
    assert [(r.contact.last_name, r.function, r.since) for r in roles] == [
        ("Müller", "Leitung", date(2020, 1, 1)),
        ("Weiß", "Beratung", date(2024, 1, 1)),
    ]
    assert {r.organisation_id for r in roles} == {ids[0]}
    for model, column in (
        (Offer, Offer.provider_id),
        (Training, Training.carrier_id),
        (Assignment, Assignment.requested_by_organisation_id),
        (NetworkDelegate, NetworkDelegate.organisation_id),
        (MeetingParticipant, MeetingParticipant.organisation_id),
    ):
        assert db.session.scalars(select(column)).all() == [ids[0]], model
    assert {o.id for o in db.session.get(type(network), network.id).members} == {ids[0]}
    assert {o.id for o in db.session.get(type(network), second_network.id).members} == {ids[0]}

    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "merge")).one()
    assert (entry.table, entry.row_id, entry.changes["merged_id"]) == (
        "organisations",
        ids[0],
        ids[1],
    )
    assert entry.changes["merged_name"] == "Caritasverband Lotsenau"
    assert entry.changes["fields"] == ["email"]
    assert entry.changes["moved"]["contact_roles"] == 2
    assert entry.changes["dropped_as_same"] == {"network_members": 1, "organisation_tags": 1}
    assert entry.changes["combined"] == [f"{both}: Leitung (Caritasverband Lotsenau e.V.)"]

    found = browser.get("/admin/organisation/?search=caritasverband").data.decode()
    assert found.count("/admin/organisation/details/?id=") == 1
    people = browser.get("/admin/contact/?search=caritasverband").data.decode()
    assert "Weiß" in people and "Müller" in people


def test_functions_held_apart_stay_apart(browser):
    survivor, other = make.organisation(name="AWO e.V."), make.organisation(name="AWO")
    person = make.contact(last_name="Schmidt")
    person.roles.append(
        ContactRole(
            organisation=survivor,
            function="Leitung",
            since=date(2015, 1, 1),
            until=date(2017, 1, 1),
        )
    )
    person.roles.append(ContactRole(organisation=other, function="Leitung", since=date(2022, 1, 1)))
    db.session.commit()
    answer = browser.post(
        MERGE,
        {"art": "organisationen", "bleibt": survivor.id, "weg": other.id}
        | {"version_bleibt": survivor.version, "version_weg": other.version},
    )
    assert answer.status_code == 302
    periods = db.session.execute(
        select(ContactRole.since, ContactRole.until).order_by(ContactRole.since)
    ).all()
    assert periods == [(date(2015, 1, 1), date(2017, 1, 1)), (date(2022, 1, 1), None)]


def test_an_organisation_under_the_merged_one_takes_its_parent(browser):
    county = make.organisation(name="Landkreis")
    parent = make.organisation(name="Caritas Lotsenau", parent=county)
    branch = make.organisation(name="Caritas Lotsenau e.V.", parent=parent)
    answer = browser.post(
        MERGE,
        {"art": "organisationen", "bleibt": branch.id, "weg": parent.id}
        | {"version_bleibt": branch.version, "version_weg": parent.version},
    )
    assert answer.status_code == 302
    assert db.session.get(Organisation, branch.id).parent_id == county.id
    upward = make.organisation(name="Diakonie")
    below = make.organisation(name="Diakonie e.V.", parent=upward)
    taken = browser.post(
        MERGE,
        {"art": "organisationen", "bleibt": upward.id, "weg": below.id, "parent_id": "weg"}
        | {"version_bleibt": upward.version, "version_weg": below.version},
    )
    assert taken.status_code == 302
    assert db.session.get(Organisation, upward.id).parent_id is None


def test_create_warns_of_a_duplicate_organisation_and_saves_when_confirmed(browser):
    existing = make.organisation(name="Caritasverband Lotsenau e.V.", postcode="99998")
    make.organisation(name="Tafel", email="info@tafel.example")
    count = select(func.count()).select_from(Organisation)
    new = {"name": "Caritasverband Lotsenau", "postcode": "99998", "kind": "traeger"}
    warned = browser.post("/admin/organisation/new/", new)
    assert warned.status_code == 200
    page = warned.data.decode()
    assert "Diese Organisation ist möglicherweise schon erfasst" in page
    assert f"/admin/organisation/details/?id={existing.id}" in page
    assert "Trotz möglicher Dublette speichern" in page
    by_email = browser.post(
        "/admin/organisation/new/",
        {"name": "Neu", "kind": "traeger", "email": "INFO@tafel.example"},
    )
    assert "möglicherweise schon erfasst" in by_email.data.decode()
    assert db.session.scalar(count) == 2
    elsewhere = browser.post("/admin/organisation/new/", {**new, "postcode": "99997"})
    assert elsewhere.status_code == 302
    saved = browser.post("/admin/organisation/new/", {**new, "save_anyway": "y"})
    assert saved.status_code == 302
    assert db.session.scalar(count) == 4


def test_screen_form_and_merge_run_fixed_statements(browser):
    def statements(method, url, data=None) -> int:
        """The statements of a request but the history's, which writes one entry per moved
        row (crm.audit)."""
        with counted_queries() as sent:
            answer = browser.request(method, url, data=data)
            assert answer.status_code in (200, 302), answer.data[:2000]
        return len([s for s in sent if not s.startswith("INSERT INTO audit_entries")])

    def merged_pair(people: int) -> tuple[int, int]:
        survivor, other = make.organisation(name="Paar e.V."), make.organisation(name="Paar")
        for _ in range(people):
            make.contact(roles=[other])
        url = f"{MERGE}?art=organisationen&bleibt={survivor.id}&weg={other.id}"
        form = statements("GET", url)
        data = {"art": "organisationen", "bleibt": survivor.id, "weg": other.id}
        merge = statements("POST", MERGE, {**data, "csrf_token": browser.token})
        return form, merge

    planted()
    browser.get(SCREEN)
    small = statements("GET", SCREEN)
    for i in range(5):
        make.organisation(name=f"Verein {i} e.V.", email=f"v{i}@example.org")
        make.organisation(name=f"Verein {i}", email=f"V{i}@example.org")
    assert len(rows(browser.get(SCREEN).data)) == 8
    assert statements("GET", SCREEN) == small
    assert merged_pair(2) == merged_pair(12)


HOSTILE = [
    ("unknown id", {"bleibt": "{a}", "weg": "999999"}),
    ("huge id", {"bleibt": "{a}", "weg": "99999999999999999999"}),
    ("same id twice", {"bleibt": "{a}", "weg": "{a}"}),
    ("not a number", {"bleibt": "x", "weg": "{b}"}),
    ("unknown kind", {"bleibt": "{a}", "weg": "{b}", "art": "personen"}),
    ("negative id", {"bleibt": "{a}", "weg": "-{b}"}),
]


@pytest.mark.parametrize(("case", "values"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_merge_and_dismiss_change_nothing(browser, case, values):
    a = make.organisation(name="Malteser e.V.")
    b = make.organisation(name="Malteser")
    ids = {"a": a.id, "b": b.id}
    data = {"art": "organisationen", **{k: v.format(**ids) for k, v in values.items()}}
    before = database_checksum()
    dismiss = {"art": data["art"], "a": data["bleibt"], "b": data["weg"]}
    for url, sent in ((MERGE, data), ("/admin/dubletten/keine-dublette", dismiss)):
        assert browser.post(url, sent).status_code == 404, (case, url)
    query = "&".join(f"{k}={v}" for k, v in data.items())
    assert browser.get(f"{MERGE}?{query}").status_code == 404
    assert database_checksum() == before


def test_stale_viewer_and_forged_requests_change_nothing(browser, login_as):
    a, b = make.organisation(name="Johanniter e.V."), make.organisation(name="Johanniter")
    data = {"art": "organisationen", "bleibt": a.id, "weg": b.id}
    seen = {"version_bleibt": a.version, "version_weg": b.version}
    b.phone = "0171 999999"
    db.session.commit()
    viewer = login_as("viewer")
    before = database_checksum()
    stale = browser.post(MERGE, {**data, **seen})
    assert stale.status_code == 200
    assert "inzwischen von jemand anderem geändert" in stale.data.decode()
    without_version = browser.post(MERGE, {**data, "version_bleibt": "", "version_weg": ""})
    assert without_version.status_code == 200
    no_token = browser.post(MERGE, data, csrf=False)
    assert no_token.status_code == 400
    dismiss = {"art": "organisationen", "a": a.id, "b": b.id}
    assert browser.post("/admin/dubletten/keine-dublette", dismiss, csrf=False).status_code == 400
    assert viewer.get(SCREEN).status_code == 403
    assert viewer.post(MERGE, data).status_code == 403
    assert viewer.post("/admin/dubletten/keine-dublette", dismiss).status_code == 403
    assert database_checksum() == before
