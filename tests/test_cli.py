"""The commands of ``flask --app app crm``: accounts, the sample data (demo county and benchmark)
and the search index."""

import logging
import re
from datetime import date

import pytest
from click.testing import CliRunner
from flask.cli import FlaskGroup
from sqlalchemy import create_engine, func, select, text, update

from crm import create_app
from crm.dashboard import figures
from crm.extensions import db
from crm.models import (
    ArchiveOffer,
    Assignment,
    AssignmentLog,
    Contact,
    ContactRole,
    Course,
    FollowUpTask,
    Language,
    MeetingParticipant,
    Municipality,
    Network,
    NetworkMeeting,
    Newcomer,
    Offer,
    Organisation,
    Tag,
    Training,
    TrainingParticipation,
    User,
    Volunteer,
    VolunteerLanguage,
)
from crm.models.choices import Role
from crm.retention import due
from crm.sampledata.bench import BENCH_EMAIL, BENCH_PASSWORD
from crm.sampledata.demo.county import LOGIN_URL, START_COMMAND
from crm.sampledata.organisations import TAGS
from crm.sampledata.places import MUNICIPALITIES
from crm.search import search_condition
from tests.conftest import reset_database
from tests.helpers import PASSWORD, Browser, make_user

DEMO_PASSWORD = "demo-passwort-2026"
DEMO_ACCOUNTS = {
    "admin@lotsenau.example": Role.ADMIN,
    "koordination@lotsenau.example": Role.COORDINATOR,
    "lesen@lotsenau.example": Role.VIEWER,
}


def count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def create_user(runner, *args, password=PASSWORD):
    return runner.invoke(
        args=["crm", "create-user", *args, "--password-stdin"], input=password + "\n"
    )


def demo(runner, *args):
    return runner.invoke(args=["crm", "demo", *args])


def found(model, query: str) -> list[int]:
    return db.session.scalars(select(model.id).where(search_condition(model, query))).all()


# --- create-user ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "coordinator", "viewer"])
def test_create_user_makes_an_account_that_can_log_in(runner, ctx, role):
    result = create_user(runner, " Neu@Example.org ", "--name", "Neue Kollegin", "--role", role)

    assert result.exit_code == 0, result.output
    assert f"Konto angelegt: neu@example.org ({role})" in result.output
    user = db.session.scalar(select(User))
    assert (user.email, user.name, user.role, user.active) == (
        "neu@example.org",
        "Neue Kollegin",
        Role(role),
        True,
    )
    browser = Browser(ctx)
    assert browser.login("neu@example.org", password="falsches-passwort").status_code == 200
    assert browser.login("neu@example.org").status_code == 302
    assert browser.get("/admin/").status_code == 200


