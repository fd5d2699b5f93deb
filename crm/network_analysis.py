"""Who is in the network: how often each member organisation came to its networks' meetings
and when last, who stayed away from the last three, and which fields of action and places the
networks' members cover, so that two networks for the same thing in the same place show up.
Each is one statement with its aggregates in SQL, whatever the number of meetings."""

from datetime import datetime

from sqlalchemy import Select, and_, case, func, literal, select, type_coerce
from sqlalchemy.orm import aliased

from .extensions import db
from .models import (
    Contact,
    MeetingParticipant,
    Municipality,
    Network,
    NetworkDelegate,
    NetworkMeeting,
    Offer,
    Organisation,
)
from .models.base import UTCDateTime
from .models.choices import Attendance
from .models.networks import network_members
from .models.structures import FieldOfAction, offer_fields
from .structures import current

RECENT = 3  # a member absent from this many latest meetings stands out
SEPARATOR = ", "


def _sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def _joined_places(rows: Select):
    """``rows`` (ending in a ``place`` column) as the source of a grouped statement, and the
    aggregate that joins a group's places alphabetically: PostgreSQL orders inside the
    aggregate; SQLite before 3.44 cannot, and joins them in the order an ordered subquery
    delivers them (as crm.relatedtexts does)."""
    if _sqlite():
        source = rows.order_by(*rows.selected_columns).subquery()
        return source, func.aggregate_strings(source.c.place, SEPARATOR)
    source = rows.subquery()
    joined = func.aggregate_strings(source.c.place, SEPARATOR).aggregate_order_by(source.c.place)
    return source, joined


def _held(now: datetime):
    """The meetings of networks held before ``now``, numbered from the latest per network."""
    latest_first = (NetworkMeeting.starts_at.desc(), NetworkMeeting.id.desc())
    return (
        select(
            NetworkMeeting.id,
            NetworkMeeting.network_id,
            NetworkMeeting.starts_at,
            func.row_number()
            .over(partition_by=NetworkMeeting.network_id, order_by=latest_first)
            .label("recent"),
        )
        .where(NetworkMeeting.network_id.is_not(None), NetworkMeeting.starts_at < now)
        .subquery("held")
    )


def _present():
    """(meeting, organisation) for every organisation someone was present for."""
    return (
        select(MeetingParticipant.meeting_id, MeetingParticipant.organisation_id)
        .where(
            MeetingParticipant.attendance == Attendance.PRESENT,
            MeetingParticipant.organisation_id.is_not(None),
        )
        .distinct()
        .subquery("present")
    )


def member_attendance(now: datetime):
    """Per membership (network, organisation): meetings held, those the organisation was
    present at, the last of them, and of the latest RECENT held how many and how many
    attended. A subquery, for the overview and a network's page."""
    held, present = _held(now), _present()
    came = present.c.meeting_id.is_not(None)
    recent = held.c.recent <= RECENT
    return (
        select(
            network_members.c.network_id,
            network_members.c.organisation_id,
            func.count(held.c.id).label("held"),
            func.count(present.c.meeting_id).label("attended"),
            type_coerce(func.max(case((came, held.c.starts_at))), UTCDateTime).label(
                "last_attended"
            ),
            func.coalesce(func.sum(case((recent, 1), else_=0)), 0).label("recent_held"),
            func.coalesce(func.sum(case((and_(recent, came), 1), else_=0)), 0).label(
                "recent_attended"
            ),
        )
        .select_from(network_members)
        .outerjoin(held, held.c.network_id == network_members.c.network_id)
        .outerjoin(
            present,
            and_(
                present.c.meeting_id == held.c.id,
                present.c.organisation_id == network_members.c.organisation_id,
            ),
        )
        .group_by(network_members.c.network_id, network_members.c.organisation_id)
        .subquery("attendance")
    )


def stays_away(row) -> bool:
    """Absent (not present) from each of its network's last RECENT meetings."""
    return row.recent_held >= RECENT and row.recent_attended == 0


def attendance_rate(row) -> float | None:
    return row.attended / row.held if row.held else None


def memberships(now: datetime, network_id: int | None = None) -> Select:
    """Organisation, network and attendance of every membership (of one network), by
    organisation and network name."""
    rates = member_attendance(now)
    statement = (
        select(
            Organisation,
            Network.id.label("network_id"),
            Network.name.label("network_name"),
            rates.c.held,
            rates.c.attended,
            rates.c.last_attended,
            rates.c.recent_held,
            rates.c.recent_attended,
            _delegate_names(rates).label("delegates"),
        )
        .join(rates, rates.c.organisation_id == Organisation.id)
        .join(Network, Network.id == rates.c.network_id)
        .order_by(Organisation.sort_name, Organisation.id, Network.sort_name)
    )
    if network_id is not None:
        statement = statement.where(Network.id == network_id)
    return statement


