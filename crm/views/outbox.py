"""„Postausgang“: every mail Lotse sent, is about to send or failed to send, for
administrators: recipient, subject, kind, time, status, attempts and the server's error,
filtered by status and kind; a failed mail is sent again with one click. A mail's text is
shown on its own page, to administrators only."""

from email import message_from_bytes, policy

from flask import current_app, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_admin.helpers import get_redirect_target
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..extensions import db
from ..inputs import as_id
from ..models import MailStatus, OutgoingMail
from ..models.choices import Role
from ..outbox import KINDS, send_again
from .base import LotseModelView
from .formatters import format_choice, row_button


class KindFilter(FilterEqual):
    """The kinds of mail the areas registered (crm.outbox.kind), by their labels."""

    def __init__(self):
        options = lambda: [(code, str(label)) for code, label in KINDS.items()]  # noqa: E731
        super().__init__(OutgoingMail.kind, _l("Art"), options=options)

    def validate(self, value):
        return value in KINDS

    def operation(self):
        return _l("ist")


def kind_label(view, context, mail, name) -> str:
    return str(KINDS.get(mail.kind, mail.kind))


def status_or_send_again(view, context, mail, name):
    """The status; for a failed mail the button that sends it again."""
    shown = format_choice(view, mail.status)
    if mail.status is not MailStatus.FAILED or not view.may_send:
        return shown
    button = row_button(
        url_for(".send_again"), mail.id, _("Erneut senden"), "fa-repeat", "btn-outline-primary"
    )
    return Markup("{} {}").format(shown, button)


def message_text(view, context, mail, name):
    """The mail's plain text and the names of its files, as it went out."""
    message = message_from_bytes(mail.message, policy=policy.default)
    body = message.get_body(("plain", "html"))
    text = body.get_content() if body is not None else ""
    files = [part.get_filename() or part.get_content_type() for part in message.iter_attachments()]
    shown = Markup('<pre class="lotse-mail">{}</pre>').format(text)
    if files:
        shown += Markup("<p>{}: {}</p>").format(_("Anhänge"), ", ".join(files))
    return shown


class OutboxView(LotseModelView):
    read_role = Role.ADMIN
    write_role = Role.ADMIN
    export_role = None
    can_create = False
    can_edit = False
    can_delete = False
    column_list = (
        "created_at",
        "recipient",
        "subject",
        "kind",
        "status",
        "attempts",
        "last_error",
        "sent_at",
    )
    column_default_sort = ("created_at", True)
    column_filters = ("status", KindFilter(), "created_at")
    column_formatters = {"kind": kind_label, "status": status_or_send_again}
    column_formatters_detail = {"kind": kind_label, "message": message_text}
    column_labels = {"message": _l("Nachricht"), "created_at": _l("Erstellt am")}
    column_details_list = (*column_list, "contact", "user", "meeting", "message")
    details_load = ("contact", "user", "meeting")
    write_endpoints = frozenset({"send_again"})

    @property
    def may_send(self) -> bool:
        """Sending again is the screen's one write (no form creates, edits or deletes a mail)."""
        return self._may(self.write_role)

    @expose("/send-again/", methods=("POST",))
    def send_again(self):
        """A failed mail tried once more at once, whatever its attempts so far."""
        mail = db.session.get(OutgoingMail, as_id(request.form.get("id")) or 0)
        if mail is None:
            flash(_("Diese Mail gibt es nicht (mehr)."), "error")
        else:
            counts = send_again(db.session, mail, current_app.config)
            if counts.sent:
                flash(_("Die Mail wurde gesendet."), "success")
            elif counts.tried:
                flash(_("Wieder nicht gesendet: %(error)s", error=counts.last_error), "error")
            else:
                flash(_("Diese Mail wartet nicht auf einen Versand."), "info")
        return redirect(get_redirect_target() or url_for(".index_view"))


def register(admin, category):
    admin.add_view(
        OutboxView(OutgoingMail, name=_l("Postausgang"), category=category, endpoint="outbox")
    )
