"""The offers register as an Open Referral HSDS 3.0 tabular data package: one CSV per object
and a ``datapackage.json`` describing them, zipped, so any HSDS tool can read it.

Only offers that may be published (``public``) and have a provider go out, with their
organisations; ids are the rows' UUIDs. A municipality is a service area named with its
official key (Amtlicher Gemeindeschlüssel); a county-wide offer has one area for the county.
Fields of action, stages and target groups are taxonomy terms linked by attributes.
"""

import csv
import io
import json
import uuid
import zipfile
from datetime import UTC, date

from sqlalchemy import select

from .extensions import db
from .models import EducationStage, FieldOfAction, Language, Offer, Organisation, TargetGroup
from .models.choices import OfferStatus
from .models.reference import Municipality
from .models.structures import offer_fields, offer_languages, offer_stages, offer_target_groups

NAMESPACE = uuid.UUID("5f0c8a4e-6f39-4c57-9a0e-2b1f3f6c9d10")  # ids Lotse derives for HSDS
STATUS = {
    OfferStatus.ACTIVE: "active",
    OfferStatus.CLOSED: "temporarily closed",
    OfferStatus.ENDED: "inactive",
}
TAXONOMIES = (
    (FieldOfAction, offer_fields.c.field_id, "Handlungsfelder (Lotse)"),
    (EducationStage, offer_stages.c.stage_id, "Stufen der Bildungskette (Lotse)"),
    (TargetGroup, offer_target_groups.c.target_group_id, "Zielgruppen (Lotse)"),
)


def derived_id(*parts) -> str:
    """A stable UUID for a row HSDS needs and Lotse has no UUID for (a link, an area)."""
    return str(uuid.uuid5(NAMESPACE, "/".join(map(str, parts))))


def _text(name: str, required: bool = False, **extra) -> dict:
    field = {"name": name, "type": "string", **extra}
    if required:
        field["constraints"] = {"required": True, **field.get("constraints", {})}
    return field


def _uuid(name: str, required: bool = False, unique: bool = False) -> dict:
    field = _text(name, required, format="uuid")
    if unique:
        field["constraints"] = {**field.get("constraints", {}), "unique": True}
    return field


def _key(field: str, resource: str) -> dict:
    return {"fields": field, "reference": {"resource": resource, "fields": "id"}}


# The objects written, with the HSDS 3.0 fields Lotse fills, in the order of the files.
RESOURCES = {
    "organization": (
        [
            _uuid("id", True, True),
            _text("name", True),
            _text("description", True),
            _text("email"),
            _text("website"),
            _uuid("parent_organization_id"),
        ],
        [],
    ),
    "service": (
        [
            _uuid("id", True, True),
            _uuid("organization_id", True),
            _text("name", True),
            _text("description"),
            _text(
                "status",
                True,
                constraints={"enum": ["active", "inactive", "defunct", "temporarily closed"]},
            ),
            _text("eligibility_description"),
            {"name": "minimum_age", "type": "number"},
            {"name": "maximum_age", "type": "number"},
            {"name": "assured_date", "type": "date"},
            {"name": "last_modified", "type": "datetime"},
        ],
        [_key("organization_id", "organization")],
    ),
    "service_area": (
        [
            _uuid("id", True, True),
            _uuid("service_id"),
            _text("name"),
            _text("description"),
            _text("uri"),
        ],
        [_key("service_id", "service")],
    ),
    "language": (
        [
            _uuid("id", True, True),
            _uuid("service_id"),
            _text("name"),
            _text("code"),
        ],
        [_key("service_id", "service")],
    ),
    "taxonomy": (
        [_uuid("id", True, True), _text("name", True), _text("description", True)],
        [],
    ),
    "taxonomy_term": (
        [
            _uuid("id", True, True),
            _text("code"),
            _text("name", True),
            _text("description", True),
            _uuid("taxonomy_id"),
        ],
        [_key("taxonomy_id", "taxonomy")],
    ),
    "attribute": (
        [
            _uuid("id", True, True),
            _uuid("link_id", True),
            _uuid("taxonomy_term_id", True),
            _text("link_type"),
            _text("link_entity", True),
        ],
        [_key("taxonomy_term_id", "taxonomy_term"), _key("link_id", "service")],
    ),
}


def file_name(resource: str) -> str:
    return f"{resource}s.csv"


