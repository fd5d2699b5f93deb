"""Form fields for numbers and dates as people in a German office type them. Each shows its
stored value back in a form it accepts, so a form saved unchanged changes nothing."""

import re
from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.numbers import get_decimal_symbol
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from wtforms import Field, SelectMultipleField
from wtforms.widgets import TextInput

LOCAL_TIME = ZoneInfo("Europe/Berlin")

# What a date is typed as: 1.12.2026 or 01.12.2026, or pasted from elsewhere as 2026-12-01.
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")
TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%H:%M:%S.%f")
DATE_HINT = _l("Bitte ein Datum wie 01.12.2026 angeben.")
DATETIME_HINT = _l("Bitte Datum und Uhrzeit wie 21.10.2026 15:00 angeben.")

# Digits with at most one decimal separator; no exponent, NaN or thousands separator.
DECIMAL_TEXT = re.compile(r"[+-]?(?:\d+(?:[.,](\d*))?|[.,](\d+))")


class PickerInput(TextInput):
    """A text input that static/lotse-dates.js gives a calendar; what is typed stays as typed."""

    def __init__(self, role: str, placeholder: str):
        super().__init__()
        self.role = role
        self.placeholder = placeholder

    def __call__(self, field, **kwargs):
        kwargs.setdefault("data-role", self.role)
        kwargs.setdefault("placeholder", self.placeholder)
        kwargs.setdefault("autocomplete", "off")
        return super().__call__(field, **kwargs)


class DecimalInput(TextInput):
    """A text input, not ``type=number``: browsers show "1,50" there as empty and read a typed
    "2,5" as 25. ``inputmode`` still brings up the number keyboard on phones."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("inputmode", "decimal")
        kwargs.setdefault("autocomplete", "off")
        return super().__call__(field, **kwargs)


def show_date(value: date) -> str:
    """01.12.2026; the year always with four digits (strftime drops them before 1000)."""
    return f"{value.day:02}.{value.month:02}.{value.year:04}"


def show_time(value: time) -> str:
    """15:00; seconds only where the stored time has them, so they survive a save."""
    shown = f"{value.hour:02}:{value.minute:02}"
    if value.second or value.microsecond:
        shown += f":{value.second:02}"
    if value.microsecond:
        shown += f".{value.microsecond:06}"
    return shown


def parse_datetime(text: str, formats) -> datetime | None:
    for format in formats:
        try:
            return datetime.strptime(text, format)
        except ValueError:
            continue
    return None


class TypedField(Field):
    """A field read from one typed text: shown back as typed after an error, else as
    ``show(data)``; a text ``read`` cannot take is refused with ``hint``."""

    hint = ""

    def read(self, text: str):
        raise NotImplementedError

    def show(self, value) -> str:
        raise NotImplementedError

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.data = self.read(" ".join(valuelist).strip())
        if self.data is None:
            raise ValueError(str(self.hint))

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return "" if self.data is None else self.show(self.data)


class LocalDateField(TypedField):
    """A day: typed as 1.12.2026 or 01.12.2026, pasted as 2026-12-01 or picked."""

    widget = PickerInput("lotse-date", "TT.MM.JJJJ")
    hint = DATE_HINT

    def read(self, text):
        found = parse_datetime(text, DATE_FORMATS)
        return found and found.date()

    def show(self, value):
        return show_date(value)


class LocalDateTimeField(TypedField):
    """Date and time as people in the office read them (Europe/Berlin), stored in UTC:
    21.10.2026 15:00, also 2026-10-21 15:00:00."""

    widget = PickerInput("lotse-datetime", "TT.MM.JJJJ hh:mm")
    hint = DATETIME_HINT
    formats = tuple(f"{d} {t}" for d in DATE_FORMATS for t in TIME_FORMATS) + ("%Y-%m-%dT%H:%M",)

    def read(self, text):
        found = parse_datetime(re.sub(r"\s+", " ", text), self.formats)
        return found and found.replace(tzinfo=LOCAL_TIME).astimezone(UTC)

    def show(self, value):
        local = value.astimezone(LOCAL_TIME)
        return f"{show_date(local)} {show_time(local.time())}"


def decimal_separator() -> str:
    return get_decimal_symbol(get_locale() or "de")


class LocalDecimalField(TypedField):
    """A decimal as people in the office type it: 2,5 as well as 2.5 or 2; shown with the
    separator of the user's language. "1.234" is refused where the column keeps fewer
    places, rather than read as a number a thousand times too small."""

    widget = DecimalInput()

    def __init__(self, label=None, validators=None, places: int | None = None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.places = places

    @property
    def hint(self):
        example = f"2{decimal_separator()}5"
        if self.places is None:
            return gettext(
                "Bitte eine Zahl wie %(example)s angeben, ohne Tausenderpunkt.", example=example
            )
        return gettext(
            "Bitte eine Zahl wie %(example)s angeben, ohne Tausenderpunkt und mit höchstens "
            "%(places)s Nachkommastellen.",
            example=example,
            places=self.places,
        )

    def read(self, text):
        typed = DECIMAL_TEXT.fullmatch(text)
        if typed is None:
            return None
        fraction = typed.group(1) or typed.group(2) or ""
        if self.places is not None and len(fraction) > self.places:
            return None
        return Decimal(text.replace(",", "."))

    def show(self, value):
        return f"{Decimal(value):f}".replace(".", decimal_separator())


class ChoiceSetField(SelectMultipleField):
    """Several choices kept as rows (a volunteer's areas): saved as the difference to what is
    stored, so the rows of choices left alone are not written again."""

    def populate_obj(self, obj, name):
        stored = getattr(obj, name)
        wanted = self.data or ()
        for choice in [c for c in stored if c not in wanted]:
            stored.remove(choice)
        for choice in wanted:
            if choice not in stored:
                stored.append(choice)
