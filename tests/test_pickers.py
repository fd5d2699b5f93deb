"""Reference look-ups that tell people apart: labels with place and function, the name typed
ranked first, a German placeholder."""

from datetime import date

from tests import factories as make
from tests.helpers import counted_queries
from tests.test_crud import text


def lookup(browser, endpoint: str, name: str, query: str) -> list[str]:
    response = browser.get(f"/admin/{endpoint}/ajax/lookup/?name={name}&query={query}")
    assert response.status_code == 200
    return [label for _, label in response.get_json()]


def test_a_contact_is_shown_with_place_and_current_function(browser):
    place = make.municipality(name="Birkenhain")
    school = make.organisation(name="Grundschule Birkenhain")
    old = make.organisation(name="Alte Schule")
    person = make.contact(first_name="Mariam", last_name="Ahmadi", municipality=place)
    from crm.extensions import db
    from crm.models import ContactRole

    person.roles.append(
        ContactRole(
            organisation=old, function="Lehrkraft", since=date(2019, 1, 1), until=date(2022, 7, 31)
        )
    )
    person.roles.append(
        ContactRole(organisation=school, function="DaZ-Lehrkraft", since=date(2022, 8, 1))
    )
    db.session.commit()
    labels = lookup(browser, "meeting", "meetingparticipant-contact", "ahmadi")
    assert labels == ["Ahmadi, Mariam · Birkenhain · DaZ-Lehrkraft, Grundschule Birkenhain"]


def test_the_name_typed_comes_before_other_matches(browser):
    weissenbach = make.organisation(name="Kita Weißenbach")
    for n in range(3):
        make.contact(first_name=f"Anna{n}", last_name="Albers", roles=[weissenbach])
    make.contact(first_name="Jonas", last_name="Weißmann")
    make.contact(first_name="Greta", last_name="Weiß")
    labels = lookup(browser, "network", "coordinator", "Weiß")
    assert [label.split(" · ")[0] for label in labels[:2]] == ["Weiß, Greta", "Weißmann, Jonas"]
    assert len(labels) == 5


def test_a_newcomer_is_shown_with_place_and_household(browser):
    place = make.municipality(name="Tannenbrück")
    make.newcomer(reference="NZ-2026-0042", municipality=place, household_size=4)
    assert lookup(browser, "assignment", "newcomer", "NZ-2026") == [
        "NZ-2026-0042 · Tannenbrück · 4 Personen"
    ]


def test_ten_labelled_results_cost_a_fixed_number_of_statements(browser):
    place = make.municipality(name="Eichwald")
    org = make.organisation(name="Caritas")
    counts = []
    for more in (2, 10):
        for _ in range(more):
            make.contact(last_name="Kaya", municipality=place, roles=[org])
        with counted_queries() as statements:
            assert lookup(browser, "network", "coordinator", "kaya")
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_the_placeholder_is_german(browser):
    page = text(browser.get("/admin/assignment/new/"))
    assert 'data-placeholder="Suchen …"' in page
    assert "Please select model" not in page and "Bitte Modell" not in page
