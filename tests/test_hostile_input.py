"""The hostile-input suite: every door a user can reach (imports, Art. 15, anonymisation, merge,
consents, exports, the history screen, saved selections, status change, password change,
login, the CLI) tried as an attacker would. Each request gets a clear answer, never a 500, a
German message where a page answers, and leaves every table as it was (tests.checksum).

A door is a row of tests.hostile_doors.DOORS; its placeholders (``{contact}``, ``{twin}``,
...) are the ids of :func:`world`. A refusal that is itself recorded names the table it writes
and why (there)."""

import io
import os
import time
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from crm.extensions import db
from crm.imports.uploads import KEPT_SECONDS, keep
from crm.models import ConsentPurpose, ExitReason, SavedSelection, User
from crm.models.choices import VolunteerStatus
from tests import factories as make
from tests.checksum import database_checksum
from tests.helpers import TOKEN, Browser, make_user
from tests.hostile_doors import DOORS, ERASE, FORBIDDEN
from tests.test_i18n import text_of


@pytest.fixture
def world(ctx):
    """The records the doors aim at: two contacts alike, a volunteer without consent, a
    newcomer whose id is no contact's, another coordinator's private Verteiler."""
    person = make.contact(last_name="Weiß", first_name="Ada", email="ada@example.org")
    twin = make.contact(last_name="Weiss", first_name="Ada", email="ada.weiss@example.org")
    helper = make.volunteer(contact=person, status=VolunteerStatus.IN_TRAINING)
    families = [make.newcomer() for _ in range(4)]
    other = make_user("coordinator", email="kollegin@example.org")
    private = SavedSelection(name="Privat", owner_id=other.id, criteria={})
    db.session.add(private)
    db.session.commit()
    storage = db.session.query(ConsentPurpose).filter_by(code="storage").one()
    return {
        "contact": person.id,
        "twin": twin.id,
        "contact_version": person.version,
        "twin_version": twin.version,
        "volunteer": helper.id,
        "volunteer_version": helper.version,
        "newcomer": families[-1].id,
        "contact_only": max(person.id, twin.id) + 100,
        "selection": private.id,
        "storage": storage.id,
        "other_user": other.id,
        "reason": db.session.query(ExitReason).first().id,
    }


def filled(value, ids: dict):
    return value.format(**ids) if isinstance(value, str) else value


def answer_text(browser, response) -> str:
    """The page the user reads: the answer, or the page its redirect leads to."""
    if response.status_code in (301, 302, 303) and response.headers["Location"].startswith("/"):
        return text_of(browser.get(response.headers["Location"]))
    return text_of(response)


def sender(app, login_as, role: str | None) -> Browser:
    """A browser logged in with ``role``, or (None) a stranger holding the login form's token."""
    if role is not None:
        return login_as(role)
    stranger = Browser(app)
    stranger.token = TOKEN.search(stranger.get("/login").data).group(1).decode()
    return stranger


@pytest.mark.parametrize("hostile", DOORS)
def test_a_hostile_request_is_answered_and_changes_nothing(ctx, world, login_as, hostile):
    user = sender(ctx, login_as, hostile.role)
    before = database_checksum(leave_out=hostile.leave_out)
    url = filled(hostile.url, world)
    if hostile.method == "GET":
        response = user.get(url)
    else:
        data = {k: filled(v, world) for k, v in (hostile.data or {}).items()}
        response = user.post(url, data, csrf=hostile.csrf)
    assert response.status_code < 500
    if hostile.says:
        assert hostile.says in answer_text(user, response)
    assert database_checksum(leave_out=hostile.leave_out) == before


def test_a_person_anonymised_once_is_not_anonymised_again(world, login_as):
    admin = login_as("admin")
    url = f"{ERASE}/{world['contact']}/"
    family = f"{ERASE}-begleitet/{world['newcomer']}/"
    for page in (url, family):
        assert admin.post(page, {"confirmed": "1"}).status_code == 302
        before = database_checksum()
        again = admin.post(page, {"confirmed": "1"})
        assert again.status_code < 500 and "bereits anonymisiert" in answer_text(admin, again)
        assert database_checksum() == before


# --- imports: the upload, then its confirmation ---------------------------------------------

CSV = "Nachname;E-Mail-Adresse\r\nMüller;m@example.org\r\n".encode()


