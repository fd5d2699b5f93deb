"""Bad and hostile input: each mistake a user can make gets a clear German message and saves
nothing; an unknown id is a 404; nothing anyone can type or send answers 500."""

import json
import re
from datetime import date
from urllib.parse import quote

import pytest
from sqlalchemy import func, inspect, select

from crm.extensions import db
from crm.models import (
    Contact,
    ContactRole,
    NetworkMeeting,
    Organisation,
    Tag,
    Training,
    User,
    Volunteer,
)
from crm.models.choices import Role
from tests import factories as make
from tests.test_crud import CASES, filter_args, form_values, text

CASE = {c.endpoint: c for c in CASES}
ENDPOINTS = list(CASE)
# English that must never reach a user: Flask-Admin's and WTForms' own texts.
ENGLISH = (
    "Failed to",
    "This field",
    "Not a valid",
    "not a valid",
    "Invalid",
    "Integrity",
    "Already exists",
    "Field cannot",
    "Number must",
    "could not",
    "Record ",
    "[SQL",
    "psycopg",
    "sqlite3",
    "fehlgeschlagen:",
)  # nor what the database said

REQUIRED = "Dieses Feld wird benötigt."
BAD_EMAIL = "Bitte eine gültige E-Mail-Adresse angeben."
BAD_POSTCODE = "Die PLZ hat genau fünf Ziffern."
END_BEFORE_START = "Das Ende darf nicht vor dem Beginn liegen."
EXISTS = "Existiert bereits."
DUPLICATE = "gibt es bereits"
NOT_SAVED = "Nicht gespeichert"
BAD_CHOICE = "gültige Auswahl"  # "Keine gültige Auswahl." or "„x“ ist keine gültige Auswahl."


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def snapshot(row) -> dict:
    return {a.key: getattr(row, a.key) for a in inspect(type(row)).column_attrs}


def deep_snapshot(row) -> dict:
    """The row's columns, its own rows (roles, logs, ...) and what it links to."""
    found = snapshot(row)
    for rel in inspect(type(row)).relationships:
        if rel.uselist:
            found[rel.key] = sorted((snapshot(c) for c in getattr(row, rel.key)), key=repr)
    return found


def agent_for(login_as, endpoint):
    return login_as(CASE[endpoint].role)


def messages_shown(page: str) -> str:
    """The text of the flashed messages and of the errors under the form fields."""
    alerts = re.findall(r'<div class="alert[^"]*"[^>]*>(.*?)</div>', page, re.S)
    errors = re.findall(r'<ul class="form-text text-danger[^"]*">(.*?)</ul>', page, re.S)
    return re.sub(r"(<[^>]+>|&times;|\s)+", " ", " ".join(alerts + errors)).strip()


def assert_refused(response, *messages):
    """A page that answers and names the mistake in German, and in no English."""
    page = text(response)
    assert response.status_code == 200, page[:300]
    shown = messages_shown(page)
    assert shown, "refused without a word"
    for message in messages:
        assert message in page, f"{message!r} missing; shown: {shown}"
    for english in ENGLISH:
        assert english not in shown, f"English message shown: {shown}"


def post_new(agent, endpoint, form):
    return agent.post(f"/admin/{endpoint}/new/", form)


def refused_values(login_as, endpoint, field, values, *messages, one_of=()):
    """Send the valid create form of ``endpoint`` with each bad value in ``field``: each is
    refused with the messages (and one of ``one_of``), and no row is added."""
    agent = agent_for(login_as, endpoint)
    valid = CASE[endpoint].prepare()
    model = CASE[endpoint].model
    before = count(model)
    for value in values:
        response = post_new(agent, endpoint, {**valid, field: value})
        assert_refused(response, NOT_SAVED, *messages)
        if one_of:
            assert any(m in text(response) for m in one_of), (value, messages_shown(text(response)))
        assert count(model) == before, value


