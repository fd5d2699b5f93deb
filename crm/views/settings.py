"""The office's settings (rates and caps of the expense allowance, retention periods,
reminders to people outside): one row, administrators edit it through the write path; the
menu opens it directly."""

from flask import redirect, url_for
from flask_admin import expose
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import OfficeSettings
from ..models.choices import Role
from ..settings import office_settings
from .base import LotseModelView


class OfficeSettingsView(LotseModelView):
    read_role = Role.ADMIN
    write_role = Role.ADMIN
    export_role = None
    can_view_details = False
    form_columns = (
        "hourly_rate",
        "km_rate",
        "yearly_hours_cap",
        "yearly_allowance_cap",
        *OfficeSettings.RETENTION,
        "remind_partners",
        "remind_volunteers",
    )
    column_list = form_columns
    column_default_sort = ("id", False)

    @property
    def can_delete(self) -> bool:  # the row is changed, never removed
        return False

    @expose("/")
    def index_view(self):
        """The one row's form; the form to create it while only the defaults hold."""
        saved = office_settings(db.session)
        if saved.id is None:
            return redirect(url_for(".create_view"))
        return redirect(url_for(".edit_view", id=saved.id))

    def create_form(self, obj=None):
        """Filled with the defaults, so that saving unchanged keeps them."""
        return super().create_form(obj or OfficeSettings(**OfficeSettings.DEFAULTS))


def register(admin, category):
    admin.add_view(
        OfficeSettingsView(
            OfficeSettings, name=_l("Einstellungen"), category=category, endpoint="settings"
        )
    )
