"""Names sorted as a German reader expects, the same on SQLite and PostgreSQL: Ä with A, ß as
ss, accents and case ignored, in lists (both directions), filter menus and look-ups; the sort
keys behind that kept on every write, filled by the migration, recomputed by ``crm reindex``."""

import json
from datetime import UTC, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import column, insert, select, table, update

from crm import MIGRATIONS
from crm.extensions import db
from crm.models import AuditEntry, Contact, Language, Municipality, Organisation, Tag
from crm.sampledata.bench import BENCH_EMAIL, BENCH_PASSWORD
from crm.sorting import sort_key
from tests import factories as make
from tests.helpers import Browser, counted_queries, make_user
from tests.test_crud import CREATED, SAVED, form_values, text
from tests.test_list_pages import ROW_ID, filter_menu
from tests.test_migrations import fresh_app

# (last name, first name), in the order a German reader expects them.
PEOPLE = [
    ("Abel", "Jan"),
    ("Äbi", "Lena"),
    ("de Vries", "Femke"),
    ("Dittmann", "Ole"),
    ("Oswald", "Eva"),
    ("Özdemir", "Ayşe"),
    ("Weiß", "Anna"),
    ("Weiss", "Bernd"),
    ("Weisz", "Clara"),
    ("Zeller", "Ute"),
]
ORGANISATIONS = ["Afghanischer Kulturverein", "AWO", "Bäckerei Schmitt", "Berufsbildende Schule"]
PLACES = ["Oberhausen", "Ölbronn", "Überlingen", "Ulm", "Zell"]


CONTACT_KEYS = (
    (Contact.last_name, Contact.sort_last_name),
    (Contact.first_name, Contact.sort_first_name),
)
ORGANISATION_KEY = (Organisation.name, Organisation.sort_name)


def assert_keys_match(*pairs) -> None:
    """Every row's key is its name's sort key, for each (name column, key column)."""
    for name, key in pairs:
        rows = db.session.execute(select(name, key)).all()
        assert rows and all(stored == sort_key(value) for value, stored in rows), key


def listed(browser, url: str) -> list[int]:
    """The ids of a list page's rows, in their order."""
    response = browser.get(url)
    assert response.status_code == 200
    return [int(i) for i in ROW_ID.findall(text(response))]


def test_a_name_is_sorted_by_its_folded_key():
    assert sort_key("Äbi") == "abi"
    assert sort_key("Weiß") == sort_key("WEISS") == "weiss"
    assert sort_key("  Émile   Zola ") == "emile zola"
    assert sort_key("Łukasz Øberg") == "lukasz oberg"
    assert sort_key(None) == ""
    assert sorted(["Zeller", "Äbi", "AWO", "Afghanischer"], key=sort_key) == [
        "Äbi",
        "Afghanischer",
        "AWO",
        "Zeller",
    ]


def test_contacts_are_listed_in_german_order_both_ways(browser):
    shuffled = PEOPLE[5:] + PEOPLE[:5]
    ids = {make.contact(last_name=last, first_name=first).id: last for last, first in shuffled}
    expected = [last for last, _ in PEOPLE]

    assert [ids[i] for i in listed(browser, "/admin/contact/")] == expected
    assert [ids[i] for i in listed(browser, "/admin/contact/?sort=0")] == expected
    assert [ids[i] for i in listed(browser, "/admin/contact/?sort=0&desc=1")] == [
        # Weiß and Weiss are one name: their first names decide
        "Zeller", "Weisz", "Weiss", "Weiß", "Özdemir", "Oswald", "Dittmann", "de Vries",
        "Äbi", "Abel",
    ]  # fmt: skip


