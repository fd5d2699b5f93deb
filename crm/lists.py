"""A list's rows as one query: what a screen declares (its ListSpec) and the arguments of one
page (ListArgs) give the SELECT of that page's rows and their capped count, without a request,
for the list screens and for anything else that must show the same rows (exports, mailings,
reports)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import format_number
from sqlalchemy import Select, func, literal_column, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import (
    ColumnProperty,
    RelationshipDirection,
    RelationshipProperty,
    Session,
    aliased,
    joinedload,
    load_only,
    selectinload,
)

from .inputs import INT_MAX, clamped_page, clean_input
from .relatedtexts import RelatedTexts
from .search import found_ids, search_condition
from .sorting import ordered_by

MANYTOONE = RelationshipDirection.MANYTOONE
# A page is read along the list's order when the matches are at least this share of the
# table per page walked (see read_in_list_order).
COMMON = 50


class AtLeast(int):
    """A row count that stopped at the limit; it pages like a number and reads "10.000+"."""

    def __str__(self) -> str:
        return f"{format_number(int(self) - 1)}+"

    def __html__(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Ordering:
    """A column of a list's order, and the relationships joined to reach it."""

    column: Any
    path: tuple = ()

    @classmethod
    def of(cls, model, name) -> "Ordering":
        """``"last_name"``, a related table's column ``"municipality.name"``, or an attribute.
        A named column with a sort key is ordered by its key (crm.sorting), so that every list
        sorts names the German way and reads along the key's index."""
        if not isinstance(name, str):
            return cls(name)
        *steps, last = name.split(".")
        owner, path = model, []
        for step in steps:
            attr = getattr(owner, step)
            path.append(attr)
            owner = attr.property.mapper.class_
        return cls(ordered_by(owner, last), tuple(path))


@dataclass(frozen=True)
class ListFilter:
    """A filter a list offers, by the name of its URL argument (``kommune_ist``); ``filter``
    is a Flask-Admin SQLAlchemy filter (``validate``, ``clean``, ``apply``), ``path`` the
    relationships joined to reach its column (``"carrier.name"``).

    A filter may also offer ``linked(value)``: the ids of the rows it keeps, read from an index
    alone, to count them by and to judge whether a walk along the list's order finds the page
    sooner; and ``walking(value)``: its condition for that walk (see RelatedFilter).
    """

    arg: str
    filter: Any
    path: tuple = ()

    def accepts(self, value: str) -> bool:
        """Whether the value is one the filter and the database take (no number past what a
        column holds)."""
        if clean_input(value) != value or not self.filter.validate(value):
            return False
        try:
            cleaned = self.filter.clean(value)
        except (TypeError, ValueError, ArithmeticError):
            return False
        numbers = cleaned if isinstance(cleaned, list) else [cleaned]
        return cleaned is not None and all(
            not isinstance(n, int | float) or isinstance(n, bool) or abs(n) <= INT_MAX
            for n in numbers
        )


@dataclass(frozen=True)
class ListSpec:
    """What a list screen declares: its model, the orders it offers by column name, its default
    order (orderings with their direction), its filters, how its rows are loaded and which of
    its columns are read as texts (RelatedTexts)."""

    model: Any
    sorts: dict[str, tuple[Ordering, ...]]
    default_order: tuple[tuple[Ordering, bool], ...]
    filters: tuple[ListFilter, ...]
    loads: tuple = ()
    texts: RelatedTexts | None = None
    searchable: bool = False
    page_size: int = 20

    def filter_named(self, arg: str) -> ListFilter:
        return next(f for f in self.filters if f.arg == arg)


@dataclass(frozen=True)
class ListArgs:
    """One page of a list: the search, the filters as (URL name, value), the column sorted by
    (None: the default order), the page from 0 and its size (0: every row)."""

    search: str | None = None
    filters: Sequence[tuple[str, str]] = ()
    sort: str | None = None
    sort_desc: bool = False
    page: int = 0
    page_size: int | None = None


class ListPage(list):
    """The rows of a page, with their related texts by row id and column (RelatedTexts)."""

    def __init__(self, rows: Iterable, texts: dict):
        super().__init__(rows)
        self.texts = texts


