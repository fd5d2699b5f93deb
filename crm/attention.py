"""What needs attention, defined once: the start page lists, counts and links these items, and
the lists they open offer them as filters (crm.dashboard, crm.views.filters.attention_filter)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement
from sqlalchemy.orm import InstrumentedAttribute

from .clearance import clearance_due
from .models import Assignment, FollowUpTask, NetworkMeeting, Volunteer
from .models.choices import AssignmentStatus
from .networking import meeting_upcoming, task_overdue
from .volunteering import waiting_too_long


@dataclass(frozen=True, eq=False)
class Attention:
    """A line of the start page: the rows meeting ``condition`` on a given day, counted, and
    a link to the ``endpoint`` list filtered on ``column`` with the value ``code``.

    ``filter`` and ``option`` name that list's filter of the item and the item in it; without
    them the list's own filter of the column (a status) already offers the code."""

    label: LazyString
    condition: Callable[[date], ColumnElement[bool]]
    endpoint: str
    column: InstrumentedAttribute
    code: str
    filter: LazyString | None = None
    option: LazyString | None = None
    on_start_page: bool = True  # False where the due list (crm.due) names the same rows

    @property
    def model(self) -> type:
        return self.column.class_

    @property
    def filters(self) -> dict[str, str]:
        """The link's filter, as LotseModelView.list_url takes it."""
        return {self.column.key: self.code}


NEEDS_ATTENTION = (
    Attention(
        _l("Einsätze seit über 14 Tagen ohne Ehrenamtliche/n"),
        waiting_too_long,
        endpoint="assignment",
        column=Assignment.created_at,
        code="lange",
        filter=_l("Wartezeit"),
        option=_l("seit über 14 Tagen offen"),
        on_start_page=False,
    ),
    Attention(
        _l("offene Einsätze insgesamt"),
        lambda today: Assignment.status == AssignmentStatus.OPEN,
        endpoint="assignment",
        column=Assignment.status,
        code=AssignmentStatus.OPEN.value,
    ),
    Attention(
        _l("Führungszeugnisse fehlen, sind abgelaufen oder bald fällig"),
        clearance_due,
        endpoint="volunteer",
        column=Volunteer.clearance_issued_on,
        code="faellig",
        filter=_l("Führungszeugnis"),
        option=_l("fehlt, abgelaufen oder bald fällig"),
        on_start_page=False,
    ),
    Attention(
        _l("überfällige Aufgaben aus Netzwerktreffen"),
        task_overdue,
        endpoint="task",
        column=FollowUpTask.done_on,
        code="ueberfaellig",
        filter=_l("Stand"),
        option=_l("überfällig"),
    ),
    Attention(
        _l("Netzwerktreffen in den nächsten 30 Tagen"),
        meeting_upcoming,
        endpoint="meeting",
        column=NetworkMeeting.starts_at,
        code="bald",
        filter=_l("Zeitraum"),
        option=_l("in den nächsten 30 Tagen"),
    ),
)
ON_START_PAGE = tuple(item for item in NEEDS_ATTENTION if item.on_start_page)