# --- required fields, formats and periods -------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_missing_required_fields_are_named_and_nothing_is_saved(login_as, endpoint):
    agent = agent_for(login_as, endpoint)
    model = CASE[endpoint].model
    before = count(model)
    response = post_new(agent, endpoint, {})
    assert_refused(response, NOT_SAVED, REQUIRED)
    assert count(model) == before


@pytest.mark.parametrize("endpoint", ["organisation", "contact", "user"])
def test_malformed_email_is_refused(login_as, endpoint):
    refused_values(
        login_as,
        endpoint,
        "email",
        ["keine-adresse", "a@b", "zwei@@example.org", "x y@example.org"],
        BAD_EMAIL,
    )


@pytest.mark.parametrize("endpoint", ["organisation", "contact"])
def test_postcode_must_have_five_digits(login_as, endpoint):
    refused_values(
        login_as, endpoint, "postcode", ["1234", "123456", "12a45", "D-97070"], BAD_POSTCODE
    )


PERIODS = [
    ("training", {"starts_on": "2025-05-01", "ends_on": "2025-04-30"}),
    ("assignment", {"starts_on": "2025-05-01", "ends_on": "2025-04-01"}),
    ("offer", {"valid_from": "2025-05-01", "valid_until": "2024-12-31"}),
    ("meeting", {"starts_at": "2025-03-10 18:00:00", "ends_at": "2025-03-10 17:59:00"}),
    ("contact", {"roles-0-since": "2025-05-01", "roles-0-until": "2025-04-01"}),
]


@pytest.mark.parametrize(("endpoint", "change"), PERIODS, ids=[p[0] for p in PERIODS])
def test_end_before_start_is_refused(login_as, endpoint, change):
    agent = agent_for(login_as, endpoint)
    form = {**CASE[endpoint].prepare(), **change}
    before = count(CASE[endpoint].model)
    assert_refused(post_new(agent, endpoint, form), END_BEFORE_START)
    assert count(CASE[endpoint].model) == before


def test_an_edit_with_end_before_start_leaves_the_row_as_it_was(browser):
    course = make.training(title="Kurs", starts_on=date(2025, 3, 1), ends_on=date(2025, 4, 1))
    before = snapshot(course)
    response = browser.post(
        f"/admin/training/edit/?id={course.id}",
        {"title": "Kurs geändert", "starts_on": "2025-03-01", "ends_on": "2025-02-01"},
    )
    assert_refused(response, END_BEFORE_START)
    assert snapshot(db.session.get(Training, course.id)) == before


@pytest.mark.parametrize(
    ("endpoint", "field"),
    [
        ("municipality", "population"),
        ("training", "capacity"),
        ("newcomer", "household_size"),
        ("volunteer", "hours_per_month"),
        ("course", "modules-0-number"),
    ],
)
def test_bad_numbers_are_refused(login_as, endpoint, field):
    refused_values(
        login_as,
        endpoint,
        field,
        ["-1", "99999999999", "abc", "1e5", "3,5"],
        one_of=("Keine gültige, ganze Zahl", "Bitte eine Zahl von 0 bis"),
    )


@pytest.mark.parametrize("field", ["logs-0-hours", "logs-0-kilometres"])
def test_bad_decimals_in_the_time_log_are_refused(login_as, field):
    refused_values(
        login_as,
        "assignment",
        field,
        ["-1", "1000000", "abc", "1e400", "NaN", "sNaN", "-Infinity", "1.234,5", "1,2,3"],
        one_of=("Bitte eine Zahl wie 2,5 angeben", "Bitte eine Zahl von 0 bis"),
    )


DATE_HINT = "Bitte ein Datum wie 01.12.2026 angeben."
DATETIME_HINT = "Bitte Datum und Uhrzeit wie 21.10.2026 15:00 angeben."


