"""What every screen shares: login and roles, German labels, guarded input, index search,
fixed query counts, capped counting and safe deletion. Area views only declare what they show."""

import re
from functools import cached_property
from urllib.parse import urlencode

from flask import abort, flash, redirect, request, session, url_for
from flask_admin.actions import action
from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from flask_admin.contrib.sqla import ModelView
from flask_admin.model.template import DeleteRowAction, EditRowAction, ViewRowAction
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import (
    ColumnProperty,
    RelationshipDirection,
    RelationshipProperty,
    joinedload,
    load_only,
    selectinload,
)
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField
from wtforms.validators import ValidationError

from ..extensions import db
from ..labels import FIELD_LABELS
from ..models.base import ChoiceType
from ..models.choices import Role
from ..references import check_deletable
from ..search import found_ids, is_searchable, search_condition
from .errors import UNTRANSLATED_FLASHES, database_error_message
from .filters import ChoiceFilter, FilterOptions, ReferenceFilter, RelatedFilter
from .formatters import TYPE_FORMATTERS
from .forms import LotseFilterConverter, LotseForm, LotseInlineConverter, LotseModelConverter
from .listing import RowLink, TableFormatter, link_templates
from .queries import (
    INT_MAX,
    CappedCountQuery,
    SearchAjaxLoader,
    as_id,
    clamped_page,
    clean_input,
    read_in_list_order,
)

MANYTOONE = RelationshipDirection.MANYTOONE
WRITE_ENDPOINTS = {"create_view", "edit_view", "delete_view", "action_view", "ajax_update"}
EXPORT_ENDPOINTS = {"export"}
# Kept by the system, never typed: hidden from forms and detail pages.
SYSTEM_COLUMNS = ("search_document", "created_by", "updated_by", "version")


def lookup(*fields: str) -> dict:
    """A reference field's look-up (``form_ajax_refs``): through the search index where the
    model has one, else by these columns; ordered by them, ten rows a page."""
    return {"fields": fields, "page_size": 10}


class RoleAccess:
    """Login and role checks shared by every page of the admin, list or not."""

    read_role = Role.VIEWER

    def _may(self, role: Role) -> bool:
        return current_user.is_authenticated and current_user.may(role)

    def is_accessible(self) -> bool:
        return self._may(self.read_role)

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)


