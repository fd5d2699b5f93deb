"""Search as people type it, backed by the index on both databases, and never out of step."""

import os

import pytest
from sqlalchemy import func, select, text

from crm import search
from crm.extensions import db
from crm.models import Contact, ContactRole, Organisation
from crm.search import fold, query_words, search_condition

NAMES = [
    ("Jürgen", "Müller"),
    ("Anna", "Mueller"),
    ("Peter", "Muller"),
    ("Grete", "Müller-Lüdenscheidt"),
    ("Hans", "Straßburger"),
    ("Élodie", "Lefèvre"),
    ("Oğuz", "Yılmaz"),
    ("Mohammad", "Al-Hassan"),
    ("Олена", "Шевченко"),
    ("Zoë", "Øster"),
    ("Anne-Marie", "Schröder"),
    ("Ömer", "Özdemir"),
    ("Samuel", "Quelle"),
]

QUERIES = [
    "muller",
    "müller",
    "mueller",
    "MÜLLER",
    "mül",
    "mu",
    "strasse",
    "straßb",
    "strassburger",
    "lefevre",
    "lefè",
    "elodie",
    "oguz",
    "yilmaz",
    "al-hassan",
    "hassan",
    "шевч",
    "олена",
    "zoe",
    "oster",
    "anne marie",
    "schroder",
    "schroeder",
    "özd",
    "oezdemir",
    "omer",
    "müller lüdenscheidt",
    "jürgen müller",
    "anna müller",
    "samuel",
    "quelle",
    "que",
    '"müller"',
    "müller*",
    "-müller",
    "(müller",
    "müller OR peter",
    "NEAR(müller)",
    "%",
    "_",
    "mül%",
    "a_b",
    "",
    "   ",
    "*",
    "''",
    "\\",
    "müller -anna",
]


def add_people(names=NAMES):
    organisation = Organisation(name="Caritasverband für die Region Überlingen")
    db.session.add(organisation)
    for first, last in names:
        db.session.add(
            Contact(first_name=first, last_name=last, email=f"{fold(last)[0]}@example.org")
        )
    db.session.flush()
    db.session.add(Contact(first_name="Karl", last_name="Kraus", notes="Treffpunkt Lange Straße 4"))
    grete = db.session.scalar(select(Contact).where(Contact.first_name == "Grete"))
    db.session.add(ContactRole(contact=grete, organisation=organisation, function="Beratung"))
    db.session.commit()


def found(query: str) -> set[str]:
    return set(
        db.session.scalars(select(Contact.last_name).where(search_condition(Contact, query)))
    )


def test_folding_makes_the_spellings_of_a_name_one():
    assert fold("Müller") == fold("Mueller") == fold("muller") == ["muller"]
    assert fold("Straße") == fold("STRASSE") == ["strasse"]
    assert fold("Lefèvre-Dupont") == ["lefevre", "dupont"]
    assert query_words('"*(-%_') == []


def test_umlauts_prefixes_and_several_words(ctx):
    add_people()
    mullers = {"Müller", "Mueller", "Muller", "Müller-Lüdenscheidt"}
    assert found("muller") == mullers
    assert found("müller") == mullers
    assert found("mueller") == mullers
    assert found("mül") == mullers
    assert found("strasse") == {"Kraus"}
    assert found("straßb") == found("strassb") == {"Straßburger"}
    assert found("lefevre") == {"Lefèvre"}
    assert found("yilmaz") == {"Yılmaz"}  # Turkish dotless ı
    assert found("oster") == {"Øster"}
    assert found("шевч") == {"Шевченко"}
    assert found("jürgen müller") == {"Müller"}
    assert found("anne marie") == {"Schröder"}
    assert found("müller lüdenscheidt") == {"Müller-Lüdenscheidt"}
    # a word of the organisation finds the people who work there
    assert found("uberlingen") == {"Müller-Lüdenscheidt"}
    assert found("caritas grete") == {"Müller-Lüdenscheidt"}
    assert found("caritas jürgen") == set()


