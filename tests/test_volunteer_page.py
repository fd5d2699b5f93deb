"""A volunteer on one screen: the person, languages with level, areas, municipalities, car,
trainings with the modules attended and certificates, the clearance in words, current and past
assignments, hours and kilometres this month and this year, what is due and the status
history; in a fixed number of statements whatever the data size."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from crm.extensions import db
from crm.models import AssignmentLog, TrainingParticipation, VolunteerLanguage
from crm.models.choices import AssignmentArea, AssignmentStatus, LanguageLevel, VolunteerStatus
from tests import factories as make
from tests.helpers import counted_queries
from tests.test_crud import text
from tests.test_record_pages import sections

TODAY = date.today()
LAST_YEAR = TODAY.replace(year=TODAY.year - 1, day=1)


def busy_volunteer(n: int, place: str = "Birkenhain"):
    """A volunteer with ``n`` assignments (one running, the others done), each with a log this
    month, one earlier this year (when there is an earlier month) and one last year, and
    ``n`` trainings attended."""
    guide = make.volunteer(
        contact=make.contact(first_name="Samira", last_name="Haddad"),
        status=VolunteerStatus.ACTIVE,
        active_since=TODAY - timedelta(days=700),
        has_car=True,
        areas=[AssignmentArea.DOCTOR, AssignmentArea.CHILDREN],
        municipalities=[make.municipality(name=place)],
        clearance_issued_on=date(2026, 3, 14),
        clearance_checked_on=date(2026, 3, 20),
        data_consent_on=TODAY - timedelta(days=700),
        confidentiality_signed_on=TODAY - timedelta(days=700),
    )
    guide.language_skills.append(
        VolunteerLanguage(language=make.language("ti"), level=LanguageLevel.FLUENT)
    )
    earlier = TODAY.replace(day=1) - timedelta(days=1)
    for i in range(n):
        status = AssignmentStatus.RUNNING if i == 0 else AssignmentStatus.DONE
        job = make.assignment(volunteer=guide, status=status, newcomer=make.newcomer())
        job.logs.append(AssignmentLog(date=TODAY, hours=Decimal("2.5"), kilometres=Decimal(12)))
        if earlier.year == TODAY.year:
            job.logs.append(AssignmentLog(date=earlier, hours=Decimal(1), kilometres=Decimal(3)))
        job.logs.append(AssignmentLog(date=LAST_YEAR, hours=Decimal(7), kilometres=Decimal(70)))
        course = make.training(modules=3, title=f"Qualifizierung {i + 1}")
        db.session.add(
            TrainingParticipation(
                training=course,
                volunteer=guide,
                modules_attended=course.modules[:2],
                certificate_issued_on=date(2026, 5, 1) if i == 0 else None,
            )
        )
    db.session.commit()
    return guide, earlier.year == TODAY.year


def test_the_page_shows_the_volunteer_on_one_screen(browser):
    guide, earlier = busy_volunteer(2)
    response = browser.get(f"/admin/volunteer/details/?id={guide.id}")
    page = text(response)
    for shown in (
        "Haddad, Samira",
        "Tigrinya (fließend)",
        "Arztbesuch, Kinder/Jugend",
        "Birkenhain",
        "gültig bis 14.03.2031",
    ):
        assert shown in page, shown
    month = "5,0 Std. · 24,0 km"
    year = "7,0 Std. · 30,0 km" if earlier else month
    assert f'<div class="lotse-month">{month}</div>' in page
    assert f'<div class="lotse-year">{year}</div>' in page
    found = sections(response)
    jobs = found["Einsätze"]["rows"]
    assert [ended for ended, _ in jobs] == [False, True]  # the running one first
    courses = found["Schulungen"]["rows"]
    assert {cells[0]: (cells[2], cells[3]) for _, cells in courses} == {
        "Qualifizierung 1": ("1, 2", "01.05.2026"),
        "Qualifizierung 2": ("1, 2", ""),
    }
    assert found["Statusverlauf"]["rows"][0][1][1] == "aktiv"


def test_what_is_due_for_the_volunteer(browser):
    quiet = make.volunteer(
        status=VolunteerStatus.ACTIVE,
        active_since=TODAY - timedelta(days=400),
        data_consent_on=TODAY - timedelta(days=400),
    )
    page = text(browser.get(f"/admin/volunteer/details/?id={quiet.id}"))
    assert "Führungszeugnis: fehlt" in page
    assert "seit über sechs Monaten ohne Einsatz: nachfragen" in page
    assert "Einwilligung oder Verschwiegenheitserklärung fehlt" in page


@pytest.mark.parametrize("role", ["viewer", "coordinator"])
def test_the_page_costs_the_same_statements_at_two_sizes(login_as, role):
    browser = login_as(role)
    counts = []
    for n in (1, 12):
        guide, _ = busy_volunteer(n, place=f"Ort {n}")
        with counted_queries() as statements:
            response = browser.get(f"/admin/volunteer/details/?id={guide.id}")
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
