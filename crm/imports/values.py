"""A cell's text as the value of its field: dates as DD.MM.YYYY, D.M.YY or ISO, choices by
their German label or code, yes/no, whole numbers, several values split on , or ;, languages
with a level („Arabisch (C1)“), text trimmed and checked against the column's length and rules
(crm.field_rules, the same the forms and the write path use). Refusals are RuleErrors."""

import re
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import Column, String

from ..errors import RuleError
from ..field_rules import value_checks
from ..models.base import Choice
from ..models.choices import LanguageLevel
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


SEPARATORS = re.compile(r"[;,]")
TRUE = frozenset({"ja", "j", "x", "1", "yes", "y", "true", "wahr", "vorhanden"})
FALSE = frozenset({"nein", "n", "0", "no", "false", "falsch", "-"})
# A language's level as people write it after its name: the office's three levels, their
# English names and the European framework's steps (B2 and above count as fluent).
LEVELS = {
    "muttersprache": LanguageLevel.NATIVE,
    "erstsprache": LanguageLevel.NATIVE,
    "native": LanguageLevel.NATIVE,
    "l1": LanguageLevel.NATIVE,
    "fliessend": LanguageLevel.FLUENT,
    "fluent": LanguageLevel.FLUENT,
    "verhandlungssicher": LanguageLevel.FLUENT,
    "gut": LanguageLevel.FLUENT,
    "sehr gut": LanguageLevel.FLUENT,
    "c2": LanguageLevel.FLUENT,
    "c1": LanguageLevel.FLUENT,
    "b2": LanguageLevel.FLUENT,
    "grundkenntnisse": LanguageLevel.BASIC,
    "basic": LanguageLevel.BASIC,
    "b1": LanguageLevel.BASIC,
    "a2": LanguageLevel.BASIC,
    "a1": LanguageLevel.BASIC,
}
_LEVEL_AFTER = re.compile(r"^(?P<name>[^(:]+?)\s*(?:\((?P<paren>[^)]*)\)|:(?P<colon>.*))$")


def split_values(text: str) -> list[str]:
    """The several values of one cell („Sport, Kultur; Jugend“), trimmed, without empty ones."""
    return [part.strip() for part in SEPARATORS.split(text) if part.strip()]


def parse_bool(text: str) -> bool:
    key = sort_key(text)
    if key in TRUE:
        return True
    if key in FALSE:
        return False
    raise RuleError(_("erlaubt sind: ja, nein"))


def parse_int(text: str) -> int:
    """A whole number, not negative („12“; „12,0“ from a spreadsheet too)."""
    number = text.replace(" ", "").removesuffix(",0").removesuffix(".0")
    if not number.isdigit() or len(number) > 6:
        raise RuleError(_("keine ganze Zahl ab 0"))
    return int(number)


def parse_choices(text: str, choice: type[Choice]) -> list[Choice]:
    """Several choices of one cell, each once."""
    return list(dict.fromkeys(parse_choice(part, choice) for part in split_values(text)))


def parse_language(text: str) -> tuple[str, LanguageLevel | None]:
    """„Arabisch (C1)“, „Arabisch: Muttersprache“ or „Arabisch“ as the language's name and its
    level (None: not given). Brackets that hold no level are part of the name."""
    found = _LEVEL_AFTER.match(text.strip())
    if found is None:
        return text.strip(), None
    level_text = found.group("paren") if found.group("paren") is not None else found["colon"]
    level = LEVELS.get(sort_key(level_text))
    if level is None and found.group("paren") is not None:
        return text.strip(), None  # a name with brackets, „Kurdisch (allgemein)“
    if level is None:
        raise RuleError(
            _(
                "Die Stufe ‚%(level)s‘ ist nicht bekannt; erlaubt sind: %(labels)s "
                "(oder A1 bis C2).",
                level=level_text.strip(),
                labels=", ".join(str(m.label) for m in LanguageLevel),
            )
        )
    return found.group("name").strip(), level
