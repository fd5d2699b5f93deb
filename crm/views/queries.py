"""The queries behind lists and look-ups: capped counts, index-backed reference look-ups, and
the guards that keep user-typed ids and terms within what the databases accept."""

from flask import current_app, request
from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_babel import format_number
from sqlalchemy import Select, case, func, literal_column, or_, select
from sqlalchemy.orm import Query

from ..extensions import db
from ..search import is_searchable, search_condition
from .lookups import LABELS, Found

INT_MAX = 2**31 - 1  # the largest integer column value both databases hold
MAX_PAGE = 100_000
MAX_INPUT = 200  # characters of a search term or filter value
MAX_LOOKUP = 50  # rows of one reference look-up
# A page is read along the list's order when the matches are at least this share of the
# table per page walked (see read_in_list_order).
COMMON = 50


class AtLeast(int):
    """A row count that stopped at the limit; it pages like a number and reads "10.000+"."""

    def __str__(self) -> str:
        return f"{format_number(int(self) - 1)}+"

    def __html__(self) -> str:
        return str(self)


class CappedCountQuery(Query):
    """A count that stops at the configured limit: exact for small results, cheap for huge ones.

    Counting a whole table of a million rows costs more than showing a page of it; past the
    limit the list says "more than" and the pager still reaches the first pages. A search
    counts to a lower limit (``limit_key``): each further match costs a row read.
    """

    limit_key = "LIST_COUNT_LIMIT"
    # (condition, rows): set where the matches of a condition can be counted without the
    # table, in a link table (RelatedFilter) or the search index (SQLite search); kept by
    # later filter() copies like limit_key.
    linked_rows = None

    def scalar(self):
        cap = current_app.config[self.limit_key]
        rows = self.with_entities(literal_column("1"))
        criteria = self._where_criteria
        if (
            self.linked_rows is not None
            and len(criteria) == 1
            and criteria[0] is self.linked_rows[0]
        ):
            # The condition is the list's only one: its link rows (or index entries) are the
            # matches, counted from an index instead of looking up every match in the table.
            rows = self.linked_rows[1]
        rows = rows.limit(cap + 1).subquery()
        count = self.session.execute(select(func.count()).select_from(rows)).scalar()
        return AtLeast(count) if count > cap else count


def clamped_page(page: int | None) -> int:
    return min(max(page or 0, 0), MAX_PAGE)


def read_in_list_order(found: Select, key) -> bool:
    """SQLite: is the list page asked for (the request's ``page``) of the rows whose ids
    ``found`` gives found sooner by walking the list's order and testing each row than by
    reading every match and sorting them all?

    SQLite's planner cannot tell: it always reads every match. That costs about as much per
    match as walking costs per row, and a walk to the end of page p passes about
    ``p · page size · rows / matches`` rows, so it pays once the matches are a good share of
    the table: at 100,000 contacts a newsletter tag on one in nine (0.3 instead of 22 ms) or
    "müller" (2.4 instead of 6.4 ms), not a rare name (7 instead of 0.4 ms). Asked with one
    statement that counts at most ``p/COMMON`` of the table's highest id in matches.
    """
    if db.session.get_bind().dialect.name != "sqlite":
        return False  # PostgreSQL's planner weighs both ways itself
    pages = clamped_page(request.args.get("page", 0, type=int)) + 1
    highest = select(func.max(key)).scalar_subquery()
    needed = func.coalesce(highest, 0) * pages // COMMON
    counted = found.limit(needed + 1).subquery()
    return bool(db.session.execute(select(func.count() >= needed).select_from(counted)).scalar())


class SearchAjaxLoader(QueryAjaxModelLoader):
    """Reference look-ups through the search index, never a whole table or a LIKE scan.
    Rows whose name is the word typed, then those whose name begins with it, come first
    ("Weiß" finds the Weiß family before people of Weißenbach's organisations); each row is
    labelled so that namesakes can be told apart (crm.views.lookups)."""

    def get_one(self, pk):
        number = as_id(pk)
        return None if number is None else super().get_one(number)

    def get_list(self, term, offset=0, limit=10):
        term = clean_input(term) or ""
        query = self.get_query()
        if is_searchable(self.model):
            query = query.filter(search_condition(self.model, term))
        else:
            pattern = f"%{term}%"
            query = query.filter(or_(*(f.ilike(pattern) for f in self._cached_fields)))
        order = self.order_by if self.order_by is not None else self._cached_fields
        if not isinstance(order, list | tuple):
            order = [order]
        offset = min(max(offset or 0, 0), MAX_PAGE * MAX_LOOKUP)
        limit = min(max(limit or 0, 1), MAX_LOOKUP)
        label = LABELS.get(self.model)
        if label is not None:
            query = query.options(*label.loads)
        rows = query.order_by(*self._rank(term), *order).offset(offset).limit(limit).all()
        if label is None:
            return rows
        return [Found(self.pk, getattr(row, self.pk), label.text(row)) for row in rows]

    def _rank(self, term: str) -> list:
        """0 for a name that is the first word typed, 1 for one that begins with it."""
        words = term.split()
        column = self.options.get("rank_by")
        if column is None and self._cached_fields:
            column = self._cached_fields[0]
        if not words or column is None:
            return []
        word = words[0].lower()
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        name = func.lower(column)
        return [
            case(
                (name == word, 0),
                (name.like(f"{escaped}%", escape="\\"), 1),
                else_=2,
            )
        ]


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
