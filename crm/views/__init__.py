"""The admin: every screen registered in its menu group."""

from flask import Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_babel import lazy_gettext as _l

from .home import HomeView

MASTERDATA = _l("Stammdaten")
VOLUNTEERING = _l("Ehrenamt")
NETWORK = _l("Netzwerk")
OFFERS = _l("Angebote")
REPORTS = _l("Auswertungen")
ADMINISTRATION = _l("Verwaltung")


def init_admin(app: Flask) -> Admin:
    from . import (
        admin,
        contacts,
        networks,
        organisations,
        reference,
        reports,
        structures,
        volunteering,
    )

    admin_ = Admin(
        app,
        name="Lotse",
        index_view=HomeView(name=_l("Start"), url="/admin"),
        theme=Bootstrap4Theme(base_template="admin/lotse_base.html", fluid=True),
    )
    organisations.register(admin_, MASTERDATA)
    contacts.register(admin_, MASTERDATA)
    reference.register(admin_, MASTERDATA)
    volunteering.register(admin_, VOLUNTEERING)
    networks.register(admin_, NETWORK)
    structures.register(admin_, OFFERS)
    reports.register(admin_, REPORTS)
    admin.register(admin_, ADMINISTRATION)
    return admin_
