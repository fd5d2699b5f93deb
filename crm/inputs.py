"""The bounds of what users type into lists and look-ups (ids, pages, terms), kept before
anything reaches a database: both refuse numbers past a 32-bit integer, PostgreSQL a NUL byte,
SQLite a LIKE pattern of 100,000 characters."""

from werkzeug.routing import IntegerConverter

INT_MAX = 2**31 - 1  # the largest integer column value both databases hold
MAX_PAGE = 100_000
MAX_INPUT = 200  # characters of a search term or filter value


def as_id(value) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= INT_MAX else None


def clean_input(value: str | None) -> str | None:
    if value is None:
        return None
    return value.replace("\x00", "")[:MAX_INPUT]


def clamped_page(page: int | None) -> int:
    return min(max(page or 0, 0), MAX_PAGE)


class IdConverter(IntegerConverter):
    """``<int:id>`` in a route: a number past what an id column holds reaches the view as 0,
    which no row has, so the view answers with its own German „gibt es nicht“ (a route that
    refused the number would let Werkzeug answer 405 where a POST-only twin rule matches)
    and no view hands the database a number it refuses."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        return number if number <= INT_MAX else 0