@dataclass(frozen=True)
class ListQuery:
    """The statements of one page: ``rows`` in the list's order, ``counted`` the rows to count
    (each a 1), up to ``cap`` of them."""

    spec: ListSpec
    rows: Select
    counted: Select
    cap: int

    def count(self, session: Session) -> int:
        """The number of rows, exact up to the cap; past it an AtLeast."""
        rows = self.counted.limit(self.cap + 1).subquery()
        count = session.execute(select(func.count()).select_from(rows)).scalar()
        return AtLeast(count) if count > self.cap else count

    def read(self, session: Session) -> ListPage:
        """The page's rows and their related texts."""
        rows = session.scalars(self.rows).all()
        texts = self.spec.texts.read(session, rows) if self.spec.texts else {}
        return ListPage(rows, texts)


def list_query(spec: ListSpec, args: ListArgs, session: Session) -> ListQuery:
    """The query of one page of a list. Planning it may ask the database a cheap question or
    two (whether to read along the list's order, a search's related ids). Filters whose value
    the filter does not accept raise ValueError (see ListFilter.accepts)."""
    model = spec.model
    key = sa_inspect(model).primary_key[0]
    page = clamped_page(args.page)
    rows = select(model).options(*spec.loads)
    counted = select(literal_column("1")).select_from(model)
    # Per condition of the count, the rows that count it without reading the table (in the
    # search index or a link table) where there are such; used when it is the only one.
    counts = []
    search = clean_input(args.search)
    if spec.searchable and search:
        found = found_ids(model, search)
        walk = found is not None and read_in_list_order(
            session, found_ids(model, search, each_once=False), key, page
        )
        rows = rows.where(search_condition(model, search, in_list_order=walk))
        counted = counted.where(search_condition(model, search, for_rows=False))
        counts.append(found)
    row_joins, count_joins = {}, {}
    for arg, value in args.filters:
        listed = spec.filter_named(arg)
        if not listed.accepts(value):
            raise ValueError(f"{arg}: {value!r}")
        flt, cleaned = listed.filter, listed.filter.clean(value)
        linked = flt.linked(cleaned) if hasattr(flt, "linked") else None
        if linked is not None and read_in_list_order(session, linked, key, page):
            rows = rows.where(flt.walking(cleaned))
        else:
            rows, alias = _joined(rows, listed.path, row_joins)
            rows = flt.apply(rows, cleaned, alias)
        counted, alias = _joined(counted, listed.path, count_joins)
        counted = flt.apply(counted, cleaned, alias)
        counts.append(linked)
    if len(counts) == 1 and counts[0] is not None:
        counted = counts[0]
    rows = _ordered(spec, args, rows, row_joins, key)
    size = spec.page_size if args.page_size is None else args.page_size
    if size:
        rows = rows.limit(size).offset(page * size if page else None)
    cap = current_app.config["SEARCH_COUNT_LIMIT" if search else "LIST_COUNT_LIMIT"]
    return ListQuery(spec, _page_rows(spec, rows, key, session, paged=bool(size)), counted, cap)


def _ordered(spec: ListSpec, args: ListArgs, rows: Select, joins: dict, key) -> Select:
    """The list's order. A sort by a related table's column (contacts by their municipality's
    name) ends in the id: no index serves that order, the database sorts, and rows equal in it
    (hundreds of contacts of one municipality) could come in another order on the next page,
    repeating or skipping rows. A sort by the row's own column reads along its index, where
    equal rows keep their order; an id there would make the database sort whole groups of
    equal rows (all open assignments without a start date: 41 ms instead of 2). A column that
    cannot be sorted by gives no order at all, as in Flask-Admin."""
    if args.sort is None:
        order = spec.default_order
    else:
        order = [(o, args.sort_desc) for o in spec.sorts.get(args.sort, ())]
    for ordering, descending in order:
        rows, alias = _joined(rows, ordering.path, joins)
        column = ordering.column if alias is None else getattr(alias, ordering.column.key)
        rows = rows.order_by(column.desc() if descending else column)
    if args.sort is not None and any(o.path for o, _ in order):
        rows = rows.order_by(key.desc() if args.sort_desc else key)
    return rows


def _joined(statement: Select, path: tuple, joins: dict) -> tuple[Select, Any]:
    """The statement outer-joined along ``path`` (each relationship once, as an alias kept in
    ``joins``), and the alias its last step reaches."""
    last = None
    for attr in path:
        alias = joins.get(attr)
        if alias is None:
            alias = joins[attr] = aliased(attr.property.mapper.class_)
            onclause = attr if last is None else getattr(last, attr.key)
            statement = statement.outerjoin(alias, onclause)
        last = alias
    return statement, last


