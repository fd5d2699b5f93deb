"""What every screen shares: login and roles, German labels, guarded input, index search,
fixed query counts, capped counting and safe deletion. Area views only declare what they show."""

import logging
import re
from collections.abc import MutableSequence
from datetime import date, datetime
from decimal import Decimal

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_admin.actions import action
from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_admin.contrib.sqla.form import InlineModelConverter
from flask_admin.model import typefmt
from flask_babel import format_datetime, format_decimal, format_number
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, literal_column, or_, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Query, RelationshipDirection, joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError
from wtforms.validators import ValidationError

from ..extensions import db
from ..labels import FIELD_LABELS, TABLE_LABELS
from ..models.base import Choice, ChoiceType
from ..models.choices import Role
from ..references import check_deletable
from ..search import is_searchable, search_condition
from .filters import ChoiceFilter, ReferenceFilter, RelatedFilter
from .forms import INT_MAX, LotseFilterConverter, LotseForm, LotseModelConverter

log = logging.getLogger(__name__)

WRITE_ENDPOINTS = {"create_view", "edit_view", "delete_view", "action_view", "ajax_update"}
EXPORT_ENDPOINTS = {"export"}
# Kept by the system, never typed: hidden from forms and detail pages.
SYSTEM_COLUMNS = ("search_document", "created_by", "updated_by", "version")
MAX_PAGE = 100_000
MAX_INPUT = 200  # characters of a search term or filter value
MAX_LOOKUP = 50  # rows of one reference look-up
FIX_THE_FORM = _l("Nicht gespeichert: Bitte die markierten Angaben korrigieren.")
# Flask-Admin's messages that its German catalogue lacks.
UNTRANSLATED_FLASHES = {
    "Failed to create record.": FIX_THE_FORM,
    "Failed to save record.": FIX_THE_FORM,
}


def _format_choice(view, value, name=None):
    return value.label


def _format_list(view, value, name=None):
    return ", ".join(str(v.label if isinstance(v, Choice) else v) for v in value)


# Flask-Admin uses the first entry the value is an instance of, so the order matters: a Choice
# is also an Enum (shown by its code name otherwise) and a datetime is also a date.
TYPE_FORMATTERS = {
    Choice: _format_choice,
    datetime: lambda view, value, name=None: format_datetime(value, "dd.MM.yyyy HH:mm"),
    **typefmt.BASE_FORMATTERS,
    list: _format_list,
    MutableSequence: _format_list,  # e.g. the areas of a volunteer (an association proxy)
    date: lambda view, value, name=None: value.strftime("%d.%m.%Y"),
    Decimal: lambda view, value, name=None: format_decimal(value),
}


class AtLeast(int):
    """A row count that stopped at the limit; it pages like a number and reads "10.000+"."""

    def __str__(self) -> str:
        return f"{format_number(int(self) - 1)}+"

    def __html__(self) -> str:
        return str(self)


class CappedCountQuery(Query):
    """A count that stops at the configured limit: exact for small results, cheap for huge ones.

    Counting a whole table of a million rows costs more than showing a page of it; past the
    limit the list says "more than" and the pager still reaches the first pages.
    """

    def scalar(self):
        cap = current_app.config["LIST_COUNT_LIMIT"]
        rows = self.with_entities(literal_column("1")).limit(cap + 1).subquery()
        count = self.session.execute(select(func.count()).select_from(rows)).scalar()
        return AtLeast(count) if count > cap else count


class SearchAjaxLoader(QueryAjaxModelLoader):
    """Reference look-ups through the search index, never a whole table or a LIKE scan."""

    def get_one(self, pk):
        number = _as_id(pk)
        return None if number is None else super().get_one(number)

    def get_list(self, term, offset=0, limit=10):
        term = _clean_input(term) or ""
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
        return query.order_by(*order).offset(offset).limit(limit).all()


class LotseInlineConverter(InlineModelConverter):
    """Inline rows (roles of a contact, modules of a training, ...) get what a main form
    gets: German labels, cleaned input and index-backed look-ups that refuse a non-id."""

    def get_info(self, p):
        info = super().get_info(p)
        info.form_base_class = info.form_base_class or LotseForm
        info.column_labels = {**FIELD_LABELS, **(getattr(info, "column_labels", None) or {})}
        return info

    def process_ajax_refs(self, info):
        result = {}
        for name, options in (getattr(info, "form_ajax_refs", None) or {}).items():
            full_name = f"{info.model.__name__.lower()}-{name}"
            if isinstance(options, dict):
                target = getattr(info.model, name).property.mapper.class_
                loader = SearchAjaxLoader(full_name, self.session, target, **options)
            else:
                loader = options
                loader.name = full_name
            result[name] = loader
            self.view._form_ajax_refs[full_name] = loader
        return result


def _as_id(value) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= INT_MAX else None