class LotseModelView(RoleAccess, ModelView):
    """The base of every screen. Subclasses set the usual Flask-Admin attributes, plus:

    ``read_role``/``write_role``: who may see and who may change (checked on the server for
    every endpoint); ``search_hint``: what the search box covers (the search itself is
    :func:`crm.search.search_condition`); ``details_load``: relationship paths loaded with the
    row of a details or edit page beyond the ones it lists.
    """

    write_role = Role.COORDINATOR
    search_hint = _l("Suchen")
    # Relationship paths the details and edit pages need beyond the ones they list, e.g. what
    # related rows are named by ("participations.volunteer"); see get_one.
    details_load: tuple[str, ...] = ()

    form_base_class = LotseForm
    model_form_converter = LotseModelConverter
    inline_model_form_converter = LotseInlineConverter
    filter_converter = LotseFilterConverter()
    named_filter_urls = True
    can_view_details = True
    can_export = False
    page_size = 20
    can_set_page_size = True
    page_size_options = (20, 50, 100)
    column_display_pk = False
    column_type_formatters = TYPE_FORMATTERS
    column_type_formatters_detail = TYPE_FORMATTERS
    form_excluded_columns = (*SYSTEM_COLUMNS, "created_at", "updated_at")
    column_details_exclude_list = SYSTEM_COLUMNS
    list_template = "admin/model/lotse_list.html"
    details_template = "admin/model/lotse_details.html"

    def __init__(self, model, name=None, category=None, **kwargs):
        # Labels and formatters must be complete before Flask-Admin scaffolds forms and filters.
        if self.column_details_list is None and self.form_columns:
            self.column_details_list = (*self.form_columns, "created_at", "updated_at")
        self.column_labels = {**FIELD_LABELS, **(self.column_labels or {})}
        self.column_type_formatters = dict(TYPE_FORMATTERS)
        self.column_type_formatters_detail = dict(TYPE_FORMATTERS)
        super().__init__(model, db, name=name, category=category, **kwargs)
        self._table = TableFormatter(self)
        self._list_paths: dict[str, str] = {}  # see _get_list_url

    # --- access ---------------------------------------------------------------------------

    def _handle_view(self, name, **kwargs):
        refused = super()._handle_view(name, **kwargs)
        if refused is not None:
            return refused
        if name in WRITE_ENDPOINTS and not self._may(self.write_role):
            abort(403)
        if name in EXPORT_ENDPOINTS and not self._may(Role.COORDINATOR):
            abort(403)
        if name == "action_view" and any(as_id(v) is None for v in request.form.getlist("rowid")):
            abort(400)
        return None

    @property
    def can_create(self) -> bool:
        return self._may(self.write_role)

    @property
    def can_edit(self) -> bool:
        return self._may(self.write_role)

    @property
    def can_delete(self) -> bool:
        return self._may(self.write_role)

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

    # --- reading ----------------------------------------------------------------------------

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
            paths = (*(self.column_details_list or self.form_columns or ()), *self.details_load)
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

    def _get_list_filter_args(self):
        kept = []
        for idx, name, value in super()._get_list_filter_args() or []:
            cleaned = clean_input(value)
            if cleaned != value or not _filter_value_fits(self._filters[idx], cleaned):
                flash(_l("Ein Filterwert war ungültig und wurde nicht angewendet."), "error")
                continue
            kept.append((idx, name, cleaned))
        return kept

    def _refresh_filters_cache(self):
        super()._refresh_filters_cache()
        self._filter_groups_in = {}  # the groups in each language, see _get_filter_groups
        self._filter_menus = {}  # language: (fingerprint, groups with their options)
        self._filter_options = FilterOptions(
            {
                index: flt.options
                for index, flt in enumerate(self._filters or ())
                if callable(flt.options)
            }
        )

    def _get_filter_groups(self):
        """The filter menu of a list. Its names only change with the language, so Flask-Admin's
        translation of them is kept per language; the option lists of reference tables
        (municipalities, tags, ...) are put in and kept while those tables stay unchanged
        (see FilterOptions)."""
        if not self._filter_groups:
            return None
        language = str(get_locale())
        groups = self._filter_groups_in.get(language)
        if groups is None:
            groups = self._filter_groups_in[language] = super()._get_filter_groups()
        if not self._filter_options.lists:
            return groups
        fingerprint = self._filter_options.fingerprint()
        kept = self._filter_menus.get(language)
        if kept is not None and fingerprint is not None and kept[0] == fingerprint:
            return kept[1]
        options = self._filter_options.read()
        menu = {
            key: [
                {**item, "options": options[item["index"]]} if item["index"] in options else item
                for item in items
            ]
            for key, items in groups.items()
        }
        self._filter_menus[language] = (fingerprint, menu)
        return menu

    def scaffold_filters(self, name):
        """Shorthands for ``column_filters``: a choice column, a reference or a tag-like link
        by its attribute name, each offered as a list of German names."""
        attr = getattr(self.model, name, None) if isinstance(name, str) else None
        label = self.column_labels.get(name, name)
        prop = getattr(attr, "property", None)
        if prop is not None and hasattr(prop, "direction"):
            target = prop.mapper.class_
            if prop.secondary is not None:
                return [RelatedFilter(attr, label, target)]
            if prop.direction is MANYTOONE:
                return [ReferenceFilter(next(iter(prop.local_columns)), label, target)]
        if prop is not None and hasattr(prop, "columns"):
            column_type = prop.columns[0].type
            if isinstance(column_type, ChoiceType):
                return [ChoiceFilter(attr, label, column_type.choice)]
        return super().scaffold_filters(name)

    def get_filter_arg(self, index, flt):
        """Filter URLs from the German source names, so a link works in every UI language."""
        name = getattr(flt.name, "_args", (flt.name,))[0]
        operation = flt.operation()
        operation = getattr(operation, "_args", (operation,))[0]
        return slugify_filter(f"{name} {operation}")

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

    def list_url(self, **filters) -> str:
        """The list filtered by equality on columns, e.g. ``list_url(status="offen")``."""
        args = {}
        for position, (column, value) in enumerate(filters.items()):
            index, flt = next(
                (i, f)
                for i, f in enumerate(self._filters or ())
                if getattr(getattr(f, "column", None), "key", None) == column
            )
            args[f"flt{position}_{self.get_filter_arg(index, flt)}"] = value
        return url_for(f"{self.endpoint}.index_view", **args)

    def _create_ajax_loader(self, name, options):
        prop = getattr(self.model, name).property
        return SearchAjaxLoader(name, self.session, prop.mapper.class_, **options)

    # --- writing ----------------------------------------------------------------------------

    def scaffold_form(self):
        form_class = super().scaffold_form()
        if hasattr(self.model, "version"):
            # The version the user saw, so a save over someone else's change is refused.
            form_class.seen_version = HiddenField()
        return form_class

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        seen = getattr(form, "seen_version", None)
        if seen is not None and obj is not None and not seen.data:
            seen.data = str(obj.version)
        return form

    def update_model(self, form, model):
        """Optimistic locking across the round trip of a form: the row must still be as the
        user saw it. (The version column guards concurrent flushes on its own.)"""
        seen = getattr(form, "seen_version", None)
        if seen is not None and seen.data and seen.data != str(model.version):
            flash(database_error_message(StaleDataError()), "error")
            return False
        return super().update_model(form, model)

    def on_model_delete(self, model):
        check_deletable(model)

    @action(
        "delete",
        admin_lazy_gettext("Delete"),
        admin_lazy_gettext("Are you sure you want to delete selected records?"),
    )
    def action_delete(self, ids):
        """Deleting the selected rows, their ids as numbers: Flask-Admin compares the integer key
        with text, which PostgreSQL refuses (_handle_view has checked they are ids)."""
        return super().action_delete([as_id(i) for i in ids])

    def handle_view_exception(self, exc):
        if isinstance(exc, SQLAlchemyError):
            # First out of the failed transaction: composing the message reads the user's
            # language, which would touch the session again.
            db.session.rollback()
            flash(database_error_message(exc), "error")
            return True
        if isinstance(exc, ValidationError):
            flash(str(exc), "error")
            return True
        return super().handle_view_exception(exc)

    def render(self, template, **kwargs):
        """Every page of the view; puts Flask-Admin's untranslated messages into German."""
        pending = session.get("_flashes")
        if pending and any(message in UNTRANSLATED_FLASHES for _, message in pending):
            session["_flashes"] = [
                (category, str(UNTRANSLATED_FLASHES.get(message, message)))
                for category, message in pending
            ]
        if template == self.list_template:
            links = link_templates(self, kwargs["list_row_actions"], kwargs["return_url"])
            kwargs["table"] = self._table.rows(kwargs["data"], links)
        return super().render(template, **kwargs)


def _filter_value_fits(flt, value) -> bool:
    """Reject numbers no column can hold before they reach the database."""
    try:
        cleaned = flt.clean(value)
    except (TypeError, ValueError, ArithmeticError):
        return False
    numbers = cleaned if isinstance(cleaned, list) else [cleaned]
    return (
        all(
            not isinstance(n, int | float) or isinstance(n, bool) or abs(n) <= INT_MAX
            for n in numbers
        )
        and cleaned is not None
    )


def slugify_filter(text: str) -> str:
    return re.sub(r"[^a-z0-9äöüß]+", "_", text.lower()).strip("_")
