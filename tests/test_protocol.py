"""A meeting's protocol: the printable page with every part in order, the PDF parsed back, the
e-mail addresses to copy by consent, Markdown rendered harmless, roles and statement counts."""

import io
import re
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from crm.extensions import db
from crm.models import AuditEntry, FollowUpTask, MeetingParticipant
from crm.models.choices import Attendance
from tests import factories as make
from tests.helpers import counted_queries

HOSTILE = (
    "<script>alert(1)</script>\n\n"
    "[x](javascript:alert(1))\n\n"
    "<img src=x onerror=alert(1)>\n\n"
    '<a href="javascript:alert(2)" onclick="alert(3)">y</a>\n\n'
    "[ok](https://example.org)"
)


def full_meeting(participants: int = 3, network: str = "Runder Tisch Übergänge"):
    """A meeting of the network with participants of every attendance, the first
    two with consent to e-mail, and two tasks."""
    group = make.network(name=network)
    org = make.organisation(name="Caritas Süd")
    meeting = make.meeting(
        network=group,
        title="Herbsttreffen",
        starts_at=datetime(2026, 10, 21, 13, 0, tzinfo=UTC),
        ends_at=datetime(2026, 10, 21, 15, 0, tzinfo=UTC),
        location="Kreishaus, Raum 2",
        agenda="1. Begrüßung\n2. Wohnraum",
        minutes="Frau **Öztürk** berichtet.\nZweite Zeile.",
        decisions="- Förderantrag stellen\n- Nächstes Treffen im März",
    )
    kinds = (Attendance.PRESENT, Attendance.EXCUSED, Attendance.ABSENT)
    for i in range(participants):
        person = make.contact(
            first_name="Jürgen" if i == 0 else "Vorname",
            last_name=f"Müller{i:02d}",
            email=f"p{i}@example.org",
            may_mail_email=i != 2,
            do_not_contact=i == 1,
        )
        meeting.participants.append(
            MeetingParticipant(contact=person, organisation=org, attendance=kinds[i % 3])
        )
    owner = meeting.participants[0].contact
    meeting.tasks.append(
        FollowUpTask(description="Einladung verschicken", owner=owner, due_on=date(2026, 11, 2))
    )
    meeting.tasks.append(FollowUpTask(description="Räume prüfen"))
    db.session.commit()
    return meeting


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_protocol_page_shows_every_part_in_order(browser):
    meeting = full_meeting()
    record = browser.get(f"/admin/meeting/details/?id={meeting.id}").get_data(as_text=True)
    assert f'href="/admin/meeting/protocol/{meeting.id}/"' in record

    page = browser.get(f"/admin/meeting/protocol/{meeting.id}/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    text = text_of(html.split('<article class="lotse-protocol">', 1)[1])
    parts = [
        "Protokoll: Herbsttreffen",
        "Runder Tisch Übergänge",
        "21.10.2026 15:00–17:00",
        "Kreishaus, Raum 2",
        "Teilnehmende",
        "Jürgen Müller00 Caritas Süd anwesend",
        "Vorname Müller01 Caritas Süd entschuldigt",
        "Vorname Müller02 Caritas Süd abwesend",
        "Tagesordnung",
        "Begrüßung",
        "Protokoll",
        "Öztürk",
        "Beschlüsse",
        "Förderantrag stellen",
        "Aufgaben",
        "Einladung verschicken Jürgen Müller00 02.11.2026",
        "Räume prüfen — —",
    ]
    position = 0
    for part in parts:  # every part, each after the one before
        position = text.index(part, position) + len(part)
    assert "<strong>Öztürk</strong> berichtet.<br>" in html
    assert "<li>Förderantrag stellen</li>" in html
    assert re.search(r'<style media="print">[^<]*\.navbar[^}]*display: none', html)


def test_the_mail_line_respects_consent(browser):
    meeting = full_meeting(participants=4)
    make.contact(email="other@example.org", may_mail_email=True)  # not a participant
    html = browser.get(f"/admin/meeting/protocol/{meeting.id}/").get_data(as_text=True)
    # p1 has a contact block, p2 no consent: p0 and p3 remain.
    assert re.search(r"<textarea[^>]*>p0@example.org; p3@example.org</textarea>", html)
    assert "Nicht dabei: 2 " in html


@pytest.mark.parametrize("where", ["details/?id={}", "protocol/{}/"])
def test_hostile_markdown_is_harmless(browser, where):
    meeting = make.meeting(agenda=HOSTILE, minutes=HOSTILE, decisions=HOSTILE)
    html = browser.get("/admin/meeting/" + where.format(meeting.id)).get_data(as_text=True)
    shown = re.findall(r'<div class="lotse-formatted">(.*?)</div>', html, re.S)
    assert len(shown) == 3, "agenda, minutes and decisions"
    for part in shown:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in part, "shown as text"
        assert not re.search(r"<(script|img)\b", part, re.I)
        assert not re.search(r"<[^>]+\son\w+\s*=", part, re.I), "no event attribute"
        assert not re.search(r"<a\b[^>]*javascript:", part, re.I)
        assert '<a href="https://example.org" rel="noopener noreferrer nofollow">ok</a>' in part


def test_the_pdf_has_the_protocol(browser):
    meeting = full_meeting()
    response = browser.get(f"/admin/meeting/protocol/{meeting.id}/pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert "filename*=UTF-8''Protokoll_Runder_Tisch_%C3%9Cberg%C3%A4nge_2026-10-21.pdf" in (
        disposition
    )
    assert 'filename="Protokoll_Runder_Tisch_Uebergaenge_2026-10-21.pdf"' in disposition
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    flat = re.sub(r"\s+", " ", text)
    for part in (
        "Herbsttreffen",
        "Runder Tisch Übergänge",
        "21.10.2026 15:00–17:00",
        "Jürgen Müller00",
        "Caritas Süd",
        "entschuldigt",
        "• Förderantrag stellen",
        "Öztürk berichtet.",
        "Einladung verschicken",
        "02.11.2026",
        "Räume prüfen",
    ):
        assert part in flat, part
    assert "**" not in flat, "no Markdown markup"
    exports = db.session.query(AuditEntry).filter_by(action="export").all()
    assert [(e.table, e.row_id, e.changes) for e in exports] == [
        ("network_meetings", meeting.id, {"format": "pdf"})
    ]


def test_who_may_open_the_protocol(ctx, login_as):
    meeting = full_meeting()
    page = f"/admin/meeting/protocol/{meeting.id}/"
    pdf = page + "pdf"
    viewer = login_as("viewer")
    assert viewer.get(page).status_code == 200
    assert "/pdf" not in viewer.get(page).get_data(as_text=True)
    assert viewer.get(pdf).status_code == 403
    anonymous = ctx.test_client()
    for url in (page, pdf):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    coordinator = login_as("coordinator")
    assert coordinator.get("/admin/meeting/protocol/999999/").status_code == 404
    assert coordinator.get("/admin/meeting/protocol/999999/pdf").status_code == 404
    assert coordinator.get("/admin/meeting/protocol/abc/").status_code == 404
    assert db.session.query(AuditEntry).filter_by(action="export").count() == 0


@pytest.mark.parametrize("url", ["protocol/{}/", "protocol/{}/pdf"])
def test_a_fixed_number_of_statements(browser, url):
    counts = []
    for size in (3, 25):
        meeting = full_meeting(participants=size, network=f"Netz {size}")
        with counted_queries() as statements:
            assert browser.get("/admin/meeting/" + url.format(meeting.id)).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 8, counts
