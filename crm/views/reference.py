"""Screens of the reference data: municipalities, tags and languages."""

from flask_babel import lazy_gettext as _l

from ..models import Language, Municipality, Tag
from .base import LotseModelView


class MunicipalityView(LotseModelView):
    column_list = ("name", "kind", "official_key", "population")
    column_default_sort = ("name", False)
    column_filters = ("kind",)
    search_hint = _l("Name, Gemeindeschlüssel")
    form_columns = ("name", "kind", "official_key", "population")


class TagView(LotseModelView):
    column_list = ("name", "colour")
    column_default_sort = ("name", False)
    search_hint = _l("Name")
    form_columns = ("name", "colour")


class LanguageView(LotseModelView):
    column_list = ("name", "code")
    column_default_sort = ("name", False)
    search_hint = _l("Name, Code")
    form_columns = ("code", "name")


def register(admin, category):
    admin.add_view(
        MunicipalityView(
            Municipality, name=_l("Kommunen"), category=category, endpoint="municipality"
        )
    )
    admin.add_view(TagView(Tag, name=_l("Schlagworte"), category=category, endpoint="tag"))
    admin.add_view(
        LanguageView(Language, name=_l("Sprachen"), category=category, endpoint="language")
    )
