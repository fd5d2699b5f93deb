"""Screens of organisations; an organisation's page shows its people with their functions, its
offers, the networks it belongs to and the organisations under it."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from ..models import Contact, ContactRole, Network, Offer, Organisation
from .base import LotseModelView, lookup
from .contacts import current_first
from .duplicates import WarnsOfDuplicateOrganisations
from .networks import networks_of
from .related import BelongsTo, Column, Link, RelatedList, ended_by, filtered
from .structures import offer_list


def organisation_list(title, where, full_list: Link) -> RelatedList:
    """Organisations on a record's page: those the condition ``where(record)`` selects."""
    return RelatedList(
        title,
        lambda record: (
            select(Organisation)
            .options(joinedload(Organisation.municipality))
            .where(where(record))
            .order_by(Organisation.sort_name, Organisation.id)
        ),
        (Column("name"), Column("kind"), Column("municipality")),
        full_list=full_list,
    )


def works_at(contact_id):
    """Organisations where the person holds or held a function."""
    at = select(ContactRole.organisation_id).where(ContactRole.contact_id == contact_id)
    return Organisation.id.in_(at)


class OrganisationView(WarnsOfDuplicateOrganisations, LotseModelView):
    import_kind = "organisations"
    column_list = ("name", "kind", "municipality", "city", "phone", "email", "tags", "active")
    column_sortable_list = ("name", "kind", ("municipality", "municipality.name"), "city", "active")
    column_default_sort = ("name", False)
    column_filters = (
        "kind",
        "municipality",
        "tags",
        "active",
        BelongsTo(Organisation.parent_id, _l("Übergeordnet")),
        BelongsTo(Organisation.id, _l("Person"), works_at),
    )
    search_hint = _l("Name, Ort, E-Mail, Notizen")
    export_columns = (
        "name",
        "kind",
        "parent",
        "street",
        "postcode",
        "city",
        "municipality",
        "phone",
        "email",
        "website",
        "tags",
        "active",
    )
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
    details_related = (
        RelatedList(
            _l("Personen"),
            lambda org: (
                select(ContactRole)
                .join(ContactRole.contact)
                .options(contains_eager(ContactRole.contact))
                .where(ContactRole.organisation_id == org.id)
                .order_by(current_first(), *Contact.name_order(), ContactRole.id)
            ),
            (Column("contact", _l("Name")), Column("function"), Column("since"), Column("until")),
            full_list=filtered("contact", organisation_nr=lambda org: org.id),
            ended=ended_by("until"),
        ),
        offer_list(
            lambda org: Offer.provider_id == org.id,
            filtered("offer", anbieter_nr=lambda org: org.id),
        ),
        RelatedList(
            _l("Netzwerke"),
            lambda org: (
                select(Network)
                .where(Network.id.in_(networks_of(org.id)))
                .order_by(Network.sort_name)
            ),
            (Column("name"), Column("topic"), Column("meets")),
            full_list=filtered("network", mitglied_nr=lambda org: org.id),
        ),
        organisation_list(
            _l("Untergeordnete Organisationen"),
            lambda org: Organisation.parent_id == org.id,
            filtered("organisation", übergeordnet_nr=lambda org: org.id),
        ),
    )


def register(admin, category):
    admin.add_view(
        OrganisationView(
            Organisation, name=_l("Organisationen"), category=category, endpoint="organisation"
        )
    )
