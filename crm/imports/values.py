"""A cell's text as the value of its field: dates as DD.MM.YYYY, D.M.YY or ISO, choices by
their German label or code, text trimmed and checked against the column's length and rules
(crm.field_rules, the same the forms and the write path use). Refusals are RuleErrors."""

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import Column, String

from ..errors import RuleError
from ..field_rules import value_checks
from ..models.base import Choice
from ..sorting import sort_key

DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d")
# English labels a sheet may use for a choice, by the code they mean.
ENGLISH = {"mr": "herr", "mrs": "frau", "ms": "frau"}


def parse_date(text: str) -> date:
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise RuleError(_("kein gültiges Datum (TT.MM.JJJJ)"))


def parse_choice(text: str, choice: type[Choice]) -> Choice:
    wanted = sort_key(text).rstrip(".")
    wanted = ENGLISH.get(wanted, wanted)
    for member in choice:
        if wanted in (member.value, sort_key(str(member.label))):
            return member
    raise RuleError(_("erlaubt sind: %(labels)s", labels=", ".join(str(m.label) for m in choice)))


def checked_text(text: str, column: Column) -> str:
    """The text as the column takes it: no longer than it holds, obeying its field rules."""
    if isinstance(column.type, String) and column.type.length and len(text) > column.type.length:
        raise RuleError(_("zu lang (höchstens %(n)s Zeichen)", n=column.type.length))
    for check in value_checks(column):
        check(text)
    return text
