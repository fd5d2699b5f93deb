"""How a screen reads its rows: a list page through the one list query (crm.lists) from
Flask-Admin's public get_list, the record of a details or edit page, and the thin adapters
that keep the request's arguments within bounds and build the list's links."""

from functools import cached_property
from urllib.parse import urlencode

from flask import abort, request, url_for
from flask_admin.model.template import DeleteRowAction, EditRowAction, ViewRowAction

from ..extensions import db
from ..inputs import as_id, clamped_page, clean_input
from ..lists import (
    ListArgs,
    ListSpec,
    Ordering,
    eager_loads,
    list_loads,
    list_query,
    order_declared,
    sorts_declared,
)
from ..relatedtexts import RelatedTexts
from ..search import is_searchable
from .listing import RowLink


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

    @cached_property
    def list_spec(self) -> ListSpec:
        """The list as crm.lists reads it, from the screen's Flask-Admin declarations."""
        model = self.model
        if self.column_sortable_list is None:
            sorts = {name: (Ordering.of(model, name),) for name in self.scaffold_sortable_columns()}
        else:
            sorts = sorts_declared(model, self.column_sortable_list)
        columns = [name for name, _ in self.get_list_columns()]
        texts = RelatedTexts(model, [c for c in columns if c not in self.column_formatters])
        return ListSpec(
            model=model,
            sorts=sorts,
            default_order=order_declared(model, self.column_default_sort),
            filters=tuple(self.list_filters),
            loads=list_loads(model, columns, texts),
            texts=texts,
            searchable=is_searchable(model),
            page_size=self.page_size,
        )

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True, page_size=None):
        """A page of the list through crm.lists, from the arguments Flask-Admin read from the
        request (filters as (index, name, value)): the count and the rows with their related
        texts (a ListPage); unexecuted, the rows' SELECT."""
        spec = self.list_spec
        args = ListArgs(
            search=search,
            filters=[(spec.filters[index].arg, value) for index, _, value in filters or ()],
            sort=sort_column,
            sort_desc=bool(sort_desc),
            page=page or 0,
            page_size=page_size,
        )
        listed = list_query(spec, args, db.session())
        count = listed.count(db.session())
        return count, listed.read(db.session()) if execute else listed.rows

    def get_one(self, id):
        """The row of a details or edit page, with what the page shows loaded up front."""
        number = as_id(id)
        found = None
        if number is not None:
            editing = request.endpoint == f"{self.endpoint}.edit_view"
            shown = (self.form_columns if editing else self.column_details_list) or ()
            more = (p for p in self.details_load if p.partition(".")[0] in shown)
            paths = (*shown, *more)
            found = db.session.get(self.model, number, options=eager_loads(self.model, paths))
        if found is None:
            abort(404)
        return found

    def init_search(self) -> bool:
        return is_searchable(self.model)  # through the index (crm.search), see crm.lists

    def search_placeholder(self):
        return str(self.search_hint)

    def _get_list_extra_args(self):
        """Adapter on Flask-Admin's private reading of the request: the page and the search
        kept within bounds (crm.inputs) before index_view shows them and passes them on to
        get_list."""
        args = super()._get_list_extra_args()
        args.page = clamped_page(args.page)
        args.search = clean_input(args.search)
        return args

    def _get_list_url(self, view_args) -> str:
        """Adapter on Flask-Admin's private link builder: the list with these arguments, as
        Flask-Admin builds it, but with the path built once per mount point: a list page links
        twenty of these (pager, sort headers, page sizes, the way back from each record), each
        a url_for otherwise."""
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
