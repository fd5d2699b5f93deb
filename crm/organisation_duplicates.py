"""Likely duplicate organisations (crm.duplicates): two organisations are a candidate pair when
their names agree once folded and stripped of legal form and punctuation („Caritasverband
Lotsenau e.V.“ = „Caritasverband Lotsenau“, crm.match_keys), or they share an e-mail address
or a website's domain (one that at most three share). The name with the postcode is a block of
its own, so that a name many branches share („Jobcenter“) still pairs those at one address. An
organisation and the one it belongs to are never a pair. And the organisations a new
one would duplicate, for the warning before it is saved.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from .duplicates import Block, Kind, same_text
from .match_keys import (
    organisation_key,
    organisation_keys,
    phone_digits,
    web_domain,
    web_domain_sql,
)
from .models import Organisation

# Points of each field that agrees; the same name and postcode score 50.
WEIGHTS = {"name": 40, "email": 30, "website": 20, "phone": 10, "postcode": 10}
LABELS = {
    "name": _l("Name"),
    "email": _l("E-Mail"),
    "website": _l("Website"),
    "phone": _l("Telefon"),
    "postcode": _l("PLZ"),
}


# A domain more organisations share is an umbrella's: the county's offices, a carrier's
# branches.
WEBSITE_SHARED_BY = 3


def one_under_the_other(first_id, second_id):
    """Pairs of an organisation and the one it belongs to: a branch, not a duplicate. Two
    look-ups by id; one condition with OR would scan the table for each pair."""

    def under(child, parent):
        return exists().where(Organisation.id == child, Organisation.parent_id == parent)

    return under(first_id, second_id) | under(second_id, first_id)


def keys():
    """(id, name, postcode, email, domain) of every organisation, computed once per query
    (materialised) for all four blocks."""
    names = organisation_keys(Organisation)
    return (
        select(
            Organisation.id,
            names.c.k.label("name"),
            Organisation.postcode,
            func.lower(Organisation.email).label("email"),
            web_domain_sql(Organisation.website).label("domain"),
        )
        .join(names, names.c.id == Organisation.id)
        .cte("organisation_keys")
        .prefix_with("MATERIALIZED")
    )


def blocks() -> list[Block]:
    """The folded name; the folded name and postcode; the e-mail; the website's domain."""
    key = keys()
    return [
        Block("name", lambda: select(key.c.id, key.c.name.label("k")), WEIGHTS["name"]),
        Block(
            "postcode",
            lambda: select(key.c.id, key.c.name.concat("|").concat(key.c.postcode).label("k")),
            WEIGHTS["name"] + WEIGHTS["postcode"],
        ),
        Block("email", lambda: select(key.c.id, key.c.email.label("k")), WEIGHTS["email"]),
        Block(
            "website",
            lambda: select(key.c.id, key.c.domain.label("k")),
            WEIGHTS["website"],
            largest=WEBSITE_SHARED_BY,
        ),
    ]


def checks(first: Organisation, second: Organisation, context=None) -> dict:
    first_domain = web_domain(first.website)
    return {
        "name": bool(organisation_key(first.name))
        and organisation_key(first.name) == organisation_key(second.name),
        "email": same_text(first.email, second.email),
        "website": bool(first_domain) and first_domain == web_domain(second.website),
        "phone": bool(phone_digits(first.phone) & phone_digits(second.phone)),
        "postcode": same_text(first.postcode, second.postcode),
    }


ORGANISATIONS = Kind(
    model=Organisation,
    weights=WEIGHTS,
    labels=LABELS,
    blocks=blocks,
    checks=checks,
    order=lambda organisation: organisation.sort_name,
    apart=one_under_the_other,
)


def existing_matches(
    session: Session, name: str | None, postcode: str | None, email: str | None
) -> list[Organisation]:
    """Organisations a new one would duplicate: the same folded name and postcode, or the
    same e-mail address."""
    conditions = []
    email = (email or "").strip().lower()
    if email:
        conditions.append(func.lower(Organisation.email) == email)
    key, postcode = organisation_key(name), (postcode or "").strip()
    if key and postcode:
        keys = organisation_keys(Organisation)
        same_name = select(keys.c.id).where(keys.c.k == key)
        conditions.append(Organisation.id.in_(same_name) & (Organisation.postcode == postcode))
    if not conditions:
        return []
    return list(
        session.scalars(select(Organisation).where(or_(*conditions)).order_by(Organisation.id))
    )
