"""Screens of the reference data: municipalities, tags and languages; a municipality's page
shows its organisations, offers, volunteers and the assignments waiting there."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from ..models import (
    Assignment,
    Contact,
    Language,
    Municipality,
    Newcomer,
    Offer,
    Organisation,
    Tag,
    Volunteer,
)
from ..models.choices import AssignmentStatus
from ..models.volunteering import volunteer_municipalities
from .base import LotseModelView
from .organisations import organisation_list
from .related import RelatedList, filtered
from .structures import offer_list
from .volunteering import ASSIGNMENT_COLUMNS, VOLUNTEER_COLUMNS


def in_municipality(endpoint: str, arg: str = "kommune_ist"):
    """The list of ``endpoint`` filtered to the municipality."""
    return filtered(endpoint, **{arg: lambda place: place.id})


class MunicipalityView(LotseModelView):
    column_list = ("name", "kind", "official_key", "population")
    column_default_sort = ("name", False)
    column_filters = ("kind",)
    search_hint = _l("Name, Gemeindeschlüssel")
    form_columns = ("name", "kind", "official_key", "population")
    details_related = (
        organisation_list(
            _l("Organisationen"),
            lambda place: Organisation.municipality_id == place.id,
            in_municipality("organisation"),
        ),
        offer_list(lambda place: Offer.municipality_id == place.id, in_municipality("offer")),
        RelatedList(
            _l("Ehrenamtliche"),
            lambda place: (
                select(Volunteer)
                .join(Volunteer.contact)
                .options(contains_eager(Volunteer.contact))
                .join(volunteer_municipalities)
                .where(volunteer_municipalities.c.municipality_id == place.id)
                .order_by(*Contact.name_order(), Volunteer.id)
            ),
            VOLUNTEER_COLUMNS,
            full_list=in_municipality("volunteer", "kommunen_enthält"),
        ),
        RelatedList(
            _l("Offene Einsätze"),
            lambda place: (
                select(Assignment)
                .join(Assignment.newcomer)
                .options(contains_eager(Assignment.newcomer))
                .where(
                    Newcomer.municipality_id == place.id,
                    Assignment.status == AssignmentStatus.OPEN,
                )
                .order_by(Assignment.created_at.desc(), Assignment.id.desc())
            ),
            ASSIGNMENT_COLUMNS,
            full_list=filtered(
                "assignment",
                status_ist=lambda place: AssignmentStatus.OPEN.value,
                kommune_nr=lambda place: place.id,
            ),
        ),
    )


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
