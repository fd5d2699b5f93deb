"""Logging in and out, the user's language, and the login every page but this one requires.

A session carries the session generation of its user (crm.accounts.end_sessions) and the time
of its last request: one of an older generation, or idle for longer than SESSION_IDLE_SECONDS,
no longer logs in. Failed logins pause further ones (crm.login_throttle)."""

from functools import cache
from math import ceil
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length

from . import audit, operations
from .accounts import end_sessions, normal_email
from .extensions import db, login_manager
from .login_throttle import forget_failures, record_failure, wait_left
from .models import AuditEntry, User
from .models.base import utcnow

bp = Blueprint("auth", __name__)

# Endpoints reachable without a session; the calendar feed checks its own secret token.
PUBLIC_ENDPOINTS = {"auth.login", "static", "favicon", "calendar.subscribed"}
GENERATION = "generation"  # session keys
SEEN = "seen"


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
    if user is None or not user.is_active:
        return None
    return user if session.get(GENERATION) == user.session_generation else None


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


@cache
def _dummy_hash() -> str:
    return generate_password_hash("lotse-kein-konto")


def password_matches(user: User | None, password: str) -> bool:
    """Whether the account may log in with this password; without an (active) account a
    dummy hash is checked, so an unknown address costs the time a wrong password does."""
    if user is None or not user.is_active:
        check_password_hash(_dummy_hash(), password)
        return False
    return user.check_password(password)


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
        email, address = normal_email(form.email.data), request.remote_addr or ""
        wait = wait_left(db.session, email, address)
        if wait is not None:
            audit.record("login_throttled", "users", email=email, address=address)
            db.session.commit()
            minutes = ceil(wait.total_seconds() / 60)
            flash(_throttled(minutes), "error")
            return render_template("auth/login.html", form=form), 429
        user = find_user(email)
        if password_matches(user, form.password.data):
            _start_session(user, email)
            return redirect(_safe_next(request.args.get("next")))
        _failed(user, email, address)
        flash(_l("E-Mail-Adresse oder Passwort ist falsch."), "error")
    return render_template("auth/login.html", form=form)


def _throttled(minutes: int) -> str:
    if minutes == 1:
        return _(
            "Zu viele fehlgeschlagene Anmeldungen. Bitte in einer Minute noch einmal versuchen."
        )
    return _(
        "Zu viele fehlgeschlagene Anmeldungen. Bitte in %(num)d Minuten noch einmal versuchen.",
        num=minutes,
    )


def _start_session(user: User, email: str) -> None:
    """A new session: nothing of the anonymous one carried over, a new CSRF token."""
    forget_failures(db.session, email)
    user.last_login_at = utcnow()
    user.failed_logins = 0
    db.session.add(AuditEntry(user_id=user.id, action="login", table="users", row_id=user.id))
    db.session.commit()
    session.clear()
    session[GENERATION] = user.session_generation
    session[SEEN] = int(utcnow().timestamp())
    login_user(user)


def _failed(user: User | None, email: str, address: str) -> None:
    record_failure(db.session, email, address)
    if user is not None:
        user.failed_logins = (user.failed_logins or 0) + 1
    audit.record("login_failed", "users", user.id if user else None, email=email, address=address)
    db.session.commit()


@bp.route("/logout", methods=["POST"])
def logout():
    """Ends this session and, as the cookie cannot be taken back, every other of the user."""
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        operations.update(user, end_sessions)
        db.session.commit()
    logout_user()
    session.clear()
    flash(_l("Sie sind abgemeldet."), "info")
    return redirect(url_for("auth.login"))


def keep_session(user: User) -> None:
    """After a change that ended the user's sessions (a new password): this one goes on."""
    session[GENERATION] = user.session_generation


@bp.route("/locale", methods=["POST"])
@login_required
def set_locale():
    locale = request.form.get("locale", "")
    if locale in User.LOCALES:
        current_user.locale = locale
        db.session.commit()
    return redirect(_safe_next(request.form.get("next")))


def end_idle_session():
    """Before every request: a session unused for longer than SESSION_IDLE_SECONDS ends."""
    if GENERATION not in session:
        return
    now = int(utcnow().timestamp())
    if now - session.get(SEEN, 0) > current_app.config["SESSION_IDLE_SECONDS"]:
        session.clear()
        flash(_l("Sie wurden nach längerer Inaktivität abgemeldet."), "info")
        return
    if now != session.get(SEEN):
        session[SEEN] = now


def require_login():
    """Before every request: anything but the login page and static files needs a session."""
    endpoint = request.endpoint or ""
    if endpoint in PUBLIC_ENDPOINTS or endpoint.endswith(".static"):
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path))
    return None
