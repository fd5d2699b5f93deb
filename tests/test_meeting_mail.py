"""Invitations, updates, cancellations and the protocol of a meeting by e-mail, through the
meeting's page and a real SMTP server: what arrives (headers, parts, the .ics read back with
icalendar, the PDF with pypdf), who gets nothing and why, and a server that is down."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from sqlalchemy import select, update

from crm import operations
from crm.extensions import db
from crm.models import MailStatus, MeetingParticipant, NetworkMeeting, OutgoingMail
from crm.models.base import utcnow
from crm.views.fields import LOCAL_TIME
from tests import factories as make
from tests.checksum import database_checksum
from tests.helpers import pdf_text
from tests.test_i18n import text_of

SOON = utcnow().replace(microsecond=0) + timedelta(days=14)
AGENDA = "1. Begrüßung\n2. **Wohnraum** im Landkreis"


def meeting_with_people(starts_at=SOON, **kw):
    """A meeting with two participants who may be e-mailed and three who may not (blocked,
    no address, no consent)."""
    group = make.network(name="Runder Tisch Übergänge")
    org = make.organisation(name="Caritas Süd")
    meeting = make.meeting(
        network=group,
        title="Herbsttreffen",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        location="Kreishaus, Raum 2",
        agenda=AGENDA,
        minutes="Frau **Öztürk** berichtet.",
        **kw,
    )
    people = [
        dict(first_name="Jürgen", last_name="Weiß", email="juergen@example.org"),
        dict(first_name="Ayşe", last_name="Demir", email="ayse@example.org"),
        dict(last_name="Gesperrt", email="nein@example.org", do_not_contact=True),
        dict(last_name="Ohneadresse", email=None),
        dict(last_name="Ohneeinwilligung", email="ohne@example.org", may_mail_email=False),
    ]
    for person in people:
        contact = make.contact(**{"may_mail_email": True, **person})
        meeting.participants.append(MeetingParticipant(contact=contact, organisation=org))
    db.session.commit()
    return meeting


def post(browser, endpoint, meeting, **data):
    form = {"id": meeting.id, "version": meeting.version, **data}
    response = browser.post(f"/admin/meeting/{endpoint}/", form)
    assert response.status_code == 302, response.data[:500]
    return browser.get(response.headers["Location"])


def calendar_of(message):
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return part, Calendar.from_ical(part.get_payload(decode=True))


def event_of(calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def mails(meeting):
    return db.session.scalars(
        select(OutgoingMail).where(OutgoingMail.meeting_id == meeting.id).order_by(OutgoingMail.id)
    ).all()


def test_an_invitation_reaches_who_may_be_written_to_with_a_calendar_entry(
    ctx, browser, smtp_server
):
    meeting = meeting_with_people()
    page = browser.get(f"/admin/meeting/details/?id={meeting.id}")
    assert "Einladung senden" in text_of(page)

    page = post(browser, "invite", meeting)

    assert "Einladung an 2 Teilnehmende versandt" in text_of(page)
    received = {r.recipients[0]: r.message for r in smtp_server.received}
    assert set(received) == {"juergen@example.org", "ayse@example.org"}
    message = received["juergen@example.org"]
    day = SOON.astimezone(LOCAL_TIME).strftime("%d.%m.%Y")
    assert message["Subject"] == f"Einladung: Herbsttreffen am {day}"
    assert message["From"] == ctx.config["MAIL_FROM"]
    assert message["To"].addresses[0].display_name == "Jürgen Weiß"
    assert message["Message-ID"]
    assert "Abmelden" in message["List-Unsubscribe"]
    text = message.get_body(("plain",)).get_content()
    assert "Guten Tag Jürgen Weiß" in text and "Kreishaus, Raum 2" in text
    assert "Wohnraum im Landkreis" in text and "**" not in text
    assert "<strong>Wohnraum</strong>" in message.get_body(("html",)).get_content()
    part, calendar = calendar_of(message)
    assert part.get_param("method") == "REQUEST"
    assert calendar["METHOD"] == "REQUEST"
    event = event_of(calendar)
    assert str(event["UID"]) == f"meeting-{meeting.id}@lotse"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == SOON
    assert str(event["ATTENDEE"]) == "mailto:juergen@example.org"
    assert str(event["ORGANIZER"]) == f"mailto:{ctx.config['MAIL_FROM']}"
    assert "Wohnraum" in str(event["DESCRIPTION"])

    sent = mails(meeting)
    assert [(m.kind, m.status) for m in sent] == [("einladung", MailStatus.SENT)] * 2
    assert {m.contact.last_name for m in sent} == {"Weiß", "Demir"}
    shown = text_of(browser.get(f"/admin/meeting/details/?id={meeting.id}"))
    assert "Eingeladen per E-Mail am" in shown and "juergen@example.org" in shown
    for name, reason in (
        ("Gesperrt", "möchte nicht kontaktiert werden"),
        ("Ohneadresse", "keine E-Mail-Adresse"),
        ("Ohneeinwilligung", "keine Einwilligung für E-Mail"),
    ):
        assert name in shown and reason in shown
    assert "Einladung senden" not in shown and "Einladung erneut senden" in shown


def test_a_moved_meeting_sends_an_update_then_a_cancellation_with_the_same_uid(
    ctx, browser, smtp_server
):
    meeting = meeting_with_people()
    post(browser, "invite", meeting)
    db.session.refresh(meeting)
    assert "nicht mehr aktuell" not in text_of(
        browser.get(f"/admin/meeting/details/?id={meeting.id}")
    )
    operations.update(
        meeting, {"location": "Rathaus, Saal", "starts_at": SOON + timedelta(hours=1)}
    )
    db.session.commit()
    page = text_of(browser.get(f"/admin/meeting/details/?id={meeting.id}"))
    assert "Die Einladung ist nicht mehr aktuell" in page and "Aktualisierung senden" in page

    post(browser, "invite", meeting)
    db.session.refresh(meeting)
    updates = smtp_server.messages[2:]
    assert len(updates) == 2 and updates[0]["Subject"].startswith("Geändert: Herbsttreffen")
    event = event_of(calendar_of(updates[0])[1])
    assert str(event["UID"]) == f"meeting-{meeting.id}@lotse" and event["SEQUENCE"] == 1
    assert str(event["LOCATION"]) == "Rathaus, Saal"
    assert event.decoded("DTSTART") == SOON + timedelta(hours=1)
    assert "nicht mehr aktuell" not in text_of(
        browser.get(f"/admin/meeting/details/?id={meeting.id}")
    )

    page = post(browser, "cancel", meeting)
    assert "Abgesagt am" in text_of(page)
    cancellations = smtp_server.messages[4:]
    assert len(cancellations) == 2 and cancellations[0]["Subject"].startswith("Abgesagt:")
    part, calendar = calendar_of(cancellations[0])
    assert part.get_param("method") == "CANCEL" and calendar["METHOD"] == "CANCEL"
    event = event_of(calendar)
    assert str(event["UID"]) == f"meeting-{meeting.id}@lotse" and event["SEQUENCE"] == 2
    assert event["STATUS"] == "CANCELLED"
    assert [m.kind for m in mails(meeting)] == ["einladung"] * 2 + [
        "einladung-aktualisiert"
    ] * 2 + ["absage"] * 2

    db.session.refresh(meeting)
    before = database_checksum()
    page = post(browser, "invite", meeting)
    assert "abgesagt" in text_of(page) and database_checksum() == before
    assert len(smtp_server.messages) == 6


@pytest.mark.parametrize("version", ["", "99", None])
def test_a_mail_action_without_the_version_seen_is_refused(ctx, browser, smtp_server, version):
    meeting = meeting_with_people()
    before = database_checksum()
    form = {"id": meeting.id} if version is None else {"id": meeting.id, "version": version}
    page = browser.get(browser.post("/admin/meeting/invite/", form).headers["Location"])
    assert page.status_code == 200 and "neu laden" in text_of(page)
    assert database_checksum() == before and smtp_server.messages == []


def test_nobody_to_write_to_is_said_and_nothing_changes(ctx, browser, smtp_server):
    meeting = meeting_with_people()
    for participant in meeting.participants[:2]:
        operations.update(participant.contact, {"do_not_contact": True})
    db.session.commit()
    before = database_checksum()
    page = post(browser, "invite", meeting)
    assert "Niemand unter den Teilnehmenden" in text_of(page)
    assert database_checksum() == before and smtp_server.messages == []


def test_the_protocol_goes_as_pdf_once_and_the_page_lists_who_received_it(
    ctx, browser, smtp_server
):
    meeting = meeting_with_people(starts_at=SOON - timedelta(days=30))
    page = post(browser, "send-protocol", meeting)
    assert "Protokoll an 2 Teilnehmende versandt" in text_of(page)
    message = smtp_server.messages[0]
    assert message["Subject"].startswith("Protokoll: Herbsttreffen vom")
    (pdf,) = list(message.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename().startswith("Protokoll_Runder Tisch Übergänge_")
    data = pdf.get_payload(decode=True)
    assert len(PdfReader(io.BytesIO(data)).pages) >= 1
    assert "Herbsttreffen" in pdf_text(data) and "Öztürk" in pdf_text(data)
    shown = text_of(browser.get(f"/admin/meeting/details/?id={meeting.id}"))
    assert "E-Mails zu diesem Treffen" in shown and "ayse@example.org" in shown
    assert {m.kind for m in mails(meeting)} == {"protokoll"}

    db.session.refresh(meeting)
    page = post(browser, "send-protocol", meeting)
    assert "haben diese E-Mail schon" in text_of(page) and len(smtp_server.messages) == 2


def test_a_protocol_before_the_meeting_is_refused(ctx, browser, smtp_server):
    meeting = meeting_with_people()
    page = browser.get(f"/admin/meeting/details/?id={meeting.id}")
    assert "Protokoll versenden" not in text_of(page)
    before = database_checksum()
    page = post(browser, "send-protocol", meeting)
    assert "noch nicht stattgefunden" in text_of(page) and database_checksum() == before


def test_a_server_that_is_down_keeps_the_invitations_for_the_next_run(
    ctx, browser, smtp_server, monkeypatch, runner
):
    meeting = meeting_with_people()
    port = ctx.config["MAIL_PORT"]
    from tests.smtp import free_port

    monkeypatch.setitem(ctx.config, "MAIL_PORT", free_port())
    page = post(browser, "invite", meeting)
    assert page.status_code == 200
    assert "0 von 2 E-Mails versandt" in text_of(page) and "crm send-mail" in text_of(page)
    waiting = mails(meeting)
    assert [m.status for m in waiting] == [MailStatus.QUEUED] * 2
    assert all("nicht erreichbar" in m.last_error and m.attempts == 1 for m in waiting)

    monkeypatch.setitem(ctx.config, "MAIL_PORT", port)
    earlier = utcnow() - timedelta(hours=1)
    db.session.execute(update(OutgoingMail).values(tried_at=earlier))  # the pause is over
    db.session.commit()
    result = runner.invoke(args=["crm", "send-mail"])
    assert "2 gesendet" in result.output, result.output
    assert len(smtp_server.messages) == 2
    assert all(m.status is MailStatus.SENT for m in mails(meeting))


def test_viewers_send_nothing(ctx, login_as, smtp_server):
    meeting = meeting_with_people(starts_at=datetime(2025, 3, 1, 9, tzinfo=UTC))
    viewer = login_as("viewer")
    page = text_of(viewer.get(f"/admin/meeting/details/?id={meeting.id}"))
    assert "Einladung senden" not in page and "Protokoll versenden" not in page
    for endpoint in ("invite", "cancel", "send-protocol"):
        form = {"id": meeting.id, "version": meeting.version}
        assert viewer.post(f"/admin/meeting/{endpoint}/", form).status_code == 403
    assert (
        smtp_server.messages == [] and db.session.scalar(select(NetworkMeeting.invited_at)) is None
    )


@pytest.mark.parametrize("meeting_id", ["abc", "", "99999999999999999999", "1\x00", "-1"])
@pytest.mark.parametrize("endpoint", ["invite", "cancel", "send-protocol"])
def test_a_mail_action_for_no_meeting_changes_nothing(
    ctx, browser, smtp_server, meeting_id, endpoint
):
    meeting_with_people()
    before = database_checksum()
    response = browser.post(f"/admin/meeting/{endpoint}/", {"id": meeting_id, "version": "1"})
    assert response.status_code == 302
    assert "gibt es nicht" in text_of(browser.get(response.headers["Location"]))
    assert database_checksum() == before and smtp_server.messages == []
