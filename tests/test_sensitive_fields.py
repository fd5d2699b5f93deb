"""Sensitive fields by role: clearance data, own migration experience and newcomers' needs and
household details planted with recognisable values; absent for a viewer in every door (list,
record page, filters, due list, search, look-up, matching), present for a coordinator, and
readable for a viewer once the office's setting says so."""

import json
import re
from datetime import date, timedelta
from html import unescape

import pytest

from crm.extensions import db
from crm.models import Volunteer
from crm.models.choices import AssignmentArea, AssignmentStatus, VolunteerStatus
from crm.sensitive import parse_setting, reading_roles
from tests import factories as make
from tests.helpers import counted_queries
from tests.test_crud import form_values
from tests.test_exports import excel_csv

ISSUED, CHECKED = date(2025, 3, 14), date(2025, 3, 20)
SHOWN_DATES = ("14.03.2025", "20.03.2025")
NEEDS, NOTES = "Zahnarztbegleitung", "Traumahinweis"


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    html = response.get_data(as_text=True)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def planted(ctx):
    helper = make.volunteer(
        contact=make.contact(first_name="Rosa", last_name="Sichtbar"),
        status=VolunteerStatus.ACTIVE,
        active_since=date(2025, 1, 1),
        clearance_issued_on=ISSUED,
        clearance_checked_on=CHECKED,
        own_migration_experience=True,
    )
    family = make.newcomer(
        reference="NK-4711",
        first_name="Amal",
        household_size=7,
        has_minors=True,
        needs=NEEDS,
        notes=NOTES,
    )
    job = make.assignment(
        newcomer=family, area=AssignmentArea.CHILDREN, status=AssignmentStatus.OPEN
    )
    # Due: a clearance missing for an active volunteer.
    make.volunteer(
        contact=make.contact(first_name="Otto", last_name="Ohnezeugnis"),
        status=VolunteerStatus.ACTIVE,
        active_since=date.today() - timedelta(days=30),
    )
    return helper, family, job


def visible(browser, url: str) -> str:
    return text_of(browser.get(url))


def test_a_viewer_sees_no_clearance_or_migration_experience(login_as, planted):
    helper, _family, _job = planted
    viewer, coordinator = login_as("viewer"), login_as("coordinator")
    for url in ("/admin/volunteer/", f"/admin/volunteer/details/?id={helper.id}"):
        hidden, shown = visible(viewer, url), visible(coordinator, url)
        assert "Sichtbar" in hidden
        assert "14.03.2025" in shown and "14.03.2025" not in hidden, url
        label = "Führungszeugnis ausgestellt am"
        assert label in shown and label not in hidden, url
    page = f"/admin/volunteer/details/?id={helper.id}"
    assert "20.03.2025" in visible(coordinator, page)
    assert "Eigene Migrationserfahrung" in visible(coordinator, page)
    assert "Eigene Migrationserfahrung" not in visible(viewer, page)
    # The contact's page lists the volunteer profile without the clearance date.
    contact_page = f"/admin/contact/details/?id={helper.contact_id}"
    assert "14.03.2025" in visible(coordinator, contact_page)
    assert "14.03.2025" not in visible(viewer, contact_page)


def filter_args(browser, endpoint: str = "volunteer") -> set[str]:
    page = browser.get(f"/admin/{endpoint}/").get_data(as_text=True)
    return {json.loads(f'"{arg}"') for arg in re.findall(r'"arg": "([^"]*)"', page)}


def test_a_viewer_gets_no_clearance_filter_and_a_typed_one_is_not_applied(login_as, planted):
    viewer, coordinator = login_as("viewer"), login_as("coordinator")
    clearance = {"führungszeugnis_ist", "führungszeugnis_ausgestellt_am_equals"}
    assert clearance <= filter_args(coordinator)
    assert not clearance & filter_args(viewer)
    assert "status_ist" in filter_args(viewer)
    typed = "/admin/volunteer/?flt0_führungszeugnis_ist=fehlt"
    assert "Sichtbar" not in visible(coordinator, typed)  # filtered: the missing ones only
    shown = visible(viewer, typed)
    assert "Ein Filter auf ein geschütztes Feld wurde nicht angewendet." in shown
    assert "Sichtbar" in shown  # the list, unfiltered


def test_a_viewer_sees_no_needs_or_household_details(login_as, planted):
    _helper, family, _job = planted
    viewer, coordinator = login_as("viewer"), login_as("coordinator")
    page = f"/admin/newcomer/details/?id={family.id}"
    shown, hidden = visible(coordinator, page), visible(viewer, page)
    for value in (NEEDS, NOTES, "Haushaltsgröße", "Minderjährige im Haushalt"):
        assert value in shown and value not in hidden, value
    assert "NK-4711" in hidden
    listed = visible(viewer, "/admin/newcomer/")
    assert "NK-4711" in listed and "Haushaltsgröße" not in listed
    assert "Haushaltsgröße" in visible(coordinator, "/admin/newcomer/")
    minors = "minderjährige_im_haushalt_equals"
    assert minors in filter_args(coordinator, "newcomer")
    assert minors not in filter_args(viewer, "newcomer")


