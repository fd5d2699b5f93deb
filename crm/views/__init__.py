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
    from . import admin, contacts, networks, organisations, reference, structures, volunteering

    admin_ = Admin(
        app,
        name="Lotse",
        index_view=HomeView(name=_l("Start"), url="/admin"),
        theme=Bootstrap4Theme(base_template="admin/lotse_base.html", fluid=True),
    )
    for register in (
        lambda a: organisations.register(a, MASTERDATA),
        lambda a: contacts.register(a, MASTERDATA),
        lambda a: reference.register(a, MASTERDATA),
        lambda a: volunteering.register(a, VOLUNTEERING),
        lambda a: networks.register(a, NETWORK),
        lambda a: structures.register(a, OFFERS),
        lambda a: admin.register(a, ADMINISTRATION),
    ):
        register(admin_)
    return admin_
