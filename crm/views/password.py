"""„Passwort ändern“ in the user menu: every logged-in user changes their own password here;
the rules are crm.accounts'. The other sessions of the user end, this one goes on."""

from flask import flash, redirect, url_for
from flask_admin import BaseView, expose
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from ..accounts import change_own_password
from ..auth import keep_session
from ..errors import RuleError
from ..extensions import db
from .base import RoleAccess


class PasswordForm(FlaskForm):
    current = PasswordField(
        _l("Bisheriges Passwort"),
        validators=[DataRequired(_l("Bitte das bisherige Passwort angeben.")), Length(max=200)],
    )
    password = PasswordField(
        _l("Neues Passwort"),
        validators=[DataRequired(_l("Bitte ein neues Passwort angeben.")), Length(max=200)],
        description=_l("Mindestens 12 Zeichen; keines der häufigsten Passwörter."),
    )
    repeated = PasswordField(
        _l("Neues Passwort wiederholen"),
        validators=[EqualTo("password", _l("Die beiden neuen Passwörter stimmen nicht überein."))],
    )


class PasswordView(RoleAccess, BaseView):
    def is_visible(self) -> bool:
        return False  # reached from the user menu

    @expose("/", methods=("GET", "POST"))
    def index(self):
        form = PasswordForm()
        if form.validate_on_submit():
            user = current_user._get_current_object()
            try:
                change_own_password(user, form.current.data, form.password.data)
                db.session.commit()
            except RuleError as error:
                db.session.rollback()
                getattr(form, error.field or "password").errors.append(str(error))
            else:
                keep_session(user)
                flash(_l("Ihr Passwort ist geändert. Andere Sitzungen sind beendet."), "success")
                return redirect(url_for("admin.index"))
        return self.render("admin/password.html", form=form)


def register(admin) -> None:
    admin.add_view(
        PasswordView(name=_l("Passwort ändern"), endpoint="password", url="/admin/passwort")
    )
