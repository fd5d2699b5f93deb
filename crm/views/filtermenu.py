"""A list's filters: German option lists kept while their tables are unchanged, filter URLs
from German names that survive a change of language, values checked before the query, and
each filter handed to the list query (crm.lists) with its URL name and joins."""

import re
from functools import cached_property

from flask import flash, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from ..lists import MANYTOONE, ListFilter, Ordering
from ..models.base import ChoiceType
from .filters import ChoiceFilter, FilterOptions, ReferenceFilter, RelatedFilter


class FilterMenu:
    """The filter half of a model screen (mixed into LotseModelView)."""

    def get_filters(self):
        """The filters as Flask-Admin collects them from ``column_filters``, each kept with its
        URL name and the relationships its column is reached by (``"carrier.name"``) as
        ``list_filters``, from which the list query reads them (see ListReading.list_spec)."""
        self.list_filters = []
        for entry in self.column_filters or ():
            if self.is_valid_filter(entry):
                found = [self.handle_filter(entry)]
                column = getattr(entry, "column", None)
            else:
                found = self.scaffold_filters(entry)
                column = entry
                if not found:
                    raise ValueError(f"Unsupported filter type {entry}")
            path = Ordering.of(self.model, column).path if isinstance(column, str) else ()
            for flt in found:
                arg = self.get_filter_arg(len(self.list_filters), flt)
                self.list_filters.append(ListFilter(arg, flt, path))
        return [listed.filter for listed in self.list_filters] or None

    @cached_property
    def filter_options(self) -> FilterOptions:
        """The option lists read from reference tables, by filter index."""
        return FilterOptions(
            {
                index: listed.filter.options
                for index, listed in enumerate(self.list_spec.filters)
                if callable(listed.filter.options)
            }
        )

    def _get_list_filter_args(self):
        """Adapter on Flask-Admin's private parsing of the filter arguments, which flashes
        nothing for a value its filter validates but no column holds: those are refused here
        with a German message (see ListFilter.accepts)."""
        kept = []
        for idx, name, value in super()._get_list_filter_args() or []:
            if not self.list_spec.filters[idx].accepts(value):
                flash(_l("Ein Filterwert war ungültig und wurde nicht angewendet."), "error")
                continue
            kept.append((idx, name, value))
        return kept

    def _get_filter_groups(self):
        """Adapter on Flask-Admin's private filter menu. Its names only change with the
        language, so Flask-Admin's translation of them is kept per language; the option lists
        of reference tables (municipalities, tags, ...) are put in and kept while those tables
        stay unchanged (see FilterOptions)."""
        if not self._filter_groups:
            return None
        language = str(get_locale())
        groups, fingerprint, menu = self._filter_menus.get(language, (None, None, None))
        if groups is None:
            groups = super()._get_filter_groups()
            self._filter_menus[language] = (groups, None, None)
        if not self.filter_options.lists:
            return groups
        fresh = self.filter_options.fingerprint()
        if menu is not None and fresh is not None and fresh == fingerprint:
            return menu
        options = self.filter_options.read()
        menu = {
            key: [
                {**item, "options": options[item["index"]]} if item["index"] in options else item
                for item in items
            ]
            for key, items in groups.items()
        }
        self._filter_menus[language] = (groups, fresh, menu)
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
            listed = next(
                f
                for f in self.list_spec.filters
                if getattr(getattr(f.filter, "column", None), "key", None) == column
            )
            args[f"flt{position}_{listed.arg}"] = value
        return url_for(f"{self.endpoint}.index_view", **args)


def slugify_filter(text: str) -> str:
    return re.sub(r"[^a-z0-9äöüß]+", "_", text.lower()).strip("_")
