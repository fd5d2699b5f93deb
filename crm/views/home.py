"""The start page: the numbers that matter and links to what needs attention."""

from dataclasses import replace

from flask import request
from flask_admin import AdminIndexView, expose

from ..attention import Attention
from ..dashboard import Card, figures
from ..sensitive import section_readable
from .base import RoleAccess
from .sensitive import groups_hidden


class HomeView(RoleAccess, AdminIndexView):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._links: dict[tuple, str] = {}

    @expose("/")
    def index(self):
        found, hidden = figures(), groups_hidden()
        due = [(section, n) for section, n in found.due if section_readable(section.key, hidden)]
        return self.render("admin/index.html", figures=replace(found, due=due), link=self._link)

    def _link(self, figure: Card | Attention) -> str:
        """The list behind a figure, filtered by the view's own filters (see
        LotseModelView.list_url). The same ten links on every start page: built once for each
        place the app is served."""
        key = (request.script_root, figure)
        if key not in self._links:
            view = next(
                v for v in self.admin._views if getattr(v, "endpoint", None) == figure.endpoint
            )
            self._links[key] = view.list_url(**figure.filters)
        return self._links[key]
