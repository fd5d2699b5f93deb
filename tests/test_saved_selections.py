"""Verteiler kept by name: saved, shared with the team, run again on today's data, changed and
deleted only by their owner or an administrator; another's private one stays unseen."""

import re

from crm.extensions import db
from crm.models import AuditEntry, SavedSelection
from tests import factories as make
from tests.test_i18n import text_of


def save(browser, name, shared=False, **criteria):
    data = {"name": name, **{k: [str(v) for v in vs] for k, vs in criteria.items()}}
    if shared:
        data["shared"] = "1"
    return browser.post("/admin/mailing/selections/", data)


def saved_rows(browser) -> str:
    text = text_of(browser.get("/admin/mailing/"))
    return text[text.index("Gespeicherte Verteiler") :]


def test_save_run_on_todays_data_edit_and_delete(browser):
    tag = make.tag(name="Fachtag")
    make.contact(tags=[tag])
    response = save(browser, "  Einladung   Fachtag ", tag=[tag.id])
    assert response.status_code == 302
    selection = db.session.query(SavedSelection).one()
    assert selection.name == "Einladung Fachtag"
    assert selection.criteria == {"tag": [str(tag.id)]} and not selection.shared
    assert f"selection={selection.id}" in response.headers["Location"]
    assert saved_rows(browser).endswith("Einladung Fachtag Test coordinator nein 1")

    make.contact(tags=[tag])  # today's data: the count follows
    listed = saved_rows(browser)
    assert re.search(r"Einladung Fachtag Test coordinator nein 2\b", listed), listed
    page = browser.get(f"/admin/mailing/?tag={tag.id}&selection={selection.id}")
    assert "2 Kontakte ausgewählt" in text_of(page)
    assert "Verteiler „Einladung Fachtag“ ändern" in text_of(page)

    town = make.municipality()
    response = browser.post(
        f"/admin/mailing/selections/{selection.id}",
        {
            "name": "Fachtag Nord",
            "shared": "1",
            "municipality": str(town.id),
            "version": str(selection.version),
        },
    )
    assert response.status_code == 302
    db.session.refresh(selection)
    assert (selection.name, selection.shared) == ("Fachtag Nord", True)
    assert selection.criteria == {"municipality": [str(town.id)]}

    stale = browser.post(
        f"/admin/mailing/selections/{selection.id}", {"name": "Alt", "version": "1"}
    )
    assert "von jemand anderem geändert" in text_of(browser.get(stale.headers["Location"]))
    assert db.session.get(SavedSelection, selection.id).name == "Fachtag Nord"

    assert browser.post(f"/admin/mailing/selections/{selection.id}/delete").status_code == 302
    assert db.session.query(SavedSelection).count() == 0
    actions = [
        e.action
        for e in db.session.query(AuditEntry)
        .filter_by(table="saved_selections")
        .order_by(AuditEntry.id)
    ]
    assert actions == ["create", "update", "delete"]


def test_shared_ones_run_for_the_team_private_ones_stay_unseen(login_as):
    owner, colleague, admin = login_as(), login_as(), login_as("admin")
    save(owner, "Privat")
    save(owner, "Für alle", shared=True)
    private, shared = (
        db.session.query(SavedSelection).filter_by(name=name).one()
        for name in ("Privat", "Für alle")
    )
    listed = saved_rows(colleague)
    assert "Für alle" in listed and "Privat" not in listed
    assert colleague.get(f"/admin/mailing/?selection={private.id}").status_code == 404
    for url in (
        f"/admin/mailing/selections/{private.id}",
        f"/admin/mailing/selections/{private.id}/delete",
    ):
        assert colleague.post(url, {"name": "Meins"}).status_code == 404

    page = colleague.get(f"/admin/mailing/?selection={shared.id}")
    assert page.status_code == 200 and "„Für alle“ ändern" not in text_of(page)
    assert (
        colleague.post(f"/admin/mailing/selections/{shared.id}", {"name": "X"}).status_code == 403
    )
    assert colleague.post(f"/admin/mailing/selections/{shared.id}/delete").status_code == 403
    assert db.session.get(SavedSelection, shared.id).name == "Für alle"

    shared_id = shared.id
    assert admin.post(f"/admin/mailing/selections/{shared_id}/delete").status_code == 302
    assert db.session.get(SavedSelection, shared_id) is None


def test_names_are_required_and_once_per_owner(browser):
    assert "Bitte einen Namen" in text_of(browser.get(save(browser, "   ").headers["Location"]))
    save(browser, "Fachtag")
    twice = save(browser, "fachtag")
    assert "Einen Verteiler „fachtag“ gibt es schon." in text_of(
        browser.get(twice.headers["Location"])
    )
    too_long = save(browser, "x" * 121)
    assert "höchstens 120 Zeichen" in text_of(browser.get(too_long.headers["Location"]))
    bad = save(browser, "Kaputt", tag=["abc"])
    assert "kein gültiger Wert" in text_of(browser.get(bad.headers["Location"]))
    assert [s.name for s in db.session.query(SavedSelection)] == ["Fachtag"]


def test_a_selection_whose_criteria_no_longer_read_is_listed_as_such(browser):
    save(browser, "Alt")
    selection = db.session.query(SavedSelection).one()
    selection.criteria = {"kind": ["gibt-es-nicht"]}
    db.session.commit()
    assert "Alt Test coordinator nein Kriterien unlesbar" in saved_rows(browser)


def test_each_listed_selection_is_counted_by_its_own_criteria(browser):
    tag = make.tag()
    make.contact(tags=[tag])
    make.contact()
    make.contact()
    save(browser, "Alle")
    save(browser, "Markiert", tag=[tag.id])
    listed = saved_rows(browser)
    assert "Alle Test coordinator nein 3" in listed
    assert "Markiert Test coordinator nein 1" in listed
