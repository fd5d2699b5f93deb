"""Screens of offers for newcomers."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..models import Offer
from .base import LotseModelView, lookup
from .related import BelongsTo, Column, Link, RelatedList


def offer_list(where, full_list: Link) -> RelatedList:
    """The offers on a record's page (an organisation's, a municipality's): those the
    condition ``where(record)`` selects, by title."""
    return RelatedList(
        _l("Angebote"),
        lambda record: (
            select(Offer)
            .options(joinedload(Offer.municipality))
            .where(where(record))
            .order_by(Offer.sort_title, Offer.id)
        ),
        (Column("title"), Column("field"), Column("municipality"), Column("valid_until")),
        full_list=full_list,
    )


class OfferView(LotseModelView):
    column_list = (
        "title",
        "provider",
        "municipality",
        "field",
        "education_stage",
        "formal",
        "valid_until",
        "public",
    )
    column_sortable_list = (
        "title",
        ("provider", "provider.name"),
        ("municipality", "municipality.name"),
        "field",
        "education_stage",
        "valid_until",
    )
    column_default_sort = ("title", False)
    column_filters = (
        "field",
        "education_stage",
        "municipality",
        "formal",
        "public",
        "languages",
        "valid_until",
        BelongsTo(Offer.provider_id, _l("Anbieter")),
    )
    search_hint = _l("Titel, Zielgruppe, Notizen")
    form_columns = (
        "title",
        "provider",
        "municipality",
        "field",
        "education_stage",
        "formal",
        "languages",
        "target_group",
        "contact",
        "valid_from",
        "valid_until",
        "public",
        "notes",
    )
    form_ajax_refs = {
        "provider": lookup("name"),
        "municipality": lookup("name"),
        "languages": lookup("name"),
        "contact": lookup("last_name", "first_name"),
    }


def register(admin, category):
    admin.add_view(OfferView(Offer, name=_l("Angebote"), category=category, endpoint="offer"))
