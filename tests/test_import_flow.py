"""The import's flow: the mapping step and saved mappings, a duplicate choice per row, the
history „Importe“ and the undo of an import as a whole, through HTTP and the CLI."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from crm import consents, operations
from crm.extensions import db
from crm.models import (
    ConsentPurpose,
    Contact,
    ContactRole,
    ImportMapping,
    ImportRun,
    Organisation,
    Volunteer,
)
from crm.models.consents import ConsentMethod
from tests import factories as make
from tests.checksum import database_checksum
from tests.helpers import counted_queries
from tests.import_steps import (
    confirm,
    hidden_fields,
    mapping_step,
    preview_from,
    selected,
    upload,
    upload_only,
)

HEADER = "Vorname;Zuname;E-Mail;Ort;Organisation;Funktion"
BOOKKEEPING = ("audit_entries", "imports", "import_changes")
# Kept by the system on every write: an undo moves them on like any other change.
STAMPS = {"version", "updated_at", "updated_by"}


def csv_bytes(*rows, header=HEADER) -> bytes:
    return "\r\n".join((header, *rows)).encode("utf-8")


def tables() -> dict[str, list[tuple]]:
    """Every table's rows but the history's and the imports' own, without the stamps."""
    db.session.expire_all()
    found = {}
    for table in db.metadata.sorted_tables:
        if table.name in BOOKKEEPING:
            continue
        columns = [c for c in table.columns if c.name not in STAMPS]
        order = list(table.primary_key.columns) or columns
        found[table.name] = [
            tuple(r) for r in db.session.execute(select(*columns).order_by(*order))
        ]
    return found


@pytest.fixture
def known(ctx):
    """An organisation, and two people an import will meet again."""
    caritas = make.organisation(name="Caritas Süd")
    anna = make.contact(first_name="Anna", last_name="Weiß", email="anna@example.org", city="Alt")
    bernd = make.contact(first_name="Bernd", last_name="Berg", email="bernd@example.org")
    return caritas, anna, bernd


ROWS = (
    "Jürgen;Müller;jm@example.org;Lotsenau;Caritas Süd;Beratung",
    "Anna;Weiß;anna@example.org;Neuort;;",
    "Bernd;Berg;bernd@example.org;;Caritas Süd;Leitung",
)
MAPPED = {1: "last_name"}  # „Zuname“ is no name the import knows


def imported(browser, rows=ROWS, on_duplicate="update") -> ImportRun:
    preview = preview_from(browser, mapping_step(browser, csv_bytes(*rows)), on_duplicate, MAPPED)
    done = confirm(browser, preview)
    assert done.status_code == 302 and done.location.endswith("/admin/contact/"), done
    return db.session.scalars(select(ImportRun).order_by(ImportRun.id.desc())).first()


def undo(browser, run: ImportRun):
    response = browser.post(f"/admin/importe/{run.id}/rueckgaengig")
    assert response.status_code == 302
    return browser.get(response.location).get_data(as_text=True)


def test_an_undone_import_leaves_the_tables_as_they_were(browser, known):
    """Created contacts (with their functions) go, the updated one gets its city back, the
    function a known person gained goes; the history keeps both steps."""
    before = tables()
    run = imported(browser)
    assert (run.created, run.updated, run.undoable) == (1, 2, True)
    assert db.session.scalar(select(Contact.city).where(Contact.last_name == "Weiß")) == "Neuort"
    assert db.session.scalar(select(func.count(ContactRole.id))) == 2
    assert tables() != before

    page = undo(browser, run)
    assert "Der Import aus kontakte.csv ist rückgängig gemacht." in page
    assert tables() == before
    db.session.refresh(run)
    assert run.undone_at is not None and run.undone_by is not None
    history = browser.get("/admin/importe/").get_data(as_text=True)
    assert "rückgängig gemacht" in history and "Rückgängig machen</button>" not in history

    unchanged = database_checksum()
    assert "schon rückgängig gemacht" in undo(browser, run)
    assert database_checksum() == unchanged


