"""The figures of the start page: the cards of what there is (below), what needs attention
(crm.attention) and what is due (crm.due), each linked to its list and all counted in one
statement."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, func, select

from .attention import ON_START_PAGE, Attention
from .due import SECTIONS, DueSection
from .extensions import db
from .models import Assignment, Contact, Offer, Organisation, Volunteer
from .models.choices import AssignmentStatus, VolunteerStatus
from .structures import current, provider_active


@dataclass(frozen=True, eq=False)
class Card:
    """A number at the top of the start page: the rows of ``model`` meeting ``condition`` on a
    given day (all without one), linked to the ``endpoint`` list with ``filters``."""

    label: LazyString
    model: type
    condition: Callable[[date], ColumnElement[bool]] | None
    endpoint: str
    filters: dict[str, str] = field(default_factory=dict)


CARDS = (
    Card(_l("Kontakte"), Contact, None, "contact"),
    Card(
        _l("Aktive Organisationen"),
        Organisation,
        lambda today: Organisation.active.is_(True),
        "organisation",
        {"active": "1"},
    ),
    Card(
        _l("Aktive Ehrenamtliche"),
        Volunteer,
        lambda today: Volunteer.status == VolunteerStatus.ACTIVE,
        "volunteer",
        {"status": VolunteerStatus.ACTIVE.value},
    ),
    Card(
        _l("Laufende Einsätze"),
        Assignment,
        lambda today: Assignment.status == AssignmentStatus.RUNNING,
        "assignment",
        {"status": AssignmentStatus.RUNNING.value},
    ),
    Card(
        _l("Aktuelle Angebote"),
        Offer,
        lambda today: and_(current(today), provider_active()),
        "offer",
    ),
)


@dataclass(frozen=True)
class Figures:
    cards: list[tuple[Card, int]]
    attention: list[tuple[Attention, int]]
    due: list[tuple[DueSection, int]]


def figures(today: date | None = None) -> Figures:
    numbers = db.session.execute(_statement(today or date.today())).one()
    after_cards = len(CARDS) + len(ON_START_PAGE)
    return Figures(
        cards=list(zip(CARDS, numbers[: len(CARDS)], strict=True)),
        attention=list(zip(ON_START_PAGE, numbers[len(CARDS) : after_cards], strict=True)),
        due=list(zip(SECTIONS, numbers[after_cards:], strict=True)),
    )


def _count(figure: Card | Attention, today: date):
    counted = select(func.count()).select_from(figure.model)
    if figure.condition is not None:
        counted = counted.where(figure.condition(today))
    return counted.scalar_subquery()


@lru_cache(maxsize=2)
def _statement(today: date):
    """Built once a day: building the ten counts (and SQLAlchemy's cache key of them) cost
    the start page more than running them on a small database."""
    counts = [_count(figure, today) for figure in (*CARDS, *ON_START_PAGE)]
    return select(*counts, *(section.counted(today) for section in SECTIONS))
