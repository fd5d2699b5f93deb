"""How a screen reads its rows: the list's query with its search, sorting and capped count,
fixed query counts through eager loads of what a page shows, and the row of a record page."""

from functools import cached_property
from urllib.parse import urlencode

from flask import abort, request, url_for
from flask_admin.model.template import DeleteRowAction, EditRowAction, ViewRowAction
from sqlalchemy import func
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import (
    ColumnProperty,
    RelationshipDirection,
    RelationshipProperty,
    joinedload,
    load_only,
    selectinload,
)

from ..extensions import db
from ..search import found_ids, is_searchable, search_condition
from .listing import RowLink
from .queries import CappedCountQuery, as_id, clamped_page, clean_input, read_in_list_order

MANYTOONE = RelationshipDirection.MANYTOONE


class ListReading:
    """The reading half of a model screen (mixed into LotseModelView)."""

    def delete_form(self):
        """None for a list, which shows no delete form (see get_list_row_actions), though
        Flask-Admin builds one for every list shown."""
        if request.endpoint == f"{self.endpoint}.index_view":
            return None
        return super().delete_form()

    def get_list_row_actions(self):
        """View and edit icons built once per page (see crm.views.listing), and no delete form
        in every row, with its own token and URLs: a record is deleted from its details page
        or with the bulk action of the list."""
        kept = []
        for row_action in super().get_list_row_actions():
            if isinstance(row_action, ViewRowAction):
                row_action = RowLink(".details_view", "fa fa-eye", row_action.title)
            elif isinstance(row_action, EditRowAction):
                row_action = RowLink(".edit_view", "fa fa-pencil", row_action.title)
            elif isinstance(row_action, DeleteRowAction):
                continue
            kept.append(row_action)
        return kept

    def get_query(self):
        return super().get_query().options(*self._list_loader_options())

    def _list_loader_options(self):
        """The list's own columns only (a record's notes are no list's business), plus the
        relationships it shows that are not read as text (see RelatedTexts)."""
        shown = [c for c in self.column_list or () if c not in self._table.texts.columns]
        return [load_only(*self._list_columns_loaded), *self._loader_options(shown)]

    @cached_property
    def _list_columns_loaded(self):
        mapper = sa_inspect(self.model)
        loaded = []
        for name in self.column_list or ():
            prop = mapper.attrs.get(name) if isinstance(name, str) else None
            if isinstance(prop, ColumnProperty):
                loaded.append(prop.class_attribute)
            elif isinstance(prop, RelationshipProperty) and prop.direction is MANYTOONE:
                keys = (mapper.get_property_by_column(c) for c in prop.local_columns)
                loaded.extend(key.class_attribute for key in keys)
        return loaded

    def _loader_options(self, paths):
        """Eager loads for every relationship a page shows, so it costs a fixed number of
        queries: to-many in one extra SELECT each, many-to-one paths joined."""
        options = []
        for entry in paths or ():
            if not isinstance(entry, str):
                continue
            owner, loader = self.model, None
            for step in entry.split("."):
                attr = getattr(owner, step, None)
                prop = getattr(attr, "property", None)
                if not hasattr(prop, "direction"):
                    break
                many_to_one = prop.direction is MANYTOONE
                make = joinedload if many_to_one else selectinload
                loader = make(attr) if loader is None else getattr(loader, make.__name__)(attr)
                owner = prop.mapper.class_
            if loader is not None:
                options.append(loader)
        return options

    def _apply_sorting(self, query, joins, sort_column, sort_desc):
        """A sort by a related table's column (contacts by their municipality's name) ends in
        the id. No index serves that order, the database sorts, and rows equal in it (hundreds
        of contacts of one municipality) could come in another order on the next page,
        repeating or skipping rows. A sort by the row's own column reads along its index, where
        equal rows keep their order; an id there would make the database sort whole groups of
        equal rows (all open assignments without a start date: 41 ms instead of 2)."""
        query, joins = super()._apply_sorting(query, joins, sort_column, sort_desc)
        if sort_column is not None and self._sortable_joins.get(sort_column):
            key = sa_inspect(self.model).primary_key[0]
            query = query.order_by(key.desc() if sort_desc else key)
        return query, joins

    def scaffold_auto_joins(self):
        return []  # _list_loader_options decides how each relationship is loaded

    def get_count_query(self):
        return CappedCountQuery([func.count("*")], session=db.session()).select_from(self.model)

    def get_one(self, id):
        """The row of a details or edit page, with what the page shows loaded up front."""
        number = as_id(id)
        found = None
        if number is not None:
            editing = request.endpoint == f"{self.endpoint}.edit_view"
            shown = (self.form_columns if editing else self.column_details_list) or ()
            more = (p for p in self.details_load if p.partition(".")[0] in shown)
            paths = (*shown, *more)
            found = db.session.get(self.model, number, options=self._loader_options(paths))
        if found is None:
            abort(404)
        return found

    def _apply_search(self, query, count_query, joins, count_joins, search):
        """Through the search index (crm.search). On SQLite the matches are counted in the
        index alone, and a search that finds a good share of the table is read along the
        list's order (read_in_list_order)."""
        if not is_searchable(self.model):
            return super()._apply_search(query, count_query, joins, count_joins, search)
        found = found_ids(self.model, search)
        walk = False
        if found is not None:
            estimate = found_ids(self.model, search, each_once=False)
            walk = read_in_list_order(estimate, self.model.id)
        query = query.filter(search_condition(self.model, search, in_list_order=walk))
        if count_query is not None:
            condition = search_condition(self.model, search, for_rows=False)
            count_query = count_query.filter(condition)
            count_query.limit_key = "SEARCH_COUNT_LIMIT"  # kept by later filter() copies
            if found is not None:
                count_query.linked_rows = (condition, found)
        return query, count_query, joins, count_joins

    def init_search(self) -> bool:
        if is_searchable(self.model):
            self._search_fields = []  # the index answers; see _apply_search
            return True
        return super().init_search()

    def search_placeholder(self):
        return str(self.search_hint)

    def _get_list_extra_args(self):
        args = super()._get_list_extra_args()
        args.page = clamped_page(args.page)
        args.search = clean_input(args.search)
        return args

    def _get_list_url(self, view_args) -> str:
        """The list with these arguments, as Flask-Admin builds it, but with the path built once
        per mount point: a list page links twenty of these (pager, sort headers, page sizes,
        the way back from each record), each a url_for otherwise."""
        args = {
            "page": view_args.page or None,
            "sort": view_args.sort,
            "desc": 1 if view_args.sort_desc else None,
            "search": view_args.search,
            **view_args.extra_args,
            "page_size": self.get_safe_page_size(view_args.page_size),
            **self._get_filters(view_args.filters),
        }
        query = urlencode([(k, v) for k, v in args.items() if v is not None], doseq=True)
        path = self._list_paths.get(request.script_root)
        if path is None:
            path = self._list_paths[request.script_root] = url_for(f"{self.endpoint}.index_view")
        return f"{path}?{query}" if query else path