def datapackage(today: date) -> dict:
    """The package descriptor: every file's Table Schema with keys."""
    return {
        "name": "lotse-angebote",
        "title": "Angebote für Neuzugewanderte (HSDS 3.0)",
        "profile": "tabular-data-package",
        "created": f"{today.isoformat()}T00:00:00Z",
        "resources": [
            {
                "name": name,
                "path": file_name(name),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": {"fields": fields, "primaryKey": "id", "foreignKeys": keys},
            }
            for name, (fields, keys) in RESOURCES.items()
        ],
    }


def hsds_rows(county: str) -> dict[str, list[list]]:
    """The rows of every file, read in seven statements."""
    offers = db.session.execute(
        select(
            Offer.id,
            Offer.uuid,
            Organisation.uuid,
            Offer.title,
            Offer.notes,
            Offer.status,
            Offer.target_group,
            Offer.min_age,
            Offer.max_age,
            Offer.checked_on,
            Offer.updated_at,
            Municipality.name,
            Municipality.official_key,
        )
        .join(Organisation, Organisation.id == Offer.provider_id)
        .outerjoin(Municipality, Municipality.id == Offer.municipality_id)
        .where(Offer.public.is_(True))
        .order_by(Offer.id)
    ).all()
    ids = {row[0]: row[1] for row in offers}
    published = select(Offer.id).where(Offer.public.is_(True), Offer.provider_id.is_not(None))
    services, areas = [], []
    for (
        _,
        offer_uuid,
        provider,
        title,
        notes,
        status,
        target,
        low,
        high,
        checked,
        changed,
        place,
        key,
    ) in offers:
        services.append(
            [offer_uuid, provider, title, notes, STATUS[status], target, low, high, checked]
            + [changed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")]
        )
        area = (
            [place, f"Amtlicher Gemeindeschlüssel {key}" if key else None]
            + [f"urn:de:ags:{key}" if key else None]
            if place
            else [county, "kreisweit", None]
        )
        areas.append([derived_id("area", offer_uuid), offer_uuid, *area])
    organisations = db.session.execute(
        select(Organisation.uuid, Organisation.name, Organisation.email, Organisation.website)
        .where(Organisation.id.in_(select(Offer.provider_id).where(Offer.id.in_(published))))
        .order_by(Organisation.id)
    ).all()
    languages = db.session.execute(
        select(offer_languages.c.offer_id, Language.name, Language.code, Language.id)
        .join(Language, Language.id == offer_languages.c.language_id)
        .where(offer_languages.c.offer_id.in_(published))
        .order_by(offer_languages.c.offer_id, Language.id)
    ).all()
    taxonomies, terms, attributes = [], [], []
    for model, column, title in TAXONOMIES:
        taxonomy = derived_id("taxonomy", model.__tablename__)
        taxonomies.append([taxonomy, title, title])
        for entry_id, name in db.session.execute(select(model.id, model.name)):
            term = derived_id(model.__tablename__, entry_id)
            terms.append([term, str(entry_id), name, name, taxonomy])
        for offer_id, entry_id in db.session.execute(
            select(column.table.c.offer_id, column).where(column.table.c.offer_id.in_(published))
        ):
            term = derived_id(model.__tablename__, entry_id)
            attributes.append(
                [derived_id("attribute", term, ids[offer_id]), ids[offer_id], term, None, "service"]
            )
    return {
        "organization": [
            [o, name, name, email, website, None] for o, name, email, website in organisations
        ],
        "service": services,
        "service_area": areas,
        "language": [
            [derived_id("language", ids[o], language_id), ids[o], name, code]
            for o, name, code, language_id in languages
        ],
        "taxonomy": taxonomies,
        "taxonomy_term": terms,
        "attribute": attributes,
    }


def hsds_package(county: str, today: date) -> bytes:
    """The zipped package: ``datapackage.json`` and one CSV (UTF-8, commas, ISO dates) per
    object."""
    rows = hsds_rows(county)
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "datapackage.json", json.dumps(datapackage(today), ensure_ascii=False, indent=2)
        )
        for name, (fields, _) in RESOURCES.items():
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow([field["name"] for field in fields])
            writer.writerows(_plain(row) for row in rows[name])
            package.writestr(file_name(name), text.getvalue())
    return target.getvalue()


def _plain(row: list) -> list:
    return ["" if v is None else v.isoformat() if isinstance(v, date) else v for v in row]