def test_create_user_asks_twice_for_the_password_and_defaults_to_coordinator(runner):
    result = runner.invoke(
        args=["crm", "create-user", "k@example.org", "--name", "K"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )

    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert user.role == Role.COORDINATOR
    assert user.check_password(PASSWORD)


def test_create_user_accepts_only_the_three_roles(runner):
    result = create_user(runner, "chef@example.org", "--name", "Chef", "--role", "chef")

    assert result.exit_code == 2
    assert "chef" in result.output and "admin" in result.output
    assert count(User) == 0


def test_create_user_refuses_a_taken_email_in_german(runner):
    make_user("viewer", "doppelt@example.org")

    result = create_user(runner, "DOPPELT@example.org", "--name", "Noch einmal")

    assert result.exit_code == 1
    assert "Es gibt bereits ein Konto mit der E-Mail-Adresse doppelt@example.org" in result.output
    assert count(User) == 1


def test_create_user_refuses_a_short_password(runner):
    result = create_user(runner, "kurz@example.org", "--name", "Kurz", password="geheim")

    assert result.exit_code == 1
    assert "mindestens 12 Zeichen" in result.output
    assert count(User) == 0


# --- demo -------------------------------------------------------------------------------------


def test_demo_fills_a_fictional_county_and_says_how_to_log_in(runner, ctx):
    languages = count(Language)

    result = demo(runner, "--password", DEMO_PASSWORD)

    assert result.exit_code == 0, result.output
    assert count(Municipality) >= 20
    assert count(Organisation) >= 80
    assert count(Contact) >= 300
    assert count(ContactRole, ContactRole.until.is_not(None)) > 0  # staff changes keep history
    assert count(Volunteer) >= 60
    assert count(VolunteerLanguage) >= count(Volunteer)
    # Seed 001: one course of five modules, at four places by three carriers.
    assert count(Course) == 1
    runs = db.session.scalars(select(Training)).all()
    assert len({t.location for t in runs}) == 4 and len({t.carrier_id for t in runs}) == 3
    for training in runs:
        assert sorted(m.course_module.number for m in training.modules) == [1, 2, 3, 4, 5]
    certified = TrainingParticipation.certificate_issued_on.is_not(None)
    assert count(TrainingParticipation, certified, TrainingParticipation.certificate.is_not(None))
    assert count(Assignment) >= 150
    assert count(AssignmentLog) > 0
    assert count(Network) >= 2
    assert count(NetworkMeeting) >= 10
    assert count(MeetingParticipant) > 0
    assert count(Offer) >= 100
    assert 0 < count(Offer, Offer.municipality_id.is_(None)) < count(Offer)
    assert count(Language) == languages  # the seeded languages are reused

    # Every screen has something to show, free texts included.
    for model in (Contact, Organisation, Newcomer, Offer):
        assert count(model, model.notes.is_not(None)) > 0, model
    conference = db.session.scalar(
        select(NetworkMeeting).where(NetworkMeeting.network_id.is_(None))
    )
    assert conference.participants and conference.tasks
    assert count(Volunteer, Volunteer.clearance_disqualifying.is_(True)) == 1

    # Clearly fictional, and German: umlauts, ß, hyphens; codes in the form people use.
    assert (
        db.session.scalar(
            select(Municipality.official_key).where(Municipality.name == "Bad Ahrensfelde")
        )
        is not None
    )
    keys = db.session.scalars(select(Municipality.official_key)).all()
    assert all(re.fullmatch(r"\d{8}", k) for k in keys)
    assert all(re.fullmatch(r"\d{5}", p) for p in db.session.scalars(select(Organisation.postcode)))
    surnames = db.session.scalars(select(Contact.last_name)).all()
    assert any("ß" in n for n in surnames) and any("-" in n for n in surnames)
    assert any(set(n) & set("äöüÄÖÜ") for n in surnames)
    references = db.session.scalars(select(Newcomer.reference)).all()
    # One family's reference is replaced by its anonymisation (crm/sampledata/demo/erasures.py).
    assert all(re.fullmatch(r"NZ-\d{4}-\d{4}|Anonymisiert #\d+", r) for r in references)

    # Dates relative to today: the start page has something to attend to, „Aufbewahrung“ has
    # records due in every section and an archive offer answered (crm/sampledata/demo/retention.py).
    assert all(number > 0 for _, number in figures().attention)
    assert all(section.rows for section in due(db.session, date.today()).sections)
    assert count(ArchiveOffer, ArchiveOffer.answered_on.is_not(None)) == 1
    assert count(FollowUpTask, FollowUpTask.done_on.is_not(None)) > 0

    users = db.session.scalars(select(User)).all()
    assert {u.email: u.role for u in users} == DEMO_ACCOUNTS
    assert all(u.check_password(DEMO_PASSWORD) for u in users)
    assert f"Anmelden: „{START_COMMAND}“ starten, dann {LOGIN_URL} öffnen." in result.output
    assert START_COMMAND == ".venv/bin/flask --app app run"  # as the README installs Lotse
    assert all(email in result.output for email in DEMO_ACCOUNTS)
    assert f"Passwort: {DEMO_PASSWORD}" in result.output


def test_after_the_demo_the_search_finds_a_name_typed_without_umlaut(runner, ctx):
    result = demo(runner)  # without --password: a random one, printed
    assert result.exit_code == 0, result.output
    password = re.search(r"Passwort: (\S+)", result.output).group(1)
    assert len(password) >= 10
    names = sorted({c.last_name for c in db.session.scalars(select(Contact))})
    target = next(n for n in reversed(names) if set(n) & set("äöüÄÖÜ") and "-" not in n)
    first = names[0]  # on the first page if the search filtered nothing
    assert first not in target
    browser = Browser(ctx)
    assert browser.login("lesen@lotsenau.example", password=password).status_code == 302

    digraphs = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
    plain = str.maketrans("äöüÄÖÜ", "aouAOU")
    for typed in (target.translate(digraphs), target.translate(plain)):
        assert typed.isascii()
        page = browser.get(f"/admin/contact/?search={typed}")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert target in html, typed
        assert first not in html, typed


def test_demo_refuses_a_database_that_holds_data(runner):
    make_user("admin", "chefin@example.org")

    result = demo(runner, "--password", DEMO_PASSWORD)

    assert result.exit_code != 0
    assert "Die Datenbank enthält bereits Daten" in result.output
    assert "--force" in result.output
    assert count(User) == 1
    assert count(Contact) == count(Organisation) == count(Municipality) == 0


def test_demo_if_empty_fills_once_and_then_leaves_the_database_as_it_is(runner):
    first = demo(runner, "--if-empty", "--password", DEMO_PASSWORD)
    assert first.exit_code == 0, first.output
    assert f"Passwort: {DEMO_PASSWORD}" in first.output
    contacts, users = count(Contact), count(User)

    again = demo(runner, "--if-empty", "--password", "anderes-passwort-1")

    assert again.exit_code == 0, again.output
    assert "Die Datenbank enthält schon Daten" in again.output and "nichts angelegt" in again.output
    assert START_COMMAND in again.output
    assert all(
        f"{email} (gab es schon, Passwort unverändert)" in again.output for email in DEMO_ACCOUNTS
    )
    assert "Passwort:" not in again.output
    assert (count(Contact), count(User)) == (contacts, users)
    assert all(u.check_password(DEMO_PASSWORD) for u in db.session.scalars(select(User)))
    # Without the flag a second run still refuses, and the two flags exclude each other.
    assert demo(runner, "--password", DEMO_PASSWORD).exit_code == 1
    assert demo(runner, "--if-empty", "--force").exit_code == 2
    assert count(Contact) == contacts


def test_demo_on_a_new_sqlite_file_prints_no_alembic_lines(tmp_path):
    """The first start migrates SQLite itself; its log would bury the demo's login lines."""
    database = tmp_path / "lotse.db"
    config = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "SECRET_KEY": "test",
        "AUTO_MIGRATE": True,
    }
    cli = FlaskGroup(create_app=lambda: create_app(config))
    handlers = logging.root.handlers[:]  # the migrations' logging setup replaces them
    try:
        result = CliRunner().invoke(cli, ["crm", "demo", "--password", DEMO_PASSWORD])
    finally:
        logging.root.handlers[:] = handlers

    assert result.exit_code == 0, result.output
    assert "INFO  [alembic" not in result.output
    assert result.output.startswith("Demo-Daten für den fiktiven „Landkreis Lotsenau“ angelegt:")
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM contacts")).scalar() >= 300
    engine.dispose()


