"""„Postausgang“: administrators only, every mail with its state, filters by status and kind,
a failed mail sent again by hand, the text on the mail's own page, and a fixed number of
statements however many mails there are."""

import pytest
from sqlalchemy import update

from crm.extensions import db
from crm.models import MailStatus, OutgoingMail
from crm.outbox import compose, enqueue
from tests import factories as make
from tests.helpers import counted_queries
from tests.test_i18n import text_of


def mails(n: int, status=MailStatus.SENT, kind="einladung", error=None) -> list[OutgoingMail]:
    made = []
    for i in range(n):
        person = make.contact(email=f"m{i}-{kind}@example.org", may_mail_email=True)
        message = compose(to=person.email, subject=f"Betreff {kind} {i}", text="Der Text.")
        made.append(enqueue(db.session, message, kind=kind, contact=person))
    db.session.flush()
    db.session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id.in_([m.id for m in made]))
        .values(status=status, attempts=3 if error else 1, last_error=error)
    )
    db.session.commit()
    return made


def test_only_administrators_open_the_outbox(ctx, login_as):
    for role in ("viewer", "coordinator"):
        assert login_as(role).get("/admin/outbox/").status_code == 403
    assert login_as("admin").get("/admin/outbox/").status_code == 200


def test_the_outbox_lists_and_filters_the_mails(ctx, login_as):
    mails(2)
    mails(1, MailStatus.FAILED, kind="protokoll", error="Vom Mailserver abgelehnt: 550 Nein")
    admin = login_as("admin")
    page = text_of(admin.get("/admin/outbox/"))
    assert "Betreff einladung 0" in page and "Betreff protokoll 0" in page
    assert "550 Nein" in page and "Erneut senden" in page
    failed = text_of(admin.get("/admin/outbox/?flt0_status_ist=fehlgeschlagen"))
    assert "Betreff protokoll 0" in failed and "Betreff einladung 0" not in failed
    invitations = text_of(admin.get("/admin/outbox/?flt0_art_ist=einladung"))
    assert "Betreff einladung 1" in invitations and "Betreff protokoll 0" not in invitations
    assert admin.get("/admin/outbox/?flt0_art_ist=%00quatsch").status_code == 200


def test_a_failed_mail_is_sent_again_by_hand(ctx, login_as, smtp_server):
    (mail,) = mails(1, MailStatus.FAILED, error="Mailserver nicht erreichbar")
    admin = login_as("admin")
    response = admin.post("/admin/outbox/send-again/", {"id": mail.id, "url": "/admin/outbox/"})
    assert response.status_code == 302
    assert "Die Mail wurde gesendet" in text_of(admin.get("/admin/outbox/"))
    db.session.refresh(mail)
    assert mail.status is MailStatus.SENT and mail.attempts == 4 and mail.last_error is None
    assert smtp_server.messages[0]["Subject"] == "Betreff einladung 0"
    again = admin.post("/admin/outbox/send-again/", {"id": mail.id})
    assert "wartet nicht" in text_of(admin.get(again.headers["Location"]))
    assert len(smtp_server.messages) == 1
    assert admin.post("/admin/outbox/send-again/", {"id": "abc"}).status_code in (302, 400)


def test_the_text_of_a_mail_is_on_its_page_for_administrators(ctx, login_as):
    (mail,) = mails(1)
    page = text_of(login_as("admin").get(f"/admin/outbox/details/?id={mail.id}"))
    assert "Der Text." in page and "Betreff einladung 0" in page
    assert login_as("coordinator").get(f"/admin/outbox/details/?id={mail.id}").status_code == 403


@pytest.mark.parametrize("url", ["/admin/outbox/", "/admin/outbox/?flt0_status_ist=gesendet"])
def test_the_outbox_costs_the_same_statements_for_few_and_many_mails(ctx, login_as, url):
    admin = login_as("admin")
    admin.get(url)  # warm
    counts = []
    for n in (3, 22):
        mails(n, kind=f"k{n}")
        with counted_queries() as statements:
            assert admin.get(url).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 3, counts  # the user, the capped count, the page