def test_many_related_rows_find_the_same(ctx, monkeypatch):
    """On PostgreSQL the ids found through related rows go to the query as values, up to a
    limit, and beyond it are computed inside the query: both ways find the same rows."""
    add_people()
    queries = ("uberlingen", "caritas grete", "caritas jürgen", "müller", "beratung")
    inline = {query: found(query) for query in queries}
    monkeypatch.setattr(search, "INLINE_RELATED", 0)
    assert {query: found(query) for query in queries} == inline
    assert inline["uberlingen"] == {"Müller-Lüdenscheidt"}


def test_index_syntax_characters_never_fail(ctx):
    add_people()
    for query in QUERIES:
        found(query)  # no error on either database
    assert found('"müller"') == found("müller")
    assert found("(müller") == found("müller")
    assert found("%") == set()
    # OR is no operator, only a word that must match too (here "org" of Peter Muller's e-mail)
    assert found("müller OR peter") == {"Muller"}


def test_search_through_the_list_screen(browser):
    add_people()
    page = browser.get("/admin/contact/?search=mueller").get_data(as_text=True)
    for name in ("Müller", "Mueller", "Muller", "Müller-Lüdenscheidt"):
        assert name in page
    assert "Schröder" not in page
    for query in ['"', "*", "-", "(", "OR", "NEAR", "%", "_", "x" * 5000, "a\x00b"]:
        response = browser.get("/admin/contact/", query_string={"search": query})
        assert response.status_code == 200, query


def test_the_index_follows_every_change_through_the_screens(browser):
    """Create, rename and delete through HTTP: the search finds exactly what the table holds."""
    response = browser.post("/admin/contact/new/", {"last_name": "Grünewald", "first_name": "Ida"})
    assert response.status_code == 302
    contact_id = db.session.scalar(select(Contact.id).where(Contact.last_name == "Grünewald"))
    assert found("grunewald") == {"Grünewald"}

    edit = browser.get(f"/admin/contact/edit/?id={contact_id}")
    assert edit.status_code == 200
    version = str(db.session.get(Contact, contact_id).version)
    response = browser.post(
        f"/admin/contact/edit/?id={contact_id}",
        {"last_name": "Weißhaupt", "first_name": "Ida", "seen_version": version},
    )
    assert response.status_code == 302
    assert found("grunewald") == set()
    assert found("weisshaupt") == {"Weißhaupt"}

    response = browser.post("/admin/contact/delete/", {"id": str(contact_id)})
    assert response.status_code == 302
    assert found("weisshaupt") == set()
    assert_index_matches_table()


def test_reindex_repairs_a_drifted_index(runner):
    add_people()
    # Someone edits the table behind the application's back: the stored text is now stale.
    db.session.execute(
        text(
            "UPDATE contacts SET last_name = 'Zimmermann', "
            "search_document = 'veraltet' WHERE first_name = 'Anna'"
        )
    )
    db.session.commit()
    assert found("zimmermann") == set()
    result = runner.invoke(args=["crm", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Suchindex neu aufgebaut" in result.output
    db.session.expire_all()
    assert found("zimmermann") == {"Zimmermann"}
    assert found("veraltet") == set()
    assert_index_matches_table()


def assert_index_matches_table():
    """Every contact is found by its own last name, and the index holds no other rows."""
    contacts = db.session.execute(select(Contact.id, Contact.last_name)).all()
    for contact_id, last_name in contacts:
        ids = set(
            db.session.scalars(select(Contact.id).where(search_condition(Contact, last_name)))
        )
        assert contact_id in ids
    if db.engine.dialect.name == "sqlite":
        indexed = db.session.scalar(text("SELECT count(*) FROM contacts_fts"))
        assert indexed == db.session.scalar(select(func.count()).select_from(Contact))


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL")
def test_sqlite_and_postgresql_find_the_same_rows(tmp_path):
    from tests.conftest import make_app

    results = {}
    for backend in ("sqlite", "postgresql"):
        app = make_app(backend, tmp_path, schema="lotse_test_parity")
        with app.app_context():
            add_people()
            results[backend] = {q: found(q) for q in QUERIES}
            db.session.remove()
            db.engine.dispose()
    assert results["sqlite"] == results["postgresql"]
