"""Courses through the doors a user uses: a course of five modules run at two places,
registration, the attendance sheet of a module date, a make-up in the other run, completion,
taking on as active, the certificate parsed back and re-printed the same after the course
changed; every refusal; the statements of the new pages."""

import io
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from crm import operations
from crm.courses import missing_modules
from crm.errors import RuleError
from crm.extensions import db
from crm.models import AuditEntry, Course, CourseModule, Training, TrainingParticipation, Volunteer
from crm.models.choices import ParticipationStatus, VolunteerStatus
from tests import factories as make
from tests.helpers import counted_queries

TODAY = date.today()
PAST = [TODAY - timedelta(days=70 - 14 * n) for n in range(5)]  # all held
AHEAD = [TODAY + timedelta(days=10 + 7 * n) for n in range(5)]  # all to come


def two_runs():
    """A course of five modules run at Alzey (held) and at Worms (to come)."""
    course = make.course(modules=5, title="Qualifizierung Integrationsbegleitung")
    diakonie = make.organisation(name="Diakonisches Werk Rheinhessen", city="Alzey")
    caritas = make.organisation(name="Caritas Worms", city="Worms")
    alzey = make.training(
        course=course, title="Alzey 2029", carrier=diakonie, location="Alzey", dates=PAST
    )
    worms = make.training(
        course=course, title="Worms 2029", carrier=caritas, location="Worms", dates=AHEAD
    )
    return course, alzey, worms


def guide(last_name, status=VolunteerStatus.IN_TRAINING):
    """A volunteer with the consent and pledge that "active" needs."""
    return make.volunteer(
        contact=make.contact(first_name="Maria", last_name=last_name),
        status=status,
        data_consent_on=date(2025, 1, 1),
        confidentiality_signed_on=date(2025, 1, 1),
    )


def sheet_url(module) -> str:
    return f"/admin/training/attendance/{module.id}/"


