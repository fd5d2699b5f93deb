"""Matching through the screen: candidates ranked with their reasons (a basic-level speaker below
a fluent one), the ones left out with theirs on request, one click assigns and records who,
no candidate gives the nearest misses, and the screen's statements stay fixed."""

import re
from datetime import date, timedelta

import pytest

from crm.extensions import db
from crm.models import Assignment, VolunteerArea, VolunteerLanguage
from crm.models.choices import AssignmentArea, AssignmentStatus, LanguageLevel, VolunteerStatus
from tests import factories as make
from tests.helpers import counted_queries


def text_of(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def guide(last_name, level=LanguageLevel.FLUENT, place=None, **kw):
    """An active volunteer who speaks Tigrinya at ``level`` and helps at the doctor's."""
    kw.setdefault("status", VolunteerStatus.ACTIVE)
    person = make.volunteer(contact=make.contact(last_name=last_name), **kw)
    person.language_skills.append(VolunteerLanguage(language=make.language("ti"), level=level))
    person.area_links.append(VolunteerArea(area=AssignmentArea.DOCTOR))
    if place is not None:
        person.municipalities.append(place)
    db.session.commit()
    return person


def open_assignment(place, minors=False, **kw):
    family = make.newcomer(municipality=place, has_minors=minors)
    family.languages.append(make.language("ti"))
    db.session.commit()
    return make.assignment(newcomer=family, status=AssignmentStatus.OPEN, starts_on=None, **kw)


@pytest.fixture
def place():
    return make.municipality(name="Günzburg")


def test_candidates_are_ranked_with_their_reasons(browser, place):
    job = open_assignment(place)
    guide("Basisch", LanguageLevel.BASIC, place)
    guide("Fließend", LanguageLevel.FLUENT, place)
    guide("Mutter", LanguageLevel.NATIVE)  # no place set: helps in the whole county
    busy = guide("Beschäftigt", LanguageLevel.FLUENT, place)
    for _ in range(2):
        make.assignment(volunteer=busy, status=AssignmentStatus.RUNNING)
    guide("Pause", LanguageLevel.NATIVE, place, status=VolunteerStatus.PAUSED)
    guide("Weg", LanguageLevel.NATIVE, place, status=VolunteerStatus.LEFT)

    record = browser.get(f"/admin/assignment/details/?id={job.id}").get_data(as_text=True)
    assert f'href="/admin/assignment/match/{job.id}/"' in record
    assert "Passende Ehrenamtliche finden" in record

    page = text_of(browser.get(f"/admin/assignment/match/{job.id}/"))
    order = [page.index(name) for name in ("Mutter", "Fließend", "Beschäftigt", "Basisch")]
    assert order == sorted(order), page
    assert "spricht Tigrinya (Muttersprache) · hilft bei Arztbesuch · im ganzen Landkreis" in page
    assert (
        "spricht Tigrinya (fließend) · hilft bei Arztbesuch · in Günzburg · "
        "2 laufende Einsätze" in page
    )
    assert "spricht Tigrinya (Grundkenntnisse)" in page
    assert "Pause" not in page and "Weg" not in page
    assert "Warum 1 weitere nicht vorgeschlagen werden" in page

    everyone = text_of(browser.get(f"/admin/assignment/match/{job.id}/?alle=1"))
    assert "Nicht vorgeschlagen" in everyone
    assert re.search(r"Pause, Vorname ist pausiert", everyone), everyone
    assert "Weg" not in everyone  # who left is not in the pool any more


def test_hard_conditions_leave_volunteers_out_with_the_reason(browser, place):
    job = open_assignment(place, minors=True, needs_car=True)
    elsewhere = make.municipality(name="Leipheim")
    today = date.today()
    valid = {"clearance_issued_on": today - timedelta(days=100), "has_car": True}
    guide("Passt", place=place, **valid)
    guide("Ohnezeugnis", place=place, has_car=True)
    guide("Ohneauto", place=place, clearance_issued_on=valid["clearance_issued_on"])
    guide("Woanders", place=elsewhere, **valid)
    other = make.volunteer(contact=make.contact(last_name="Anderesprache"), **valid)
    other.status = VolunteerStatus.ACTIVE
    other.language_skills.append(VolunteerLanguage(language=make.language("ar")))
    other.area_links.append(VolunteerArea(area=AssignmentArea.DOCTOR))
    db.session.commit()

    page = text_of(browser.get(f"/admin/assignment/match/{job.id}/?alle=1"))
    candidates, left_out = page.split("Nicht vorgeschlagen")
    assert "Passt" in candidates and "hat ein Auto · Führungszeugnis gültig" in candidates
    assert "Ohnezeugnis, Vorname kein gültiges Führungszeugnis (§ 72a SGB VIII)" in left_out
    assert "Ohneauto, Vorname hat kein Auto" in left_out
    assert "Anderesprache, Vorname spricht keine der Sprachen" in left_out
    # Another place or another area lowers the rank but leaves nobody out.
    assert "Woanders, Vorname spricht Tigrinya (fließend) · hilft bei Arztbesuch · hilft " in (
        candidates
    )
    assert "sonst in anderen Kommunen" in candidates
    assert candidates.index("Passt") < candidates.index("Woanders")


def test_another_area_ranks_lower_but_is_offered(browser, place):
    job = open_assignment(place)
    guide("Arzt", place=place)
    other = guide("Wohnung", place=place)
    other.area_links[0].area = AssignmentArea.HOUSING
    db.session.commit()
    page = text_of(browser.get(f"/admin/assignment/match/{job.id}/"))
    assert page.index("Arzt, Vorname") < page.index("Wohnung, Vorname")
    assert "Wohnung, Vorname spricht Tigrinya (fließend) · hilft bisher nicht bei Arztbesuch" in (
        page
    )


def test_one_click_assigns_and_records_who(login_as, place):
    job = open_assignment(place)
    person = guide("Fließend", place=place)
    viewer = login_as("viewer")
    assert "Zuweisen" not in text_of(viewer.get(f"/admin/assignment/match/{job.id}/"))
    refused = viewer.post(f"/admin/assignment/match/{job.id}/", {"volunteer": person.id})
    assert refused.status_code == 403
    assert db.session.get(Assignment, job.id).volunteer_id is None

    coordinator = login_as("coordinator")
    assert "Zuweisen" in text_of(coordinator.get(f"/admin/assignment/match/{job.id}/"))
    no_token = coordinator.post(
        f"/admin/assignment/match/{job.id}/", {"volunteer": person.id}, csrf=False
    )
    assert no_token.status_code == 400
    done = coordinator.post(
        f"/admin/assignment/match/{job.id}/",
        {"volunteer": person.id},
        follow_redirects=True,
    )
    assert "Der Einsatz ist jetzt „vermittelt“." in text_of(done)
    job = db.session.get(Assignment, job.id)
    assert (job.volunteer_id, job.status) == (person.id, AssignmentStatus.MATCHED)
    assert job.matched_on == date.today() and job.matched_by.role.value == "coordinator"
    page = text_of(coordinator.get(f"/admin/assignment/details/?id={job.id}"))
    assert "Vermittelt von" in page and "Test coordinator" in page
    # Matched, the screen looks for nobody any more.
    assert "nur für offene Einsätze" in text_of(
        coordinator.get(f"/admin/assignment/match/{job.id}/")
    )


@pytest.mark.parametrize("value", ["abc", "999999", "", "-1"])
def test_assigning_nobody_or_a_stranger_changes_nothing(browser, place, value):
    job = open_assignment(place)
    response = browser.post(
        f"/admin/assignment/match/{job.id}/", {"volunteer": value}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "gibt es nicht (mehr)" in text_of(response)
    assert db.session.get(Assignment, job.id).status == AssignmentStatus.OPEN


def test_a_paused_volunteer_cannot_be_assigned_even_by_hand(browser, place):
    job = open_assignment(place)
    paused = guide("Pause", place=place, status=VolunteerStatus.PAUSED)
    response = browser.post(
        f"/admin/assignment/match/{job.id}/", {"volunteer": paused.id}, follow_redirects=True
    )
    assert "ist pausiert und kann keinen neuen Einsatz übernehmen" in text_of(response)
    assert db.session.get(Assignment, job.id).volunteer_id is None


def test_no_candidate_shows_the_nearest_misses(browser, place):
    job = open_assignment(place, needs_car=True)
    guide("Fastda", place=place)  # only the car is missing
    guide("Weitweg", LanguageLevel.BASIC, status=VolunteerStatus.INTERESTED)
    page = text_of(browser.get(f"/admin/assignment/match/{job.id}/"))
    assert "Niemand passt zu allen Bedingungen dieses Einsatzes. Am nächsten kommen:" in page
    assert page.index("Fastda, Vorname hat kein Auto") < page.index("Weitweg")
    assert "Zuweisen" not in page


@pytest.mark.parametrize("number", ["4711", "99999999999999999999"])
def test_an_unknown_assignment_is_a_clear_404(browser, number):
    response = browser.get(f"/admin/assignment/match/{number}/")
    assert response.status_code == 404
    assert "Diesen Einsatz gibt es nicht (mehr)." in text_of(response)
    for action in ("match", "step", "log"):
        posted = browser.post(f"/admin/assignment/{action}/{number}/", {"volunteer": "1"})
        assert posted.status_code == 404, action


def test_the_matching_screen_runs_a_fixed_number_of_statements(browser, place):
    counts = []
    for size in (2, 12):
        job = open_assignment(place)
        for n in range(size):
            person = guide(f"Lotse{size}x{n}", place=place if n % 2 else None)
            make.assignment(volunteer=person, status=AssignmentStatus.RUNNING, logs=2)
        with counted_queries() as statements:
            assert browser.get(f"/admin/assignment/match/{job.id}/").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 6, counts  # + the clearance catalogue
