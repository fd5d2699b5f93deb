"""Reference look-ups through the search index, never a whole table or a LIKE scan; and the
input bounds (crm.inputs) the screens check typed ids and numbers against."""

from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from sqlalchemy import case, func, or_

from ..inputs import INT_MAX, MAX_PAGE, as_id, clean_input
from ..search import is_searchable, search_condition
from ..sorting import ordered_by, sort_key
from .lookups import LABELS, Found

__all__ = ["INT_MAX", "SearchAjaxLoader", "as_id"]

MAX_LOOKUP = 50  # rows of one reference look-up


class SearchAjaxLoader(QueryAjaxModelLoader):
    """Reference look-ups through the search index, never a whole table or a LIKE scan.
    Rows whose name is the word typed, then those whose name begins with it, come first
    ("Weiß" finds the Weiß family before people of Weißenbach's organisations), then by name as
    the lists sort it (crm.sorting); each row is labelled so that namesakes can be told apart
    (crm.views.lookups)."""

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
        if self.order_by is not None:
            order = self.order_by if isinstance(self.order_by, list | tuple) else [self.order_by]
        else:
            order = [ordered_by(self.model, field.key) for field in self._cached_fields]
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
        """0 for a name that is the first word typed, 1 for one that begins with it; compared
        by their sort keys where the name has one ("weiss" and "Weiß" alike)."""
        words = term.split()
        column = self.options.get("rank_by")
        if column is None and self._cached_fields:
            column = self._cached_fields[0]
        if not words or column is None:
            return []
        name = ordered_by(column.class_, column.key)
        if name is column:
            name, word = func.lower(column), words[0].lower()
        else:
            word = sort_key(words[0])
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return [
            case(
                (name == word, 0),
                (name.like(f"{escaped}%", escape="\\"), 1),
                else_=2,
            )
        ]