def tick(browser, module, shown, present, **kwargs):
    """Save a module date's sheet: the participations shown, those ticked present."""
    return browser.post(
        sheet_url(module),
        {"shown": [p.id for p in shown], "present": [p.id for p in present]},
        **kwargs,
    )


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flashed(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def register(browser, run, volunteer):
    return browser.post(
        "/admin/participation/new/",
        {"training": run.id, "volunteer": volunteer.id, "status": "angemeldet"},
        follow_redirects=True,
    )


def participation_of(run, volunteer) -> TrainingParticipation | None:
    return db.session.scalar(
        select(TrainingParticipation).where(
            TrainingParticipation.training_id == run.id,
            TrainingParticipation.volunteer_id == volunteer.id,
        )
    )


def test_from_registration_to_certificate(browser):
    course, alzey, worms = two_runs()
    anna, ben, gone = guide("Arslan"), guide("Becker"), guide("Gehrt", VolunteerStatus.LEFT)

    for person in (anna, ben):
        assert "erfolgreich erstellt" in flashed(register(browser, alzey, person))
    refused = flashed(register(browser, alzey, gone))
    assert "„Gehrt, Maria“ ist ausgeschieden und kann nicht angemeldet werden." in refused
    assert participation_of(alzey, gone) is None
    pa, pb = participation_of(alzey, anna), participation_of(alzey, ben)

    # One sheet per module date; Becker misses module 3. Who takes module 1 in Worms later
    # is no make-up candidate in Alzey.
    make.participation(training=worms, volunteer=guide("Später"))
    page = browser.get(sheet_url(alzey.modules[0])).get_data(as_text=True)
    assert "Arslan, Maria" in page and "Becker, Maria" in page
    assert "Später" not in page
    for number, module in enumerate(alzey.modules, start=1):
        present = [pa] if number == 3 else [pa, pb]
        response = tick(browser, module, [pa, pb], present, follow_redirects=True)
        assert "Anwesenheit gespeichert" in flashed(response)
    db.session.expire_all()
    pa, pb = (
        db.session.get(TrainingParticipation, pa.id),
        db.session.get(TrainingParticipation, pb.id),
    )
    assert pa.status == ParticipationStatus.COMPLETED
    assert pb.status == ParticipationStatus.ATTENDING
    assert len(pb.modules_attended) == 4

    # Who misses what, and where to make it up: module 3 in Worms.
    page = flashed(browser.get(f"/admin/training/missing/{alzey.id}/"))
    assert "Becker, Maria" in page and "Arslan, Maria" not in page
    assert "3. Modul 3" in page
    assert f"{AHEAD[2]:%d.%m.%Y}</a> Worms 2029" in page

    # On the Worms sheet of module 3 Becker is a make-up candidate, Arslan is not.
    make_up = worms.modules[2]
    page = flashed(browser.get(sheet_url(make_up)))
    assert "Becker, Maria" in page and "holt nach aus „Alzey 2029“" in page
    assert "Arslan, Maria" not in page
    tick(browser, make_up, [pb], [pb])
    pb = db.session.get(TrainingParticipation, pb.id)
    assert pb.status == ParticipationStatus.COMPLETED
    assert "Niemandem fehlt ein Modul." in flashed(
        browser.get(f"/admin/training/missing/{alzey.id}/")
    )

    # Complete and still "in training": the sheet suggests taking her on as active.
    page = flashed(browser.get(sheet_url(make_up)))
    assert "„Becker, Maria“ als aktiv übernehmen" in page
    browser.post("/admin/training/take-on/", {"volunteer": ben.id, "next": sheet_url(make_up)})
    ben = db.session.get(Volunteer, ben.id)
    assert ben.status == VolunteerStatus.ACTIVE and ben.active_since == TODAY

    # The certificate: issued once, the make-up date and the carrier of her own run on it.
    issued = browser.post(f"/admin/participation/certificate/{pb.id}/")
    assert issued.status_code == 302 and issued.location.endswith(f"/certificate/{pb.id}/pdf")
    first = browser.get(f"/admin/participation/certificate/{pb.id}/pdf")
    assert first.mimetype == "application/pdf"
    text = pdf_text(first.data)
    for expected in (
        "Zertifikat",
        "Maria Becker",
        "„Qualifizierung Integrationsbegleitung“",
        "Durchgeführt von Diakonisches Werk Rheinhessen",
        f"Modul 3 {AHEAD[2]:%d.%m.%Y}",
        f"Modul 5 {PAST[4]:%d.%m.%Y}",
        f"Alzey, {TODAY:%d.%m.%Y}",
        "Unterschrift",
    ):
        assert expected in text, expected
    assert db.session.get(TrainingParticipation, pb.id).certificate_issued_on == TODAY
    exports = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "export", AuditEntry.table == "training_participations"
        )
    ).all()
    assert [e.row_id for e in exports] == [pb.id]

    # The course changes later: a module renamed, a sixth added. The re-print is the same.
    module = db.session.scalar(select(CourseModule).where(CourseModule.number == 1))
    operations.update(module, {"title": "Rolle und Auftrag (neu)"})
    operations.create(CourseModule(course_id=course.id, number=6, title="Neu"))
    db.session.commit()
    assert browser.post(f"/admin/participation/certificate/{pb.id}/").status_code == 302
    again = browser.get(f"/admin/participation/certificate/{pb.id}/pdf")
    assert pdf_text(again.data) == text
    assert db.session.get(TrainingParticipation, pb.id).certificate_issued_on == TODAY


