"""Logging in and out, the user's language, and the login every page but this one requires."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length

from .extensions import db, login_manager
from .models import AuditEntry, User
from .models.base import utcnow

bp = Blueprint("auth", __name__)

# Endpoints reachable without a session; the calendar feed checks its own secret token.
PUBLIC_ENDPOINTS = {"auth.login", "static", "favicon", "calendar.subscribed"}


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-Mail"),
        validators=[
            DataRequired(_l("Bitte die E-Mail-Adresse angeben.")),
            Email(_l("Bitte eine gültige E-Mail-Adresse angeben.")),
            Length(max=254),
        ],
    )
    password = PasswordField(
        _l("Passwort"),
        validators=[DataRequired(_l("Bitte das Passwort angeben.")), Length(max=200)],
    )


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    try:
        user = db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None
    return user if user is not None and user.is_active else None


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def _safe_next(target: str | None) -> str:
    """Only redirect to a path on this site, never to another host."""
    if target:
        parts = urlsplit(target)
        local = not parts.scheme and not parts.netloc
        if local and target.startswith("/") and not target.startswith(("//", "/\\")):
            return target
    return url_for("admin.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is not None and user.is_active and user.check_password(form.password.data):
            user.last_login_at = utcnow()
            user.failed_logins = 0
            db.session.add(
                AuditEntry(user_id=user.id, action="login", table="users", row_id=user.id)
            )
            db.session.commit()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        if user is not None:
            user.failed_logins = (user.failed_logins or 0) + 1
            db.session.commit()
        flash(_l("E-Mail-Adresse oder Passwort ist falsch."), "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash(_l("Sie sind abgemeldet."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/locale", methods=["POST"])
@login_required
def set_locale():
    locale = request.form.get("locale", "")
    if locale in User.LOCALES:
        current_user.locale = locale
        db.session.commit()
    return redirect(_safe_next(request.form.get("next")))


def require_login():
    """Before every request: anything but the login page and static files needs a session."""
    endpoint = request.endpoint or ""
    if endpoint in PUBLIC_ENDPOINTS or endpoint.endswith(".static"):
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path))
    return None
