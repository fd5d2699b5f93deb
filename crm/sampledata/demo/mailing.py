"""Two Verteiler of the demo county: the invitation to the Fachtag, shared with the team, and
the heads of schools and day-care centres, kept by the coordinator for herself."""

from sqlalchemy import select

from ... import operations
from ...extensions import db
from ...models import SavedSelection, User
from ...models.choices import OrganisationKind
from .county import DEMO_ACCOUNTS, County, free


def selections(county: County) -> None:
    db.session.flush()  # the tags' ids, which the criteria name
    email = next(email for email, _, role in DEMO_ACCOUNTS if role == "coordinator")
    owner = db.session.scalar(select(User.id).where(User.email == email))
    taken = set(db.session.scalars(select(SavedSelection.name)))
    for name, shared, criteria in (
        ("Einladung Fachtag", True, {"tag": [str(county.tags["Einladung Fachtag"].id)]}),
        (
            "Leitungen von Schulen und Kitas",
            False,
            {
                "kind": [OrganisationKind.SCHOOL.value, OrganisationKind.DAYCARE.value],
                "function": ["Schulleitung", "Kita-Leitung"],
            },
        ),
    ):
        operations.create(
            SavedSelection(name=free(name, taken), owner_id=owner, shared=shared, criteria=criteria)
        )