def test_demo_refuses_a_short_password_before_writing(runner):
    result = demo(runner, "--password", "kurz")

    assert result.exit_code != 0
    assert "mindestens 12 Zeichen" in result.output
    assert count(User) == count(Contact) == 0


def test_demo_with_force_adds_to_the_data_and_keeps_existing_accounts(runner):
    assert demo(runner, "--password", DEMO_PASSWORD).exit_code == 0
    contacts, places, networks = count(Contact), count(Municipality), count(Network)

    result = demo(runner, "--force", "--seed", "1", "--password", "anderes-passwort-1")

    assert result.exit_code == 0, result.output
    assert "gab es schon" in result.output
    assert "anderes-passwort-1" not in result.output  # no account got it
    assert count(Contact) > contacts
    assert count(Municipality) == places  # reused, not doubled
    assert count(Network) == 2 * networks  # under names of their own
    assert count(User) == 3
    admin = db.session.scalar(select(User).where(User.email == "admin@lotsenau.example"))
    assert admin.check_password(DEMO_PASSWORD)


def test_the_same_seed_gives_the_same_county(runner, app):
    def county(seed: str) -> tuple[list, list]:
        reset_database(app)
        assert demo(runner, "--seed", seed, "--password", DEMO_PASSWORD).exit_code == 0
        names = db.session.execute(select(Contact.last_name, Contact.first_name)).all()
        offers = db.session.scalars(select(Offer.title)).all()
        db.session.remove()  # nothing may stay open while the next reset empties the tables
        return sorted(names), sorted(offers)

    first = county("7")
    assert county("7") == first
    assert county("8") != first


