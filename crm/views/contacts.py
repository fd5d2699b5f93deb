"""Screens of contacts, with their roles at organisations edited inline."""

from flask_admin.model.form import InlineFormAdmin
from flask_babel import lazy_gettext as _l

from ..models import Contact, ContactRole
from .base import LotseModelView, lookup


class RoleInline(InlineFormAdmin):
    form_columns = ("id", "organisation", "function", "since", "until")
    form_ajax_refs = {"organisation": lookup("name")}


class ContactView(LotseModelView):
    column_list = ("last_name", "first_name", "email", "phone", "municipality", "roles", "tags")
    column_sortable_list = (
        "last_name",
        "first_name",
        "email",
        ("municipality", "municipality.name"),
    )
    column_default_sort = [("last_name", False), ("first_name", False)]
    column_filters = (
        "municipality",
        "tags",
        "languages",
        "do_not_contact",
        "may_mail_email",
        "may_mail_post",
        "consent_on",
    )
    search_hint = _l("Name, E-Mail, Organisation, Notizen")
    form_columns = (
        "salutation",
        "title",
        "first_name",
        "last_name",
        "email",
        "phone",
        "mobile",
        "street",
        "postcode",
        "city",
        "municipality",
        "languages",
        "tags",
        "roles",
        "notes",
        "may_mail_post",
        "may_mail_email",
        "consent_on",
        "consent_source",
        "do_not_contact",
    )
    form_ajax_refs = {
        "municipality": lookup("name"),
        "tags": lookup("name"),
        "languages": lookup("name"),
    }
    inline_models = (RoleInline(ContactRole),)


def register(admin, category):
    admin.add_view(ContactView(Contact, name=_l("Kontakte"), category=category, endpoint="contact"))
