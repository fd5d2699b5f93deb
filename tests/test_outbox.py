"""The outbox against a real SMTP server in the test process: what a server receives, what
the outbox records, a server that refuses or is down, the .eml folder without a server, and
that nothing goes twice or to a person who may not be written to."""

import os
import stat
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crm.errors import RuleError
from crm.extensions import db
from crm.models import AuditEntry, MailStatus, OutgoingMail
from crm.models.base import utcnow
from crm.outbox import MAIL_MAX_ATTEMPTS, RETRY_PAUSE, Attachment, compose, deliver, enqueue
from tests import factories
from tests.checksum import database_checksum

SUBJECT = "Grüße aus Übersee: Änderung"


def reachable(**kw):
    kw.setdefault("email", f"person{os.urandom(2).hex()}@example.org")
    kw.setdefault("may_mail_email", True)
    return factories.contact(**kw)


def queued(app, person=None, **kw):
    person = person or reachable()
    message = compose(
        to=person.email,
        subject=kw.pop("subject", SUBJECT),
        text="Hallo, schöne Grüße.",
        html="<p>Hallo, <strong>schöne</strong> Grüße.</p>",
        sender=app.config["MAIL_FROM"],
        **kw,
    )
    mail = enqueue(db.session, message, kind="test", contact=person)
    db.session.commit()
    return mail


def test_a_mail_arrives_as_proper_mime_and_is_recorded(ctx, smtp_server):
    person = reachable(first_name="Jürgen", last_name="Weiß")
    attachment = Attachment("plan.txt", b"Tagesordnung", "text/plain")
    mail = queued(ctx, person, attachments=[attachment], unsubscribe="https://lotse.example/ab")

    counts = deliver(db.session, ctx.config)

    assert (counts.sent, counts.waiting, counts.failed) == (1, 0, 0)
    (received,) = smtp_server.received
    message = received.message
    assert received.recipients == [person.email]
    assert message["Subject"] == SUBJECT
    raw_subject = message.as_bytes().split(b"Subject:")[1].split(b"\n")[0]
    assert b"=?utf-8?" in raw_subject.lower()  # encoded, not raw 8-bit
    assert message["From"] == ctx.config["MAIL_FROM"]
    assert message["To"] == person.email
    assert message["Message-ID"].startswith("<") and message["Date"]
    assert message["List-Unsubscribe"] == "<https://lotse.example/ab>"
    assert message.get_body(("plain",)).get_content().strip() == "Hallo, schöne Grüße."
    assert "<strong>schöne</strong>" in message.get_body(("html",)).get_content()
    (file,) = list(message.iter_attachments())
    assert file.get_filename() == "plan.txt" and file.get_content() == "Tagesordnung"

    db.session.refresh(mail)
    assert mail.status is MailStatus.SENT and mail.attempts == 1 and mail.sent_at
    assert mail.last_error is None
    history = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.table == "outgoing_mails", AuditEntry.row_id == mail.id)
        .order_by(AuditEntry.id)
    ).all()
    assert [e.action for e in history][0] == "create"
    assert any(e.changes.get("status") == ["wartet", "gesendet"] for e in history)
    assert all(e.changes.get("message", ["***"])[-1] in (None, "***") for e in history)


def test_a_mail_with_the_same_once_key_is_stored_and_sent_once(ctx, smtp_server):
    person = reachable()
    for _ in range(2):
        message = compose(to=person.email, subject="Einmal", text="nur einmal")
        enqueue(db.session, message, kind="test", contact=person, once_key="k-1")
        db.session.commit()
        deliver(db.session, ctx.config)
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 1
    assert len(smtp_server.messages) == 1
    # Composed without a sender: MAIL_FROM is put in when it goes out.
    assert smtp_server.messages[0]["From"] == ctx.config["MAIL_FROM"]


@pytest.mark.parametrize(
    "person",
    [
        {"do_not_contact": True},
        {"may_mail_email": False},
        {"email": None},
    ],
)
def test_a_person_who_may_not_be_written_to_gets_nothing(ctx, smtp_server, person):
    contact = factories.contact(**{"email": "nein@example.org", "may_mail_email": True, **person})
    before = database_checksum()
    with pytest.raises(RuleError):
        enqueue(
            db.session,
            compose(to="nein@example.org", subject="x", text="x"),
            kind="test",
            contact=contact,
        )
    db.session.rollback()
    assert database_checksum() == before
    deliver(db.session, ctx.config)
    assert smtp_server.messages == []


