"""User accounts: creating them and the rules that keep the office able to administer itself."""

from flask_babel import gettext as _
from sqlalchemy import func, select
from wtforms.validators import ValidationError

from .extensions import db
from .models import User
from .models.choices import Role

MIN_PASSWORD = 10


def check_password_rules(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError(
            _("Das Passwort muss mindestens %(n)d Zeichen lang sein.", n=MIN_PASSWORD)
        )


def check_email_free(email: str, user_id: int | None = None) -> None:
    """Refuse an address another account has, in whatever capitals (logins ignore them)."""
    query = select(User.id).where(func.lower(User.email) == email.strip().lower())
    if user_id is not None:
        query = query.where(User.id != user_id)
    if db.session.scalar(query):
        raise ValidationError(_("Es gibt bereits ein Konto mit der E-Mail-Adresse %(e)s.", e=email))


def create_user(email: str, name: str, role: Role | str, password: str) -> User:
    """A new account; refuses a taken e-mail address and a short password."""
    email = email.strip().lower()
    check_password_rules(password)
    check_email_free(email)
    user = User(email=email, name=name.strip(), role=Role(role), active=True)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


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
        raise ValidationError(
            _(
                "Das letzte aktive Administrationskonto kann nicht herabgestuft "
                "oder deaktiviert werden."
            )
        )