def _delegate_names(rates):
    """The names of the organisation's delegates in the network, as one text by name."""
    name = Contact.last_name + func.coalesce(", " + Contact.first_name, "")
    order = (Contact.sort_last_name, Contact.sort_first_name)
    delegates = (
        select(NetworkDelegate.id)
        .join(Contact, Contact.id == NetworkDelegate.contact_id)
        .where(
            NetworkDelegate.network_id == rates.c.network_id,
            NetworkDelegate.organisation_id == rates.c.organisation_id,
        )
    )
    if _sqlite():
        names = (
            delegates.with_only_columns(name.label("name"))
            .order_by(*order)
            .correlate(rates)
            .subquery()
        )
        return select(func.aggregate_strings(names.c.name, "; ")).scalar_subquery()
    joined = func.aggregate_strings(name, "; ").aggregate_order_by(*order)
    return delegates.with_only_columns(joined).scalar_subquery()


def attendance_over_time(network_id: int, now: datetime) -> Select:
    """The network's held meetings, latest first, with how many came, sent apologies or
    stayed away, and for how many of its member organisations someone was present."""
    members = select(func.count()).where(network_members.c.network_id == network_id)
    present_members = (
        select(func.count(func.distinct(MeetingParticipant.organisation_id)))
        .join(
            network_members,
            and_(
                network_members.c.organisation_id == MeetingParticipant.organisation_id,
                network_members.c.network_id == network_id,
            ),
        )
        .where(
            MeetingParticipant.meeting_id == NetworkMeeting.id,
            MeetingParticipant.attendance == Attendance.PRESENT,
        )
        .correlate(NetworkMeeting)
        .scalar_subquery()
    )

    def counted(attendance: Attendance):
        return func.coalesce(
            func.sum(case((MeetingParticipant.attendance == attendance, 1), else_=0)), 0
        )

    return (
        select(
            NetworkMeeting,
            counted(Attendance.PRESENT).label("present"),
            counted(Attendance.EXCUSED).label("excused"),
            counted(Attendance.ABSENT).label("absent"),
            present_members.label("present_members"),
            members.scalar_subquery().label("members"),
        )
        .outerjoin(MeetingParticipant, MeetingParticipant.meeting_id == NetworkMeeting.id)
        .where(NetworkMeeting.network_id == network_id, NetworkMeeting.starts_at < now)
        .group_by(NetworkMeeting.id)
        .order_by(NetworkMeeting.starts_at.desc(), NetworkMeeting.id.desc())
    )


def _covered(today, county_wide: str, name: str = "covered"):
    """(network, field, place) of the current offers of each network's members (an offer in
    several fields of action counts in each); an offer for the whole county is at the place
    ``county_wide``."""
    return (
        select(
            network_members.c.network_id,
            FieldOfAction.name.label("field"),
            func.coalesce(Municipality.name, literal(county_wide)).label("place"),
        )
        .join(Offer, Offer.provider_id == network_members.c.organisation_id)
        .join(offer_fields, offer_fields.c.offer_id == Offer.id)
        .join(FieldOfAction, FieldOfAction.id == offer_fields.c.field_id)
        .outerjoin(Municipality, Municipality.id == Offer.municipality_id)
        .where(current(today))
        .distinct()
        .subquery(name)
    )


def coverage(today, county_wide: str) -> Select:
    """Per network and field of action: the places its members offer it in, as one text."""
    covered = _covered(today, county_wide)
    source, places = _joined_places(select(covered.c.network_id, covered.c.field, covered.c.place))
    grouped = (
        select(source.c.network_id, source.c.field, places.label("place_names"))
        .group_by(source.c.network_id, source.c.field)
        .subquery()
    )
    return (
        select(Network.id, Network.name, grouped.c.field, grouped.c.place_names)
        .join(grouped, grouped.c.network_id == Network.id)
        .order_by(Network.sort_name, Network.id, grouped.c.field)
    )


def overlaps(today, county_wide: str) -> Select:
    """Pairs of networks whose members offer the same field of action in the same place: per
    pair and field, how many places and which; most shared places first."""
    first, second = _covered(today, county_wide, "first"), _covered(today, county_wide, "second")
    shared = (
        select(
            first.c.network_id.label("first_id"),
            second.c.network_id.label("second_id"),
            first.c.field,
            first.c.place,
        )
        .select_from(first)
        .join(
            second,
            and_(
                first.c.field == second.c.field,
                first.c.place == second.c.place,
                first.c.network_id < second.c.network_id,
            ),
        )
    )
    source, places = _joined_places(shared)
    grouped = (
        select(
            source.c.first_id,
            source.c.second_id,
            source.c.field,
            func.count().label("places"),
            places.label("place_names"),
        )
        .group_by(source.c.first_id, source.c.second_id, source.c.field)
        .subquery()
    )
    one, other = aliased(Network), aliased(Network)
    return (
        select(
            one.name.label("first"),
            other.name.label("second"),
            grouped.c.field,
            grouped.c.places,
            grouped.c.place_names,
        )
        .join(grouped, grouped.c.first_id == one.id)
        .join(other, other.id == grouped.c.second_id)
        .order_by(grouped.c.places.desc(), one.sort_name, other.sort_name, grouped.c.field)
    )
