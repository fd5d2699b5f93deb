"""The letters of a mailing: to whom each goes, at which address, with which greeting; one per
person, or one per household or organisation address. The letter texts are German whatever
language the screen is in: they are what the office sends."""

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from .mailing import Channel, Criteria, matches, reachable, workplace
from .models import Contact
from .models.choices import Salutation
from .tabular import CODE, Column

TO_ALL = "Sehr geehrte Damen und Herren,"
# Up to so many people at one private address are named in one letter; more get TO_ALL.
MAX_NAMED = 3
# The postal list for a Serienbrief; German like the letters it fills.
COLUMNS = (
    Column("Anrede", 8),
    Column("Titel", 8),
    Column("Vorname", 16),
    Column("Nachname", 18),
    Column("Empfänger", 36),
    Column("Organisation", 36),
    Column("Straße", 28),
    Column("PLZ", 7, CODE),
    Column("Ort", 22),
    Column("Briefanrede", 44),
)


@dataclass(frozen=True)
class Person:
    """Someone who may get a letter, at the address it goes to: their own, or else the one of
    the organisation they work at (``at_work`` then, or when the two are the same)."""

    id: int
    salutation: Salutation | None
    title: str | None
    first_name: str | None
    last_name: str
    organisation: str | None
    street: str
    postcode: str
    city: str
    at_work: bool


@dataclass(frozen=True)
class Letter:
    """One letter: its recipient's name fields (empty for several people or an organisation),
    the recipient line, the address and the greeting."""

    salutation: str
    title: str
    first_name: str
    last_name: str
    recipient: str
    organisation: str
    street: str
    postcode: str
    city: str
    greeting: str
    at_work: bool
    contact_ids: tuple[int, ...]

    def row(self) -> tuple[str, ...]:
        """The letter as a row of the postal list (COLUMNS)."""
        return (
            self.salutation,
            self.title,
            self.first_name,
            self.last_name,
            self.recipient,
            self.organisation,
            self.street,
            self.postcode,
            self.city,
            self.greeting,
        )

    def address_lines(self) -> list[str]:
        """The address as it goes on an envelope or a label; a street typed on two lines
        ("Hauptstraße 5", "Hinterhaus") keeps them."""
        lines = [self.organisation] if self.at_work and self.organisation else []
        if self.recipient:
            lines.append(self.recipient)
        lines += [*self.street.splitlines(), f"{self.postcode} {self.city}"]
        return [" ".join(line.split()) for line in lines if line.strip()]


def _joined(*parts) -> str:
    return " ".join(p for p in parts if p)


def greeting(person) -> str:
    """The greeting of a letter to one person (anything with salutation, title, first and
    last name, such as a Contact); an organisation without a person gets TO_ALL."""
    if person is None or not person.last_name:
        return TO_ALL
    if person.salutation == Salutation.MS:
        return f"Sehr geehrte Frau {_joined(person.title, person.last_name)},"
    if person.salutation == Salutation.MR:
        return f"Sehr geehrter Herr {_joined(person.title, person.last_name)},"
    return f"Guten Tag {_joined(person.title, person.first_name, person.last_name)},"


def recipient_line(person) -> str:
    """The name on the envelope: "Frau Dr. Ana Weiß", "Herrn Emre Yılmaz", "Alex Kim"."""
    salutation = {Salutation.MS: "Frau", Salutation.MR: "Herrn"}.get(person.salutation)
    return _joined(salutation, person.title, person.first_name, person.last_name)


def letter_to(person: Person) -> Letter:
    return Letter(
        salutation={Salutation.MS: "Frau", Salutation.MR: "Herr"}.get(person.salutation, ""),
        title=person.title or "",
        first_name=person.first_name or "",
        last_name=person.last_name,
        recipient=recipient_line(person),
        organisation=person.organisation or "",
        street=person.street,
        postcode=person.postcode,
        city=person.city,
        greeting=greeting(person),
        at_work=person.at_work,
        contact_ids=(person.id,),
    )


def letter_to_all(people: list[Person]) -> Letter:
    """One letter to several people at one address: to their organisation where they are
    colleagues at its address (TO_ALL), else to the household by name (TO_ALL past
    MAX_NAMED people)."""
    first = people[0]
    colleagues = {p.organisation for p in people if p.at_work}
    at_work = len(colleagues) == 1 and all(p.at_work for p in people)
    if at_work:
        recipient, salutation = "", TO_ALL
    elif len(people) <= MAX_NAMED:
        recipient = " und ".join(recipient_line(p) for p in people)
        greetings = [greeting(p) for p in people]
        salutation = " ".join([greetings[0], *(g[0].lower() + g[1:] for g in greetings[1:])])
    else:
        recipient = ", ".join(dict.fromkeys(p.last_name for p in people))
        salutation = TO_ALL
    return Letter(
        salutation="",
        title="",
        first_name="",
        last_name="",
        recipient=recipient,
        organisation=first.organisation or "" if at_work else "",
        street=first.street,
        postcode=first.postcode,
        city=first.city,
        greeting=salutation,
        at_work=at_work,
        contact_ids=tuple(p.id for p in people),
    )


def address_key(street: str, postcode: str, city: str) -> tuple[str, str, str]:
    """An address as compared: case, spacing and "Str."/"Straße"/"Strasse" do not matter."""

    def fold(text: str) -> str:
        text = " ".join(text.casefold().split())
        return re.sub(r"(str)(\.|asse|aße)", r"\1", text)

    return fold(street), fold(postcode), fold(city)


def households(people: list[Person]) -> list[Letter]:
    """One letter per address: the people who share it get one together."""
    groups: dict[tuple, list[Person]] = {}
    for person in people:
        groups.setdefault(address_key(person.street, person.postcode, person.city), []).append(
            person
        )
    return [letter_to(p[0]) if len(p) == 1 else letter_to_all(p) for p in groups.values()]


def letters(session, criteria: Criteria, per_address: bool, today: date | None = None):
    """The letters to everyone the selection may write to by post, by postcode."""
    people = people_by_post(session, criteria, today or date.today())
    return households(people) if per_address else [letter_to(p) for p in people]


def people_by_post(session, criteria: Criteria, today: date) -> list[Person]:
    """Everyone the selection may write to by post, at their address, in one statement;
    ordered by postcode, as a franked mailing is handed in."""
    work = workplace(today)
    organisation = work.organisation
    rows = session.execute(
        work.joined(
            select(
                Contact.id,
                Contact.salutation,
                Contact.title,
                Contact.first_name,
                Contact.last_name,
                Contact.street,
                Contact.postcode,
                Contact.city,
                organisation.name,
                organisation.street,
                organisation.postcode,
                organisation.city,
            )
        ).where(matches(criteria, today), reachable(Channel.POST, organisation))
    )
    people = [_person(*row) for row in rows]
    people.sort(
        key=lambda p: (*address_key(p.postcode, p.city, p.street), p.last_name, p.first_name or "")
    )
    return people


def address_of(own: tuple, work: tuple) -> tuple[str, str, str, bool]:
    """(street, postcode, city, at work) of someone: their own address if complete, else
    their workplace's; at work also where the two are the same."""
    uses_own = all(own)
    street, postcode, city = own if uses_own else work
    at_work = all(work) and (not uses_own or address_key(*own) == address_key(*work))
    return street, postcode, city, at_work


def _person(id_, salutation, title, first, last, street, postcode, city, organisation, *work):
    address = address_of((street, postcode, city), work)
    return Person(id_, salutation, title, first, last, organisation, *address)