def test_a_certificate_for_an_incomplete_participant_is_refused(browser):
    _, alzey, _ = two_runs()
    p = make.participation(training=alzey, volunteer=guide("Kaya"))
    tick(browser, alzey.modules[0], [p], [p])

    response = browser.post(f"/admin/participation/certificate/{p.id}/", follow_redirects=True)
    assert "„Kaya, Maria“ hat noch nicht alle Module des Kurses besucht" in flashed(response)
    row = db.session.get(TrainingParticipation, p.id)
    assert row.certificate_issued_on is None and row.certificate is None
    printed = browser.get(f"/admin/participation/certificate/{p.id}/pdf")
    assert printed.status_code == 404
    assert "kein Zertifikat ausgestellt" in flashed(printed)
    # Nor can she be marked as having completed, or a certificate date be written otherwise.
    response = browser.post(
        f"/admin/participation/edit/?id={p.id}",
        {
            "training": alzey.id,
            "volunteer": p.volunteer_id,
            "status": "abgeschlossen",
            "seen_version": str(p.version),
        },
        follow_redirects=True,
    )
    assert "und hat die Schulung daher nicht abgeschlossen" in flashed(response)
    assert db.session.get(TrainingParticipation, p.id).status == ParticipationStatus.ATTENDING
    with pytest.raises(RuleError, match="noch nicht alle Module"):
        operations.update(
            db.session.get(TrainingParticipation, p.id), {"certificate_issued_on": TODAY}
        )
    db.session.rollback()


def test_completed_in_two_runs(browser):
    """Dropped out in Alzey after two modules, finished the rest in Worms: complete, and the
    certificate lists the dates of both runs."""
    _, alzey, worms = two_runs()
    person = guide("Nowak")
    first = make.participation(training=alzey, volunteer=person)
    for module in alzey.modules[:2]:
        tick(browser, module, [first], [first])
    operations.update(first, {"status": ParticipationStatus.DROPPED})
    second = make.participation(training=worms, volunteer=person)
    for module in worms.modules[:2]:  # not offered on the sheets: attended already
        assert "Nowak" in flashed(browser.get(sheet_url(module)))  # her own run's sheet
    for module in worms.modules[2:]:
        tick(browser, module, [second], [second])

    assert db.session.get(TrainingParticipation, second.id).status == ParticipationStatus.COMPLETED
    browser.post(f"/admin/participation/certificate/{second.id}/")
    text = pdf_text(browser.get(f"/admin/participation/certificate/{second.id}/pdf").data)
    assert f"Modul 1 {PAST[0]:%d.%m.%Y}" in text
    assert f"Modul 5 {AHEAD[4]:%d.%m.%Y}" in text
    assert "Durchgeführt von Caritas Worms" in text


def test_attendance_for_a_module_of_another_course_is_refused(browser):
    _, alzey, _ = two_runs()
    mine = make.participation(training=alzey, volunteer=guide("Arslan"))
    other_run = make.training(modules=5, title="Sprachmittlung", dates=PAST)
    stranger = make.participation(training=other_run, volunteer=guide("Fremd"))

    response = tick(browser, alzey.modules[0], [mine, stranger], [mine, stranger])
    page = flashed(browser.get(response.location))
    assert "nur Anwesenheit von Teilnehmenden des Kurses" in page
    assert "nichts wurde gespeichert" in page
    assert db.session.get(TrainingParticipation, mine.id).modules_attended == []
    assert db.session.get(TrainingParticipation, stranger.id).modules_attended == []

    # The write path itself refuses it, whatever door it comes through.
    with pytest.raises(RuleError, match="gehören nicht zum Kurs „Qualifizierung"):
        operations.update(mine, lambda p: p.modules_attended.append(other_run.modules[0]))
    db.session.rollback()


@pytest.mark.parametrize("bad", ["abc", "-1", "99999999999999999999", "\x00"])
def test_a_sheet_with_bad_ids_changes_nothing(browser, bad):
    _, alzey, _ = two_runs()
    p = make.participation(training=alzey, volunteer=guide("Arslan"))
    response = browser.post(sheet_url(alzey.modules[0]), {"shown": [p.id, bad], "present": [p.id]})
    assert response.status_code == 302
    assert "Die Liste war ungültig" in flashed(browser.get(response.location))
    assert db.session.get(TrainingParticipation, p.id).modules_attended == []


