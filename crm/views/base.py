"""What every screen shares, composed from one module per concern: access (who may),
reading (the list and the record), exports, the filter menu and writing (forms and the write
path).
Area views only declare what they show."""

from flask import session
from flask_admin.contrib.sqla import ModelView
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..labels import FIELD_LABELS
from ..sorting import sort_key_columns
from .access import ModelAccess, RoleAccess
from .details import DETAIL_FORMATTERS
from .errors import UNTRANSLATED_FLASHES
from .exporting import ListExport
from .filtermenu import FilterMenu
from .formatters import TYPE_FORMATTERS
from .forms import LotseFilterConverter, LotseForm, LotseInlineConverter, LotseModelConverter
from .listing import TableFormatter, link_templates
from .reading import ListReading
from .related import RelatedList, related_tables
from .sensitive import SensitiveColumns
from .writing import FormWriting

__all__ = ["SYSTEM_COLUMNS", "LotseModelView", "RoleAccess", "lookup"]

SEARCH_PLACEHOLDER = _l("Suchen …")
# Kept by the system, never typed: hidden from forms and detail pages.
SYSTEM_COLUMNS = (
    "search_document",
    *sorted(sort_key_columns()),
    "created_by",
    "updated_by",
    "version",
)


def lookup(*fields: str) -> dict:
    """A reference field's look-up (``form_ajax_refs``): through the search index where the
    model has one, else by these columns; ordered by them, ten rows a page."""
    return {"fields": fields, "page_size": 10, "placeholder": SEARCH_PLACEHOLDER}


class LotseModelView(
    ModelAccess, SensitiveColumns, ListExport, FormWriting, FilterMenu, ListReading, ModelView
):
    """The base of every screen. Subclasses set the usual Flask-Admin attributes, plus:

    ``read_role``/``write_role``: who may see and who may change (checked on the server for
    every endpoint); ``search_hint``: what the search box covers (the search itself is
    :func:`crm.search.search_condition`); ``details_load``: relationship paths loaded with the
    row of a details or edit page beyond the ones it lists; ``details_related``: the lists of
    what belongs to a record, shown on its page below its fields (crm.views.related);
    ``export_columns``: what its files hold (crm.views.exporting).
    """

    search_hint = _l("Suchen")
    # Relationship paths the details and edit pages need beyond the ones they show, e.g. what
    # related rows are named by ("participations.volunteer"); see get_one.
    details_load: tuple[str, ...] = ()
    details_related: tuple[RelatedList, ...] = ()
    # Files of the record offered on its page: (label, endpoint of this view taking ``id``).
    details_downloads: tuple[tuple, ...] = ()
    # The screen's delete_view asks on a page of its own, so the record page does not.
    delete_asks_first = False
    # The kind of crm.imports this list offers „Importieren“ for (None: no import).
    import_kind: str | None = None

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
    column_type_formatters_detail = DETAIL_FORMATTERS
    form_excluded_columns = (*SYSTEM_COLUMNS, "created_at", "updated_at")
    column_details_exclude_list = SYSTEM_COLUMNS
    list_template = "admin/model/lotse_list.html"
    details_template = "admin/model/lotse_details.html"

    def __init__(self, model, name=None, category=None, **kwargs):
        # Labels and formatters must be complete before Flask-Admin scaffolds forms and filters.
        if self.column_details_list is None and self.form_columns:
            # Without the fields excluded here: a related list shows them (roles, participants).
            hidden = set(self.column_details_exclude_list or ())
            shown = (c for c in self.form_columns if c not in hidden)
            self.column_details_list = (*shown, "created_at", "updated_at")
        self.column_labels = {**FIELD_LABELS, **(self.column_labels or {})}
        self.column_type_formatters = dict(TYPE_FORMATTERS)
        self.column_type_formatters_detail = dict(DETAIL_FORMATTERS)
        super().__init__(model, db, name=name, category=category, **kwargs)
        self._table = TableFormatter(self)
        self._list_paths: dict[str, str] = {}  # see _get_list_url
        self._filter_menus: dict[str, tuple] = {}  # by language, see _get_filter_groups

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
        elif template == self.details_template:
            kwargs["related"] = related_tables(self, kwargs["model"])
        return super().render(template, **kwargs)