def xlsx_with_many_columns() -> bytes:
    book = Workbook()
    book.active.append(["Nachname", *(f"Spalte {i}" for i in range(3000))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("role", "fields", "data", "name", "says"),
    [
        ("viewer", {}, CSV, "a.csv", FORBIDDEN),
        ("coordinator", {"kind": "users"}, CSV, "a.csv", "gültige Auswahl"),
        ("coordinator", {"csrf_token": "gefälscht"}, CSV, "a.csv", None),
        ("coordinator", {}, b"\x00\x01\x02" * 1000, "a.csv", None),
        ("coordinator", {}, CSV, "../../../etc/passwd", None),
        ("coordinator", {}, CSV, "kontakte.exe", None),
        ("coordinator", {}, b"Nachname;" * 20_000 + b"\r\nA\r\n", "a.csv", None),
        ("coordinator", {}, b"Nachname\r\n" + b"x" * 200_000 + b"\r\n", "a.csv", None),
        ("coordinator", {}, xlsx_with_many_columns(), "a.xlsx", None),
        ("coordinator", {}, b"PK\x05\x06" + b"\x00" * 18, "a.xlsx", "keine lesbare Excel"),
    ],
    ids=[
        "viewer",
        "kind",
        "forged-csrf",
        "binary",
        "path",
        "exe",
        "columns",
        "long-cell",
        "xlsx-columns",
        "empty-zip",
    ],  # fmt: skip
)
def test_a_hostile_upload_writes_nothing(ctx, login_as, role, fields, data, name, says):
    user = login_as(role)
    before = database_checksum()
    form = {"kind": "contacts", "on_duplicate": "skip", "file": (io.BytesIO(data), name), **fields}
    response = user.post("/admin/import/", form, content_type="multipart/form-data")
    assert response.status_code < 500
    if says:
        assert says in answer_text(user, response)
    assert database_checksum() == before


def uploads(app) -> Path:
    return Path(app.instance_path) / "imports"


def own_id() -> int:
    """The id of the user logged in last (login_as makes a new one)."""
    return db.session.scalars(select(User.id).order_by(User.id.desc())).first()


@pytest.mark.parametrize(
    ("token", "fields", "says"),
    [
        ("forged", {}, "nicht mehr da"),
        ("another user's", {}, "nicht mehr da"),
        ("expired", {}, "nicht mehr da"),
        ("../../etc/passwd", {}, "nicht mehr da"),
        ("own", {"kind": "users"}, "unvollständig"),
        ("own", {"on_duplicate": "alles"}, "unvollständig"),
        ("own", {"kind": "organisations"}, "Es wurde nichts importiert"),
        ("own", {"csrf_token": ""}, "unvollständig"),
    ],
)
def test_a_hostile_confirmation_imports_nothing(ctx, world, login_as, token, fields, says):
    user = login_as("coordinator")
    tokens = {
        "forged": "A" * 32,
        "another user's": keep(uploads(ctx), world["other_user"], CSV),
        "expired": keep(uploads(ctx), own_id(), CSV),
        "own": keep(uploads(ctx), own_id(), CSV),
    }
    old = time.time() - KEPT_SECONDS - 60
    os.utime(uploads(ctx) / f"{own_id()}-{tokens['expired']}", (old, old))
    before = database_checksum()
    form = {"kind": "contacts", "on_duplicate": "skip", "file_name": "a.csv", **fields}
    response = user.post("/admin/import/bestaetigen", {"token": tokens.get(token, token), **form})
    assert response.status_code < 500
    assert says in answer_text(user, response)
    assert database_checksum() == before


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"on_duplicate": "overwrite"}, "Die Angaben zum Import waren unvollständig"),
        ({"column": ["last_name", "passwort"]}, "‚passwort‘ ist kein Feld für Kontakte"),
        ({"kind": "users"}, "Die Angaben zum Import waren unvollständig"),
    ],
    ids=["on-duplicate", "column", "kind"],
)
def test_a_hostile_mapping_step_previews_nothing(ctx, login_as, fields, says):
    """The step after the upload (columns to fields, the choice for duplicates) with values
    the form never offers: a German answer, nothing saved."""
    user = login_as("coordinator")
    token = keep(uploads(ctx), own_id(), CSV)
    before = database_checksum()
    form = {"kind": "contacts", "on_duplicate": "skip", "token": token, "file_name": "a.csv"}
    response = user.post("/admin/import/vorschau", {**form, **fields})
    assert response.status_code < 500
    assert says in answer_text(user, response)
    assert database_checksum() == before


def test_a_viewer_confirms_no_import(ctx, login_as):
    viewer = login_as("viewer")
    token = keep(uploads(ctx), own_id(), CSV)
    before = database_checksum()
    data = {"kind": "contacts", "on_duplicate": "skip", "token": token, "file_name": "a.csv"}
    response = viewer.post("/admin/import/bestaetigen", data)
    assert response.status_code == 403 and FORBIDDEN in text_of(response)
    assert database_checksum() == before


# --- the command line -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "content", "says"),
    [
        (["import", "contacts", "{file}"], b"\x00\xff" * 500, "keine Tabelle"),
        (["import", "contacts", "{file}"], b"", "leer"),
        (["import", "contacts", "{file}"], b"Nachname;PLZ\r\nA;999\r\n", "nichts importiert"),
        (["import", "users", "{file}"], CSV, "users"),
        (["import", "contacts", "{file}", "--on-duplicate", "alles"], CSV, "alles"),
        (["import", "contacts", "/nicht/da.csv"], CSV, "nicht/da.csv"),
        (["create-user", "x@example.org", "--name", "X", "--password-stdin"], b"", "12 Zeichen"),
        (["restore", "{file}", "--yes"], CSV, "SQLite"),
    ],
    ids=["binary", "empty", "bad-row", "kind", "on-duplicate", "missing", "password", "restore"],
)
def test_the_command_line_refuses_and_writes_nothing(runner, tmp_path, args, content, says):
    file = tmp_path / "eingabe.csv"
    file.write_bytes(content)
    before = database_checksum()
    result = runner.invoke(args=["crm", *(a.format(file=file) for a in args)], input="kurz\n")
    assert (
        result.exit_code != 0
        and result.exception is None
        or isinstance(result.exception, SystemExit)
    )
    assert says in result.output
    assert database_checksum() == before
