"""A reporting period (a month, a quarter or a year) as funders ask for figures, read from what
a user typed and refused with a German message when it is no period."""

import calendar
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .errors import RuleError

MONTH, QUARTER, YEAR = "month", "quarter", "year"
KINDS = {MONTH: _l("Monat"), QUARTER: _l("Quartal"), YEAR: _l("Jahr")}
FIRST_YEAR, LAST_YEAR = 1900, 2100
MONTH_NAMES = (
    _l("Januar"),
    _l("Februar"),
    _l("März"),
    _l("April"),
    _l("Mai"),
    _l("Juni"),
    _l("Juli"),
    _l("August"),
    _l("September"),
    _l("Oktober"),
    _l("November"),
    _l("Dezember"),
)


@dataclass(frozen=True)
class Period:
    """``kind`` is MONTH, QUARTER or YEAR; ``number`` the month (1–12) or quarter (1–4)."""

    kind: str
    year: int
    number: int = 1

    @classmethod
    def parse(cls, args, today: date) -> "Period":
        """The period of the arguments ``period``, ``year``, ``quarter`` and ``month``; the
        current year without any. Raises RuleError naming the field that is wrong."""
        kind = args.get("period") or YEAR
        if kind not in KINDS:
            raise RuleError(
                _("Diesen Zeitraum gibt es nicht: bitte Monat, Quartal oder Jahr wählen."),
                field="period",
            )
        year = _number(args.get("year"), today.year, FIRST_YEAR, LAST_YEAR)
        if year is None:
            raise RuleError(
                _(
                    "Das Jahr muss eine Zahl von %(first)s bis %(last)s sein.",
                    first=FIRST_YEAR,
                    last=LAST_YEAR,
                ),
                field="year",
            )
        if kind == YEAR:
            return cls(YEAR, year)
        if kind == QUARTER:
            quarter = _number(args.get("quarter"), (today.month + 2) // 3, 1, 4)
            if quarter is None:
                raise RuleError(_("Das Quartal muss 1, 2, 3 oder 4 sein."), field="quarter")
            return cls(QUARTER, year, quarter)
        month = _number(args.get("month"), today.month, 1, 12)
        if month is None:
            raise RuleError(_("Der Monat muss eine Zahl von 1 bis 12 sein."), field="month")
        return cls(MONTH, year, month)

    @property
    def start(self) -> date:
        if self.kind == YEAR:
            return date(self.year, 1, 1)
        first_month = self.number if self.kind == MONTH else 3 * self.number - 2
        return date(self.year, first_month, 1)

    @property
    def end(self) -> date:
        """The last day, inside the period."""
        if self.kind == YEAR:
            return date(self.year, 12, 31)
        last_month = self.number if self.kind == MONTH else 3 * self.number
        return date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    def __str__(self) -> str:
        if self.kind == YEAR:
            return str(self.year)
        if self.kind == QUARTER:
            return _("%(n)s. Quartal %(year)s", n=self.number, year=self.year)
        return f"{MONTH_NAMES[self.number - 1]} {self.year}"

    def as_args(self) -> dict:
        """The period as the arguments ``parse`` reads (for links and the export)."""
        args = {"period": self.kind, "year": self.year}
        if self.kind != YEAR:
            args[self.kind] = self.number
        return args


def _number(text, default: int, low: int, high: int) -> int | None:
    """The whole number typed, the default when nothing was, None when it is out of bounds."""
    text = (text or "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or len(text) > 4:
        return None
    number = int(text)
    return number if low <= number <= high else None
