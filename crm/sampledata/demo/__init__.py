"""``flask crm demo``: the fictional "Landkreis Lotsenau" with everything Lotse keeps, to try it.

The same seed gives the same county; dates are relative to today, so the start page has work.
"""

import secrets
from collections.abc import Callable
from datetime import date
from random import Random

import click
from sqlalchemy import func, literal, select

from ...accounts import check_password_rules, create_user
from ...errors import RuleError
from ...extensions import db
from ...models import Language, User
from ...models.choices import Role
from .. import places
from . import (
    consents,
    duplicates,
    erasures,
    imports,
    mailing,
    matching,
    networks,
    organisations,
    outbox,
    people,
    reminders,
    retention,
    status_history,
    volunteer_pool,
)
from .county import DEMO_ACCOUNTS, KEPT_TABLES, LOGIN_URL, START_COMMAND, County


def build_demo(
    seed: int = 2026,
    force: bool = False,
    password: str | None = None,
    echo: Callable[[str], object] = print,
    if_empty: bool = False,
) -> None:
    """Fill the database with the demo county and three demo accounts, then say how to log in.

    Refuses a database that already holds data unless ``force``, or leaves it as it is with
    ``if_empty`` (the README's start command, run a second time); writes all or nothing.
    """
    if not force and (table := _table_with_data()):
        if if_empty:
            echo(f"Die Datenbank enthält schon Daten (Tabelle „{table}“); nichts angelegt.")
            _login_hint(_existing_accounts(), echo)
            return
        raise click.ClickException(
            f"Die Datenbank enthält bereits Daten (Tabelle „{table}“). Die Demo-Daten werden nur "
            "in eine leere Datenbank geschrieben; mit --force werden sie trotzdem ergänzt."
        )
    password = password or secrets.token_urlsafe(12)
    try:
        check_password_rules(password)
    except RuleError as error:
        raise click.ClickException(str(error)) from None
    county = County(
        Random(seed),
        date.today(),
        {lang.code: lang for lang in db.session.scalars(select(Language).order_by(Language.code))},
    )
    try:
        accounts = _accounts(password)
        for build in (
            organisations.places,
            organisations.tags,
            organisations.organisations,
            people.staff,
            volunteer_pool.volunteers,
            status_history.histories,
            people.residents,
            volunteer_pool.trainings,
            volunteer_pool.newcomers,
            volunteer_pool.assignments,
            matching.matches,
            matching.office,
            networks.networks,
            networks.offers,
            networks.delegates_and_owners,
            mailing.selections,
            duplicates.twins,
            duplicates.organisation_twin,
            consents.consents,
            imports.history,
            erasures.erasures,
            retention.retention,
            outbox.mails,
            reminders.reminders,
        ):
            build(county)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    _summary(county, accounts, password, echo)


def _table_with_data() -> str | None:
    for table in db.metadata.sorted_tables:
        if table.name in KEPT_TABLES:
            continue
        if db.session.execute(select(literal(1)).select_from(table).limit(1)).first():
            return table.name
    return None


def _accounts(password: str) -> list[tuple[str, Role, bool]]:
    """One account per role; one that exists already (a forced run) is left as it is."""
    accounts = []
    for email, name, role in DEMO_ACCOUNTS:
        exists = db.session.scalar(select(User.id).where(func.lower(User.email) == email))
        if not exists:
            create_user(email, name, role, password)
        accounts.append((email, Role(role), not exists))
    return accounts


def _summary(
    county: County,
    accounts: list[tuple[str, Role, bool]],
    password: str,
    echo: Callable[[str], object],
) -> None:
    modules = sum(len(t.modules) for t in county.trainings)
    echo(f"Demo-Daten für den fiktiven „{places.COUNTY}“ angelegt:")
    echo(
        f"  {len(county.places)} Kommunen, {len(county.organisations)} Organisationen, "
        f"{len(county.contacts)} Kontakte, {len(county.volunteers)} Ehrenamtliche,"
    )
    echo(
        f"  {len(county.trainings)} Schulungen mit {modules} Modulen, "
        f"{len(county.newcomers)} Neuzugewanderte, {len(county.assignments)} Einsätze,"
    )
    echo(
        f"  {len(county.networks)} Netzwerke mit {len(county.meetings)} Treffen, "
        f"{len(county.offers)} Angebote."
    )
    _login_hint(accounts, echo)
    if any(created for _, _, created in accounts):
        echo(f"  Passwort: {password}")


def _existing_accounts() -> list[tuple[str, Role, bool]]:
    emails = [email for email, _, _ in DEMO_ACCOUNTS]
    users = db.session.scalars(select(User).where(User.email.in_(emails)))
    found = {user.email: Role(user.role) for user in users}
    return [(email, found[email], False) for email in emails if email in found]


def _login_hint(accounts: list[tuple[str, Role, bool]], echo: Callable[[str], object]) -> None:
    echo(f"Anmelden: „{START_COMMAND}“ starten, dann {LOGIN_URL} öffnen.")
    for email, role, created in accounts:
        note = "" if created else " (gab es schon, Passwort unverändert)"
        echo(f"  {role.label}: {email}{note}")
