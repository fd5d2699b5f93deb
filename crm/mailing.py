"""Who a mailing reaches: the criteria of a Verteiler, the contacts they select and, per
channel, who may be written to and why the others are left out. Free of Flask, so that the
screen, the exports, the saved selections and tests share one answer."""

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date
from enum import StrEnum
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Select,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    true,
    union,
    union_all,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql.expression import ColumnElement

from .errors import RuleError
from .inputs import MAX_INPUT, as_id, clean_input
from .models import (
    Contact,
    ContactRole,
    MeetingParticipant,
    Municipality,
    Network,
    NetworkMeeting,
    Organisation,
    Tag,
    Volunteer,
)
from .models.choices import OrganisationKind, VolunteerStatus
from .models.people import contact_tags

MAX_VALUES = 100  # values of one criterion: a longer list is no selection anyone made by hand
PREVIEW = 20


@dataclass(frozen=True)
class Criterion:
    """One kind of criterion: its key in URLs and saved JSON, its German name, how a value is
    read (None: not a value of it) and what it means, for the screen."""

    key: str
    label: object
    read: object
    hint: object = None


def _choice(kind):
    def read(value: str):
        try:
            return kind(value)
        except ValueError:
            return None

    return read


def _text(value: str) -> str | None:
    cleaned = " ".join((clean_input(value) or "").split())
    return cleaned if cleaned and len(value) <= MAX_INPUT else None


CRITERIA = (
    Criterion("tag", _l("Schlagwort"), as_id, _l("Schlagworte des Kontakts")),
    Criterion(
        "kind",
        _l("Art der Organisation"),
        _choice(OrganisationKind),
        _l("wo der Kontakt heute eine Funktion hat"),
    ),
    Criterion("municipality", _l("Kommune"), as_id, _l("Kommune des Kontakts")),
    Criterion(
        "network",
        _l("Netzwerk"),
        as_id,
        _l("wer an einem seiner Treffen teilgenommen hat oder es koordiniert"),
    ),
    Criterion("function", _l("Funktion"), _text, _l("Funktionen, die heute bestehen")),
    Criterion("status", _l("Status als Ehrenamtliche/r"), _choice(VolunteerStatus)),
)


@dataclass(frozen=True)
class Criteria:
    """Who is selected: all of the criteria given (AND), any of the values of one (OR).
    Criteria with no values select everyone."""

    tag: tuple[int, ...] = ()
    kind: tuple[OrganisationKind, ...] = ()
    municipality: tuple[int, ...] = ()
    network: tuple[int, ...] = ()
    function: tuple[str, ...] = ()
    status: tuple[VolunteerStatus, ...] = ()

    @classmethod
    def parse(cls, values: Mapping[str, Iterable]) -> "Criteria":
        """Criteria from lists of values by key (a query string, a saved selection's JSON);
        other keys are ignored. A value that is not one of its criterion raises RuleError."""
        if not isinstance(values, Mapping):
            raise RuleError(_l("Die gespeicherte Auswahl ist unlesbar."))
        found = {}
        for criterion in CRITERIA:
            given = values.get(criterion.key) or ()
            if isinstance(given, str | int):
                given = (given,)
            read = []
            for value in given:
                if value in ("", None):
                    continue
                parsed = criterion.read(str(value))
                if parsed is None:
                    raise RuleError(
                        _l(
                            "„%(value)s“ ist kein gültiger Wert für „%(criterion)s“.",
                            value=str(value)[:40],
                            criterion=criterion.label,
                        ),
                        field=criterion.key,
                    )
                read.append(parsed)
            read = list(dict.fromkeys(read))
            if len(read) > MAX_VALUES:
                raise RuleError(
                    _l(
                        "Zu viele Werte für „%(criterion)s“ (höchstens %(n)s).",
                        criterion=criterion.label,
                        n=MAX_VALUES,
                    ),
                    field=criterion.key,
                )
            found[criterion.key] = tuple(read)
        return cls(**found)

    def as_json(self) -> dict[str, list]:
        """The criteria given, as plain lists (what a saved selection keeps and a URL carries)."""
        return {key: [str(v) for v in values] for key, values in asdict(self).items() if values}

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


def current_role(today: date) -> ColumnElement[bool]:
    """A role not ended before today: the functions a person holds now."""
    return or_(ContactRole.until.is_(None), ContactRole.until >= today)