def test_unknown_pages_answer_in_german(browser):
    assert "Diesen Termin gibt es nicht" in flashed(browser.get("/admin/training/attendance/999/"))
    assert browser.get("/admin/training/missing/999/").status_code == 404
    assert browser.post("/admin/participation/certificate/999/").status_code == 404
    response = browser.post("/admin/training/take-on/", {"volunteer": "abc"}, follow_redirects=True)
    assert "Diese Person gibt es nicht" in flashed(response)


def test_viewers_read_the_sheet_but_change_and_print_nothing(login_as):
    _, alzey, _ = two_runs()
    p = make.participation(training=alzey, volunteer=guide("Arslan"))
    viewer = login_as("viewer")
    page = flashed(viewer.get(sheet_url(alzey.modules[0])))
    assert "Arslan, Maria" in page and "Anwesenheit speichern" not in page
    assert tick(viewer, alzey.modules[0], [p], [p]).status_code == 403
    assert db.session.get(TrainingParticipation, p.id).modules_attended == []
    assert viewer.post(f"/admin/participation/certificate/{p.id}/").status_code == 403
    assert viewer.get(f"/admin/participation/certificate/{p.id}/pdf").status_code == 403
    assert viewer.post("/admin/training/take-on/", {"volunteer": p.volunteer_id}).status_code == 403


def test_a_sheet_without_a_tick_changes_only_what_was_shown(browser):
    """Someone registered after the sheet was opened keeps the attendance they have."""
    _, alzey, _ = two_runs()
    seen = make.participation(training=alzey, volunteer=guide("Arslan"))
    later = make.participation(training=alzey, volunteer=guide("Zander"))
    module = alzey.modules[0]
    tick(browser, module, [seen, later], [seen, later])
    tick(browser, module, [seen], [])
    assert db.session.get(TrainingParticipation, seen.id).modules_attended == []
    assert db.session.get(TrainingParticipation, later.id).modules_attended == [module]


def test_missing_modules_for_the_due_list(ctx):
    _, alzey, worms = two_runs()
    person = guide("Becker")
    p = make.participation(training=alzey, volunteer=person)
    make.participation(training=alzey, volunteer=guide("Weg", VolunteerStatus.LEFT))
    operations.update(p, lambda p: p.modules_attended.extend(alzey.modules[:4]))
    db.session.commit()

    (found,) = missing_modules(db.session, TODAY)
    assert found.participation.id == p.id
    assert [str(m) for m in found.modules] == ["5. Modul 5"]
    assert found.make_ups[found.modules[0].id] == [worms.modules[4]]
    assert missing_modules(db.session, TODAY, training_id=worms.id) == []


def add_participants(alzey, worms, numbers):
    """Participants in both runs, and a run by a carrier of its own for each of them."""
    for i in numbers:
        make.training(course=alzey.course, carrier=make.organisation(), dates=AHEAD)
        p = make.participation(training=alzey, volunteer=guide(f"Person{i:02d}"))
        p.modules_attended = list(alzey.modules[: i % 4])
        make.participation(training=worms, volunteer=guide(f"Später{i:02d}"))
    db.session.commit()