@pytest.mark.parametrize(
    ("endpoint", "field", "value", "hint"),
    [
        ("training", "starts_on", "2025-02-30", DATE_HINT),
        ("training", "starts_on", "30.02.2025", DATE_HINT),
        ("training", "starts_on", "gestern", DATE_HINT),
        ("task", "due_on", "99999-01-01", DATE_HINT),
        ("meeting", "starts_at", "morgen um acht", DATETIME_HINT),
        ("meeting", "starts_at", "2025-03-10", DATETIME_HINT),
        ("meeting", "starts_at", "10.03.2025 25:00", DATETIME_HINT),
        ("contact", "roles-0-since", "1.1.24", DATE_HINT),
    ],
)
def test_malformed_dates_are_refused(login_as, endpoint, field, value, hint):
    refused_values(login_as, endpoint, field, [value], hint)


@pytest.mark.parametrize(
    ("endpoint", "field"),
    [
        ("municipality", "name"),
        ("tag", "name"),
        ("contact", "last_name"),
        ("contact", "roles-0-function"),
        ("assignment", "logs-0-note"),
    ],
)
def test_too_long_text_is_refused(login_as, endpoint, field):
    refused_values(login_as, endpoint, field, ["x" * 1000], "länger als")


@pytest.mark.parametrize(
    ("endpoint", "field", "value", "message"),
    [
        ("municipality", "kind", "metropole", BAD_CHOICE),
        ("organisation", "kind", "", REQUIRED),
        ("assignment", "area", "mondflug", BAD_CHOICE),
        ("volunteer", "areas", ["arztbesuch", "zauberei"], "„zauberei“ ist keine gültige Auswahl."),
        ("contact", "salutation", "eure-majestaet", BAD_CHOICE),
        ("user", "role", "superuser", BAD_CHOICE),
        ("volunteer", "language_skills-0-level", "perfekt", BAD_CHOICE),
    ],
)
def test_an_unknown_choice_is_refused(login_as, endpoint, field, value, message):
    refused_values(login_as, endpoint, field, [value], message)


# --- duplicates ---------------------------------------------------------------------------


def _duplicate_municipality_name():
    make.municipality(name="Bad Kötzting")
    return "municipality", CASE["municipality"].prepare(), EXISTS


def _duplicate_official_key():
    make.municipality(name="Anderswo", official_key="09372137")
    return "municipality", CASE["municipality"].prepare(), EXISTS


def _duplicate_tag():
    make.tag(name="Sprachcafé")
    return "tag", CASE["tag"].prepare(), EXISTS


def _duplicate_language_code():
    return "language", {"code": "ar", "name": "Arabisch (Levante)"}, EXISTS


def _duplicate_language_name():
    return "language", {"code": "ar-x", "name": "Arabisch"}, EXISTS


def _duplicate_newcomer():
    make.newcomer(reference="KT-2025-017")
    return "newcomer", CASE["newcomer"].prepare(), EXISTS


def _duplicate_network():
    make.network(name="Runder Tisch Asyl Süd")
    return "network", CASE["network"].prepare(), EXISTS


def _duplicate_user_email():
    form = CASE["user"].prepare()
    db.session.add(
        User(email="petra.groesser@example.org", name="Petra", role=Role.VIEWER, password_hash="x")
    )
    db.session.commit()
    return "user", form, "Es gibt bereits ein Konto mit der E-Mail-Adresse"


def _duplicate_volunteer():
    form = CASE["volunteer"].prepare()
    make.volunteer(contact=db.session.get(Contact, int(form["contact"])))
    return "volunteer", form, f"{DUPLICATE} (Ehrenamtliche: Kontakt)"


def _duplicate_participation():
    form = CASE["participation"].prepare()
    make.participation(
        training=db.session.get(Training, int(form["training"])),
        volunteer=db.session.get(Volunteer, int(form["volunteer"])),
    )
    return "participation", form, f"{DUPLICATE} (Schulungsteilnahmen: Schulung, Ehrenamtliche/r)"


def _same_person_twice_at_a_meeting():
    form = CASE["meeting"].prepare()
    form.update(
        {
            "participants-1-contact": form["participants-0-contact"],
            "participants-1-attendance": "entschuldigt",
        }
    )
    return "meeting", form, "steht schon auf der Teilnahmeliste"


