"""The start page: the numbers that matter and links to what needs attention."""

from flask_admin import AdminIndexView, expose

from ..dashboard import figures
from .base import RoleAccess


class HomeView(RoleAccess, AdminIndexView):
    @expose("/")
    def index(self):
        return self.render("admin/index.html", figures=figures(), link=self._link)

    def _link(self, endpoint: str, **filters) -> str:
        """A link to a list, filtered by the view's own filters (see LotseModelView.list_url)."""
        view = next(v for v in self.admin._views if getattr(v, "endpoint", None) == endpoint)
        return view.list_url(**filters)
