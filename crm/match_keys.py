"""The keys records are matched by when looking for duplicates, each in Python and as the same
SQL expression, so that the blocking in the database and the comparison of a pair agree: a
folded name with „ae“, „oe“, „ue“ read as umlauts (Müller = Mueller), an organisation's name
without its legal form and punctuation („Caritasverband Lotsenau e.V.“ = „Caritasverband
Lotsenau“), a website's domain, phone digits. Names start from their sort keys
(crm.sorting), which the database keeps beside them.
"""

import re

from sqlalchemy import Integer, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from .sorting import sort_key

_SPELLED_UMLAUTS = (("ae", "a"), ("oe", "o"), ("ue", "u"))
# Dropped from an organisation's name: they say how it is run, not who it is.
PUNCTUATION = ".,;:-–/&+()\"'’„“!?*"
LEGAL_FORMS = (
    "ev",
    "e v",
    "ggmbh",
    "g gmbh",
    "gmbh",
    "gemeinnutzig",
    "gemeinnutzige",
    "gemeinnutziger",
    "gemeinnutziges",
    "gemeinnutzigen",
)
_SCHEMES = ("https://", "http://", "www.")


def spelled_as_umlaut(key: str) -> str:
    """A folded name with „ae“, „oe“, „ue“ read as the umlaut they spell out."""
    for pair, single in _SPELLED_UMLAUTS:
        key = key.replace(pair, single)
    return key


def spelled_as_umlaut_sql(key):
    for pair, single in _SPELLED_UMLAUTS:
        key = func.replace(key, pair, single)
    return key


def organisation_key(name: str | None) -> str:
    """An organisation's name as compared for duplicates: folded, legal forms („e.V.“,
    „gGmbH“, „GmbH“, „gemeinnützige“), punctuation and spaces gone. The steps are those of
    :func:`organisation_key_sql`, one by one."""
    key = spelled_as_umlaut(sort_key(name))
    for mark in PUNCTUATION:
        key = key.replace(mark, "")
    # Each word between two spaces of its own, so that neighbouring forms both go.
    key = " " + key.replace(" ", "  ") + " "
    for form in LEGAL_FORMS:
        key = key.replace(" " + form.replace(" ", "  ") + " ", " ")
    return key.replace(" ", "")


def organisation_keys(model):
    """(id, k): :func:`organisation_key` of each row of ``model`` in SQL, from the column that
    keeps the name's sort key. In two nested selects, as SQLite's parser refuses the thirty
    nested ``replace`` calls of a single expression."""
    bare = spelled_as_umlaut_sql(model.sort_name)
    for mark in PUNCTUATION:
        bare = func.replace(bare, mark, "")
    inner = select(model.id, bare.label("bare")).subquery("organisation_names")
    key = literal(" ").concat(func.replace(inner.c.bare, " ", "  ")).concat(" ")
    for form in LEGAL_FORMS:
        key = func.replace(key, " " + form.replace(" ", "  ") + " ", " ")
    return select(inner.c.id, func.replace(key, " ", "").label("k")).subquery("organisation_keys")


def web_domain(website: str | None) -> str:
    """The host of a website in lower case, without scheme, „www.“ and path: what two
    entries of one organisation's site share."""
    key = (website or "").strip().lower()
    for prefix in _SCHEMES:
        key = key.replace(prefix, "")
    return key.split("/", 1)[0]


def web_domain_sql(website):
    key = func.lower(func.trim(website))
    for prefix in _SCHEMES:
        key = func.replace(key, prefix, "")
    return func.substr(key, 1, position_of(key.concat("/"), literal("/")) - 1)


class position_of(GenericFunction):  # noqa: N801 (an SQL function's name)
    """Where a text first occurs in another, from 1: ``instr`` on SQLite, ``strpos`` on
    PostgreSQL."""

    type = Integer()
    inherit_cache = True


@compiles(position_of, "sqlite")
def _instr(element, compiler, **kw):
    return f"instr({compiler.process(element.clauses, **kw)})"


@compiles(position_of, "postgresql")
def _strpos(element, compiler, **kw):
    return f"strpos({compiler.process(element.clauses, **kw)})"


def phone_digits(*numbers: str | None) -> set[str]:
    """The digits of phone numbers without the country code or a leading 0:
    „+49 171 2345“ = „0171-2345“."""
    found = set()
    for number in numbers:
        digits = re.sub(r"\D", "", number or "")
        if digits.startswith("0049"):
            digits = digits[4:]
        elif (number or "").strip().startswith("+49"):
            digits = digits[2:]
        digits = digits.lstrip("0")
        if len(digits) >= 5:
            found.add(digits)
    return found