def test_a_permission_withdrawn_after_queueing_stops_the_mail(ctx, smtp_server):
    mail = queued(ctx)
    from crm.operations import update

    update(mail.contact, {"do_not_contact": True})
    db.session.commit()
    counts = deliver(db.session, ctx.config)
    assert counts.failed == 1 and smtp_server.messages == []
    db.session.refresh(mail)
    assert mail.status is MailStatus.FAILED and "nicht mehr" in mail.last_error


def test_a_refusing_server_is_tried_again_after_a_pause_then_the_mail_failed(ctx, smtp_server):
    smtp_server.refuse()
    mail = queued(ctx)
    now = utcnow()

    counts = deliver(db.session, ctx.config, now=now)
    assert (counts.sent, counts.waiting) == (0, 1)
    db.session.refresh(mail)
    assert mail.status is MailStatus.QUEUED and mail.attempts == 1
    assert "550" in mail.last_error
    # Before the pause is over the next run leaves it alone.
    assert deliver(db.session, ctx.config, now=now + timedelta(minutes=1)).tried == 0

    for attempt in range(2, MAIL_MAX_ATTEMPTS + 1):
        deliver(db.session, ctx.config, now=now + attempt * RETRY_PAUSE)
    db.session.refresh(mail)
    assert mail.status is MailStatus.FAILED and mail.attempts == MAIL_MAX_ATTEMPTS
    assert deliver(db.session, ctx.config, now=now + 10 * RETRY_PAUSE).tried == 0
    assert smtp_server.messages == []


def test_a_server_that_is_down_leaves_the_mails_queued_until_it_is_back(ctx, down_smtp):
    first, second = queued(ctx), queued(ctx)
    counts = deliver(db.session, ctx.config)  # never raises
    assert counts.waiting == 2 and "nicht erreichbar" in counts.last_error
    for mail in (first, second):
        db.session.refresh(mail)
        assert mail.status is MailStatus.QUEUED and mail.attempts == 1
        assert "nicht erreichbar" in mail.last_error


def test_the_next_run_sends_what_waited(ctx, smtp_server):
    mail = queued(ctx)
    smtp_server.refuse("421 4.3.2 Service not available")
    deliver(db.session, ctx.config)
    smtp_server.accept()
    counts = deliver(db.session, ctx.config, now=utcnow() + RETRY_PAUSE)
    assert counts.sent == 1 and len(smtp_server.messages) == 1
    db.session.refresh(mail)
    assert mail.status is MailStatus.SENT and mail.attempts == 2 and mail.last_error is None


def test_without_a_mail_server_each_mail_is_an_eml_file_for_the_owner(ctx):
    mail = queued(ctx)
    counts = deliver(db.session, ctx.config)
    assert counts.sent == 1
    (file,) = Path(ctx.config["MAIL_FOLDER"]).glob(f"{mail.id:06d}-*.eml")
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    parsed = message_from_bytes(file.read_bytes(), policy=policy.default)
    assert parsed["Subject"] == SUBJECT and parsed["To"] == mail.recipient
    for old in Path(ctx.config["MAIL_FOLDER"]).glob("*.eml"):
        old.unlink()


def test_send_mail_command_delivers_the_queue(ctx, runner, smtp_server):
    queued(ctx), queued(ctx)
    result = runner.invoke(args=["crm", "send-mail"])
    assert result.exit_code == 0, result.output
    assert "2 gesendet" in result.output
    assert len(smtp_server.messages) == 2
    again = runner.invoke(args=["crm", "send-mail"])
    assert "0 gesendet" in again.output and len(smtp_server.messages) == 2


def test_an_erased_person_leaves_the_outbox(ctx, login_as, smtp_server):
    erased, kept = queued(ctx), queued(ctx)
    erased_id, address, person, kept_id = erased.id, erased.recipient, erased.contact_id, kept.id
    deliver(db.session, ctx.config)
    admin = login_as("admin")
    url = f"/admin/datenschutz/anonymisieren/{person}/"
    assert admin.post(url, data={"confirmed": "1"}).status_code == 302
    assert db.session.scalars(select(OutgoingMail.id)).all() == [kept_id]
    entries = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.table == "outgoing_mails", AuditEntry.row_id == erased_id
        )
    ).all()
    assert entries and all(address not in str(e.changes) for e in entries)


def test_an_address_the_server_cannot_take_fails_alone(ctx, smtp_server):
    person = reachable(email="jürgen@beispiel.example")
    odd, fine = queued(ctx, person), queued(ctx)
    counts = deliver(db.session, ctx.config)
    assert counts.sent == 1 and counts.waiting == 1
    db.session.refresh(odd)
    assert odd.status is MailStatus.QUEUED and odd.last_error
    assert [r.recipients for r in smtp_server.received] == [[fine.recipient]]