def matches(criteria: Criteria, today: date) -> ColumnElement[bool]:
    """The condition on Contact of everyone the criteria select."""
    conditions = []
    if criteria.tag:
        tagged = select(contact_tags.c.contact_id).where(contact_tags.c.tag_id.in_(criteria.tag))
        conditions.append(Contact.id.in_(tagged))
    if criteria.kind or criteria.function:
        # Kind and function of the same role: the Schulleitung *of a school*.
        roles = select(ContactRole.contact_id).where(current_role(today))
        if criteria.kind:
            roles = roles.join(Organisation, Organisation.id == ContactRole.organisation_id)
            roles = roles.where(Organisation.kind.in_(criteria.kind))
        if criteria.function:
            roles = roles.where(ContactRole.function.in_(criteria.function))
        conditions.append(Contact.id.in_(roles))
    if criteria.municipality:
        conditions.append(Contact.municipality_id.in_(criteria.municipality))
    if criteria.network:
        # A network's people: who took part in its meetings, and who coordinates it.
        participants = (
            select(MeetingParticipant.contact_id)
            .join(NetworkMeeting, NetworkMeeting.id == MeetingParticipant.meeting_id)
            .where(NetworkMeeting.network_id.in_(criteria.network))
        )
        coordinators = select(Network.coordinator_id).where(Network.id.in_(criteria.network))
        conditions.append(Contact.id.in_(union(participants, coordinators)))
    if criteria.status:
        volunteers = select(Volunteer.contact_id).where(Volunteer.status.in_(criteria.status))
        conditions.append(Contact.id.in_(volunteers))
    return and_(true(), *conditions)


def select_contacts(criteria: Criteria, today: date | None = None) -> Select:
    """The contacts the criteria select, whether they may be written to or not."""
    return select(Contact).where(matches(criteria, today or date.today()))


class Channel(StrEnum):
    POST = "post"
    EMAIL = "email"


def _filled(*columns) -> ColumnElement[bool]:
    return and_(*(func.coalesce(c, "") != "" for c in columns))


@dataclass(frozen=True)
class Workplace:
    """A contact's first current role and its organisation, joined to the contact: the
    organisation's name goes on the letter, and its address is theirs where they have none of
    their own."""

    role: Any
    organisation: Any
    first: Any

    def joined(self, statement: Select) -> Select:
        role, organisation = self.role, self.organisation
        return (
            statement.select_from(Contact)
            .outerjoin(role, role.id == self.first)
            .outerjoin(organisation, organisation.id == role.organisation_id)
        )

    def has_address(self) -> ColumnElement[bool]:
        """Whether a contact has an address to write to, without joining the workplace: the
        database looks for it only for those who have no address of their own."""
        role, organisation = aliased(ContactRole), aliased(Organisation)
        at_work = (
            select(literal(1))
            .select_from(role)
            .join(organisation, organisation.id == role.organisation_id)
            .where(
                role.id == self.first,
                _filled(organisation.street, organisation.postcode, organisation.city),
            )
            .correlate(Contact)
            .exists()
        )
        return case((own_address(), true()), else_=at_work)


def workplace(today: date) -> Workplace:
    first = (
        select(ContactRole.id)
        .where(ContactRole.contact_id == Contact.id, current_role(today))
        .order_by(ContactRole.id)
        .limit(1)
        .correlate(Contact)
        .scalar_subquery()
    )
    return Workplace(
        aliased(ContactRole, name="workplace_role"),
        aliased(Organisation, name="workplace"),
        first,
    )


def own_address() -> ColumnElement[bool]:
    return _filled(Contact.street, Contact.postcode, Contact.city)


def has_address(organisation) -> ColumnElement[bool]:
    return or_(
        own_address(), _filled(organisation.street, organisation.postcode, organisation.city)
    )


def has_email() -> ColumnElement[bool]:
    return _filled(Contact.email)


def consents(channel: Channel) -> ColumnElement[bool]:
    return Contact.may_mail_post if channel == Channel.POST else Contact.may_mail_email


def reachable(channel: Channel, organisation=None) -> ColumnElement[bool]:
    """Who may be written to on a channel: not blocked, with consent and somewhere to write
    (by post, their own address or that of their workplace ``organisation``)."""
    where = has_address(organisation) if channel == Channel.POST else has_email()
    return and_(not_(Contact.do_not_contact), consents(channel), where)