def test_contacts_of_a_municipality_and_by_first_name_in_german_order(browser):
    town = make.municipality(name="Sortheim")
    first_names = ["Ülrike", "Ulf", "Otto", "Ömer", "émile", "Edda"]
    ids = {
        make.contact(first_name=n, last_name="Gleich", municipality=town).id: n for n in first_names
    }
    make.contact(last_name="Anderswo")

    filtered = listed(browser, f"/admin/contact/?flt0_kommune_ist={town.id}")
    assert [ids[i] for i in filtered] == ["Edda", "émile", "Ömer", "Otto", "Ulf", "Ülrike"]
    by_first = listed(browser, f"/admin/contact/?flt0_kommune_ist={town.id}&sort=1&desc=1")
    assert [ids[i] for i in by_first] == ["Ülrike", "Ulf", "Otto", "Ömer", "émile", "Edda"]


def test_organisations_are_listed_in_german_order_both_ways(browser):
    ids = {make.organisation(name=name).id: name for name in reversed(ORGANISATIONS)}

    assert [ids[i] for i in listed(browser, "/admin/organisation/")] == ORGANISATIONS
    assert [ids[i] for i in listed(browser, "/admin/organisation/?sort=0&desc=1")] == list(
        reversed(ORGANISATIONS)
    )


def test_contacts_sorted_by_municipality_in_german_order(browser):
    ids = {}
    for place in reversed(PLACES):
        person = make.contact(municipality=make.municipality(name=place))
        ids[person.id] = place
    assert [ids[i] for i in listed(browser, "/admin/contact/?sort=4")] == PLACES
    assert [ids[i] for i in listed(browser, "/admin/contact/?sort=4&desc=1")] == PLACES[::-1]


def test_filter_menus_list_names_in_the_order_of_the_lists(browser):
    for place in reversed(PLACES):
        make.municipality(name=place)
    for name in ("Weiterbildung", "Ämter", "aktiv", "Zuwanderung"):
        make.tag(name=name)
    groups = filter_menu(text(browser.get("/admin/contact/")))
    menus = {item["arg"]: item["options"] for items in groups.values() for item in items}

    assert [label for _, label in menus["kommune_ist"]] == PLACES
    tags = [label for _, label in menus["schlagworte_enthält"]]
    assert tags == ["aktiv", "Ämter", "Weiterbildung", "Zuwanderung"]


def test_lookups_rank_the_name_typed_first_whatever_its_spelling(browser):
    make.contact(last_name="Weißenbach", first_name="Anton")
    make.contact(last_name="Weiss", first_name="Bernd")
    make.contact(last_name="Weiß", first_name="Anna")
    url = "/admin/network/ajax/lookup/?name=coordinator&query=weiss"

    found = [label for _, label in json.loads(text(browser.get(url)))]

    assert [label.split(",")[0] for label in found] == ["Weiß", "Weiss", "Weißenbach"]


def test_the_key_follows_the_name_through_the_forms(browser):
    response = browser.post(
        "/admin/organisation/new/",
        {"name": "Ökumenische Initiative", "kind": "verein"},
        follow_redirects=True,
    )
    assert CREATED in text(response)
    org = db.session.scalars(select(Organisation)).one()
    assert org.sort_name == "okumenische initiative"

    form = form_values(text(browser.get(f"/admin/organisation/edit/?id={org.id}")))
    form["name"] = "Évangelische Jugend"
    response = browser.post(f"/admin/organisation/edit/?id={org.id}", form, follow_redirects=True)
    assert SAVED in text(response)
    db.session.refresh(org)
    assert org.sort_name == "evangelische jugend"

    make.organisation(name="Diakonie")
    make.organisation(name="Frauenhaus")
    names = {o.id: o.name for o in db.session.scalars(select(Organisation))}
    order = [names[i] for i in listed(browser, "/admin/organisation/")]
    assert order == ["Diakonie", "Évangelische Jugend", "Frauenhaus"]


