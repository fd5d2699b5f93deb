"""The start page: the numbers that matter and links to what needs attention."""

from flask import url_for
from flask_admin import AdminIndexView, expose
from flask_login import current_user

from ..dashboard import figures
from ..models.choices import Role


class HomeView(AdminIndexView):
    def is_accessible(self) -> bool:
        return current_user.is_authenticated and current_user.may(Role.VIEWER)

    def inaccessible_callback(self, name, **kwargs):
        from flask import redirect, request

        return redirect(url_for("auth.login", next=request.full_path))

    @expose("/")
    def index(self):
        return self.render("admin/index.html", figures=figures(), link=self._link)

    def _link(self, endpoint: str, **filters) -> str:
        """A link to a list, filtered by the view's own filters (see LotseModelView.list_url)."""
        view = next(v for v in self.admin._views if getattr(v, "endpoint", None) == endpoint)
        return view.list_url(**filters)