@pytest.mark.parametrize(
    "page",
    [
        lambda alzey, worms: sheet_url(alzey.modules[3]),
        lambda alzey, worms: sheet_url(worms.modules[3]),
        lambda alzey, worms: f"/admin/training/missing/{alzey.id}/",
        lambda alzey, worms: f"/admin/training/details/?id={alzey.id}",
        lambda alzey, worms: f"/admin/course/details/?id={alzey.course_id}",
    ],
    ids=["sheet", "make-up-sheet", "missing", "run", "course"],
)
def test_the_pages_run_a_fixed_number_of_statements(browser, page):
    _, alzey, worms = two_runs()
    counts = []
    for numbers in (range(2), range(2, 12)):
        add_participants(alzey, worms, numbers)
        with counted_queries() as statements:
            response = browser.get(page(alzey, worms))
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_the_migration_makes_each_training_a_course_and_loses_nothing(app, tmp_path):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text as sql

    from crm import MIGRATIONS
    from tests.test_migrations import fresh_app

    fresh = fresh_app(app, tmp_path)
    with fresh.app_context():
        downgrade(directory=str(MIGRATIONS), revision="0006")
        stamps = "'2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00', 1"
        for statement in (
            "INSERT INTO contacts (id, last_name, may_mail_post, may_mail_email, do_not_contact,"
            f" created_at, updated_at, version, search_document) VALUES"
            f" (1, 'Becker', false, false, false, {stamps}, '')",
            "INSERT INTO volunteers (id, contact_id, status, has_car, clearance_disqualifying,"
            f" created_at, updated_at, version, search_document) VALUES"
            f" (1, 1, 'aktiv', false, false, {stamps}, '')",
            "INSERT INTO trainings (id, title, description, created_at, updated_at, version,"
            " search_document) VALUES"
            f" (1, 'Grundkurs Alzey', 'Fünf Module', {stamps}, 'grundkurs'),"
            f" (2, 'Grundkurs Alzey', NULL, {stamps}, 'grundkurs')",
            "INSERT INTO training_modules (id, training_id, number, title, date, created_at,"
            " updated_at, version) VALUES"
            f" (1, 1, 1, 'Asylrecht', '2026-03-01', {stamps}),"
            f" (2, 1, 2, 'Rolle', NULL, {stamps}), (3, 2, 1, 'Asylrecht', NULL, {stamps})",
            "INSERT INTO training_participations (id, training_id, volunteer_id, status,"
            " certificate_issued_on, created_at, updated_at, version) VALUES"
            f" (1, 1, 1, 'abgeschlossen', '2026-04-01', {stamps})",
            "INSERT INTO module_attendance (participation_id, module_id) VALUES (1, 1), (1, 2)",
        ):
            db.session.execute(sql(statement))
        db.session.commit()
        upgrade(directory=str(MIGRATIONS))
        db.session.remove()

        runs = {t.id: t for t in db.session.scalars(select(Training))}
        assert {t.course.title for t in runs.values()} == {"Grundkurs Alzey"}
        assert runs[1].course_id != runs[2].course_id, "each training a course of its own"
        assert runs[1].course.description == "Fünf Module"
        assert [str(m) for m in runs[1].modules] == ["1. Asylrecht", "2. Rolle"]
        assert runs[1].modules[0].date == date(2026, 3, 1)
        assert [str(m) for m in runs[2].modules] == ["1. Asylrecht"]
        participation = db.session.get(TrainingParticipation, 1)
        assert [m.id for m in participation.modules_attended] == [1, 2]
        assert participation.certificate_issued_on == date(2026, 4, 1)
        found = db.session.scalars(select(Course).where(Course.search_document.like("%grundk%")))
        assert len(found.all()) == 2
        # New rows get ids after the migrated ones.
        operations.create(Course(title="Neu", modules=[CourseModule(number=1, title="Eins")]))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def test_a_run_takes_module_dates_of_its_own_course_only(browser):
    course, alzey, _ = two_runs()
    other = make.course(modules=1, title="Sprachmittlung")
    response = browser.post(
        "/admin/training/new/",
        {
            "course": course.id,
            "title": "Mainz 2030",
            "modules-0-course_module": other.modules[0].id,
            "modules-0-date": "2030-03-01",
        },
        follow_redirects=True,
    )
    assert "Das Modul „1. Modul 1“ gehört nicht zum Kurs „Qualifizierung" in flashed(response)
    assert db.session.scalar(select(Training).where(Training.title == "Mainz 2030")) is None

    make.participation(training=alzey, volunteer=guide("Arslan"))
    with pytest.raises(RuleError, match="bleibt, wie er ist"):
        operations.update(alzey, {"course": other})
    db.session.rollback()