# --- bench-data -------------------------------------------------------------------------------


def test_bench_data_fills_the_same_county_at_any_size(runner, ctx):
    result = runner.invoke(args=["crm", "bench-data", "--contacts", "300", "--seed", "3"])

    assert result.exit_code == 0, result.output
    assert "Messdaten für 300 Kontakte (Startwert 3):" in result.output
    assert f"Anmeldung: {BENCH_EMAIL} / {BENCH_PASSWORD}" in result.output
    assert count(Contact) == 300
    assert count(Organisation) == 30 and count(Assignment) == 600
    places = db.session.scalars(select(Municipality.name).order_by(Municipality.id)).all()
    assert len(places) == 200
    assert places[: len(MUNICIPALITIES)] == [m[0] for m in MUNICIPALITIES]  # the demo's county
    tags = db.session.execute(select(Tag.name, Tag.colour).order_by(Tag.id)).all()
    assert [tuple(t) for t in tags] == TAGS
    # The search index was built after the bulk load: a name typed without its umlaut is found.
    name = next(n for n in db.session.scalars(select(Contact.last_name)) if "ü" in n)
    assert found(Contact, name.replace("ü", "ue"))
    assert Browser(ctx).login(BENCH_EMAIL, password=BENCH_PASSWORD).status_code == 302

    again = runner.invoke(args=["crm", "bench-data", "--contacts", "300"])
    assert again.exit_code == 1
    assert "Die Datenbank enthält bereits Daten" in again.output
    assert count(Contact) == 300


# --- reindex ----------------------------------------------------------------------------------


def test_reindex_repairs_stale_search_texts(runner):
    db.session.add(Contact(first_name="Jörg", last_name="Größmann"))
    db.session.commit()
    assert len(found(Contact, "grossmann")) == 1
    db.session.execute(update(Contact).values(search_document=""))
    db.session.commit()
    assert found(Contact, "grossmann") == []

    result = runner.invoke(args=["crm", "reindex"])

    assert result.exit_code == 0, result.output
    assert "Suchindex neu aufgebaut (1 Suchtexte aktualisiert)" in result.output
    assert db.session.scalar(select(Contact.search_document)) == "jorg grossmann"
    assert len(found(Contact, "Grossmann")) == 1


def test_reindex_rebuilds_a_damaged_sqlite_index(runner):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL derives the index from the column itself")
    db.session.add(Contact(first_name="Jörg", last_name="Größmann"))
    db.session.commit()
    db.session.execute(text("INSERT INTO contacts_fts(contacts_fts) VALUES ('delete-all')"))
    db.session.commit()
    assert found(Contact, "grossmann") == []

    result = runner.invoke(args=["crm", "reindex"])

    assert result.exit_code == 0, result.output
    assert "(0 Suchtexte aktualisiert)" in result.output
    assert len(found(Contact, "grossmann")) == 1


def _flask(tmp_path, *args, stdin: str = ""):
    """``flask --app app ...`` as a person runs it, on a SQLite file of its own."""
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'lotse.db'}",
        "SECRET_KEY": "test-" * 8,  # production refuses keys under 32 characters
        "AUTO_MIGRATE": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_asking_the_cli_for_help_creates_no_database(tmp_path):
    shown = _flask(tmp_path, "crm", "--help")
    assert shown.returncode == 0 and "create-user" in shown.stdout
    assert not (tmp_path / "lotse.db").exists()
    made = _flask(
        tmp_path,
        "crm",
        "create-user",
        "anna@lotsenau.example",
        "--name",
        "Anna",
        "--password-stdin",
        stdin="ein-langes-passwort\n",
    )
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "lotse.db").exists()  # a command that needs the data migrates first
