"""The user administration and the history of every change, for administrators only."""

from flask import flash
from flask_admin.actions import action
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import PasswordField
from wtforms.validators import Optional

from ..accounts import log_out_everywhere, normal_email, set_password
from ..extensions import db
from ..models import AuditEntry, User
from ..models.choices import Role
from .base import LotseModelView
from .queries import as_id


class UserView(LotseModelView):
    read_role = Role.ADMIN
    write_role = Role.ADMIN
    export_role = None  # accounts are administered here, not handed on
    can_delete = False  # accounts are deactivated, so authorship and the audit trail stay whole
    column_list = ("name", "email", "role", "active", "locale", "last_login_at")
    column_default_sort = ("name", False)
    column_filters = ("role", "active")
    search_hint = _l("Name, E-Mail")
    form_columns = ("name", "email", "role", "active", "locale", "password")
    form_extra_fields = {
        "password": PasswordField(
            _l("Neues Passwort"),
            validators=[Optional()],
            description=_l("Leer lassen, um das Passwort nicht zu ändern."),
        )
    }
    form_choices = {"locale": list(User.LOCALES.items())}
    column_details_list = (
        "name",
        "email",
        "role",
        "active",
        "locale",
        "last_login_at",
        "failed_logins",
        "created_at",
        "updated_at",
    )

    def on_model_change(self, form, model, is_created):
        """The form's parts beyond the row: a new password (hashed; the plain text that
        populate_obj set must not linger) and the address as logins compare it."""
        password = form.password.data
        vars(model).pop("password", None)
        if is_created or password:
            set_password(model, password)
        model.email = normal_email(model.email)

    @action(
        "end_sessions",
        _l("Sitzungen beenden"),
        _l("Alle Sitzungen der ausgewählten Konten beenden? Sie müssen sich neu anmelden."),
    )
    def action_end_sessions(self, ids):
        """Logs the selected accounts out everywhere, e.g. after a lost phone."""
        users = db.session.query(User).filter(User.id.in_([as_id(i) for i in ids])).all()

        def end_all():
            for user in users:
                log_out_everywhere(user)

        if self._written(None, end_all):
            flash(
                _("Sitzungen beendet: %(names)s", names=", ".join(u.name for u in users)), "success"
            )


def _changes(view, context, entry, name) -> Markup:
    """{field: [old, new]} as one escaped line per field: "Name: alt → neu"."""
    lines = []
    for field, values in (entry.changes or {}).items():
        label = view.column_labels.get(field, field)
        if isinstance(values, list) and len(values) == 2:
            old, new = ("—" if value is None else value for value in values)
            lines.append(f"{label}: {old} → {new}")
        else:
            lines.append(f"{label}: {values}")
    return Markup("<br>").join(lines)


class HistoryView(LotseModelView):
    """Every change, login and export, newest first; nobody changes or deletes an entry."""

    read_role = Role.ADMIN
    write_role = Role.ADMIN
    export_role = Role.ADMIN
    can_create = False
    can_edit = False
    can_delete = False
    column_list = ("at", "user", "action", "table", "row_id", "changes")
    column_default_sort = ("at", True)
    column_filters = ("user", "action", "table", "at")
    column_formatters = {"changes": _changes}
    column_labels = {
        "at": _l("Zeitpunkt"),
        "user": _l("Benutzer/in"),
        "action": _l("Aktion"),
        "table": _l("Tabelle"),
        "row_id": _l("Datensatz-Nr."),
        "changes": _l("Änderungen"),
        "address": _l("IP-Adresse"),  # of a failed or paused login
    }
    column_details_list = column_list


def register(admin, category):
    admin.add_view(UserView(User, name=_l("Benutzer"), category=category, endpoint="user"))
    admin.add_view(
        HistoryView(AuditEntry, name=_l("Verlauf"), category=category, endpoint="history")
    )
