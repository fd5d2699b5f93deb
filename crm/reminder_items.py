"""What the e-mail digest tells the team, section by section, and at which step: each section
is one SQL statement for the whole office (the start page's selects of crm.due, crm.attention,
crm.networking and crm.structures, reused), so a run costs the same few statements whatever
the number of users, volunteers or assignments.

An item has a key naming the thing and its date (``clearance:12:2029-03-01``) and a step
(``60``, ``30``, ``7``): the digest tells each user an item once per step (crm.reminders)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import LazyString, format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from .clearance import Periods
from .due import (
    clearance_rows,
    describe_clearance,
    describe_missing_modules,
    describe_waiting,
    missing_module_rows,
    waiting_rows,
)
from .models import FollowUpTask, Network, NetworkMeeting, Offer, Training, Volunteer
from .networking import meeting_upcoming
from .sensitive import section_readable
from .structures import review_due

SHOWN = 20  # items a section of a digest names; its count covers all, a link leads to the rest
CLEARANCE_STEPS = (7, 30, 60)  # days before a re-check is due
MEETING_DAYS = 7


@dataclass(frozen=True)
class Item:
    """A thing due, as the digest names it: ``key`` and ``step`` say what was told (the
    ledger), ``endpoint`` and ``id`` its record page."""

    key: str
    step: str
    name: str
    note: str
    endpoint: str
    id: int


@dataclass(frozen=True, eq=False)
class DigestSection:
    """A section of the digest: ``rows(today)`` selects its items for the whole office (with
    the owning user's id last where ``per_user``), ``item`` turns a row into an Item (None:
    not at a step today); ``more`` is the list that shows all of them."""

    key: str
    label: LazyString
    rows: Callable[[date], Select]
    item: Callable[[tuple, date], Item | None]
    more: str
    per_user: bool = False


def clearance_step(due: date, today: date) -> str | None:
    """The nearest of 60, 30 and 7 days before the re-check that has been reached."""
    days = (due - today).days
    if days < 0:
        return None
    return next((str(step) for step in CLEARANCE_STEPS if days <= step), None)


def upcoming_clearance_rows(today: date) -> Select:
    """The due list's clearance re-checks still valid today: those due within 60 days."""
    return clearance_rows(today).where(
        Volunteer.clearance_issued_on >= Periods.of_office().oldest_valid(today)
    )


def clearance_item(row, today: date) -> Item | None:
    due = Periods.of_office().valid_until(row[3])
    step = clearance_step(due, today)
    if step is None:
        return None
    name, note = describe_clearance(row, today)
    return Item(f"clearance:{row[0]}:{due.isoformat()}", step, name, note, "volunteer", row[0])


def task_rows(today: date) -> Select:
    """Open tasks of Lotse users due tomorrow or before, the oldest first, with the user."""
    return (
        select(FollowUpTask.id, FollowUpTask.description, FollowUpTask.due_on)
        .add_columns(FollowUpTask.owner_user_id)
        .where(
            FollowUpTask.owner_user_id.is_not(None),
            FollowUpTask.done_on.is_(None),
            FollowUpTask.due_on <= today + timedelta(days=1),
        )
        .order_by(FollowUpTask.due_on, FollowUpTask.id)
    )


def task_item(row, today: date) -> Item:
    id, description, due_on, _user = row
    overdue = due_on < today
    note = (
        _("überfällig seit %(day)s", day=format_date(due_on, "dd.MM.yyyy"))
        if overdue
        else _("fällig am %(day)s", day=format_date(due_on, "dd.MM.yyyy"))
    )
    step = "ueberfaellig" if overdue else "faellig"
    return Item(f"task:{id}:{due_on.isoformat()}", step, description[:80], note, "task", id)


def meeting_rows(today: date) -> Select:
    """Meetings in the next seven days, the soonest first, with their network's name."""
    return (
        select(NetworkMeeting.id, NetworkMeeting.title, NetworkMeeting.starts_at, Network.name)
        .outerjoin(Network, Network.id == NetworkMeeting.network_id)
        .where(meeting_upcoming(today, MEETING_DAYS))
        .order_by(NetworkMeeting.starts_at, NetworkMeeting.id)
    )


def meeting_item(row, today: date) -> Item:
    id, title, starts_at, network = row
    name = " – ".join(p for p in (network, title) if p)
    key = f"meeting:{id}:{starts_at.date().isoformat()}"
    note = format_datetime(starts_at, "EEEE, dd.MM.yyyy HH:mm")
    return Item(key, str(MEETING_DAYS), name, note, "meeting", id)


