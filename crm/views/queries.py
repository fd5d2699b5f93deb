"""Reference look-ups through the search index, never a whole table or a LIKE scan; and the
input bounds (crm.inputs) the screens check typed ids and numbers against."""

from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from sqlalchemy import or_

from ..inputs import INT_MAX, MAX_PAGE, as_id, clean_input
from ..search import is_searchable, search_condition

__all__ = ["INT_MAX", "SearchAjaxLoader", "as_id"]

MAX_LOOKUP = 50  # rows of one reference look-up


class SearchAjaxLoader(QueryAjaxModelLoader):
    """Reference look-ups through the search index, never a whole table or a LIKE scan."""

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
        return query.order_by(*order).offset(offset).limit(limit).all()
