"""Names in the order a German reader expects, the same on SQLite and PostgreSQL: every column a
list sorts by name keeps a folded copy, its sort key (Ä with A, ß as ss, é as e, case ignored),
compared byte by byte, so neither database's collation decides and indexes still serve the order.

A model names those columns in ``__sort_columns__`` (crm.models.base.SortableMixin); the key of
``name`` is ``sort_name``, kept by the flush hook (crm.models.hooks), written by the bulk
generator, filled by the migration and recomputed by ``flask --app app crm reindex``.
"""

import functools
import unicodedata
from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, column, func, select, table, update
from sqlalchemy.engine import Connection

# Letters that Unicode does not decompose get their base letter (Turkish dotless ı, Polish ł,
# Nordic ø and æ, ...); umlauts lose their dots like every other accent.
_LETTERS = str.maketrans(
    {
        "ä": "a",
        "ö": "o",
        "ü": "u",
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)


def folded(text: str) -> str:
    """The text in lower case, ``ß`` as ``ss``, without accents or umlaut dots."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_LETTERS)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def sort_key(value: Any) -> str:
    """What a name is sorted by: "Äbi" as "abi", "Weiß" as "weiss", "de Vries" as "de vries";
    runs of spaces count as one, nothing as the empty key (first)."""
    return "" if value is None else " ".join(folded(str(value)).split())


def key_column(name: str) -> str:
    """The column that keeps the sort key of the column ``name``."""
    return f"sort_{name}"


def sort_keys(model, row: Any) -> dict[str, str]:
    """The sort keys of a row, from an instance or a dict of column values."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name, None)
    return {key_column(name): sort_key(get(name)) for name in model.__sort_columns__}


def ordered_by(model, name: str):
    """The attribute a list orders by for the column ``name``: its sort key where the model
    keeps one, else the column itself."""
    if name in getattr(model, "__sort_columns__", ()):
        return getattr(model, key_column(name))
    return getattr(model, name)


def sortable_models() -> list:
    from .extensions import db

    models = (m.class_ for m in db.Model.registry.mappers)
    return sorted(
        (m for m in models if getattr(m, "__sort_columns__", ())),
        key=lambda m: m.__tablename__,
    )


def sort_key_columns() -> frozenset[str]:
    """The names of every model's sort keys: kept by the system, never shown or recorded."""
    return frozenset(key_column(n) for m in sortable_models() for n in m.__sort_columns__)


def refresh_all_sort_keys(connection: Connection) -> int:
    """``flask crm reindex``: recompute the sort keys of every model; returns the rows changed."""
    return sum(
        refresh_sort_keys(connection, model.__tablename__, model.__sort_columns__)
        for model in sortable_models()
    )


def refresh_sort_keys(
    connection: Connection, table_name: str, columns: Iterable[str], batch: int = 2000
) -> int:
    """Recompute the sort keys of ``columns`` in every row of the table where they differ, in
    batches by id; returns the number of rows changed. Plain SQL on the table, so the migration
    that added the keys can fill them as well as ``crm reindex``."""
    keyed = {name: key_column(name) for name in columns}
    keys = list(keyed.values())
    rows_of = table(table_name, column("id"), *map(column, keyed), *map(column, keys))
    write = (
        update(rows_of)
        .where(rows_of.c.id == bindparam("row_id"))
        .values({key: bindparam(f"new_{key}") for key in keys})
    )
    changed, last_id = 0, 0
    while True:
        rows = connection.execute(
            select(rows_of).where(rows_of.c.id > last_id).order_by(rows_of.c.id).limit(batch)
        ).all()
        if not rows:
            return changed
        last_id = rows[-1].id
        updates = []
        for row in rows:
            new = {key: sort_key(getattr(row, name)) for name, key in keyed.items()}
            if any(new[key] != getattr(row, key) for key in keys):
                updates.append({"row_id": row.id, **{f"new_{k}": v for k, v in new.items()}})
        if updates:
            connection.execute(write, updates)
            changed += len(updates)


_DIGRAPHS = (("ae", "a"), ("oe", "o"), ("ue", "u"))


@functools.lru_cache(maxsize=16384)
def same_name_key(value: Any) -> str:
    """The key two names are the same by, as the search index compares words (crm.search):
    the sort key with the spellings ae/oe/ue as plain vowels, so „Müller“, „Mueller“ and
    „MÜLLER“ are one name. Replaced one after the other, like :func:`same_name_sql`.
    Remembered, since an import asks for the same organisations' and places' keys row by row."""
    key = sort_key(value)
    for digraph, vowel in _DIGRAPHS:
        key = key.replace(digraph, vowel)
    return key


def same_name_sql(sort_column):
    """:func:`same_name_key` of a stored sort key, in SQL (the same on SQLite and PostgreSQL)."""
    expression = sort_column
    for digraph, vowel in _DIGRAPHS:
        expression = func.replace(expression, digraph, vowel)
    return expression