def test_an_undone_import_of_organisations_puts_their_municipality_back(browser, ctx):
    """A reference the import changed (the municipality) is put back, a new one removed."""
    old, new = make.municipality(name="Altdorf"), make.municipality(name="Neustadt")
    awo = make.organisation(name="AWO Lotsenau", municipality=old, city="Alt")
    before = tables()
    data = csv_bytes(
        "awo lotsenau;Neustadt;Neu", "Tafel Neustadt;Neustadt;", header="Name;Kommune;Ort"
    )
    preview = upload(browser, data, name="o.csv", kind="organisations", on_duplicate="update")
    assert "1 neu" in preview.get_data(as_text=True)
    confirm(browser, preview)
    run = db.session.scalars(select(ImportRun)).one()
    db.session.refresh(awo)
    assert (awo.name, awo.municipality_id, awo.city) == ("awo lotsenau", new.id, "Neu")
    assert db.session.scalar(select(func.count(Organisation.id))) == 2
    undo(browser, run)
    assert tables() == before


def _edit_updated(anna, created):
    operations.update(anna, {"phone": "0151 1"})


def _tag(anna, created):
    tag = make.tag()
    created.tags.append(tag)


def _function(anna, created):
    organisation = make.organisation()
    created.roles.append(ContactRole(organisation=organisation, function="Vorsitz"))


def _consent(anna, created):
    purpose = db.session.scalars(select(ConsentPurpose)).first()
    consents.record(created, purpose, True, date(2026, 1, 5), ConsentMethod.FORM)


def _volunteer(anna, created):
    operations.create(Volunteer(contact=created))


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (_edit_updated, "„Weiß, Anna“"),
        (_tag, "„Müller, Jürgen“"),
        (_function, "„Müller, Jürgen“"),
        (_consent, "„Müller, Jürgen“"),
        (_volunteer, "„Müller, Jürgen“"),
    ],
)
def test_an_import_changed_since_is_not_undone_and_the_rows_are_named(
    browser, known, change, named
):
    _caritas, anna, _bernd = known
    run = imported(browser)
    created = db.session.scalars(select(Contact).where(Contact.last_name == "Müller")).one()
    change(db.session.get(Contact, anna.id), created)
    db.session.commit()
    unchanged = database_checksum()
    page = undo(browser, run)
    assert "kann nicht rückgängig gemacht werden" in page and named in page
    assert database_checksum() == unchanged


def test_viewers_see_the_imports_without_the_button_and_cannot_undo(browser, known, login_as):
    run = imported(browser)
    viewer = login_as("viewer")
    page = viewer.get("/admin/importe/").get_data(as_text=True)
    assert "kontakte.csv" in page and "Rückgängig machen" not in page
    unchanged = database_checksum()
    assert viewer.post(f"/admin/importe/{run.id}/rueckgaengig").status_code == 403
    assert browser.post("/admin/importe/99999/rueckgaengig").status_code == 404
    assert database_checksum() == unchanged


def test_the_history_runs_a_fixed_number_of_statements(browser, known):
    counts = []
    for runs in (2, 30):
        for n in range(runs - db.session.scalar(select(func.count(ImportRun.id)))):
            db.session.add(ImportRun(kind="contacts", file_name=f"liste{n}.csv", created=n))
        db.session.commit()
        with counted_queries() as statements:
            page = browser.get("/admin/importe/").get_data(as_text=True)
        assert page.count("importiert, ohne Rückgängig") == runs
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_the_mapping_step_saves_a_mapping_offered_for_the_next_file(browser, known):
    step = mapping_step(browser, csv_bytes(ROWS[0])).get_data(as_text=True)
    fields = [v for n, v in selected(step) if n == "column"]
    assert fields == ["first_name", "", "email", "city", "organisation", "function"]
    assert "Gespeicherte Zuordnung" not in step

    preview = preview_from(
        browser, mapping_step(browser, csv_bytes(ROWS[0])), columns=MAPPED, save_as="Schulamt"
    )
    assert "1 neu" in preview.get_data(as_text=True)
    saved = db.session.scalars(select(ImportMapping)).one()
    assert (saved.name, saved.kind, saved.columns["Zuname"]) == (
        "Schulamt",
        "contacts",
        "last_name",
    )

    again = mapping_step(browser, csv_bytes(ROWS[1])).get_data(as_text=True)
    assert f'<option value="{saved.id}" selected>Schulamt</option>' in again
    assert [v for n, v in selected(again) if n == "column"][1] == "last_name"
    start = browser.get("/admin/import/").get_data(as_text=True)
    assert "Schulamt" in start
    download = browser.get(f"/admin/import/zuordnung/{saved.id}.json")
    assert download.mimetype == "application/json"
    assert json.loads(download.get_data()) == saved.columns

    unchanged = database_checksum()
    twice = preview_from(
        browser, mapping_step(browser, csv_bytes(ROWS[0])), columns=MAPPED, save_as="schulamt"
    )
    assert "Eine Zuordnung namens ‚schulamt‘ gibt es schon." in twice.get_data(as_text=True)
    assert database_checksum() == unchanged