def test_words_of_needs_and_notes_find_no_newcomer(login_as, planted):
    viewer = login_as("viewer")
    for word in (NEEDS, NOTES):
        assert "NK-4711" not in visible(viewer, f"/admin/newcomer/?search={word}")
        assert "NK-4711" not in visible(viewer, f"/admin/assignment/?search={word}")
    assert "NK-4711" in visible(viewer, "/admin/newcomer/?search=Amal")


def test_the_newcomer_lookup_names_the_household_size_only_to_a_coordinator(login_as, planted):
    url = "/admin/assignment/ajax/lookup/?name=newcomer&query=NK"

    def labels(browser):
        response = browser.get(url)
        assert response.status_code == 200
        return [label for _, label in json.loads(response.get_data(as_text=True))]

    assert labels(login_as("coordinator")) == ["NK-4711 · Amal · 7 Personen"]
    assert labels(login_as("viewer")) == ["NK-4711 · Amal"]


def test_due_list_start_page_and_matching_name_no_clearance_to_a_viewer(login_as, planted):
    _helper, _family, job = planted
    viewer, coordinator = login_as("viewer"), login_as("coordinator")
    for url in ("/admin/due/", "/admin/"):
        assert "Führungszeugnisse:" in visible(coordinator, url), url
        assert "Führungszeugnisse:" not in visible(viewer, url), url
    assert "Ohnezeugnis" in visible(coordinator, "/admin/due/")
    assert "Ohnezeugnis" not in visible(viewer, "/admin/due/")
    match = f"/admin/assignment/match/{job.id}/?alle=1"
    shown, hidden = visible(coordinator, match), visible(viewer, match)
    for words in ("Führungszeugnis gültig", "kein gültiges Führungszeugnis"):
        assert words in shown and words not in hidden, words
    assert "erfüllt eine Voraussetzung des Einsatzes nicht" in hidden
    assert "Haushalt mit Minderjährigen" in shown
    assert "Haushalt mit Minderjährigen" not in hidden


def test_a_changed_setting_lets_the_viewer_see_a_group(ctx, login_as, planted, monkeypatch):
    helper, family, _job = planted
    viewer = login_as("viewer")
    monkeypatch.setitem(ctx.config, "SENSITIVE_FIELDS_ROLE", {"clearance": "viewer"})
    assert "14.03.2025" in visible(viewer, f"/admin/volunteer/details/?id={helper.id}")
    assert "Ohnezeugnis" in visible(viewer, "/admin/due/")
    # The other groups keep their default.
    assert NEEDS not in visible(viewer, f"/admin/newcomer/details/?id={family.id}")


def test_a_coordinator_exports_no_group_reserved_to_admins(ctx, login_as, planted, monkeypatch):
    coordinator, admin = login_as("coordinator"), login_as("admin")
    setting = {"clearance": "admin", "migration_experience": "admin"}
    monkeypatch.setitem(ctx.config, "SENSITIVE_FIELDS_ROLE", setting)
    for browser, present in ((coordinator, False), (admin, True)):
        rows = excel_csv(browser.get("/admin/volunteer/export/csv/?search=Sichtbar"))
        assert len(rows) == 1
        assert ("Führungszeugnis ausgestellt am" in rows[0]) is present
        assert ("14.03.2025" in rows[0].values()) is present
    assert "14.03.2025" not in visible(coordinator, "/admin/volunteer/")


def test_the_lists_run_as_many_statements_for_a_viewer_at_two_sizes(login_as, planted):
    viewer = login_as("viewer")
    urls = ("/admin/volunteer/", "/admin/newcomer/", "/admin/due/")
    for url in urls:  # once before counting: what a process loads once is not per page
        viewer.get(url)
    counts = []
    for extra in (0, 5):
        for number in range(extra):
            make.volunteer(clearance_issued_on=ISSUED, contact=make.contact(last_name=f"V{number}"))
            make.newcomer(needs=NEEDS, household_size=number)
        with counted_queries() as statements:
            for url in urls:
                viewer.get(url)
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_the_setting_is_checked_at_start():
    assert parse_setting(" clearance = viewer ,newcomer_details=admin") == {
        "clearance": "viewer",
        "newcomer_details": "admin",
    }
    with pytest.raises(ValueError):
        parse_setting("clearence=viewer")
    with pytest.raises(ValueError):
        reading_roles({"clearance": "jeder"})


def test_an_edit_form_leaves_out_and_keeps_a_group_the_user_may_not_read(
    ctx, login_as, planted, monkeypatch
):
    helper, _family, _job = planted
    coordinator = login_as("coordinator")
    monkeypatch.setitem(ctx.config, "SENSITIVE_FIELDS_ROLE", {"clearance": "admin"})
    url = f"/admin/volunteer/edit/?id={helper.id}"
    page = coordinator.get(url).get_data(as_text=True)
    assert "2025-03-14" not in page and "14.03.2025" not in page
    form = form_values(page)
    assert "clearance_issued_on" not in form and "hours_per_month" in form
    form.update(hours_per_month="9", clearance_issued_on="01.01.2020")
    response = coordinator.post(url, form, follow_redirects=True)
    assert "gespeichert" in text_of(response)
    db.session.expire_all()
    saved = db.session.get(Volunteer, helper.id)
    assert (saved.hours_per_month, saved.clearance_issued_on) == (9, ISSUED)
