"""The office's settings: its one row, or the defaults while nobody has saved it."""

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import operations
from .errors import RuleError
from .extensions import db
from .models import OfficeSettings


def office_settings(session: Session) -> OfficeSettings:
    """The saved row, or an unsaved one holding the defaults (never added to the session)."""
    saved = session.scalars(select(OfficeSettings).order_by(OfficeSettings.id).limit(1)).first()
    return saved or OfficeSettings(**OfficeSettings.DEFAULTS)


@operations.rule(OfficeSettings)
def check_one_row(settings: OfficeSettings, change: operations.Change) -> None:
    """The office has one row of settings: a second is refused, the first is changed."""
    if change.created and db.session.scalar(select(OfficeSettings.id).limit(1)) is not None:
        raise RuleError(_("Die Einstellungen gibt es schon: bitte dort ändern."))