def test_a_mapping_that_cannot_be_meant_is_refused(browser, known):
    """Two columns for one field, a field contacts do not have, a saved mapping of
    organisations for contacts: a German message, nothing written."""
    mapping = make_mapping("contacts")
    unchanged = database_checksum()

    def mapped(columns):
        step = mapping_step(browser, csv_bytes(ROWS[0]))
        return preview_from(browser, step, columns=columns).get_data(as_text=True)

    page = mapped({0: "last_name", 1: "last_name"})
    assert "Die Spalten ‚Vorname‘ und ‚Zuname‘ meinen beide Nachname." in page
    assert "‚gehalt‘ ist kein Feld für Kontakte." in mapped({1: "gehalt"})
    uploaded = upload_only(browser, b"Name\r\nA\r\n", name="o.csv", kind="organisations")
    wrong = browser.get(uploaded.location + f"&mapping={mapping.id}")
    assert wrong.status_code == 302
    page = browser.get(wrong.location).get_data(as_text=True)
    assert "Die Zuordnung ‚Schulamt‘ gilt für Kontakte, nicht für Organisationen." in page
    assert database_checksum() == unchanged


def make_mapping(kind: str) -> ImportMapping:
    mapping = ImportMapping(name="Schulamt", kind=kind, columns={"Zuname": "last_name"})
    db.session.add(mapping)
    db.session.commit()
    return mapping


def test_each_matching_row_gets_its_own_choice(browser, known):
    _caritas, anna, bernd = known
    preview = preview_from(browser, mapping_step(browser, csv_bytes(*ROWS)), "skip", MAPPED)
    page = preview.get_data(as_text=True)
    assert page.count('class="form-control form-control-sm mt-1 w-auto row-choice"') == 2
    assert "vorhanden:" in page and "Alt" in page  # Anna's city beside the row
    assert "1 neu" in page and "2 überspringen" in page
    done = confirm(browser, preview, rows={3: "update", 4: "skip"})
    assert done.status_code == 302
    db.session.refresh(anna)
    db.session.refresh(bernd)
    assert anna.city == "Neuort" and bernd.roles == []

    # The choice for all changed in the preview: rows not chosen singly follow it.
    preview = preview_from(browser, mapping_step(browser, csv_bytes(ROWS[2])), "skip", MAPPED)
    refreshed = confirm(browser, preview, on_duplicate="fill", url="/admin/import/vorschau")
    assert "1 aktualisieren" in refreshed.get_data(as_text=True)


