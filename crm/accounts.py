"""User accounts: creating them and the rules that keep the office able to administer itself."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from . import operations
from .errors import RuleError
from .extensions import db
from .models import User
from .models.choices import Role

MIN_PASSWORD = 10


def check_password_rules(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise RuleError(
            _("Das Passwort muss mindestens %(n)d Zeichen lang sein.", n=MIN_PASSWORD),
            field="password",
        )


def set_password(user: User, password: str) -> None:
    """A new password for the account, if it satisfies the rules."""
    check_password_rules(password)
    user.set_password(password)


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
