"""Verteiler kept by name: who sees and who may change a saved selection, the rules of its
name, and the list of them with each one's count on today's data."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from .errors import RuleError
from .extensions import db
from .mailing import Criteria, matches
from .models import Contact, SavedSelection, User
from .models.choices import Role
from .operations import Change, rule

# Saved selections listed at most: their counts are one statement with one count each, a few
# to some 20 ms each at 100,000 contacts.
MAX_LISTED = 50
NAME_LENGTH = 120


def visible_to(user: User):
    """The condition of the selections a user sees: their own and the shared ones."""
    return or_(SavedSelection.owner_id == user.id, SavedSelection.shared.is_(True))


def may_see(selection: SavedSelection, user: User) -> bool:
    return selection.owner_id == user.id or bool(selection.shared)


def may_change(selection: SavedSelection, user: User) -> bool:
    """Only its owner and administrators edit or delete a selection, shared or not."""
    return selection.owner_id == user.id or user.may(Role.ADMIN)


@rule(SavedSelection)
def _named_once(selection: SavedSelection, change: Change) -> None:
    if not change.touches("name", "owner_id"):
        return
    selection.name = " ".join((selection.name or "").split())
    if not selection.name or len(selection.name) > NAME_LENGTH:
        raise RuleError(
            _l("Bitte einen Namen mit höchstens %(n)s Zeichen angeben.", n=NAME_LENGTH),
            field="name",
        )
    taken = db.session.scalar(
        select(SavedSelection.id).where(
            SavedSelection.owner_id == selection.owner_id,
            func.lower(SavedSelection.name) == selection.name.lower(),
            SavedSelection.id != (selection.id or 0),
        )
    )
    if taken:
        raise RuleError(
            _l("Einen Verteiler „%(name)s“ gibt es schon.", name=selection.name), field="name"
        )


@dataclass(frozen=True)
class Listed:
    """A saved selection as listed: ``criteria`` None where they no longer read (a value
    given up since), ``count`` today's number of contacts it selects."""

    selection: SavedSelection
    owner: str
    criteria: Criteria | None
    count: int | None


def saved_for(session, user: User, today: date | None = None) -> list[Listed]:
    """The selections a user sees, newest first, each with today's count: two statements
    whatever their number: the selections, then all counts at once, each as its own subquery
    so that the database answers each from its indexes (one pass over the contacts testing
    every selection's criteria on each row measured slower)."""
    today = today or date.today()
    found = session.execute(
        select(SavedSelection, User.name)
        .join(User, User.id == SavedSelection.owner_id)
        .where(visible_to(user))
        .order_by(SavedSelection.updated_at.desc(), SavedSelection.id.desc())
        .limit(MAX_LISTED)
    ).all()
    criteria = [_readable(selection.criteria) for selection, _ in found]
    counted = [c for c in criteria if c is not None]
    counts = iter(
        session.execute(
            select(
                *(
                    select(func.count())
                    .select_from(Contact)
                    .where(matches(c, today))
                    .scalar_subquery()
                    for c in counted
                )
            )
        ).one()
        if counted
        else ()
    )
    return [
        Listed(selection, owner, c, None if c is None else next(counts))
        for (selection, owner), c in zip(found, criteria, strict=True)
    ]


def _readable(stored) -> Criteria | None:
    try:
        return Criteria.parse(stored or {})
    except RuleError:
        return None
