"""The user administration, for administrators only."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField
from wtforms.validators import Optional

from ..accounts import check_email_free, check_keeps_an_admin, check_password_rules
from ..extensions import db
from ..models import User
from ..models.choices import Role
from .base import LotseModelView


class UserView(LotseModelView):
    read_role = Role.ADMIN
    write_role = Role.ADMIN
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
        password = form.password.data
        vars(model).pop("password", None)  # populate_obj set the plain text; it must not linger
        if is_created or password:
            check_password_rules(password)
            model.set_password(password)
        model.email = (model.email or "").strip().lower()
        with db.session.no_autoflush:  # the query must not write the row it checks
            check_email_free(model.email, model.id)
        if not is_created:
            check_keeps_an_admin(model)


def register(admin, category):
    admin.add_view(UserView(User, name=_l("Benutzer"), category=category, endpoint="user"))
