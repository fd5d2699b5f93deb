"""Auswertungen: figures derived from the tables, read-only for every role."""

from flask_admin import BaseView, expose
from flask_babel import lazy_gettext as _l

from ..reports import county_wide_offers, hours_per_month, municipality_figures
from .base import RoleAccess


class FiguresView(RoleAccess, BaseView):
    """Key figures per municipality and the logged hours of the last twelve months."""

    @expose("/")
    def index(self):
        return self.render(
            "admin/reports/figures.html",
            municipalities=municipality_figures(),
            county_wide=county_wide_offers(),
            months=hours_per_month(),
        )


def register(admin, category):
    admin.add_view(FiguresView(name=_l("Kennzahlen"), category=category, endpoint="figures"))