def _clean_input(value: str | None) -> str | None:
    if value is None:
        return None
    return value.replace("\x00", "")[:MAX_INPUT]


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

    def __init__(self, model, name=None, category=None, **kwargs):
        # Labels and formatters must be complete before Flask-Admin scaffolds forms and filters.
        self.column_labels = {**FIELD_LABELS, **(self.column_labels or {})}
        self.column_type_formatters = dict(TYPE_FORMATTERS)
        self.column_type_formatters_detail = dict(TYPE_FORMATTERS)
        super().__init__(model, db, name=name, category=category, **kwargs)

    # --- access ---------------------------------------------------------------------------

    def _handle_view(self, name, **kwargs):
        refused = super()._handle_view(name, **kwargs)
        if refused is not None:
            return refused
        if name in WRITE_ENDPOINTS and not self._may(self.write_role):
            abort(403)
        if name in EXPORT_ENDPOINTS and not self._may(Role.COORDINATOR):
            abort(403)
        if name == "action_view" and any(_as_id(v) is None for v in request.form.getlist("rowid")):
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

    # --- reading ----------------------------------------------------------------------------

    def get_query(self):
        return super().get_query().options(*self._list_loader_options())

    def _list_loader_options(self):
        return self._loader_options(self.column_list)

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
                many_to_one = prop.direction is RelationshipDirection.MANYTOONE
                make = joinedload if many_to_one else selectinload
                loader = make(attr) if loader is None else getattr(loader, make.__name__)(attr)
                owner = prop.mapper.class_
            if loader is not None:
                options.append(loader)
        return options

    def scaffold_auto_joins(self):
        return []  # _list_loader_options decides how each relationship is loaded

    def get_count_query(self):
        return CappedCountQuery([func.count("*")], session=db.session()).select_from(self.model)

    def get_one(self, id):
        """The row of a details or edit page, with what the page shows loaded up front."""
        number = _as_id(id)
        found = None
        if number is not None:
            paths = (*(self.column_details_list or self.form_columns or ()), *self.details_load)
            found = db.session.get(self.model, number, options=self._loader_options(paths))
        if found is None:
            abort(404)
        return found

    def _apply_search(self, query, count_query, joins, count_joins, search):
        if not is_searchable(self.model):
            return super()._apply_search(query, count_query, joins, count_joins, search)
        condition = search_condition(self.model, search)
        query = query.filter(condition)
        if count_query is not None:
            count_query = count_query.filter(condition)
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
        args.page = min(max(args.page or 0, 0), MAX_PAGE)
        args.search = _clean_input(args.search)
        return args

    def _get_list_filter_args(self):
        kept = []
        for idx, name, value in super()._get_list_filter_args() or []:
            cleaned = _clean_input(value)
            if cleaned != value or not _filter_value_fits(self._filters[idx], cleaned):
                flash(_l("Ein Filterwert war ungültig und wurde nicht angewendet."), "error")
                continue
            kept.append((idx, name, cleaned))
        return kept

    def _get_filter_groups(self):
        """Flask-Admin reads filter options once at start; reference lists (municipalities,
        tags, ...) change, so theirs are read again for every list shown."""
        groups = super()._get_filter_groups()
        for items in (groups or {}).values():
            for item in items:
                options = self._filters[item["index"]].options
                if callable(options):
                    item["options"] = [(key, str(label)) for key, label in options()]
        return groups

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
            if prop.direction is RelationshipDirection.MANYTOONE:
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
        return super().action_delete([_as_id(i) for i in ids])

    def handle_view_exception(self, exc):
        if isinstance(exc, SQLAlchemyError):
            # First out of the failed transaction: composing the message reads the user's
            # language, which would touch the session again.
            db.session.rollback()
        if isinstance(exc, ValidationError):
            flash(str(exc), "error")
        elif isinstance(exc, StaleDataError):
            flash(
                _l(
                    "Der Eintrag wurde inzwischen von jemand anderem geändert. "
                    "Bitte die Seite neu laden und die Änderung noch einmal eintragen."
                ),
                "error",
            )
        elif isinstance(exc, IntegrityError):
            log.info("integrity error: %s", exc)
            duplicate = _duplicate_of(exc)
            if duplicate:
                flash(
                    _l(
                        "Nicht gespeichert: Einen Eintrag mit denselben Angaben gibt es bereits "
                        "(%(what)s).",
                        what=duplicate,
                    ),
                    "error",
                )
            else:
                flash(
                    _l(
                        "Nicht gespeichert: Ein Wert ist doppelt vergeben, ein Pflichtfeld "
                        "fehlt oder ein verknüpfter Eintrag existiert nicht mehr."
                    ),
                    "error",
                )
        elif isinstance(exc, SQLAlchemyError):
            log.exception("database error")
            flash(
                _l(
                    "Nicht gespeichert: Die Datenbank hat die Eingabe abgelehnt. "
                    "Bitte die Werte prüfen."
                ),
                "error",
            )
        else:
            return super().handle_view_exception(exc)
        return True

    def render(self, template, **kwargs):
        """Every page of the view; puts Flask-Admin's untranslated messages into German."""
        pending = session.get("_flashes")
        if pending and any(message in UNTRANSLATED_FLASHES for _, message in pending):
            session["_flashes"] = [
                (category, str(UNTRANSLATED_FLASHES.get(message, message)))
                for category, message in pending
            ]
        return super().render(template, **kwargs)


def _duplicate_of(exc: IntegrityError) -> str | None:
    """The table and columns, in German, of a duplicate the database refused, else None."""
    orig = exc.orig
    if getattr(orig, "sqlstate", None) == "23505":  # PostgreSQL: the constraint, by its name
        table = orig.diag.table_name
        found = db.metadata.tables.get(table)
        constraints = (*found.constraints, *found.indexes) if found is not None else ()
        columns = next(
            (c.columns.keys() for c in constraints if c.name == orig.diag.constraint_name), []
        )
    else:  # SQLite: "UNIQUE constraint failed: table.a, table.b"
        found = re.match(r"UNIQUE constraint failed: (.+)", str(orig))
        if not found:
            return None
        pairs = [p.strip().split(".", 1) for p in found.group(1).split(",")]
        table, columns = pairs[0][0], [p[-1] for p in pairs]
    label = str(TABLE_LABELS.get(table, table))
    names = ", ".join(str(FIELD_LABELS.get(c.removesuffix("_id"), c)) for c in columns)
    return f"{label}: {names}" if names else label


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
