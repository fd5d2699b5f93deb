"""What a reference look-up shows for each row, so people with the same name can be told
apart: "Ahmadi, Mariam · Birkenhain · DaZ-Lehrkraft, Grundschule Birkenhain" for a contact,
a newcomer's reference with municipality and household size (for those who may read it).
Each label says which related rows it needs, loaded with the ten results in one go."""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import defaultload, joinedload, selectinload

from ..models import Contact, ContactRole, Newcomer, Organisation, Volunteer
from ..sensitive import hidden_fields
from .sensitive import groups_hidden

SEPARATOR = " · "


@dataclass(frozen=True)
class Label:
    loads: tuple  # loader options for the rows the label reads
    text: Callable[[object], str]


def _joined(*parts) -> str:
    return SEPARATOR.join(str(p) for p in parts if p)


def _current_role(person: Contact) -> str | None:
    current = [r for r in person.roles if r.until is None]
    if not current:
        return None
    role = current[0]
    return ", ".join(str(p) for p in (role.function, role.organisation) if p)


def _contact(person: Contact) -> str:
    return _joined(person, person.municipality, _current_role(person))


def _volunteer(volunteer: Volunteer) -> str:
    return _joined(volunteer.contact, volunteer.contact.municipality, volunteer.status.label)


def _newcomer(newcomer: Newcomer) -> str:
    """The household size only for those who may read it (crm.sensitive)."""
    size = newcomer.household_size
    if "household_size" in hidden_fields(Newcomer, groups_hidden()):
        size = None
    household = _("%(n)d Personen", n=size) if size and size > 1 else None
    return _joined(newcomer.reference, newcomer.first_name, newcomer.municipality, household)


def _organisation(organisation: Organisation) -> str:
    return _joined(organisation, organisation.municipality)


LABELS: dict[type, Label] = {
    Contact: Label(
        (
            joinedload(Contact.municipality),
            selectinload(Contact.roles).joinedload(ContactRole.organisation),
        ),
        _contact,
    ),
    Volunteer: Label(
        (defaultload(Volunteer.contact).joinedload(Contact.municipality),), _volunteer
    ),
    Newcomer: Label((joinedload(Newcomer.municipality),), _newcomer),
    Organisation: Label((joinedload(Organisation.municipality),), _organisation),
}


class Found:
    """One result of a look-up as the field's script reads it: its id and its label (the
    loader's ``format`` reads the key attribute and ``str``)."""

    def __init__(self, key: str, value, label: str):
        setattr(self, key, value)
        self.label = label

    def __str__(self) -> str:
        return self.label