@dataclass(frozen=True)
class Reach:
    """How many a selection holds, how many each channel reaches, and why the others not."""

    selected: int
    blocked: int
    post: int
    post_no_consent: int
    post_no_address: int
    email: int
    email_no_consent: int
    email_no_address: int

    def left_out(self, channel: Channel) -> list[tuple[int, object]]:
        """(count, German reason) of those a channel leaves out, the ones that occur."""
        if channel == Channel.POST:
            reasons = (
                (self.post_no_consent, _l("ohne Einwilligung für Post")),
                (self.blocked, _l("gesperrt")),
                (self.post_no_address, _l("ohne Anschrift")),
            )
        else:
            reasons = (
                (self.email_no_consent, _l("ohne Einwilligung für E-Mail")),
                (self.blocked, _l("gesperrt")),
                (self.email_no_address, _l("ohne E-Mail-Adresse")),
            )
        return [(n, reason) for n, reason in reasons if n]


def count_of(condition) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def reach_statement(criteria: Criteria, today: date) -> Select:
    """The figures of :class:`Reach` for a selection, in one statement."""
    allowed = not_(Contact.do_not_contact)
    columns = [func.count(), count_of(Contact.do_not_contact)]
    for channel, where in (
        (Channel.POST, workplace(today).has_address()),
        (Channel.EMAIL, has_email()),
    ):
        consent = and_(allowed, consents(channel))
        columns += [
            count_of(and_(consent, where)),
            count_of(and_(allowed, not_(consents(channel)))),
            count_of(and_(consent, not_(where))),
        ]
    return select(*columns).select_from(Contact).where(matches(criteria, today))


def reach(session, criteria: Criteria, today: date | None = None) -> Reach:
    return Reach(*session.execute(reach_statement(criteria, today or date.today())).one())


@dataclass(frozen=True)
class PreviewRow:
    id: int
    name: str
    organisation: str | None
    city: str | None
    email: str | None
    by_post: bool
    by_email: bool
    blocked: bool


def preview(session, criteria: Criteria, today: date | None = None) -> list[PreviewRow]:
    """The first contacts of a selection by name, with the channels that reach each."""
    today = today or date.today()
    work = workplace(today)
    organisation = work.organisation
    rows = session.execute(
        work.joined(
            select(
                Contact.id,
                Contact.last_name,
                Contact.first_name,
                organisation.name,
                func.coalesce(func.nullif(Contact.city, ""), organisation.city),
                Contact.email,
                reachable(Channel.POST, organisation),
                reachable(Channel.EMAIL, organisation),
                Contact.do_not_contact,
            )
        )
        .where(matches(criteria, today))
        .order_by(*Contact.name_order(), Contact.id)
        .limit(PREVIEW)
    )
    return [
        PreviewRow(id_, ", ".join(p for p in (last, first) if p), *rest)
        for id_, last, first, *rest in rows
    ]


def email_addresses(session, criteria: Criteria, today: date | None = None) -> list[str]:
    """The addresses of everyone the selection may e-mail, each once whatever its case, in
    alphabetical order."""
    today = today or date.today()
    found = session.scalars(
        select(func.trim(Contact.email))
        .where(matches(criteria, today), reachable(Channel.EMAIL))
        .order_by(func.lower(func.trim(Contact.email)), Contact.id)
    )
    unique: dict[str, str] = {}
    for address in found:
        unique.setdefault(address.casefold(), address)
    return list(unique.values())


def email_list(addresses: list[str], bcc: bool) -> str:
    """One address a line, or one line to paste into BCC (``; ``-separated, as Outlook wants)."""
    return "; ".join(addresses) if bcc else "".join(f"{a}\n" for a in addresses)


def choices(session) -> dict[str, list[tuple[str, object]]]:
    """The values each criterion offers, (value, label) by key, in one statement: tags,
    municipalities and networks by name, every function text (read from its index alone; the
    criterion keeps the roles held today); organisation kinds and volunteer statuses are
    fixed."""
    functions = (
        select(literal("function"), ContactRole.function, ContactRole.function)
        .where(ContactRole.function > "")
        .distinct()
    )
    named = [
        select(literal(key), cast(model.id, String), model.name)
        for key, model in (("tag", Tag), ("municipality", Municipality), ("network", Network))
    ]
    found: dict[str, list[tuple[str, object]]] = {
        "kind": OrganisationKind.choices(),
        "status": VolunteerStatus.choices(),
    }
    rows = session.execute(union_all(*named, functions).order_by(literal_column("3"))).all()
    for key, value, label in rows:
        found.setdefault(key, []).append((value, label))
    return found