def waiting_item(row, today: date) -> Item:
    name, note = describe_waiting(row, today)
    return Item(f"waiting:{row[0]}", "14", name, note, "assignment", row[0])


def running_course_rows(today: date) -> Select:
    """The due list's participants missing modules, of runs that have not ended."""
    return missing_module_rows(today).where(
        or_(Training.ends_on.is_(None), Training.ends_on >= today)
    )


def module_item(row, today: date) -> Item:
    name, note = describe_missing_modules(row, today)
    return Item(f"modules:{row[0]}", str(row[4]), name, note, "participation", row[0])


def offer_rows(today: date) -> Select:
    """Offers nobody confirmed for a year (crm.structures.review_due), the longest first."""
    return (
        select(Offer.id, Offer.title, Offer.checked_on)
        .where(review_due(today))
        .order_by(Offer.checked_on.is_not(None), Offer.checked_on, Offer.id)
    )


def offer_item(row, today: date) -> Item:
    id, title, checked = row
    if checked is None:
        note, since = _("nie geprüft"), "nie"
    else:
        note = _("zuletzt geprüft am %(day)s", day=format_date(checked, "dd.MM.yyyy"))
        since = checked.isoformat()
    return Item(f"offer:{id}:{since}", "365", title, note, "offer", id)


SECTIONS = (
    DigestSection(
        "tasks",
        _l("Ihre Aufgaben: morgen fällig oder überfällig"),
        task_rows,
        task_item,
        "my_tasks.index",
        per_user=True,
    ),
    DigestSection(
        "clearance",
        _l("Führungszeugnisse: Wiedervorlage in den nächsten 60 Tagen"),
        upcoming_clearance_rows,
        clearance_item,
        "due.index",
    ),
    DigestSection(
        "meetings",
        _l("Netzwerktreffen in den nächsten 7 Tagen"),
        meeting_rows,
        meeting_item,
        "meeting.index_view",
    ),
    DigestSection(
        "waiting",
        _l("Einsätze seit über 14 Tagen ohne Ehrenamtliche/n"),
        waiting_rows,
        waiting_item,
        "due.index",
    ),
    DigestSection(
        "modules",
        _l("Teilnehmende mit fehlenden Modulen in laufenden Schulungen"),
        running_course_rows,
        module_item,
        "due.index",
    ),
    DigestSection(
        "offers",
        _l("Angebote seit über einem Jahr nicht geprüft"),
        offer_rows,
        offer_item,
        "offer.index_view",
    ),
)


@dataclass
class Found:
    """A section's rows on a day: the office's first SHOWN and their count, or each user's.
    Items are made from them in the locale in force, once per locale for the office's, so
    each user reads theirs in their language without asking the database again."""

    section: DigestSection
    today: date
    count: int = 0
    rows: list[tuple] = field(default_factory=list)
    by_user: dict[int, list[tuple]] | None = None
    made: dict[str, tuple[str, list[Item]]] = field(default_factory=dict)

    def _items(self, rows: list[tuple]) -> list[Item]:
        items = (self.section.item(row, self.today) for row in rows)
        return [item for item in items if item is not None]

    def _office(self, locale: str) -> tuple[str, list[Item]]:
        """The label and the office's items in ``locale`` (which is in force)."""
        if locale not in self.made:
            self.made[locale] = (str(self.section.label), self._items(self.rows))
        return self.made[locale]

    def label(self, locale: str) -> str:
        return self._office(locale)[0]

    def for_user(self, user_id: int, hidden: frozenset[str], locale: str) -> tuple[int, list[Item]]:
        """(count, items) a user's digest shows of this section, in ``locale``."""
        if not section_readable(self.section.key, hidden):
            return 0, []
        if self.by_user is not None:
            mine = self._items(self.by_user.get(user_id, []))
            return len(mine), mine
        return self.count, self._office(locale)[1]


def find_due(session: Session, today: date) -> list[Found]:
    """Every section's rows today: one statement per section."""
    found = []
    for section in SECTIONS:
        if section.per_user:
            by_user: dict[int, list[tuple]] = {}
            for row in session.execute(section.rows(today)):
                by_user.setdefault(row[-1], []).append(tuple(row))
            found.append(Found(section, today, by_user=by_user))
            continue
        statement = section.rows(today).add_columns(func.count().over()).limit(SHOWN)
        rows = session.execute(statement).all()
        count = rows[0][-1] if rows else 0
        found.append(Found(section, today, count, [tuple(row[:-1]) for row in rows]))
    return found
