"""Retention: which records are due for erasure today, rule by rule, with why and since when.

The rules (periods are the office's settings, crm.settings):
- clearance data three months after a volunteer left, or after an inspection not followed by
  any activity (§ 72a(5) SGB VIII, fixed; crm.clearance finds them and erases them);
- newcomers ``newcomer_retention_months`` after their last assignment ended (after being
  recorded, if they never had one), none of their assignments still open or running;
- volunteers ``volunteer_retention_years`` after they left, unless they still hold a function;
- contacts without function, tag, volunteer profile, network role, meeting, task, consent or
  change for ``contact_retention_years``.

The report only reads: the screen „Aufbewahrung“ and ``crm retention --dry-run`` show it, an
archive offer (crm.archive_offers) takes its ids. Each section is one statement whatever the
data size (the rules' SQL is in crm.retention_rules); the records already anonymised are never
due again.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select
from sqlalchemy.orm import Session

from . import operations
from .errors import RuleError
from .models import Contact, Newcomer, OfficeSettings
from .retention_rules import (
    DueRecord,
    clearance_rows,
    contact_row,
    contacts_due,
    newcomer_row,
    newcomers_due,
    volunteer_row,
    volunteers_due,
)
from .settings import office_settings

CLEARANCE, NEWCOMERS, VOLUNTEERS, CONTACTS = "clearance", "newcomers", "volunteers", "contacts"
LONGEST = 1200  # months or years: a period beyond this is a typing error


@dataclass
class Section:
    """A rule's part of the report: its period in words and the records due."""

    key: str
    title: LazyString
    rule: str
    rows: list[DueRecord] = field(default_factory=list)
    offerable: bool = True  # clearance data is erased by law, never offered to an archive


@dataclass
class Report:
    """What is due on ``today``, section by section."""

    today: date
    sections: list[Section]

    @property
    def total(self) -> int:
        return sum(len(s.rows) for s in self.sections)


@dataclass(frozen=True)
class Rule:
    """A rule of a kind of record: its statement, how a row reads, its period in words."""

    key: str
    title: LazyString
    statement: Callable[[OfficeSettings, date], Select]
    record: Callable[[tuple, OfficeSettings], DueRecord]
    period: Callable[[OfficeSettings], str]
    anonymised: type  # the model the section's ids are rows of

    def read(self, session: Session, settings, today: date, ids) -> Section:
        statement = self.statement(settings, today)
        if ids is not None:
            key = self.anonymised.id
            statement = statement.where(key.in_(sorted(ids)))
        rows = [self.record(row, settings) for row in session.execute(statement)]
        return Section(self.key, self.title, self.period(settings), rows)


RULES = (
    Rule(
        NEWCOMERS,
        _l("Begleitete Personen"),
        newcomers_due,
        newcomer_row,
        lambda s: _(
            "%(n)s Monate nach dem Ende des letzten Einsatzes", n=s.newcomer_retention_months
        ),
        Newcomer,
    ),
    Rule(
        VOLUNTEERS,
        _l("Ausgeschiedene Ehrenamtliche"),
        volunteers_due,
        volunteer_row,
        lambda s: _("%(n)s Jahre nach dem Ausscheiden", n=s.volunteer_retention_years),
        Contact,
    ),
    Rule(
        CONTACTS,
        _l("Kontakte ohne Funktion und Aktivität"),
        contacts_due,
        contact_row,
        lambda s: _(
            "%(n)s Jahre ohne Funktion, Schlagwort, Ehrenamt, Treffen, Aufgabe oder Änderung",
            n=s.contact_retention_years,
        ),
        Contact,
    ),
)
RULE_OF = {rule.key: rule for rule in RULES}


def due(
    session: Session,
    today: date,
    only: dict[str, Collection[int]] | None = None,
    clearance: bool = True,
) -> Report:
    """What is due today, one section per rule; ``only`` ({section: ids or None}) reads just
    those sections and ids (an offer re-checked); ``clearance=False`` leaves out the clearance
    section (a role that may not read clearance data). One statement per section, plus the
    settings."""
    settings = office_settings(session)
    sections = []
    if clearance and (only is None or CLEARANCE in only):
        sections.append(
            Section(
                CLEARANCE,
                _l("Führungszeugnis-Daten"),
                _(
                    "drei Monate nach dem Ausscheiden oder nach einer Einsichtnahme ohne Einsatz "
                    "(§ 72a SGB VIII)"
                ),
                clearance_rows(today, _ids(only, CLEARANCE)),
                offerable=False,
            )
        )
    for rule in RULES:
        if only is None or rule.key in only:
            sections.append(rule.read(session, settings, today, _ids(only, rule.key)))
    return Report(today, sections)


def _ids(only: dict | None, key: str) -> set[int] | None:
    """The ids a section is restricted to; None: all."""
    chosen = (only or {}).get(key)
    return None if chosen is None else set(chosen)


@operations.rule(OfficeSettings)
def check_periods(settings: OfficeSettings, change: operations.Change) -> None:
    """A retention period is at least one month or year: zero would make everything due."""
    for name in OfficeSettings.RETENTION:
        value = getattr(settings, name)
        if change.touches(name) and (value is None or not 1 <= value <= LONGEST):
            raise RuleError(
                _("Bitte eine Frist zwischen 1 und %(n)s angeben.", n=LONGEST), field=name
            )
