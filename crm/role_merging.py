"""A person's functions at an organisation that a merge made the same: when two merged
organisations both had the person as „Leitung“, or two merged contacts both held it at one
organisation, the survivor would list the function twice. Rows of the same person, place and
function whose periods overlap are one holding of it: they are combined into the earliest
row, from the earliest start to the latest end, so no period is lost; periods apart stay
apart (the person held the function twice)."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from . import operations
from .models import ContactRole

# The column of contact_roles that points to each kind of merged record.
HOLDER = {"contacts": ContactRole.contact_id, "organisations": ContactRole.organisation_id}


def _start(role: ContactRole) -> date:
    return role.since or date.min


def _end(role: ContactRole) -> date:
    return role.until or date.max


def combine(session: Session, table_name: str, record_id: int) -> list[str]:
    """Combine the overlapping same functions at the record ``record_id`` of ``table_name``;
    returns them as the history names them („Müller, Jürgen: Leitung (Caritas)“)."""
    column = HOLDER.get(table_name)
    if column is None:
        return []
    roles = session.scalars(
        select(ContactRole)
        .options(joinedload(ContactRole.contact))
        .where(column == record_id)
        .order_by(ContactRole.contact_id, ContactRole.organisation_id, ContactRole.function)
    ).all()
    held: dict[tuple, list[ContactRole]] = {}
    for role in roles:
        held.setdefault((role.contact_id, role.organisation_id, role.function), []).append(role)
    combined = []
    for same in held.values():
        same.sort(key=lambda r: (_start(r), r.id))
        kept = same[0]
        for role in same[1:]:
            if _start(role) > _end(kept):
                kept = role
                continue
            until = None if date.max in (_end(kept), _end(role)) else max(kept.until, role.until)
            operations.delete(role, session)
            operations.update(kept, {"until": until}, session=session)
            combined.append(f"{kept.contact}: {kept}")
    return combined