def test_the_keys_are_neither_shown_nor_recorded(browser):
    org = make.organisation(name="Bürgerstiftung")
    page = text(browser.get(f"/admin/organisation/details/?id={org.id}"))
    assert "burgerstiftung" not in page
    assert "sort_name" not in text(browser.get(f"/admin/organisation/edit/?id={org.id}"))
    browser.post("/admin/tag/new/", {"name": "Übergang", "colour": "#aabbcc"})
    changes = db.session.scalars(select(AuditEntry.changes).where(AuditEntry.table == "tags")).one()
    assert changes["name"] == [None, "Übergang"]
    assert not any(field.startswith("sort_") for field in changes)


def test_lists_cost_as_many_statements_with_keys(browser):
    for last, first in PEOPLE:
        make.contact(last_name=last, first_name=first, municipality=make.municipality())
    browser.get("/admin/contact/")  # the filter menus are read once
    with counted_queries() as statements:
        browser.get("/admin/contact/?sort=4")
    assert len(statements) == 5


def test_reindex_recomputes_stale_keys(runner):
    make.contact(last_name="Öztürk", first_name="Şule")
    make.tag(name="Ärzte")
    db.session.execute(update(Contact).values(sort_last_name="", sort_first_name="x"))
    db.session.execute(update(Tag).values(sort_name="zzz"))
    db.session.commit()

    result = runner.invoke(args=["crm", "reindex"])

    assert result.exit_code == 0, result.output
    assert "Sortierschlüssel neu berechnet (2 aktualisiert)" in result.output
    person = db.session.scalars(select(Contact)).one()
    assert (person.sort_last_name, person.sort_first_name) == ("ozturk", "sule")
    assert db.session.scalars(select(Tag.sort_name)).one() == "arzte"
    again = runner.invoke(args=["crm", "reindex"])
    assert "Sortierschlüssel neu berechnet (0 aktualisiert)" in again.output


def test_bench_data_comes_with_keys(runner):
    result = runner.invoke(args=["crm", "bench-data", "--contacts", "100"])
    assert result.exit_code == 0, result.output
    assert_keys_match(*CONTACT_KEYS, ORGANISATION_KEY, (Municipality.name, Municipality.sort_name))

    browser = Browser(runner.app)
    browser.login(BENCH_EMAIL, password=BENCH_PASSWORD)
    names = dict(db.session.execute(select(Contact.id, Contact.last_name)).all())
    shown = [names[i] for i in listed(browser, "/admin/contact/?page_size=100")]
    assert shown == sorted(shown, key=sort_key)


def test_the_migration_fills_the_keys_of_existing_rows(app, tmp_path):
    fresh = fresh_app(app, tmp_path)
    with fresh.app_context():
        downgrade(directory=str(MIGRATIONS), revision="0003")
        now = datetime.now(UTC)
        stamps = {"created_at": now, "updated_at": now, "version": 1, "search_document": ""}
        flags = dict.fromkeys(("may_mail_post", "may_mail_email", "do_not_contact"), False)
        people = [
            {"last_name": last, "first_name": first, **stamps, **flags}
            for last, first in reversed(PEOPLE)
        ]
        orgs = [
            {"name": name, "kind": "verein", "active": True, **stamps}
            for name in reversed(ORGANISATIONS)
        ]
        for name, rows in (("contacts", people), ("organisations", orgs)):
            db.session.execute(insert(table(name, *map(column, rows[0]))), rows)
        db.session.commit()
        db.session.remove()

        upgrade(directory=str(MIGRATIONS))

        assert_keys_match(*CONTACT_KEYS, ORGANISATION_KEY, (Language.name, Language.sort_name))
        make_user("coordinator", email="koordination@example.org")
        browser = Browser(fresh)
        browser.login("koordination@example.org")
        names = dict(db.session.execute(select(Contact.id, Contact.last_name)).all())
        assert [names[i] for i in listed(browser, "/admin/contact/")] == [p for p, _ in PEOPLE]
        orgs = dict(db.session.execute(select(Organisation.id, Organisation.name)).all())
        assert [orgs[i] for i in listed(browser, "/admin/organisation/")] == ORGANISATIONS
        db.session.remove()
        db.engine.dispose()
