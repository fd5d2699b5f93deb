"""A list's filter menu: German option lists kept while their tables are unchanged, filter
URLs from German names that survive a change of language, and values checked before the query."""

import re

from flask import flash, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from ..models.base import ChoiceType
from .filters import ChoiceFilter, FilterOptions, ReferenceFilter, RelatedFilter
from .queries import INT_MAX, clean_input
from .reading import MANYTOONE


class FilterMenu:
    """The filter half of a model screen (mixed into LotseModelView)."""

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
