"""Contacts as vCards 3.0 for Outlook and Thunderbird: UTF-8 with CHARSET named on every text
that needs it (Outlook reads a vCard as Windows-1252 otherwise), and only what the person
allows: the postal address with consent to post, the e-mail address with consent to e-mail."""

from dataclasses import dataclass
from datetime import date

import vobject
from sqlalchemy import or_, select

from .letters import address_of
from .mailing import Channel, Criteria, matches, reachable, workplace
from .models import Contact


@dataclass(frozen=True)
class Card:
    id: int
    title: str | None
    first_name: str | None
    last_name: str
    organisation: str | None
    function: str | None
    email: str | None
    phone: str | None
    mobile: str | None
    address: tuple[str, str, str, bool] | None  # street, postcode, city, at work


def vcard(card: Card) -> str:
    """One contact as a vCard 3.0 (CRLF lines, folded as the format wants)."""
    v = vobject.vCard()
    name = vobject.vcard.Name(
        family=card.last_name, given=card.first_name or "", prefix=card.title or ""
    )
    _text(v, "n", name)
    _text(v, "fn", " ".join(p for p in (card.title, card.first_name, card.last_name) if p))
    if card.organisation:
        _text(v, "org", [card.organisation])
    if card.function:
        _text(v, "title", card.function)
    if card.email:
        email = v.add("email")
        email.value = card.email
        email.type_param = "INTERNET"
    for number, kind in ((card.phone, "WORK"), (card.mobile, "CELL")):
        if number:
            tel = v.add("tel")
            tel.value = number
            tel.type_param = kind
    if card.address:
        street, code, city, at_work = card.address
        _text(v, "adr", vobject.vcard.Address(street=street, code=code, city=city))
        v.adr.type_param = "WORK" if at_work else "HOME"
    v.add("uid").value = f"lotse-contact-{card.id}"
    return v.serialize()


def _text(v, name: str, value) -> None:
    prop = v.add(name)
    prop.value = value
    if not str(value).isascii():
        prop.charset_param = "UTF-8"


def vcards(found: list[Card]) -> str:
    return "".join(vcard(card) for card in found)


def cards(
    session,
    criteria: Criteria | None = None,
    contact_id: int | None = None,
    today: date | None = None,
) -> list[Card]:
    """The cards of a selection, or of one contact: everyone who may be written to by post or
    by e-mail, with what they allow, by name, in one statement."""
    today = today or date.today()
    work = workplace(today)
    organisation = work.organisation
    by_post = reachable(Channel.POST, organisation)
    by_email = reachable(Channel.EMAIL)
    if contact_id is not None:
        which = Contact.id == contact_id
    else:
        which = matches(criteria or Criteria(), today)
    rows = session.execute(
        work.joined(
            select(
                Contact.id,
                Contact.title,
                Contact.first_name,
                Contact.last_name,
                organisation.name,
                work.role.function,
                Contact.email,
                Contact.phone,
                Contact.mobile,
                Contact.street,
                Contact.postcode,
                Contact.city,
                organisation.street,
                organisation.postcode,
                organisation.city,
                by_post,
                by_email,
            )
        )
        .where(which, or_(by_post, by_email))
        .order_by(*Contact.name_order(), Contact.id)
    )
    return [_card(*row) for row in rows]


def _card(id_, title, first, last, organisation, function, email, phone, mobile, *rest) -> Card:
    own, work, (post, mail) = rest[:3], rest[3:6], rest[6:]
    address = address_of(own, work) if post else None
    return Card(
        id_,
        title,
        first,
        last,
        organisation,
        function,
        email if mail else None,
        phone,
        mobile,
        address,
    )
