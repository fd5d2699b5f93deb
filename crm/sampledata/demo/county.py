"""The demo county under construction, its sizes and accounts, and small helpers every area of
the demo uses."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from random import Random

from ...models import (
    Assignment,
    Contact,
    Language,
    Municipality,
    Network,
    NetworkMeeting,
    Newcomer,
    Offer,
    Organisation,
    Tag,
    Training,
    Volunteer,
)
from ...models.choices import OrganisationKind
from ..places import street_address

LOGIN_URL = "http://127.0.0.1:5000/login"
START_COMMAND = ".venv/bin/flask --app app run"  # as the README installs Lotse
# Seeded by the migrations; the demo reuses them.
KEPT_TABLES = {
    "languages",
    "exit_reasons",
    "consent_purposes",
    "clearance_areas",
    "fields_of_action",
    "education_stages",
    "target_groups",
}
VOLUNTEERS = 72
MIN_CONTACTS = 330
NEWCOMERS = 95
ASSIGNMENTS = 165
DEMO_ACCOUNTS = [
    ("admin@lotsenau.example", "Demo Verwaltung", "admin"),
    ("koordination@lotsenau.example", "Demo Koordination", "coordinator"),
    ("lesen@lotsenau.example", "Demo Lesen", "viewer"),
]


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def free(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)`` and so on if a forced run meets it already in the database."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name} ({n})"
    taken.add(candidate)
    return candidate


@dataclass
class County:
    """What has been built so far, for the next area to point to."""

    rng: Random
    today: date
    languages: dict[str, Language]
    places: list[Municipality] = field(default_factory=list)
    towns: dict[str, tuple[str, str]] = field(default_factory=dict)  # name: postcode, town
    tags: dict[str, Tag] = field(default_factory=dict)
    organisations: list[Organisation] = field(default_factory=list)
    staff: dict[Organisation, list[Contact]] = field(default_factory=dict)
    contacts: list[Contact] = field(default_factory=list)
    volunteers: list[Volunteer] = field(default_factory=list)
    trainings: list[Training] = field(default_factory=list)
    newcomers: list[Newcomer] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    networks: list[Network] = field(default_factory=list)
    meetings: list[NetworkMeeting] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def language_list(self, codes: list[str]) -> list[Language]:
        return [self.languages[c] for c in dict.fromkeys(codes) if c in self.languages]

    def address(self, place: Municipality) -> tuple[str, str, str]:
        postcode, town = self.towns[place.name]
        return street_address(self.rng), postcode, town

    def home(self) -> Municipality:
        return self.rng.choices(self.places, weights=[p.population or 1 for p in self.places])[0]

    def of_kind(self, *kinds: OrganisationKind) -> list[Organisation]:
        return [o for o in self.organisations if o.kind in kinds]
