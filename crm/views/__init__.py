"""The admin: every screen registered in its menu group."""

from flask import Flask, request, url_for
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..labels import ADD_CHILD
from ..security_headers import csp_nonce
from .base import RoleAccess
from .home import HomeView

MASTERDATA = _l("Stammdaten")
VOLUNTEERING = _l("Ehrenamt")
NETWORK = _l("Netzwerk")
OFFERS = _l("Angebote")
REPORTS = _l("Auswertungen")
ADMINISTRATION = _l("Verwaltung")


class LotseAdmin(Admin):
    """Flask-Admin's admin, with the main menu rendered once per role, language and page,
    and the URLs of its static files built once.

    Flask-Admin renders the menu on every page: a role check, a url_for and a translation for
    each of its entries, about a millisecond. Who sees which entry depends on the role alone
    while every screen is a RoleAccess, so everyone of a role gets the same HTML.
    """

    def __init__(self, *args, **kwargs):
        self._menus = {}
        self._static = {}
        super().__init__(*args, **kwargs)

    def menu_html(self, admin_view, render):
        """``render`` (the menu macro) once for each role, language, page and mount point."""
        if not all(isinstance(view, RoleAccess) for view in self._views):
            return render()
        role = getattr(current_user, "role", None)
        key = (role, str(get_locale()), admin_view.endpoint, request.script_root)
        if key not in self._menus:
            self._menus[key] = render()
        return self._menus[key]

    def static_url(self, **kwargs) -> str:
        """The URL of one of Flask-Admin's scripts or styles, built once per mount point: a
        page links twenty of them (see templates/admin/static.html)."""
        key = (request.script_root, *sorted(kwargs.items()))
        if key not in self._static:
            self._static[key] = url_for(f"{self.endpoint}.static", **kwargs)
        return self._static[key]


def init_admin(app: Flask) -> Admin:
    app.jinja_env.globals["child_labels"] = ADD_CHILD
    from . import (
        admin,
        allowances,
        assignments,
        consents,
        contacts,
        courses,
        duplicates,
        figures,
        import_history,
        imports,
        mailing,
        networks,
        organisations,
        outbox,
        overview,
        password,
        privacy,
        reference,
        reminder_choice,
        reports,
        retention,
        settings,
        structures,
        subscriptions,
        volunteers,
    )

    admin_ = LotseAdmin(
        app,
        name="Lotse",
        index_view=HomeView(name=_l("Start"), url="/admin"),
        theme=Bootstrap4Theme(base_template="admin/lotse_base.html", fluid=True),
        csp_nonce_generator=csp_nonce,
    )
    figures.register_due(admin_)
    organisations.register(admin_, MASTERDATA)
    contacts.register(admin_, MASTERDATA)
    consents.register(admin_, MASTERDATA)
    mailing.register(admin_, MASTERDATA)
    duplicates.register(admin_, MASTERDATA)
    reference.register(admin_, MASTERDATA)
    imports.register(admin_, MASTERDATA)
    import_history.register(admin_, MASTERDATA)
    volunteers.register(admin_, VOLUNTEERING, MASTERDATA)
    courses.register(admin_, VOLUNTEERING)
    assignments.register(admin_, VOLUNTEERING)
    allowances.register(admin_, VOLUNTEERING)
    networks.register(admin_, NETWORK)
    structures.register(admin_, OFFERS)
    reports.register(admin_, REPORTS)
    figures.register(admin_, REPORTS)
    overview.register(admin_, REPORTS)
    admin.register(admin_, ADMINISTRATION)
    settings.register(admin_, ADMINISTRATION)
    retention.register(admin_, ADMINISTRATION)
    outbox.register(admin_, ADMINISTRATION)
    subscriptions.register(admin_)
    password.register(admin_)
    reminder_choice.register(admin_)
    privacy.register(admin_)
    return admin_
