"""Screens of offers for newcomers and of the office's lists they are sorted by; an offer's
page confirms its last check."""

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from ..errors import RuleError
from ..extensions import db
from ..inputs import as_id
from ..models import EducationStage, FieldOfAction, Offer, Organisation, TargetGroup
from ..models.choices import OrganisationKind
from ..structures import checked_recently, confirm_checked, current, provider_active, review_due
from .base import LotseModelView, lookup
from .filters import ChoiceFilter, ConditionFilter
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
        (Column("title"), Column("status"), Column("municipality"), Column("valid_until")),
        full_list=full_list,
    )


class PlaceFilter(BaseSQLAFilter):
    """Offers in a municipality, the county-wide ones included: what counts there."""

    def validate(self, value):
        return as_id(value) is not None

    def clean(self, value):
        return as_id(value)

    def apply(self, query, value, alias=None):
        return query.filter(or_(Offer.municipality_id == value, Offer.municipality_id.is_(None)))

    def operation(self):
        return _l("mit kreisweiten")


class ProviderKindFilter(ChoiceFilter):
    """Offers by the kind of the organisation offering them."""

    def apply(self, query, value, alias=None):
        kind = Organisation.kind == self.clean(value)
        return query.filter(Offer.provider_id.in_(select(Organisation.id).where(kind)))


# The states of the offers the overview counts, so a cell's link opens exactly its offers.
STATES = {
    "gezaehlt": (_l("gezählt (aktueller Anbieter)"), lambda today: provider_active()),
    "aktuell": (_l("aktuell"), current),
    "geprueft": (_l("im letzten Jahr geprüft"), checked_recently),
    "pruefung_faellig": (_l("Prüfung fällig"), review_due),
}


class OfferView(LotseModelView):
    import_kind = "offers"
    column_list = (
        "title",
        "provider",
        "municipality",
        "fields",
        "status",
        "formal",
        "valid_until",
        "checked_on",
    )
    column_sortable_list = (
        "title",
        ("provider", "provider.name"),
        ("municipality", "municipality.name"),
        "status",
        "valid_until",
        "checked_on",
    )
    column_default_sort = ("title", False)
    column_filters = (
        "fields",
        "stages",
        "target_groups",
        "municipality",
        PlaceFilter(Offer.municipality_id, _l("Kommune")),
        "status",
        ConditionFilter(Offer.checked_on, _l("Stand"), STATES),
        ProviderKindFilter(Offer.provider_id, _l("Art des Anbieters"), OrganisationKind),
        "formal",
        "public",
        "languages",
        "valid_until",
        "checked_on",
        BelongsTo(Offer.provider_id, _l("Anbieter")),
    )
    search_hint = _l("Titel, Zielgruppe, Notizen")
    form_columns = (
        "title",
        "provider",
        "municipality",
        "fields",
        "stages",
        "formal",
        "target_groups",
        "target_group",
        "min_age",
        "max_age",
        "languages",
        "accessibility",
        "status",
        "contact",
        "valid_from",
        "valid_until",
        "public",
        "notes",
    )
    column_details_list = (*form_columns, "checked_on", "checked_by", "uuid", "created_at")
    form_ajax_refs = {
        "provider": lookup("name"),
        "municipality": lookup("name"),
        "languages": lookup("name"),
        "fields": lookup("name"),
        "stages": lookup("name"),
        "target_groups": lookup("name"),
        "contact": lookup("last_name", "first_name"),
    }
    details_load = ("checked_by",)
    details_template = "admin/offer/details.html"

    @expose("/confirm-check/", methods=("POST",))
    def confirm_check(self):
        """„Angaben geprüft“: the one way an offer's last check moves."""
        if not self._may(self.write_role):
            abort(403)
        offer_id = as_id(request.form.get("id"))
        offer = db.session.get(Offer, offer_id) if offer_id else None
        if offer is None:
            abort(404)
        try:
            confirm_checked(offer, current_user.id, date.today(), request.form.get("version"))
        except RuleError as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
        else:
            db.session.commit()
            flash(_("Die Angaben sind als geprüft bestätigt."), "success")
        return redirect(url_for(".details_view", id=offer_id))


class CatalogueView(LotseModelView):
    """An office's list: its entries by name and the order they are shown in."""

    column_list = ("name", "position")
    column_default_sort = ("position", False)
    column_sortable_list = ("name", "position")
    form_columns = ("name", "position")
    search_hint = _l("Name")
    can_view_details = True


def register(admin, category):
    admin.add_view(OfferView(Offer, name=_l("Angebote"), category=category, endpoint="offer"))
    for model, name, endpoint in (
        (FieldOfAction, _l("Handlungsfelder"), "field_of_action"),
        (EducationStage, _l("Stufen der Bildungskette"), "education_stage"),
        (TargetGroup, _l("Zielgruppen"), "target_group"),
    ):
        admin.add_view(CatalogueView(model, name=name, category=category, endpoint=endpoint))
