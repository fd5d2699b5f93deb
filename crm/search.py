"""Search as people type it: case-, accent- and umlaut-insensitive word prefixes, index-backed.

Every searchable row keeps a *folded* copy of its own text in ``search_document``: lower case,
``ß`` as ``ss``, umlauts and their spellings ``ae``/``oe``/``ue`` as plain vowels, accents
dropped. A query is folded the same way, so ``muller``, ``müller`` and ``mueller`` all become
``muller``. The database indexes that column: an FTS5 table kept in step by triggers on SQLite,
a generated ``tsvector`` column with a GIN index on PostgreSQL. Both match word prefixes only,
so the two give the same rows for the same data.
"""

import re
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import (
    ARRAY,
    Integer,
    Select,
    and_,
    any_,
    bindparam,
    cast,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from .extensions import db
from .models import (
    Assignment,
    Contact,
    ContactRole,
    Newcomer,
    Organisation,
    Training,
    TrainingParticipation,
    Volunteer,
)
from .models.base import SearchableMixin
from .sorting import folded

MAX_DOCUMENT = 20_000  # characters of folded text kept per row
MAX_WORDS = 8  # query words; more narrow nothing down in practice
MAX_WORD = 40  # characters of one query word
INLINE_RELATED = 5_000  # related ids of a word passed to PostgreSQL as values (see below)

_DIGRAPHS = re.compile(r"ae|oe|ue")
_WORD = re.compile(r"[^\W_]+")


def fold(value: Any) -> list[str]:
    """The words of a text in the one spelling both the index and the queries use."""
    if value is None:
        return []
    plain = _DIGRAPHS.sub(lambda m: m.group(0)[0], folded(str(value)))
    return _WORD.findall(plain)


def document(model: type[SearchableMixin], row: Any) -> str:
    """The folded search text of a row, from an instance or a dict of column values."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name, None)
    words: list[str] = []
    for name in model.__search_columns__:
        words.extend(fold(get(name)))
    return " ".join(words)[:MAX_DOCUMENT]


def query_words(query: str | None) -> list[str]:
    return [w[:MAX_WORD] for w in fold(query)][:MAX_WORDS]


def searchable_models() -> list[type[SearchableMixin]]:
    return sorted(
        (m.class_ for m in db.Model.registry.mappers if issubclass(m.class_, SearchableMixin)),
        key=lambda cls: cls.__tablename__,
    )


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _tsquery(word: str):
    return func.to_tsquery(literal_column("'simple'::regconfig"), f"{word}:*")


def _matches_itself(model: type[SearchableMixin], word: str) -> ColumnElement[bool]:
    """PostgreSQL: the row's own tsvector matches (answered by its GIN index)."""
    vector = literal_column(f"{model.__tablename__}.search_vector")
    return vector.op("@@")(_tsquery(word))


def matching_ids(model: type[SearchableMixin], word: str) -> Select:
    """The ids of ``model`` rows with a word starting with ``word`` (already folded), read
    from the index alone: the FTS5 table on SQLite, the GIN-indexed tsvector on PostgreSQL."""
    if _dialect() == "postgresql":
        return select(model.id).where(_matches_itself(model, word))
    table = model.__tablename__
    fts = literal_column(f"{table}_fts")
    return (
        select(literal_column("rowid"))
        .select_from(text(f"{table}_fts"))
        .where(fts.op("MATCH")(f'"{word}"*'))
    )


# Rows found through the text of others, each as a function from the matching ids of the
# other model to the ids of this one: a contact by the organisations it works at, a volunteer
# by the contact's name, an assignment by volunteer, newcomer and requester.
Link = Callable[[Select], Select]


def _volunteers_named(contact_ids: Select) -> Select:
    return select(Volunteer.id).where(Volunteer.contact_id.in_(contact_ids))


RELATED: dict[type, dict[type[SearchableMixin], Link]] = {
    Contact: {
        Organisation: lambda ids: select(ContactRole.contact_id).where(
            ContactRole.organisation_id.in_(ids)
        ),
    },
    Volunteer: {Contact: _volunteers_named},
    Assignment: {
        Contact: lambda ids: select(Assignment.id).where(
            Assignment.volunteer_id.in_(_volunteers_named(ids))
        ),
        Newcomer: lambda ids: select(Assignment.id).where(Assignment.newcomer_id.in_(ids)),
        Organisation: lambda ids: select(Assignment.id).where(
            Assignment.requested_by_organisation_id.in_(ids)
        ),
    },
    TrainingParticipation: {
        Contact: lambda ids: select(TrainingParticipation.id).where(
            TrainingParticipation.volunteer_id.in_(_volunteers_named(ids))
        ),
        Training: lambda ids: select(TrainingParticipation.id).where(
            TrainingParticipation.training_id.in_(ids)
        ),
    },
}


def search_condition(
    model, query: str | None, for_rows: bool = True, in_list_order: bool = False
) -> ColumnElement[bool]:
    """Every word must match the row itself or one of its related rows (see ``RELATED``).

    A query without a single word matches nothing. ``for_rows=False`` (for counting) keeps
    PostgreSQL from reading the related ids beforehand (see _related_id_values): a count
    stops after so many rows, and with the ids as values the planner walks the table until
    then, where the array computed in the query lets it count from bitmap index scans.
    ``in_list_order`` (SQLite) tests the rows met along the list's order against the matches
    instead of reading every match (see crm.lists.read_in_list_order).
    """
    words = query_words(query)
    if not words:
        return false()
    if _dialect() != "postgresql":
        return and_(*(_sqlite_word(model, word, in_list_order) for word in words))
    related = _related_id_values(model, words) if for_rows else {}
    return and_(*(_postgresql_word(model, w, related.get(i)) for i, w in enumerate(words)))


def _related_ids(model, word: str) -> list[Select]:
    return [link(matching_ids(other, word)) for other, link in RELATED.get(model, {}).items()]


def _related_union(model, word: str):
    related = _related_ids(model, word)
    return related[0] if len(related) == 1 else union_all(*related)


def _sqlite_sources(model, word: str) -> list[Select]:
    sources = [matching_ids(model, word)] if issubclass(model, SearchableMixin) else []
    return sources + _related_ids(model, word)


def _sqlite_word(model, word: str, in_list_order: bool = False) -> ColumnElement[bool]:
    """``id IN (own matches UNION ALL related matches)``, all read from FTS5 tables; as
    ``id + 0 IN`` the id cannot lead SQLite to the matches, so it walks the list's order."""
    sources = _sqlite_sources(model, word)
    ids = sources[0] if len(sources) == 1 else union_all(*sources)
    return (model.id + 0 if in_list_order else model.id).in_(ids)


def found_ids(model, query: str | None, each_once: bool = True) -> Select | None:
    """SQLite: the ids a one-word search finds, read from the FTS5 tables alone (every id there
    is a row: triggers and foreign keys keep them so), for counting the matches without
    reading a row of the table; it stops at a LIMIT without reading every match first.
    ``each_once=False`` may repeat an id found twice (by its own text and an organisation's),
    enough for an estimate. None on PostgreSQL, and for no word or several: their
    intersection would read every match of each word, more than a few narrowed rows cost
    through the table."""
    words = query_words(query)
    if len(words) != 1 or _dialect() != "sqlite":
        return None
    found = union_all(*_sqlite_sources(model, words[0])).subquery()
    return select(found.c[0]).distinct() if each_once else select(found.c[0])


def _related_id_values(model, words: list[str]) -> dict[int, list[int]]:
    """PostgreSQL: the ids found through related rows, for every word in one statement, by the
    word's position; a word with more than ``INLINE_RELATED`` of them is left out.

    Passed to the query as values, PostgreSQL checks a row against them in a hash table;
    computed inside the query, it compares each row with every id of an array in turn,
    which costs more than the page when the rows are walked in name order.
    """
    if model not in RELATED:
        return {}
    parts = []
    for position, word in enumerate(words):
        found = _related_union(model, word).limit(INLINE_RELATED + 1).subquery()
        parts.append(select(literal(position).label("word"), found.c[0].label("id")))
    found: dict[int, list[int]] = {position: [] for position in range(len(words))}
    for position, id_ in db.session.execute(union_all(*parts) if len(parts) > 1 else parts[0]):
        found[position].append(id_)
    return {position: ids for position, ids in found.items() if len(ids) <= INLINE_RELATED}


def _postgresql_word(model, word: str, related: list[int] | None) -> ColumnElement[bool]:
    """``own tsvector matches OR id = ANY(related ids)``: both sides are bitmap index scans
    that PostgreSQL ORs (and ANDs across words) before it reads a single row. An
    ``IN (subquery)`` would instead join every match back to the table first, which at a
    million contacts costs more than the page. ``related`` holds the ids read beforehand
    (see _related_id_values); None leaves them to an array computed in the query."""
    conditions = [_matches_itself(model, word)] if issubclass(model, SearchableMixin) else []
    if related:
        conditions.append(model.id == any_(bindparam(None, related, type_=ARRAY(Integer))))
    elif related is None and model in RELATED:
        ids = _related_union(model, word).subquery()
        array = select(func.array_agg(ids.c[0])).scalar_subquery()
        conditions.append(model.id == any_(cast(array, ARRAY(Integer))))
    return or_(*conditions) if conditions else false()


def refresh_documents(
    session, models: Iterable[type[SearchableMixin]] | None = None, batch: int = 2000
) -> int:
    """Recompute every stored document whose text no longer matches its row; returns the count."""
    changed = 0
    for model in models or searchable_models():
        columns = [getattr(model, name) for name in model.__search_columns__]
        last_id = 0
        while True:
            rows = session.execute(
                select(model.id, model.search_document, *columns)
                .where(model.id > last_id)
                .order_by(model.id)
                .limit(batch)
            ).all()
            if not rows:
                break
            last_id = rows[-1][0]
            updates = []
            for row in rows:
                values = dict(zip(model.__search_columns__, row[2:], strict=True))
                new = document(model, values)
                if new != row[1]:
                    updates.append({"row_id": row[0], "doc": new})
            if updates:
                table = model.__table__
                session.connection().execute(
                    update(table)
                    .where(table.c.id == db.bindparam("row_id"))
                    .values(search_document=db.bindparam("doc")),
                    updates,
                )
                changed += len(updates)
    return changed


# --- the index itself, per database -------------------------------------------------------


def _sqlite_statements(table: str) -> list[str]:
    fts = f"{table}_fts"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_document, "
        f"content='{table}', content_rowid='id', tokenize='unicode61', prefix='2 3')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_document) VALUES (new.id, new.search_document); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_document) "
        f"VALUES ('delete', old.id, old.search_document); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF search_document ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_document) "
        f"VALUES ('delete', old.id, old.search_document); "
        f"INSERT INTO {fts}(rowid, search_document) VALUES (new.id, new.search_document); END",
    ]