def _module_number_twice():
    form = CASE["course"].prepare()
    form.update({"modules-1-number": "1", "modules-1-title": "Noch einmal eins"})
    return "course", form, f"{DUPLICATE} (Kursmodule: Kurs, Nr.)"


DUPLICATES = [
    _duplicate_municipality_name,
    _duplicate_official_key,
    _duplicate_tag,
    _duplicate_language_code,
    _duplicate_language_name,
    _duplicate_newcomer,
    _duplicate_network,
    _duplicate_user_email,
    _duplicate_volunteer,
    _duplicate_participation,
    _same_person_twice_at_a_meeting,
    _module_number_twice,
]


@pytest.mark.parametrize(
    "make_duplicate", DUPLICATES, ids=[f.__name__.strip("_") for f in DUPLICATES]
)
def test_a_duplicate_is_refused_in_german(login_as, make_duplicate):
    endpoint, form, message = make_duplicate()
    agent = agent_for(login_as, endpoint)
    model = CASE[endpoint].model
    before = count(model)
    assert_refused(post_new(agent, endpoint, form), message)
    assert count(model) == before


BAD_EDITS = [
    ("contact", {"email": "keine-adresse", "roles-0-function": "Geändert"}, BAD_EMAIL),
    ("organisation", {"postcode": "1234", "name": "Geändert"}, BAD_POSTCODE),
    ("offer", {"valid_until": "2024-01-01", "title": "Geändert"}, END_BEFORE_START),
    ("training", {"modules-0-date": "2025-02-30", "title": "Geändert"}, DATE_HINT),
    ("meeting", {"participants-0-contact": "abc", "title": "Geändert"}, BAD_CHOICE),
    ("assignment", {"logs-0-hours": "-3", "notes": "Geändert"}, "Bitte eine Zahl von 0 bis"),
    ("volunteer", {"contact": "999999", "hours_per_month": "3"}, BAD_CHOICE),
    ("user", {"email": "", "name": "Geändert"}, REQUIRED),
]


@pytest.mark.parametrize(
    ("endpoint", "change", "message"), BAD_EDITS, ids=[e[0] for e in BAD_EDITS]
)
def test_a_bad_edit_leaves_the_row_and_its_parts_as_they_were(login_as, endpoint, change, message):
    agent = agent_for(login_as, endpoint)
    model = CASE[endpoint].model
    assert agent.post(f"/admin/{endpoint}/new/", CASE[endpoint].prepare()).status_code == 302
    row = db.session.scalars(select(model).order_by(model.id.desc())).first()
    before = deep_snapshot(row)
    url = f"/admin/{endpoint}/edit/?id={row.id}"
    form = {**form_values(text(agent.get(url))), **change}
    assert_refused(agent.post(url, form), message)
    assert deep_snapshot(db.session.get(model, row.id)) == before


def test_a_duplicate_on_edit_leaves_both_rows_as_they_were(browser):
    make.tag(name="Erstes")
    second = make.tag(name="Zweites")
    before = snapshot(second)
    response = browser.post(f"/admin/tag/edit/?id={second.id}", {"name": "Erstes"})
    assert_refused(response, EXISTS)
    assert snapshot(db.session.get(Tag, second.id)) == before


def test_the_last_administrator_cannot_be_demoted(login_as):
    agent = login_as("admin")
    me = db.session.scalars(select(User).where(User.role == Role.ADMIN)).one()
    before = snapshot(me)
    response = agent.post(
        f"/admin/user/edit/?id={me.id}",
        {
            "name": me.name,
            "email": me.email,
            "role": "viewer",
            "active": "y",
            "locale": "de",
            "seen_version": str(me.version),
        },
    )
    assert_refused(response, "Das letzte aktive Administrationskonto")
    assert snapshot(db.session.get(User, me.id)) == before


def test_a_new_user_needs_a_long_password(login_as):
    agent = login_as("admin")
    form = {**CASE["user"].prepare(), "password": "kurz"}
    before = count(User)
    assert_refused(post_new(agent, "user", form), "mindestens 12 Zeichen")
    assert count(User) == before


