"""Finding volunteers: by language (and the least level), area, municipality, status, car and
clearance, through the list's filters, so the export holds the same people."""

from datetime import date, timedelta

from crm.extensions import db
from crm.models import VolunteerLanguage
from crm.models.choices import AssignmentArea, LanguageLevel, VolunteerStatus
from tests import factories as make
from tests.test_crud import flashed, list_rows, text
from tests.test_exports import excel_csv, exported, query_of


def guide(name, skills=(), **kw):
    person = make.volunteer(contact=make.contact(first_name="Vorname", last_name=name), **kw)
    for code, level in skills:
        person.language_skills.append(VolunteerLanguage(language=make.language(code), level=level))
    db.session.commit()
    return person


def pool():
    place = make.municipality(name="Birkenhain")
    guide("Amin", [("ar", LanguageLevel.NATIVE)], status=VolunteerStatus.ACTIVE, has_car=True,
          areas=[AssignmentArea.DOCTOR], municipalities=[place])  # fmt: skip
    guide("Berger", [("ar", LanguageLevel.BASIC), ("fa", LanguageLevel.FLUENT)],
          status=VolunteerStatus.ACTIVE, areas=[AssignmentArea.CHILDREN])  # fmt: skip
    guide("Celik", [("fa", LanguageLevel.NATIVE), ("ar", LanguageLevel.FLUENT)],
          status=VolunteerStatus.PAUSED, has_car=True, municipalities=[place],
          areas=[AssignmentArea.DOCTOR, AssignmentArea.CHILDREN],
          clearance_issued_on=date.today() - timedelta(days=30))  # fmt: skip
    return place


def names(browser, query: str) -> list[str]:
    rows = list_rows(text(browser.get(f"/admin/volunteer/?{query}")))
    return [n for n in ("Amin", "Berger", "Celik") if n in rows]


def test_by_language_and_its_least_level(browser):
    pool()
    arabic, farsi = make.language("ar").id, make.language("fa").id
    cases = [
        (("Sprache", "ist"), arabic, ["Amin", "Berger", "Celik"]),
        (("Sprache mind. fließend", "ist"), arabic, ["Amin", "Celik"]),
        (("Sprache als Muttersprache", "ist"), arabic, ["Amin"]),
        (("Sprache mind. fließend", "ist"), farsi, ["Berger", "Celik"]),
        (("Sprache als Muttersprache", "ist"), farsi, ["Celik"]),
    ]
    for key, value, expected in cases:
        assert names(browser, query_of(browser, "volunteer", {key: value}, "")) == expected, key


def test_by_area_municipality_status_car_and_clearance(browser):
    place = pool()
    cases = [
        ({("Einsatzbereich", "enthält"): "kinder_jugend"}, ["Berger", "Celik"]),
        ({("Kommunen", "enthält"): place.id}, ["Amin", "Celik"]),
        ({("Status", "ist"): "aktiv", ("Auto vorhanden", "gleich"): "1"}, ["Amin"]),
        ({("Führungszeugnis", "ist"): "gueltig"}, ["Celik"]),
        ({("Führungszeugnis", "ist"): "fehlt"}, ["Amin", "Berger"]),
        (
            {("Einsatzbereich", "enthält"): "arztbesuch", ("Status", "ist"): "pausiert"},
            ["Celik"],
        ),
    ]
    for filters, expected in cases:
        assert names(browser, query_of(browser, "volunteer", filters, "")) == expected, filters


def test_the_export_holds_the_people_found(browser):
    pool()
    query = query_of(
        browser, "volunteer", {("Sprache mind. fließend", "ist"): make.language("ar").id}, ""
    )
    rows = excel_csv(exported(browser, "volunteer", "csv", query))
    assert sorted(row["Kontakt"].split(",")[0] for row in rows) == ["Amin", "Celik"]


def test_a_language_that_is_no_number_is_a_message(browser):
    pool()
    query = query_of(browser, "volunteer", {("Sprache", "ist"): "abc"}, "")
    response = browser.get(f"/admin/volunteer/?{query}")
    assert response.status_code == 200
    assert "Ungültiger Filter-Wert: abc" in flashed(text(response))
    assert names(browser, query) == ["Amin", "Berger", "Celik"]  # the list without it
