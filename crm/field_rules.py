"""Rules for single values, by what a column holds: postcodes, municipality keys, colours,
web and e-mail addresses, the ranges numbers may take, periods that must not end before they
start. The write path checks them on every save; forms show the same messages at the field."""

import functools
import re
from collections.abc import Callable
from decimal import Decimal
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Integer, Numeric

from .errors import RuleError

INT_MAX = 2**31 - 1  # the largest integer column value both databases hold

Check = Callable[[object], None]


def _pattern(expression: str, message) -> Check:
    compiled = re.compile(expression)

    def check(value) -> None:
        if not compiled.fullmatch(str(value)):
            raise RuleError(message)

    return check


check_postcode = _pattern(r"\d{5}", _l("Die PLZ hat genau fünf Ziffern."))
check_official_key = _pattern(r"\d{8}", _l("Der Gemeindeschlüssel hat genau acht Ziffern."))
check_colour = _pattern(r"#[0-9a-fA-F]{6}", _l("Bitte eine Farbe wie #1f77b4 angeben."))


def check_email(value) -> None:
    if not _valid_email(str(value)):
        raise RuleError(_l("Bitte eine gültige E-Mail-Adresse angeben."))


@functools.lru_cache(maxsize=4096)
def _valid_email(value: str) -> bool:
    """Remembered: an import checks each address when it reads the cell, in the preview and
    when it writes the row, and the check costs about a millisecond."""
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def check_website(value) -> None:
    parts = urlsplit(str(value))
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in str(value):
        raise RuleError(_l("Bitte eine Adresse wie https://… angeben."))


BY_NAME: dict[str, Check] = {
    "postcode": check_postcode,
    "official_key": check_official_key,
    "colour": check_colour,
    "email": check_email,
    "website": check_website,
}


def numeric_limit(column: Column) -> Decimal:
    """What NUMERIC(p, s) holds, e.g. 9999.99 for (6, 2); more is refused by PostgreSQL."""
    scale = column.type.scale or 0
    return Decimal(10) ** (column.type.precision - scale) - Decimal(10) ** -scale


def range_check(column: Column) -> Check | None:
    """Numbers from 0 to what the column holds, for counts, hours and the like."""
    if isinstance(column.type, Integer) and not column.primary_key and not column.foreign_keys:
        most, shown = INT_MAX, str(INT_MAX)
    elif isinstance(column.type, Numeric) and column.type.precision:
        most = numeric_limit(column)
        shown = f"{most:f}".replace(".", ",")
    else:
        return None
    message = _l("Bitte eine Zahl von 0 bis %(max)s angeben.", max=shown)

    def check(value) -> None:
        if isinstance(value, Decimal) and not value.is_finite():
            raise RuleError(message)
        if isinstance(value, int | Decimal | float) and not 0 <= value <= most:
            raise RuleError(message)

    return check


def value_checks(column: Column) -> list[Check]:
    """The rules a value of this column must satisfy (empty values are not checked here)."""
    return [check for check in (BY_NAME.get(column.name), range_check(column)) if check]


def periods(table) -> dict[str, str]:
    """{end column: start column} from the table's ``ends_after_starts`` constraints."""
    found = {}
    for constraint in table.constraints:
        period = constraint.info.get("period") if constraint.info else None
        if period:
            found[period[1]] = period[0]
    return found


def check_period(start, end) -> None:
    if start is not None and end is not None and end < start:
        raise RuleError(_l("Das Ende darf nicht vor dem Beginn liegen."))


def check_row(obj, keys=None) -> None:
    """Every value rule of the row's columns (``keys``: only these attributes), then its
    periods; the first refusal is raised with the attribute's name as its field."""
    table = type(obj).__table__
    mapper = type(obj).__mapper__
    for column in table.columns:
        key = mapper.get_property_by_column(column).key
        if keys is not None and key not in keys:
            continue
        value = getattr(obj, key, None)
        if value is None or value == "":
            continue
        for check in value_checks(column):
            try:
                check(value)
            except RuleError as error:
                error.field = key
                raise
    for end, start in periods(table).items():
        if keys is not None and not {start, end} & set(keys):
            continue
        try:
            check_period(getattr(obj, start, None), getattr(obj, end, None))
        except RuleError as error:
            error.field = end
            raise