# --- deleting what others point to ----------------------------------------------------------


def test_an_organisation_with_contacts_and_offers_is_not_deleted(browser):
    org = make.organisation(name="Caritas Kreisstelle")
    make.contact(last_name="Meier", roles=[org])
    make.offer(title="Beratung", provider=org)
    make.organisation(name="Caritas Außenstelle", parent=org)
    response = browser.post(
        "/admin/organisation/delete/", {"id": str(org.id)}, follow_redirects=True
    )
    assert_refused(
        response,
        "„Caritas Kreisstelle“ kann nicht gelöscht werden",
        "Funktionen von Kontakten: 1",
        "Angebote: 1",
        "Organisationen: 1",
    )
    assert db.session.get(Organisation, org.id) is not None
    assert count(ContactRole) == 1


@pytest.mark.parametrize("referenced", ["municipality", "tag", "language", "contact", "network"])
def test_a_record_others_point_to_is_not_deleted(browser, referenced):
    if referenced == "municipality":
        row = make.municipality(name="Kitzingen")
        make.organisation(municipality=row)
    elif referenced == "tag":
        row = make.tag(name="Newsletter")
        make.contact(tags=[row])
    elif referenced == "language":
        row = make.language("ti")
        make.volunteer(languages=[row])
    elif referenced == "contact":
        row = make.contact(last_name="Lotsin")
        make.volunteer(contact=row)
    else:
        row = make.network(name="AK Sprache")
        make.meeting(network=row)
    model, row_id = type(row), row.id
    response = browser.post(
        f"/admin/{referenced}/delete/", {"id": str(row_id)}, follow_redirects=True
    )
    assert_refused(response, "kann nicht gelöscht werden")
    assert db.session.get(model, row_id) is not None


def test_deleting_selected_rows_keeps_the_ones_others_point_to(browser):
    kept = make.organisation(name="Jobcenter")
    make.contact(roles=[kept])
    gone = make.organisation(name="Aufgelöster Verein").id
    response = browser.post(
        "/admin/organisation/action/",
        {"action": "delete", "rowid": [str(kept.id), str(gone)]},
        follow_redirects=True,
    )
    assert_refused(
        response, "„Jobcenter“ kann nicht gelöscht werden", "Eintrag wurde erfolgreich gelöscht"
    )
    assert db.session.get(Organisation, kept.id) is not None
    assert db.session.get(Organisation, gone) is None
    for rowid in ("abc", "99999999999999999999", "\x00"):
        response = browser.post("/admin/organisation/action/", {"action": "delete", "rowid": rowid})
        assert response.status_code == 400, rowid
    assert browser.post(
        "/admin/organisation/action/", {"action": "gibt-es-nicht", "rowid": str(kept.id)}
    ).status_code in (302, 400)
    assert count(Organisation) == 1


def test_a_delete_without_an_id_is_refused_in_german(browser):
    make.tag(name="Bleibt")
    response = browser.post("/admin/tag/delete/", {}, follow_redirects=True)
    assert_refused(response)
    assert count(Tag) == 1


# --- unknown ids --------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_unknown_id_is_a_404(login_as, endpoint):
    agent = agent_for(login_as, endpoint)
    for row_id in ("999999", "0", "-1", "abc", "1e3", "99999999999999999999", "%00", "1.5"):
        for page in ("details", "edit"):
            response = agent.get(f"/admin/{endpoint}/{page}/?id={row_id}")
            assert response.status_code == 404, (page, row_id, response.status_code)
            assert "Nicht gefunden" in text(response)
        response = agent.post(f"/admin/{endpoint}/edit/?id={row_id}", {"name": "x"})
        assert response.status_code == 404, ("edit POST", row_id)
        if CASE[endpoint].deletable:
            response = agent.post(f"/admin/{endpoint}/delete/", {"id": row_id})
            assert response.status_code == 404, ("delete", row_id, response.status_code)


