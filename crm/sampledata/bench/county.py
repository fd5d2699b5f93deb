"""The benchmark county under construction, and the batched Core insert every table goes through."""

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import insert

from ...extensions import db
from ...models.base import SearchableMixin, SortableMixin, TimestampMixin, VersionMixin
from ...models.choices import OrganisationKind
from ...search import document
from ...sorting import sort_keys
from ..places import street_address

BENCH_EMAIL = "bench@lotse.example"
BENCH_PASSWORD = "bench-passwort-2026"
BATCH = 5_000
MIN_CONTACTS = 100
MUNICIPALITY_COUNT = 200  # the demo's 24 and invented ones


@dataclass
class County:
    """The generated ids and traits later tables refer to."""

    rng: random.Random
    now: datetime
    user_id: int
    municipalities: list[int] = field(default_factory=list)
    municipality_weights: list[int] = field(default_factory=list)
    places: dict[int, tuple[str, str, str]] = field(default_factory=dict)  # name, postcode, area
    tags: list[int] = field(default_factory=list)
    tag_weights: list[float] = field(default_factory=list)
    languages: dict[str, int] = field(default_factory=dict)
    organisations: list[int] = field(default_factory=list)
    org_domains: dict[int, str] = field(default_factory=dict)
    org_kinds: dict[int, OrganisationKind] = field(default_factory=dict)
    origins: list[str] = field(default_factory=list)  # per contact, index = id - 1
    women: bytearray = field(default_factory=bytearray)  # per contact, index = id - 1
    volunteers: list[int] = field(default_factory=list)
    # (id, status, since, left on) of each volunteer, for the status history.
    volunteer_states: list[tuple] = field(default_factory=list)
    newcomers: int = 0
    # contact id: [consent day, source, "post"/"email" allowed], for the consent history
    consents: dict[int, list] = field(default_factory=dict)
    # contact id of a volunteer: (data-protection consent day, own migration experience stored)
    volunteer_consents: dict[int, tuple] = field(default_factory=dict)

    @property
    def today(self) -> date:
        return self.now.date()

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def stamp(self, model, row: dict, created: datetime | None = None) -> dict:
        """Add what the ORM would fill in: timestamps, authorship, version, search text, sort
        keys."""
        if issubclass(model, TimestampMixin):
            created = created or self.now - timedelta(
                days=self.rng.randint(0, 1500), seconds=self.rng.randint(0, 86_399)
            )
            row["created_at"] = created
            row["updated_at"] = min(created + timedelta(days=self.rng.randint(0, 300)), self.now)
            row["created_by"] = row["updated_by"] = self.user_id
        if issubclass(model, VersionMixin):
            row["version"] = 1
        if issubclass(model, SearchableMixin):
            row["search_document"] = document(model, row)
        if issubclass(model, SortableMixin):
            row.update(sort_keys(model, row))
        return row

    def municipality(self) -> int:
        return self.rng.choices(self.municipalities, cum_weights=self.municipality_weights)[0]

    def address(self, municipality_id: int) -> dict:
        name, postcode, _ = self.places[municipality_id]
        return {
            "street": street_address(self.rng),
            "postcode": postcode,
            "city": name,
        }

    def phone(self, municipality_id: int) -> str:
        return f"{self.places[municipality_id][2]} {self.rng.randint(10_000, 999_999)}"


def insert_rows(table, rows: Iterable[dict]) -> int:
    """Write rows in batches with one executemany each; every row must have the same keys."""
    count, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            db.session.execute(insert(table), batch)
            count, batch = count + len(batch), []
    if batch:
        db.session.execute(insert(table), batch)
        count += len(batch)
    return count