def test_the_cli_imports_with_a_mapping_file_and_undoes(runner, known, tmp_path):
    before = tables()
    file, mapping = tmp_path / "liste.csv", tmp_path / "zuordnung.json"
    file.write_bytes(csv_bytes(*ROWS))
    mapping.write_text(json.dumps({"Zuname": "last_name", "Funktion": None}), "utf-8")
    args = ["crm", "import", "contacts", str(file), "--mapping", str(mapping)]
    result = runner.invoke(args=[*args, "--on-duplicate", "update"])
    assert result.exit_code == 0, result.output
    assert "1 neu, 2 aktualisiert" in result.output
    assert db.session.scalar(select(func.count(ContactRole.function))) == 0  # Funktion: null
    run = db.session.scalars(select(ImportRun)).one()
    result = runner.invoke(args=["crm", "undo-import", str(run.id)])
    assert result.exit_code == 0, result.output
    assert tables() == before
    result = runner.invoke(args=["crm", "undo-import", str(run.id)])
    assert result.exit_code == 1 and "schon rückgängig" in result.output


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"Zuname": "last_name", "Vorname": "last_name"}, "meinen beide Nachname"),
        ({"Zuname": "gehalt"}, "‚gehalt‘ ist kein Feld für Kontakte."),
        ({"Zuname": "website"}, "‚website‘ ist ein Feld für Organisationen, nicht für Kontakte."),
        ({"Geburtstag": "notes"}, "Die Zuordnung nennt die Spalte ‚Geburtstag‘"),
        (["Zuname"], "kein JSON-Objekt"),
    ],
)
def test_the_cli_refuses_a_mapping_that_cannot_be_meant(runner, known, tmp_path, mapping, message):
    file, mapping_file = tmp_path / "liste.csv", tmp_path / "zuordnung.json"
    file.write_bytes(csv_bytes(*ROWS))
    mapping_file.write_text(json.dumps(mapping), "utf-8")
    unchanged = database_checksum()
    result = runner.invoke(
        args=["crm", "import", "contacts", str(file), "--mapping", str(mapping_file)]
    )
    assert result.exit_code == 1 and message in result.output
    assert database_checksum() == unchanged


def test_forged_steps_change_nothing_and_never_fail(browser, known):
    """Columns that do not fit the file, a token of nobody, a name with a NUL byte, per-row
    choices that are no choice, a page of the history past the end."""
    step = mapping_step(browser, csv_bytes(ROWS[0]))
    page = step.get_data(as_text=True)
    token = next(v for n, v in hidden_fields(page) if n == "token")
    base = {"kind": "contacts", "token": token, "file_name": "a.csv", "on_duplicate": "skip"}
    unchanged = database_checksum()
    for form, status in (
        (base | {"column": ["first_name"]}, 302),
        (base | {"token": "x" * 32, "column": [""] * 6}, 302),
        (base | {"kind": "users", "column": [""] * 6}, 302),
        (base | {"column": ["first_name", "last_name"] + [""] * 4, "save_as": "\x00" * 3}, 200),
        (base | {"column": ["first_name", "last_name"] + [""] * 4, "row-2": "delete"}, 200),
        (base | {"column": ["first_name", "last_name"] + [""] * 4, "row-x": "update"}, 200),
    ):
        assert browser.post("/admin/import/vorschau", data=form).status_code == status
    assert browser.get("/admin/import/spalten?kind=contacts&token=abc").status_code == 302
    assert (
        browser.get(f"/admin/import/spalten?token={token}&kind=contacts&mapping=x").status_code
        == 200
    )
    assert browser.get("/admin/import/zuordnung/2147483647.json").status_code == 302
    assert browser.get("/admin/importe/?page=99999999999").status_code == 200
    assert database_checksum() == unchanged


def test_an_import_of_volunteers_and_of_offers_with_new_providers_is_undone(runner, tmp_path):
    """The volunteer with its first status, languages and areas goes; so does the provider the
    offers' import made for its unknown name."""
    from crm.models import Offer, StatusChange
    from tests.test_import_kinds import cli, offers, volunteers

    make.language("ar")
    row = "Anna;Alt;a@example.org;;;aktiv;1.3.2025;Arabisch;Arztbesuch;;ja;8;1.2.2025;1.2.2025"
    assert cli(runner, tmp_path, "volunteers", volunteers(row)).exit_code == 0
    made = cli(
        runner, tmp_path, "offers", offers("Kurs;Neu e.V.;;Sprache;;;;;;;;"), "--create-missing"
    )
    assert made.exit_code == 0 and "Wird angelegt: Neu e.V." in made.output
    for number in (2, 1):
        undone = runner.invoke(args=["crm", "undo-import", str(number)])
        assert undone.exit_code == 0, undone.output
    for model in (Offer, Organisation, StatusChange, Volunteer, Contact):
        assert db.session.scalars(select(model)).all() == [], model