# --- hostile input ------------------------------------------------------------------------

ODD_SEARCHES = [
    '"',
    '""',
    "*",
    "-",
    "(",
    ")",
    "OR",
    "NEAR",
    "AND NOT",
    "%",
    "_",
    "a OR b",
    "NEAR(a b)",
    "a*",
    "-a",
    "^a",
    "a:b",
    "'",
    "\\",
    "&|!",
    "ü*",
    "\x00",
    "x" * 100_000,
    "ä" * 5000,
    "\u200b",
    "🙂",
    "  ",
    "a-b",
    "%_%",
    "1=1; --",
]


@pytest.mark.parametrize("endpoint", ["contact", "participation", "tag"])
def test_odd_search_terms_answer_200(login_as, endpoint):
    """A search of the row itself, of it and related rows, of related rows only."""
    make.contact(last_name="Near")
    agent = agent_for(login_as, endpoint)
    for term in ODD_SEARCHES:
        response = agent.get(f"/admin/{endpoint}/?search={quote(term)}")
        assert response.status_code == 200, (term[:20], response.status_code)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_hostile_filter_values_and_searches_answer_200(login_as, endpoint):
    agent = agent_for(login_as, endpoint)
    listing = text(agent.get(f"/admin/{endpoint}/"))
    args = sorted(set(filter_args(listing).values())) if "filter-groups-data" in listing else []
    urls = [f"?search={quote(v)}" for v in ("\x00", "x" * 100_000)]
    for value in (
        "\x00",
        "x" * 100_000,
        "9" * 30,
        "-99999999999",
        'abc%_*"(',
        "2025-13-45 to 2025-01-01",
        "0001-01-01",
        "1,2,abc",
    ):
        urls.append(
            "?" + "&".join(f"flt{i}_{quote(arg)}={quote(value)}" for i, arg in enumerate(args))
        )
    for url in urls:
        response = agent.get(f"/admin/{endpoint}/{url}")
        assert response.status_code == 200, (url[:80], response.status_code)


@pytest.mark.parametrize("endpoint", ["contact", "volunteer", "user"])
def test_hostile_paging_and_sorting_answer_200(login_as, endpoint):
    agent = agent_for(login_as, endpoint)
    for url in [
        "?page=99999999999999999999",
        "?page=-3",
        "?page=abc",
        "?page_size=abc",
        "?page_size=100000000",
        "?page_size=-1",
        "?sort=999",
        "?sort=abc",
        "?desc=abc",
        "?sort=-1&desc=1",
        "?flt0_gibt_es_nicht=1",
        "?flt99999999999_x=1",
    ]:
        response = agent.get(f"/admin/{endpoint}/{url}")
        assert response.status_code == 200, (url, response.status_code)


def _ajax_refs(app):
    refs = []
    for view in app.extensions["admin"][0]._views:
        for name in sorted(getattr(view, "_form_ajax_refs", None) or {}):
            refs.append((view.endpoint, name))
    return refs


def test_ajax_lookups_answer_odd_queries_with_a_list(login_as, ctx):
    make.organisation(name='Caritas (Süd) "NEAR" 100%')
    agent = login_as("admin")
    refs = _ajax_refs(ctx)
    assert len(refs) >= 25
    for endpoint, name in refs:
        base = f"/admin/{endpoint}/ajax/lookup/?name={quote(name)}"
        for extra in [
            "",
            "&query=",
            "&query=car",
            "&query=" + quote("\x00"),
            "&query=" + quote("x" * 100_000),
            "&query=" + quote('"(NEAR OR *'),
            "&query=" + quote("%_\\"),
            "&query=a&limit=99999999999999999999",
            "&query=a&offset=99999999999999999999",
            "&query=a&limit=-1&offset=-5",
            "&query=a&limit=abc",
        ]:
            response = agent.get(base + extra)
            assert response.status_code == 200, (endpoint, name, extra[:40], response.status_code)
            assert isinstance(json.loads(text(response)), list)
    assert agent.get("/admin/contact/ajax/lookup/?name=gibt-es-nicht&query=a").status_code == 404


