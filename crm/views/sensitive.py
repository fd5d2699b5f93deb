"""The sensitive fields (crm.sensitive) left out for the signed-in user: of a screen's list,
record page, related lists, filters and files, asked per request as the setting and the
user's role say."""

from flask import current_app, flash, has_request_context
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..models.choices import Role
from ..sensitive import hidden_groups, path_hidden


def groups_hidden() -> frozenset[str]:
    """The field groups the signed-in user may not read; outside a request (Flask-Admin
    scaffolding a screen at start) none."""
    if not has_request_context():
        return frozenset()
    user = current_user
    role = Role(user.role) if user.is_authenticated and user.role else None
    return hidden_groups(role, current_app.config["SENSITIVE_FIELDS_ROLE"])


def readable_paths(model: type, paths, groups: frozenset[str]):
    """The attribute paths of ``model`` (or (path, label) pairs) the user may read."""
    if not groups:
        return list(paths)
    return [p for p in paths if not path_hidden(model, p[0] if isinstance(p, tuple) else p, groups)]


class ReadableColumns:
    """A column list Flask-Admin sets on a view once (``_list_columns``): kept whole, read
    without the fields the user may not see."""

    def __set_name__(self, owner, name):
        self.whole = f"_whole{name}"

    def __get__(self, view, owner=None):
        if view is None:
            return self
        columns = getattr(view, self.whole, None)
        return None if columns is None else readable_paths(view.model, columns, groups_hidden())

    def __set__(self, view, columns):
        setattr(view, self.whole, columns)


class SensitiveColumns:
    """Mixed into LotseModelView: Flask-Admin keeps its list and detail columns on the view,
    built once; here they are kept whole and read without the fields the user may not see.
    Forms, files, the filter menu and filter arguments leave them out as well."""

    _list_columns = ReadableColumns()
    _details_columns = ReadableColumns()

    def hidden_now(self, path: str) -> bool:
        """Whether the user may not read this field of the screen's records."""
        return path_hidden(self.model, path, groups_hidden())

    def create_form(self, obj=None):
        return self._without_hidden(super().create_form(obj))

    def edit_form(self, obj=None):
        return self._without_hidden(super().edit_form(obj))

    def _without_hidden(self, form):
        """A form without the fields the user may not read: not shown, and not changed by a
        save, whatever the request holds for them."""
        groups = groups_hidden()
        for name in [f.name for f in form if groups and path_hidden(self.model, f.name, groups)]:
            delattr(form, name)
        return form

    def file_names(self) -> tuple[str, ...]:
        return tuple(readable_paths(self.model, super().file_names(), groups_hidden()))

    def _filter_hidden(self, index: int, groups: frozenset[str]) -> bool:
        column = getattr(self._filters[index], "column", None)
        key = getattr(column, "key", None)
        return key is not None and path_hidden(self.model, key, groups)

    def _get_filter_groups(self):
        groups, hidden = super()._get_filter_groups(), groups_hidden()
        if not groups or not hidden:
            return groups
        kept = {
            key: [item for item in items if not self._filter_hidden(item["index"], hidden)]
            for key, items in groups.items()
        }
        return {key: items for key, items in kept.items() if items} or None

    def _get_list_filter_args(self):
        """A filter on a field the user may not read (typed into the URL) is not applied."""
        kept, hidden = super()._get_list_filter_args(), groups_hidden()
        allowed = [entry for entry in kept if not self._filter_hidden(entry[0], hidden)]
        if len(allowed) < len(kept):
            flash(_l("Ein Filter auf ein geschütztes Feld wurde nicht angewendet."), "error")
        return allowed
