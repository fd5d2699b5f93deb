"""Screens of organisations."""

from flask_babel import lazy_gettext as _l

from ..models import Organisation
from .base import LotseModelView, lookup


class OrganisationView(LotseModelView):
    column_list = ("name", "kind", "municipality", "city", "phone", "email", "tags", "active")
    column_sortable_list = ("name", "kind", ("municipality", "municipality.name"), "city", "active")
    column_default_sort = ("name", False)
    column_filters = ("kind", "municipality", "tags", "active")
    search_hint = _l("Name, Ort, E-Mail, Notizen")
    form_columns = (
        "name",
        "kind",
        "parent",
        "municipality",
        "street",
        "postcode",
        "city",
        "phone",
        "email",
        "website",
        "tags",
        "notes",
        "active",
    )
    form_ajax_refs = {
        "parent": lookup("name"),
        "municipality": lookup("name"),
        "tags": lookup("name"),
    }


def register(admin, category):
    admin.add_view(
        OrganisationView(
            Organisation, name=_l("Organisationen"), category=category, endpoint="organisation"
        )
    )