REFERENCES = [
    ("organisation", "municipality"),
    ("organisation", "parent"),
    ("organisation", "tags"),
    ("contact", "roles-0-organisation"),
    ("contact", "languages"),
    ("volunteer", "contact"),
    ("volunteer", "language_skills-0-language"),
    ("volunteer", "municipalities"),
    ("training", "participations-0-volunteer"),
    ("training", "modules-0-course_module"),
    ("meeting", "participants-0-contact"),
    ("meeting", "network"),
    ("offer", "languages"),
    ("assignment", "newcomer"),
    ("task", "owner"),
]


@pytest.mark.parametrize(("endpoint", "field"), REFERENCES, ids=["-".join(r) for r in REFERENCES])
def test_a_reference_that_is_no_id_is_refused(login_as, endpoint, field):
    refused_values(
        login_as,
        endpoint,
        field,
        ["abc", "999999", "99999999999999999999", "-1", "1,abc", "\x00"],
        one_of=(BAD_CHOICE, REQUIRED),
    )


NUL_FIELDS = [
    ("organisation", "name"),
    ("organisation", "notes"),
    ("contact", "last_name"),
    ("contact", "roles-0-function"),
    ("course", "modules-0-title"),
    ("assignment", "logs-0-note"),
    ("meeting", "tasks-0-description"),
    ("user", "name"),
    ("user", "password"),
]


@pytest.mark.parametrize(("endpoint", "field"), NUL_FIELDS, ids=["-".join(f) for f in NUL_FIELDS])
def test_a_nul_byte_in_a_text_field_is_dropped(login_as, endpoint, field):
    agent = agent_for(login_as, endpoint)
    form = CASE[endpoint].prepare()
    form[field] = form[field][:4] + "\x00" + form[field][4:]
    response = agent.post(f"/admin/{endpoint}/new/", form, follow_redirects=True)
    assert response.status_code == 200
    assert "Eintrag wurde erfolgreich erstellt." in text(response), messages_shown(text(response))
    found = db.session.execute(
        select(CASE[endpoint].model.__table__).order_by(CASE[endpoint].model.id.desc())
    ).first()
    assert not any("\x00" in v for v in found if isinstance(v, str))


def test_tampered_inline_ids_change_nothing_else(browser):
    """A role id of another contact, or no number at all, in the inline form."""
    other = make.contact(last_name="Fremd", roles=[make.organisation(name="Fremde Org")])
    their_role = snapshot(other.roles[0])
    mine = make.contact(last_name="Eigen", roles=[make.organisation(name="Eigene Org")])
    org = make.organisation(name="Neue Org")
    for tampered in (str(their_role["id"]), "abc", "99999999999999999999", "-1"):
        response = browser.post(
            f"/admin/contact/edit/?id={mine.id}",
            {
                "last_name": "Eigen",
                "roles-0-id": tampered,
                "roles-0-organisation": str(org.id),
                "roles-0-function": "Übernommen",
            },
            follow_redirects=True,
        )
        assert response.status_code == 200, (tampered, response.status_code)
        assert snapshot(db.session.get(ContactRole, their_role["id"])) == their_role
    assert [r.contact_id for r in db.session.scalars(select(ContactRole))].count(other.id) == 1


def test_a_meeting_time_is_read_in_berlin_time_also_in_summer(browser):
    form = {**CASE["meeting"].prepare(), "starts_at": "2025-07-01 09:30:00", "ends_at": ""}
    response = post_new(browser, "meeting", form)
    assert response.status_code == 302
    meeting = db.session.scalars(select(NetworkMeeting)).one()
    assert (meeting.starts_at.hour, meeting.starts_at.minute) == (7, 30)  # CEST = UTC+2
    page = text(browser.get(f"/admin/meeting/edit/?id={meeting.id}"))
    assert 'value="01.07.2025 09:30"' in page
    assert "01.07.2025 09:30" in text(browser.get("/admin/meeting/"))