def _postgresql_statements(table: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
        f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_document)) STORED",
        f"CREATE INDEX IF NOT EXISTS ix_search_{table} ON {table} USING gin (search_vector)",
    ]


def install_index(connection: Connection, tables: Iterable[str]) -> None:
    """Create the search index of these tables where it is missing (idempotent).

    Called by the migrations; call it again after an Alembic batch operation on SQLite, which
    rebuilds the table and drops its triggers.
    """
    build = (
        _postgresql_statements if connection.dialect.name == "postgresql" else _sqlite_statements
    )
    for table in tables:
        for statement in build(table):
            connection.exec_driver_sql(statement)


def rebuild_index(connection: Connection, tables: Iterable[str]) -> None:
    """Make the index match the stored documents exactly (SQLite: rebuild the FTS tables)."""
    install_index(connection, tables)
    if connection.dialect.name == "sqlite":
        for table in tables:
            connection.exec_driver_sql(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")


def reindex(session) -> int:
    """``flask crm reindex``: recompute every document, then rebuild the index from them."""
    changed = refresh_documents(session)
    rebuild_index(session.connection(), [m.__tablename__ for m in searchable_models()])
    session.commit()
    return changed


def is_index_object(name: str | None, type_: str) -> bool:
    """Objects of the search index that the models do not describe (for Alembic's comparison)."""
    if not name:
        return False
    if type_ == "table":
        return "_fts" in name
    if type_ == "column":
        return name == "search_vector"
    if type_ == "index":
        return name.startswith("ix_search_")
    return False


def is_searchable(model) -> bool:
    """Whether a model's list has an index-backed search (its own text or related rows')."""
    return issubclass(model, SearchableMixin) or model in RELATED
