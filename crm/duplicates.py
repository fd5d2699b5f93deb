"""Likely duplicates of one kind of record (contacts, organisations): pairs found by blocking
in SQL, never by comparing every pair. Each kind (crm.contact_duplicates,
crm.organisation_duplicates) names its blocks, keys its records share (an e-mail address, a
folded name with a postcode ...); records are paired only inside a block, and a key shared by
more than MAX_BLOCK records says nothing (a chain's name, an office's switchboard) and pairs
nobody. Each pair gets a score from the fields that agree. Pairs marked „keine Dublette“
(DismissedPair, by the kind's table name) never come back. Three statements per screen,
whatever the data size.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, exists, func, literal, select, union_all
from sqlalchemy.orm import Session

from .models import DismissedPair

# The most pairs one screen shows: enough to work through, bounded whatever the data.
LIMIT = 300
# The most records one key may join: beyond that it is no evidence, and its pairs would grow
# with the square of the block.
MAX_BLOCK = 50


@dataclass(frozen=True)
class Block:
    """Records sharing a key: ``keyed()`` selects (id, k) of those that have one; a pair found
    in the block counts ``weight`` towards the order in which pairs are shown. A key shared
    by more than ``largest`` records pairs none of them."""

    name: str
    keyed: Callable[[], Select]
    weight: int
    largest: int = MAX_BLOCK  # the most records a key may join


@dataclass(frozen=True)
class Kind:
    """What duplicates of one model are found by and compared on.

    ``context(session, ids)`` loads in one statement what ``checks(first, second, context)``
    needs beyond the records themselves (a contact's organisations); ``checks`` answers for
    each key of ``weights`` whether it agrees. ``apart(first_id, second_id)``, where given, is
    the SQL condition of pairs known to be two (an organisation and the one it belongs to)."""

    model: type
    weights: dict[str, int]
    labels: dict[str, Any]
    blocks: Callable[[], list[Block]]
    checks: Callable[[Any, Any, Any], dict[str, bool]]
    order: Callable[[Any], str]
    context: Callable[[Session, set[int]], Any] = lambda session, ids: None
    apart: Callable[[Any, Any], Any] | None = None

    @property
    def table(self) -> str:
        """The table name; also what marks the kind's dismissed pairs."""
        return self.model.__tablename__


def _pairs_sharing(block: Block):
    """(first_id, second_id, weight) of the records that share a key of the block; the keys
    are grouped first, so pairs are formed only inside the small blocks. An empty key (a name
    that is only a legal form) joins nobody."""
    rows = block.keyed().cte(f"{block.name}_keys")
    shared = (
        select(rows.c.k)
        .where(rows.c.k != "")
        .group_by(rows.c.k)
        .having(and_(func.count() > 1, func.count() <= block.largest))
    )
    members = select(rows.c.id, rows.c.k).where(rows.c.k.in_(shared)).cte(f"{block.name}_members")
    a, b = members.alias(f"{block.name}_a"), members.alias(f"{block.name}_b")
    return select(
        a.c.id.label("first_id"), b.c.id.label("second_id"), literal(block.weight).label("weight")
    ).join_from(a, b, and_(a.c.k == b.c.k, a.c.id < b.c.id))


def candidate_pairs(kind: Kind):
    """(first_id, second_id) of the candidate pairs not dismissed, smaller id first, those
    found by more and weightier blocks first. Dismissed and known pairs are looked up once
    per pair, after the pairs of all blocks are grouped."""
    found = union_all(*(_pairs_sharing(block) for block in kind.blocks())).subquery()
    pairs = (
        select(found.c.first_id, found.c.second_id, func.sum(found.c.weight).label("weight"))
        .group_by(found.c.first_id, found.c.second_id)
        .subquery("pairs")
    )
    dismissed = exists(
        select(1).where(
            DismissedPair.kind == kind.table,
            DismissedPair.first_id == pairs.c.first_id,
            DismissedPair.second_id == pairs.c.second_id,
        )
    )
    known = [~kind.apart(pairs.c.first_id, pairs.c.second_id)] if kind.apart else []
    return (
        select(pairs.c.first_id, pairs.c.second_id)
        .where(~dismissed, *known)
        .order_by(pairs.c.weight.desc(), pairs.c.first_id, pairs.c.second_id)
        .limit(LIMIT)
    )


@dataclass(frozen=True)
class Pair:
    kind: Kind
    first: Any
    second: Any
    agree: tuple[str, ...]  # keys of the kind's weights, in their order

    @property
    def score(self) -> int:
        return sum(self.kind.weights[field] for field in self.agree)

    @property
    def labels(self) -> list[str]:
        return [str(self.kind.labels[field]) for field in self.agree]


def likely_pairs(session: Session, kind: Kind) -> list[Pair]:
    """The candidate pairs with the fields that agree, highest score first."""
    ids = session.execute(candidate_pairs(kind)).all()
    found = set().union(*ids) if ids else set()
    if not found:
        return []
    model = kind.model
    records = {r.id: r for r in session.scalars(select(model).where(model.id.in_(found)))}
    context = kind.context(session, found)

    def pair(a: int, b: int) -> Pair:
        checks = kind.checks(records[a], records[b], context)
        return Pair(kind, records[a], records[b], tuple(f for f in kind.weights if checks[f]))

    pairs = [pair(a, b) for a, b in ids]
    return sorted(pairs, key=lambda p: (-p.score, kind.order(p.first), p.first.id, p.second.id))


def dismissed(kind: Kind, first_id: int, second_id: int, user_id: int | None) -> DismissedPair:
    """The row that marks a pair „keine Dublette“ (the caller creates it)."""
    low, high = sorted((first_id, second_id))
    return DismissedPair(kind=kind.table, first_id=low, second_id=high, dismissed_by=user_id)


def is_dismissed(session: Session, kind: Kind, first_id: int, second_id: int) -> bool:
    low, high = sorted((first_id, second_id))
    return session.scalar(
        select(
            exists().where(
                DismissedPair.kind == kind.table,
                DismissedPair.first_id == low,
                DismissedPair.second_id == high,
            )
        )
    )


def same_text(first: str | None, second: str | None) -> bool:
    """Two values given and equal, case and surrounding spaces ignored (e-mail, postcode)."""
    return bool(first and first.strip()) and first.strip().lower() == (second or "").strip().lower()
