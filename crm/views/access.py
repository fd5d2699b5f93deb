"""Who may open which page of the admin: a login for every page, a role for reading, writing
and exporting, checked on the server for every endpoint a screen exposes."""

from flask import abort, redirect, request, url_for
from flask_login import current_user

from ..models.choices import Role
from .queries import as_id

WRITE_ENDPOINTS = {
    "create_view",
    "edit_view",
    "delete_view",
    "action_view",
    "ajax_update",
    "change_status",  # a volunteer's „Status ändern“
    "take_on",
}
# A course certificate is personal data on paper: issued and printed like an export.
EXPORT_ENDPOINTS = {"export", "protocol_pdf", "certificate", "certificate_pdf"}


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


class ModelAccess(RoleAccess):
    """A model screen's endpoints: reading needs ``read_role``, every change ``write_role``,
    exports ``export_role`` (None: the screen has none); the buttons follow the same roles."""

    write_role = Role.COORDINATOR
    export_role: Role | None = Role.COORDINATOR
    write_endpoints: frozenset[str] = frozenset()  # a screen's own endpoints that write

    def _handle_view(self, name, **kwargs):
        refused = super()._handle_view(name, **kwargs)
        if refused is not None:
            return refused
        writes = name in WRITE_ENDPOINTS or name in self.write_endpoints
        if writes and not self._may(self.write_role):
            abort(403)
        if name in EXPORT_ENDPOINTS and not self.may_export:
            abort(403)
        if name == "action_view" and any(as_id(v) is None for v in request.form.getlist("rowid")):
            abort(400)
        return None

    @property
    def may_export(self) -> bool:
        return self.export_role is not None and self._may(self.export_role)

    @property
    def can_create(self) -> bool:
        return self._may(self.write_role)

    @property
    def can_edit(self) -> bool:
        return self._may(self.write_role)

    @property
    def can_delete(self) -> bool:
        return self._may(self.write_role)