def _page_rows(spec: ListSpec, rows: Select, key, session: Session, paged: bool) -> Select:
    """The page's rows in the list's order, as ``rows`` selects them.

    On PostgreSQL a page's ids are read first, then its rows: the ids of a deep page come from
    an index alone (``ix_contacts_name_order`` for contacts by name), where reading whole rows
    made the planner scan and sort the table on disk (page 5,000 of 100,000 contacts: 20 ms
    instead of 123). SQLite passes skipped rows by the index without reading them anyway."""
    if not paged or session.get_bind().dialect.name != "postgresql":
        return rows
    ids = rows.with_only_columns(key).scalar_subquery()
    page = (
        func.unnest(func.array(ids))
        .table_valued("id", with_ordinality="position")
        .render_derived(name="page")
    )
    return (
        select(spec.model)
        .join(page, key == page.c.id)
        .options(*spec.loads)
        .order_by(page.c.position)
    )


def read_in_list_order(session: Session, found: Select, key, page: int) -> bool:
    """SQLite: is page ``page`` of the rows whose ids ``found`` gives found sooner by walking
    the list's order and testing each row than by reading every match and sorting them all?

    SQLite's planner cannot tell: it always reads every match. That costs about as much per
    match as walking costs per row, and a walk to the end of page p passes about
    ``p · page size · rows / matches`` rows, so it pays once the matches are a good share of
    the table: at 100,000 contacts a newsletter tag on one in nine (0.3 instead of 22 ms) or
    "müller" (2.4 instead of 6.4 ms), not a rare name (7 instead of 0.4 ms). Asked with one
    statement that counts at most ``p/COMMON`` of the table's highest id in matches.
    """
    if session.get_bind().dialect.name != "sqlite":
        return False  # PostgreSQL's planner weighs both ways itself
    pages = clamped_page(page) + 1
    highest = select(func.max(key)).scalar_subquery()
    needed = func.coalesce(highest, 0) * pages // COMMON
    counted = found.limit(needed + 1).subquery()
    return bool(session.execute(select(func.count() >= needed).select_from(counted)).scalar())


def sorts_declared(model, sortable: Iterable) -> dict[str, tuple[Ordering, ...]]:
    """The orders a list offers, declared as Flask-Admin's ``column_sortable_list``: a column
    name, or (name, a path like ``"municipality.name"``), or (name, (path, path, ...))."""
    sorts = {}
    for entry in sortable:
        if isinstance(entry, tuple):
            name, paths = entry
            paths = paths if isinstance(paths, tuple) else (paths,)
            sorts[name] = tuple(Ordering.of(model, p) for p in paths)
        else:
            name = entry if isinstance(entry, str) else getattr(entry, "key", str(entry))
            sorts[name] = (Ordering.of(model, entry),)
    return sorts


def order_declared(model, default_sort) -> tuple[tuple[Ordering, bool], ...]:
    """A default order declared as Flask-Admin's ``column_default_sort``: a name, a (name,
    descending) pair or a list of them."""
    if not default_sort:
        return ()
    if isinstance(default_sort, str):
        default_sort = [(default_sort, False)]
    elif isinstance(default_sort, tuple):
        default_sort = [default_sort]
    return tuple((Ordering.of(model, name), desc) for name, desc in default_sort)


def list_loads(model, columns: Iterable[str], texts: RelatedTexts | None) -> tuple:
    """How a list loads its rows: its own columns only (a record's notes are no list's
    business), and the relationships it shows that are not read as texts."""
    mapper = sa_inspect(model)
    loaded, shown = [], []
    for name in columns:
        prop = mapper.attrs.get(name) if isinstance(name, str) else None
        if isinstance(prop, ColumnProperty):
            loaded.append(prop.class_attribute)
        elif isinstance(prop, RelationshipProperty) and prop.direction is MANYTOONE:
            keys = (mapper.get_property_by_column(c) for c in prop.local_columns)
            loaded.extend(key.class_attribute for key in keys)
        if not (texts and name in texts.columns):
            shown.append(name)
    return (load_only(*loaded), *eager_loads(model, shown))


def eager_loads(model, paths: Iterable) -> list:
    """Eager loads for every relationship a page shows, so it costs a fixed number of
    queries: to-many in one extra SELECT each, many-to-one paths joined."""
    options = []
    for entry in paths or ():
        if not isinstance(entry, str):
            continue
        owner, loader = model, None
        for step in entry.split("."):
            attr = getattr(owner, step, None)
            prop = getattr(attr, "property", None)
            if not hasattr(prop, "direction"):
                break
            make = joinedload if prop.direction is MANYTOONE else selectinload
            loader = make(attr) if loader is None else getattr(loader, make.__name__)(attr)
            owner = prop.mapper.class_
        if loader is not None:
            options.append(loader)
    return options
