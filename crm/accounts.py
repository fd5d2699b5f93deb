"""User accounts: creating them, their passwords and sessions, and the rules that keep the
office able to administer itself."""

import gzip
from functools import cache
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import func, select

from . import audit, operations
from .errors import RuleError
from .extensions import db
from .models import User
from .models.choices import Role

MIN_PASSWORD = 12
# The most common passwords, shipped (no network); see crm/data/LICENSE.common-passwords.
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt.gz"


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip().lower() for line in lines if line.strip())


def check_password_rules(password: str) -> None:
    """At least 12 characters, and none of the passwords attackers try first."""
    if len(password or "") < MIN_PASSWORD:
        raise RuleError(
            _("Das Passwort muss mindestens %(n)d Zeichen lang sein.", n=MIN_PASSWORD),
            field="password",
        )
    if password.lower() in common_passwords():
        raise RuleError(
            _(
                "Dieses Passwort steht auf der Liste der häufigsten Passwörter, die Angreifer "
                "zuerst ausprobieren. Bitte ein anderes wählen."
            ),
            field="password",
        )


def set_password(user: User, password: str) -> None:
    """A new password for the account, if it satisfies the rules; the sessions opened with
    the old one end."""
    check_password_rules(password)
    user.set_password(password)
    if user.id is not None:
        end_sessions(user)


def change_own_password(user: User, current: str, new: str) -> None:
    """A user's own change: only with the password in use, and to a different one."""
    if not user.check_password(current or ""):
        raise RuleError(_("Das bisherige Passwort stimmt nicht."), field="current")
    if new == current:
        raise RuleError(
            _("Das neue Passwort muss sich vom bisherigen unterscheiden."), field="password"
        )
    operations.update(user, lambda row: set_password(row, new))


def end_sessions(user: User) -> None:
    """Every session of the account ends at its next request (see crm.auth.load_user)."""
    user.session_generation = (user.session_generation or 0) + 1


def log_out_everywhere(user: User) -> None:
    """An administrator ends the sessions of an account (a lost phone): written and recorded."""
    operations.update(user, end_sessions)
    audit.record("sessions_ended", "users", user.id)


def normal_email(email: str | None) -> str:
    """Logins ignore capitals and surrounding spaces, so addresses are kept that way."""
    return (email or "").strip().lower()


def check_email_free(email: str, user_id: int | None = None) -> None:
    """Refuse an address another account has, in whatever capitals (logins ignore them)."""
    query = select(User.id).where(func.lower(User.email) == normal_email(email))
    if user_id is not None:
        query = query.where(User.id != user_id)
    if db.session.scalar(query):
        raise RuleError(
            _("Es gibt bereits ein Konto mit der E-Mail-Adresse %(e)s.", e=email), field="email"
        )


def check_keeps_an_admin(user: User) -> None:
    """At least one active administrator must remain, or nobody could manage users again."""
    if user.role == Role.ADMIN and user.active:
        return
    others = db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN, User.active.is_(True), User.id != user.id)
    )
    if not others:
        raise RuleError(
            _(
                "Das letzte aktive Administrationskonto kann nicht herabgestuft "
                "oder deaktiviert werden."
            ),
            field="role",
        )


@operations.rule(User)
def check_account(user: User, change: operations.Change) -> None:
    if change.touches("email"):
        check_email_free(user.email, user.id)
    if not change.created and change.touches("role", "active"):
        check_keeps_an_admin(user)


def create_user(email: str, name: str, role: Role | str, password: str) -> User:
    """A new account; refuses a taken e-mail address and a short password."""
    user = User(email=normal_email(email), name=name.strip(), role=Role(role), active=True)
    set_password(user, password)
    return operations.create(user)
